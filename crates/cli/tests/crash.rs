//! Crash tests: real `honeygrid` processes are killed (`kill -9`) or
//! stopped (`kill -TERM`) in the middle of a file, and the
//! CreateDataSourceVersion run must go on from its last checkpointed
//! segment, on a restarted service or on another worker, to the same
//! aggregate `honeygrid ingest` gives, with nothing done twice or
//! duplicated.
//!
//! The files are cut into many `aggregate#N` steps by a small
//! `HONEYGRID_SEGMENT_BYTES`; killed runs are taken over quickly thanks
//! to a short `HONEYGRID_WORKER_LEASE_MS`. The tests run one at a time
//! (they are CPU-heavy and time-sensitive on small machines). The
//! PostgreSQL ones use the store's test server
//! (`HONEYGRID_TEST_POSTGRES`, default postgres@127.0.0.1:5432) and are
//! skipped when it is `off`.

mod common;
mod support;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde_json::Value;
use support::{
    Api, PgDb, Proc, Server, Upload, assert_same_bytes, sample, wait_for,
};

/// Bytes per checkpointed segment: a 300,000-row sample (38 MB) makes
/// about 37 `aggregate#N` steps.
const SEGMENT_BYTES: &str = "1000000";

/// Rows of the large file that is interrupted.
const LARGE_ROWS: u64 = 300_000;

/// A killed worker's claim runs out after this long.
const LEASE_MS: &str = "3000";

/// Completed segments to wait for before interrupting a run.
const SEGMENTS_BEFORE_STOP: usize = 2;

static SERIAL: Mutex<()> = Mutex::new(());

/// One crash test at a time.
fn serial() -> MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(PoisonError::into_inner)
}

fn path_env(path: &Path) -> String {
    path.to_str().expect("a UTF-8 path").to_owned()
}

/// `honeygrid ingest FILE -o OUT.json --quiet` in the background: the
/// reference aggregate of `file`.
fn reference(file: &Path) -> JoinHandle<Vec<u8>> {
    let file = file.to_path_buf();
    std::thread::spawn(move || {
        let out = file.with_extension("reference.json");
        let run = common::honeygrid(&[
            "ingest",
            common::arg(&file),
            "-o",
            common::arg(&out),
            "--quiet",
        ]);
        assert_eq!(run.code, 0, "ingest failed: {}", run.stderr);
        std::fs::read(&out).expect("ingest wrote its output")
    })
}

/// The steps of a run view by name: (status, attempts, finished_at).
fn steps(view: &Value) -> Vec<(String, String, i64, Value)> {
    view["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| {
            (
                s["name"].as_str().expect("name").to_owned(),
                s["status"].as_str().expect("status").to_owned(),
                s["attempts"].as_i64().expect("attempts"),
                s["finished_at"].clone(),
            )
        })
        .collect()
}

fn completed_segments(view: &Value) -> usize {
    steps(view)
        .iter()
        .filter(|(name, status, ..)| {
            name.starts_with("aggregate#") && status == "completed"
        })
        .count()
}

/// Waits until the run has at least `segments` completed `aggregate#N`
/// steps and is still in its segments; returns that view.
fn wait_mid_run(api: &Api, upload: &Upload, segments: usize) -> Value {
    wait_for(
        "the run to be in its segments",
        Duration::from_millis(20),
        || {
            let view = api.workflow(&upload.workflow);
            let status = view["status"].as_str().unwrap_or_default();
            assert!(
                status == "queued" || status == "running",
                "the run ended ({status}) before it could be interrupted; \
             it needs a larger file: {view}"
            );
            let past = steps(&view)
                .iter()
                .any(|(name, ..)| name == "store-aggregate");
            assert!(!past, "the run got past its segments too soon: {view}");
            (completed_segments(&view) >= segments).then_some(view)
        },
    )
}

