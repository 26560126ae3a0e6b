//! The store scenarios against a local folder, plus local specifics.

mod common;

use bytes::Bytes;
use honeygrid_objects::{Objects, ObjectsError};
use tempfile::TempDir;

struct Env {
    objects: Objects,
    dir: TempDir,
}

fn open(_name: &str) -> Option<Env> {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("file://{}/store", dir.path().display());
    let objects = Objects::from_url(&url).unwrap();
    Some(Env { objects, dir })
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

/// Every file under `dir`, relative to it.
fn files(dir: &std::path::Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(next) = todo.pop() {
        for entry in std::fs::read_dir(&next).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                todo.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap();
                found.push(rel.display().to_string());
            }
        }
    }
    found.sort();
    found
}

#[tokio::test]
async fn creates_the_folder_and_describes_itself() {
    let env = open("").unwrap();
    let store = env.dir.path().join("store");
    assert!(store.is_dir());
    let expected = format!("file://{}", store.display());
    assert_eq!(env.objects.describe(), expected);
    assert!(format!("{:?}", env.objects).contains(&expected));
}

#[tokio::test]
async fn failed_uploads_leave_no_files_or_folders() {
    let env = open("").unwrap();
    let data = common::pattern(8 * 1024 * 1024);
    let body = common::failing_body(&data, 100_000);
    let key = "uploads/ds/v/original";
    let failed = env.objects.put_stream(key, body, None).await;
    assert!(failed.is_err());
    let body = common::body(&data, 100_000);
    let limited = env.objects.put_stream(key, body, Some(6_000_000)).await;
    assert!(limited.is_err());
    let store = env.dir.path().join("store");
    assert_eq!(files(&store), Vec::<String>::new());
    assert_eq!(std::fs::read_dir(&store).unwrap().count(), 0);
}

#[tokio::test]
async fn colons_are_kept_in_file_names() {
    let env = open("").unwrap();
    let key = "datasource:d1/version/v1";
    env.objects
        .put(key, Bytes::from_static(b"{}"))
        .await
        .unwrap();
    let store = env.dir.path().join("store");
    assert_eq!(files(&store), [key]);
}

#[tokio::test]
async fn deleting_tidies_empty_folders() {
    let env = open("").unwrap();
    let objects = &env.objects;
    objects
        .put("x/y/z", Bytes::from_static(b"1"))
        .await
        .unwrap();
    objects.delete("x/y/z").await.unwrap();
    let store = env.dir.path().join("store");
    assert_eq!(std::fs::read_dir(&store).unwrap().count(), 0);
}

#[test]
fn refuses_other_urls() {
    for url in ["memory://", "file:relative/dir", "gs://bucket", "x"] {
        let err = Objects::from_url(url).unwrap_err();
        assert!(matches!(err, ObjectsError::InvalidUrl { .. }), "{url}");
        assert!(err.to_string().contains("s3://bucket/optional/prefix"));
    }
}

#[test]
fn a_store_path_that_is_a_file_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("file");
    std::fs::write(&file, b"x").unwrap();
    let url = format!("file://{}", file.display());
    let err = Objects::from_url(&url).unwrap_err();
    assert!(matches!(err, ObjectsError::Io { .. }), "{err}");
}

/// A download from a local folder is a hard link: no bytes copied, and
/// removing or renaming it leaves the stored object as it was.
#[tokio::test]
async fn downloads_from_a_folder_are_links() {
    use std::os::unix::fs::MetadataExt;
    let env = open("").unwrap();
    let key = "uploads/u1";
    let data = common::pattern(1024 * 1024);
    env.objects
        .put(key, Bytes::from(data.clone()))
        .await
        .unwrap();
    let target = env.dir.path().join("copy");
    let n = env.objects.download(key, &target).await.unwrap();
    assert_eq!(n, data.len() as u64);
    let stored = env.dir.path().join("store").join(key);
    let (a, b) = (stored.metadata().unwrap(), target.metadata().unwrap());
    assert_eq!(a.ino(), b.ino(), "the same file");
    let moved = env.dir.path().join("moved");
    std::fs::rename(&target, &moved).unwrap();
    std::fs::remove_file(&moved).unwrap();
    assert_eq!(env.objects.get(key).await.unwrap(), Bytes::from(data));
}
