//! The store scenarios against a real S3-compatible server.
//!
//! Run only when `HONEYGRID_TEST_S3_URL` is set (e.g.
//! `s3://honeygrid-test/t-123`) along with the `AWS_*` variables; see
//! `scripts/s3-server.sh`. Each test works under its own sub-prefix.

mod common;

use bytes::Bytes;
use honeygrid_objects::Objects;

const URL_VAR: &str = "HONEYGRID_TEST_S3_URL";

struct Env {
    objects: Objects,
}

fn open(name: &str) -> Option<Env> {
    let Ok(base) = std::env::var(URL_VAR) else {
        eprintln!("skipped {name}: {URL_VAR} is not set");
        return None;
    };
    let url = format!("{}/{name}", base.trim_end_matches('/'));
    let objects = Objects::from_url(&url).unwrap();
    Some(Env { objects })
}

scenario_tests!(open;
    round_trip,
    streams_twenty_mib_in_small_chunks,
    streams_small_and_empty_bodies,
    exceeding_the_limit_leaves_nothing,
    a_failing_body_leaves_nothing,
    missing_keys,
    deletes_by_prefix,
    keys_with_colons,
    downloads_to_a_file,
    reads_ranges,
    uploads_a_file,
    refuses_bad_keys,
);

#[tokio::test]
async fn prefixes_keep_stores_apart() {
    let Some(a) = open("apart/a") else { return };
    let Some(b) = open("apart/b") else { return };
    assert!(a.objects.describe().ends_with("/apart/a"));
    let key = "datasource:1/version/1";
    a.objects.put(key, Bytes::from_static(b"a")).await.unwrap();
    assert_eq!(b.objects.size(key).await.unwrap(), None);
    b.objects.put(key, Bytes::from_static(b"b")).await.unwrap();
    assert_eq!(a.objects.get(key).await.unwrap(), &b"a"[..]);
    a.objects.delete(key).await.unwrap();
    assert_eq!(b.objects.get(key).await.unwrap(), &b"b"[..]);
    b.objects.delete(key).await.unwrap();
}

/// S3 (unlike a folder) can hold both `a` and `a/1`; deleting the
/// prefix `a` keeps the object `a`.
#[tokio::test]
async fn delete_prefix_keeps_the_object_named_by_the_prefix() {
    let Some(env) = open("exact-prefix") else {
        return;
    };
    let objects = &env.objects;
    for key in ["a", "a/1"] {
        objects.put(key, Bytes::from_static(b"x")).await.unwrap();
    }
    assert_eq!(objects.delete_prefix("a").await.unwrap(), 1);
    assert_eq!(objects.size("a").await.unwrap(), Some(1));
    objects.delete("a").await.unwrap();
}