/// The checks on a run resumed after `before`: it completed; every
/// step appears once, in order, completed; the steps completed before
/// the interruption were not run again (attempts 1, same finish time);
/// it was claimed at least twice. Returns the final view.
fn assert_resumed(before: &Value, after: &Value) {
    assert_eq!(after["status"], "completed", "the run: {after}");
    let claims = after["claims"].as_i64().expect("claims");
    assert!(claims >= 2, "the run was claimed again: {after}");
    let steps_after = steps(after);
    let mut seen = HashSet::new();
    for (name, status, attempts, _) in &steps_after {
        assert!(seen.insert(name.clone()), "step {name} appears twice");
        assert_eq!(status, "completed", "step {name}: {after}");
        assert!(*attempts >= 1, "step {name}: {after}");
    }
    let names: Vec<&str> =
        steps_after.iter().map(|(n, ..)| n.as_str()).collect();
    let segments = names.iter().filter(|n| n.starts_with("aggregate#"));
    let n = segments.count();
    let mut expected = vec!["setup".to_owned(), "read-upload".to_owned()];
    expected.extend((0..n).map(|i| format!("aggregate#{i}")));
    expected.extend(
        [
            "store-aggregate",
            "update-version",
            "notify-grids",
            "cleanup",
        ]
        .map(String::from),
    );
    assert_eq!(names, expected, "the run's steps");
    let final_steps: BTreeMap<&str, (i64, &Value)> = steps_after
        .iter()
        .map(|(name, _, attempts, finished)| {
            (name.as_str(), (*attempts, finished))
        })
        .collect();
    let done_before: Vec<_> = steps(before)
        .into_iter()
        .filter(|(_, status, ..)| status == "completed")
        .collect();
    assert!(done_before.len() >= 2 + SEGMENTS_BEFORE_STOP, "{before}");
    for (name, _, attempts, finished) in &done_before {
        assert_eq!(*attempts, 1, "step {name} before the stop: {before}");
        let (attempts_after, finished_after) = final_steps[name.as_str()];
        assert_eq!(attempts_after, 1, "step {name} was run again: {after}");
        assert_eq!(
            finished_after, finished,
            "step {name} was finished again: {after}"
        );
    }
}

/// The aggregate served equals `honeygrid ingest`'s, byte for byte.
fn assert_aggregate(api: &Api, upload: &Upload, reference: &[u8]) {
    let got = api.aggregate(upload);
    assert_same_bytes(&got, reference, "the served aggregate");
}

/// Exactly the data sources of `uploads` exist, each with one version,
/// ready, its current version.
fn assert_nothing_duplicated(api: &Api, uploads: &[&Upload]) {
    let list = api.get_json("/api/data-sources");
    let sources = list["data"].as_array().expect("data");
    let mut ids: Vec<&str> = sources
        .iter()
        .map(|s| s["id"].as_str().expect("id"))
        .collect();
    ids.sort_unstable();
    let mut want: Vec<&str> =
        uploads.iter().map(|u| u.data_source.as_str()).collect();
    want.sort_unstable();
    assert_eq!(ids, want, "the data sources: {list}");
    for upload in uploads {
        let path = format!("/api/data-sources/{}/versions", upload.data_source);
        let versions = api.get_json(&path);
        let versions = versions["data"].as_array().expect("data");
        assert_eq!(versions.len(), 1, "versions: {versions:?}");
        assert_eq!(versions[0]["id"], upload.version.as_str());
        let source = api.get_json(&format!(
            "/api/data-sources/{}?include=currentVersion",
            upload.data_source
        ));
        assert_eq!(source["status"], "ready", "{source}");
        assert_eq!(source["currentVersion"]["id"], upload.version.as_str());
        assert_eq!(source["currentVersion"]["status"], "ready", "{source}");
    }
}

/// The uploaded file is still in the object folder, unchanged, and it
/// is the only upload there besides `others`.
fn assert_upload_kept(objects: &Path, upload: &Upload, file: &Path) {
    let stored = objects.join(&upload.file_path);
    let kept = std::fs::read(&stored)
        .unwrap_or_else(|e| panic!("the upload {}: {e}", stored.display()));
    let sent = std::fs::read(file).expect("the sample");
    assert!(kept == sent, "the stored upload differs from the file sent");
}

/// Entries in `objects/uploads`.
fn uploads_stored(objects: &Path) -> usize {
    std::fs::read_dir(objects.join("uploads"))
        .map(|dir| dir.count())
        .unwrap_or(0)
}

/// The lines of a worker's log about run `id` that contain `event`.
fn logged(proc: &Proc, id: &str, event: &str) -> bool {
    proc.stderr()
        .lines()
        .any(|line| line.contains(id) && line.contains(event))
}

/// The pid in a worker name `host:pid:uuid`.
fn owner_pid(owner: &str) -> u32 {
    let parts: Vec<&str> = owner.rsplitn(3, ':').collect();
    parts
        .get(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("a worker name host:pid:uuid, not {owner:?}"))
}

