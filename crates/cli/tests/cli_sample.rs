//! `honeygrid sample`: a file a new user can ingest at once.

mod common;

use common::{honeygrid, honeygrid_with_stdin};

#[test]
fn the_same_seed_writes_the_same_file() {
    let a = honeygrid(&["sample", "--rows", "500", "--seed", "3"]);
    let b = honeygrid(&["sample", "--rows", "500", "--seed", "3"]);
    let c = honeygrid(&["sample", "--rows", "500", "--seed", "4"]);
    assert_eq!(a.code, 0, "{}", a.stderr);
    assert_eq!(a.stdout, b.stdout);
    assert_ne!(a.stdout, c.stdout);
    assert_eq!(a.stdout_text().lines().count(), 501);
}

#[test]
fn a_sample_ingests_cleanly() {
    for location in ["coordinates", "zip"] {
        let sample =
            honeygrid(&["sample", "--rows", "2000", "--location", location]);
        assert_eq!(sample.code, 0, "{}", sample.stderr);
        let run = honeygrid_with_stdin(&["ingest", "-"], Some(&sample.stdout));
        assert_eq!(run.code, 0, "{}", run.stderr);
        let out = run.json();
        let total: i64 = out
            .as_object()
            .expect("object")
            .values()
            .map(|c| c["customerCount"].as_i64().expect("count"))
            .sum();
        assert_eq!(total, 2000, "{location}");
        assert!(out.get("unknown").is_none(), "{location}: every row placed");
        assert!(
            run.stderr.contains("metrics: revenue, orders, visits"),
            "{}",
            run.stderr
        );
    }
}