/// Case 1: The embedded default (SQLite and a local folder): `honeygrid
/// serve` is killed with SIGKILL in the middle of a large file and
/// started again on the same data directory; the run goes on from its
/// last finished segment.
#[test]
fn sqlite_serve_killed_mid_file_resumes_from_its_last_segment() {
    let _serial = serial();
    let started = Instant::now();
    let dir = tempfile::tempdir().expect("a temp dir");
    let data = dir.path().join("data");
    let logs = dir.path().join("logs");
    let file = sample(dir.path(), "customers.csv", LARGE_ROWS, 7);
    let reference = reference(&file);
    let env = [
        ("HONEYGRID_DATA_DIR", path_env(&data)),
        ("HONEYGRID_SEGMENT_BYTES", SEGMENT_BYTES.into()),
        ("HONEYGRID_WORKER_LEASE_MS", LEASE_MS.into()),
    ];

    let mut first = Server::start("serve", &[], &env, &logs);
    let token = first.first_token();
    let api = Api::new(&first.base, &token);
    let upload = api.upload(&file);
    let before = wait_mid_run(&api, &upload, SEGMENTS_BEFORE_STOP);
    first.proc.kill9();
    let killed = Instant::now();
    eprintln!(
        "killed serve after {} segments, {:?} in",
        completed_segments(&before),
        started.elapsed()
    );

    let second = Server::start("serve", &[], &env, &logs);
    let api = Api::new(&second.base, &token);
    let version = api.wait_ready(&upload);
    eprintln!("ready {:?} after the restart", killed.elapsed());
    assert_eq!(version["file_path"], upload.file_path.as_str());
    let after = api.wait_run_ended(&upload.workflow);
    assert_resumed(&before, &after);
    assert_aggregate(&api, &upload, &reference.join().expect("ingest"));
    assert_nothing_duplicated(&api, &[&upload]);
    let objects = data.join("objects");
    assert_upload_kept(&objects, &upload, &file);
    assert_eq!(uploads_stored(&objects), 1, "one upload stored");
    eprintln!("test took {:?}", started.elapsed());
}

/// The scaled-out setup of test 2: PostgreSQL, an object folder shared
/// by all, `serve --no-workers` and two `honeygrid worker` processes,
/// each with a data directory (scratch) of its own.
struct ScaledOut {
    api: Api,
    workers: Vec<Proc>,
    objects: PathBuf,
    // Dropped last: the processes end before the database goes.
    _server: Server,
    pg: PgDb,
}

impl ScaledOut {
    fn start(root: &Path, pg: PgDb, worker_env: &[(&str, String)]) -> Self {
        let logs = root.join("logs");
        let objects = root.join("objects");
        std::fs::create_dir_all(&objects).expect("the object folder");
        let shared = |data: &str| {
            vec![
                ("HONEYGRID_DATA_DIR", path_env(&root.join(data))),
                ("HONEYGRID_DATABASE_URL", pg.url.clone()),
                (
                    "HONEYGRID_STORAGE_URL",
                    format!("file://{}", path_env(&objects)),
                ),
                ("HONEYGRID_SEGMENT_BYTES", SEGMENT_BYTES.to_owned()),
            ]
        };
        let mut server =
            Server::start("api", &["--no-workers"], &shared("api"), &logs);
        let token = server.first_token();
        let mut workers = Vec::new();
        for name in ["worker-a", "worker-b"] {
            let mut env = shared(name);
            env.extend(worker_env.iter().cloned());
            workers.push(Proc::start(name, &["worker"], &env, &logs));
        }
        for worker in &mut workers {
            worker.wait_output("workflow worker up");
        }
        let api = Api::new(&server.base, &token);
        ScaledOut {
            api,
            workers,
            objects,
            _server: server,
            pg,
        }
    }

    /// The workers whose log says they completed run `id`.
    fn completed_by(&self, id: &str) -> Vec<&str> {
        self.workers
            .iter()
            .filter(|w| logged(w, id, "workflow run completed"))
            .map(|w| w.name.as_str())
            .collect()
    }
}

/// 2a. Six files uploaded at once to the API process are processed by
/// both worker processes, each file once, each to the aggregate
/// `honeygrid ingest` gives.
#[test]
fn postgres_two_workers_share_the_uploads() {
    let _serial = serial();
    let Some(pg) = PgDb::create() else {
        eprintln!("PostgreSQL tests are off (HONEYGRID_TEST_POSTGRES=off)");
        return;
    };
    let started = Instant::now();
    let dir = tempfile::tempdir().expect("a temp dir");
    // One run at a time per worker, so that files uploaded together
    // have to be spread over both.
    let env = [("HONEYGRID_CONCURRENCY", "1".to_owned())];
    let setup = ScaledOut::start(dir.path(), pg, &env);
    let files: Vec<PathBuf> = (0..6)
        .map(|i| {
            let name = format!("customers-{i}.csv");
            sample(dir.path(), &name, 60_000, 100 + i)
        })
        .collect();
    let references: Vec<_> = files.iter().map(|f| reference(f)).collect();
    let uploads: Vec<Upload> = std::thread::scope(|scope| {
        let api = &setup.api;
        let sending: Vec<_> = files
            .iter()
            .map(|file| scope.spawn(move || api.upload(file)))
            .collect();
        sending
            .into_iter()
            .map(|s| s.join().expect("upload"))
            .collect()
    });
    for upload in &uploads {
        setup.api.wait_ready(upload);
    }
    eprintln!("6 files ready {:?} in", started.elapsed());

    let mut runs_per_worker: BTreeMap<&str, usize> = BTreeMap::new();
    for ((upload, file), reference) in
        uploads.iter().zip(&files).zip(references)
    {
        let view = setup.api.wait_run_ended(&upload.workflow);
        assert_eq!(view["status"], "completed", "{view}");
        assert_eq!(view["claims"], 1, "claimed once: {view}");
        assert_aggregate(
            &setup.api,
            upload,
            &reference.join().expect("ingest"),
        );
        assert_upload_kept(&setup.objects, upload, file);
        let by = setup.completed_by(&upload.workflow);
        assert_eq!(by.len(), 1, "run {} completed by {by:?}", upload.workflow);
        *runs_per_worker.entry(by[0]).or_default() += 1;
    }
    eprintln!("runs per worker: {runs_per_worker:?}");
    assert_eq!(
        runs_per_worker.len(),
        2,
        "both workers ran: {runs_per_worker:?}"
    );
    let all: Vec<&Upload> = uploads.iter().collect();
    assert_nothing_duplicated(&setup.api, &all);
    assert_eq!(setup.pg.count("data_sources"), 6);
    assert_eq!(setup.pg.count("data_source_versions"), 6);
    assert_eq!(setup.pg.count("workflow_runs"), 6);
    assert_eq!(uploads_stored(&setup.objects), 6, "six uploads stored");
    eprintln!("test took {:?}", started.elapsed());
}

/// 2b. The worker holding a large file's run is killed with SIGKILL in
/// the middle of it; once its lease runs out, the other worker takes
/// the run over and finishes it from the last segment done, reading
/// the upload again into its own scratch folder.
#[test]
fn postgres_worker_killed_mid_file_hands_the_run_over() {
    let _serial = serial();
    let Some(pg) = PgDb::create() else {
        eprintln!("PostgreSQL tests are off (HONEYGRID_TEST_POSTGRES=off)");
        return;
    };
    let started = Instant::now();
    let dir = tempfile::tempdir().expect("a temp dir");
    let env = [("HONEYGRID_WORKER_LEASE_MS", LEASE_MS.to_owned())];
    let mut setup = ScaledOut::start(dir.path(), pg, &env);
    let file = sample(dir.path(), "customers.csv", LARGE_ROWS, 11);
    let reference = reference(&file);
    let upload = setup.api.upload(&file);
    let before = wait_mid_run(&setup.api, &upload, SEGMENTS_BEFORE_STOP);
    let owner = setup.pg.lease_owner(&upload.workflow);
    let owner = owner.expect("a worker holds the running run");
    let pid = owner_pid(&owner);
    let victim = setup
        .workers
        .iter()
        .position(|w| w.pid() == pid)
        .unwrap_or_else(|| panic!("no worker has pid {pid} ({owner})"));
    let survivor = 1 - victim;
    setup.workers[victim].kill9();
    let killed = Instant::now();
    eprintln!(
        "killed {} after {} segments, {:?} in",
        setup.workers[victim].name,
        completed_segments(&before),
        started.elapsed()
    );

    setup.api.wait_ready(&upload);
    eprintln!("ready {:?} after the kill", killed.elapsed());
    setup.workers[survivor].assert_alive();
    let after = setup.api.wait_run_ended(&upload.workflow);
    assert_resumed(&before, &after);
    let (victim, survivor) = (&setup.workers[victim], &setup.workers[survivor]);
    assert!(logged(victim, &upload.workflow, "workflow run claimed"));
    assert_eq!(
        setup.completed_by(&upload.workflow),
        [survivor.name.as_str()],
        "the survivor finished the run"
    );
    assert_aggregate(&setup.api, &upload, &reference.join().expect("ingest"));
    assert_nothing_duplicated(&setup.api, &[&upload]);
    assert_upload_kept(&setup.objects, &upload, &file);
    assert_eq!(setup.pg.count("data_sources"), 1);
    assert_eq!(setup.pg.count("data_source_versions"), 1);
    assert_eq!(uploads_stored(&setup.objects), 1, "one upload stored");
    eprintln!("test took {:?}", started.elapsed());
}

type StepRow = (String, String, i64);

/// Case 3: `honeygrid serve` stopped with SIGTERM in the middle of a file
/// finishes the segment it is in, releases the run and exits; started
/// again, it goes on at once from the next segment, with no step run
/// twice.
#[test]
fn sqlite_serve_stopped_gracefully_mid_file_resumes_after_restart() {
    let _serial = serial();
    let started = Instant::now();
    let dir = tempfile::tempdir().expect("a temp dir");
    let data = dir.path().join("data");
    let logs = dir.path().join("logs");
    let file = sample(dir.path(), "customers.csv", LARGE_ROWS, 13);
    let reference = reference(&file);
    // The default lease: a graceful stop releases the run, so the
    // restart does not wait for the lease to run out.
    let env = [
        ("HONEYGRID_DATA_DIR", path_env(&data)),
        ("HONEYGRID_SEGMENT_BYTES", SEGMENT_BYTES.into()),
    ];

    let mut first = Server::start("serve", &[], &env, &logs);
    let token = first.first_token();
    let api = Api::new(&first.base, &token);
    let upload = api.upload(&file);
    let before = wait_mid_run(&api, &upload, SEGMENTS_BEFORE_STOP);
    first.proc.terminate();
    let status = first.proc.wait_exit();
    let stopped = Instant::now();
    assert!(status.success(), "serve exits cleanly on SIGTERM: {status}");

    let db = data.join("honeygrid.db");
    let run: Vec<(String, Option<String>)> = support::sqlite_query(
        &db,
        "SELECT status, lease_owner FROM workflow_runs WHERE id = $1",
        &upload.workflow,
    );
    assert_eq!(run, [("queued".to_owned(), None)], "the run was released");
    let journal: Vec<StepRow> = support::sqlite_query(
        &db,
        "SELECT name, status, attempts FROM workflow_steps \
         WHERE run_id = $1 ORDER BY seq",
        &upload.workflow,
    );
    let segments_done = journal
        .iter()
        .filter(|(name, ..)| name.starts_with("aggregate#"))
        .count();
    eprintln!(
        "stopped serve after {segments_done} segments, {:?} in",
        started.elapsed()
    );
    assert!(segments_done >= completed_segments(&before), "{journal:?}");
    for (name, status, attempts) in &journal {
        assert_eq!(status, "completed", "{name} ended before the stop");
        assert_eq!(*attempts, 1, "{name}");
    }

    let second = Server::start("serve", &[], &env, &logs);
    let api = Api::new(&second.base, &token);
    api.wait_ready(&upload);
    eprintln!("ready {:?} after the restart", stopped.elapsed());
    let after = api.wait_run_ended(&upload.workflow);
    assert_resumed(&before, &after);
    assert_eq!(after["claims"], 2, "{after}");
    for (name, _, attempts, _) in steps(&after) {
        assert_eq!(attempts, 1, "step {name} ran once: {after}");
    }
    assert_aggregate(&api, &upload, &reference.join().expect("ingest"));
    assert_nothing_duplicated(&api, &[&upload]);
    let objects = data.join("objects");
    assert_upload_kept(&objects, &upload, &file);
    assert_eq!(uploads_stored(&objects), 1, "one upload stored");
    eprintln!("test took {:?}", started.elapsed());
}
