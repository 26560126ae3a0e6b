//! Scenarios every store must pass, run against a local folder
//! (`tests/local.rs`) and an S3-compatible server (`tests/s3.rs`).

use bytes::Bytes;
use futures::stream;
use honeygrid_objects::{BodyError, Objects, ObjectsError};

const MIB: usize = 1024 * 1024;

/// Defines one `#[tokio::test]` per scenario; `$open` gives the store
/// (and anything to keep alive) for a test name, or None to skip.
#[macro_export]
macro_rules! scenario_tests {
    ($open:path; $($name:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $name() {
                let Some(env) = $open(stringify!($name)) else { return };
                common::$name(&env.objects).await;
            }
        )*
    };
}

/// `len` bytes of a pattern that does not repeat on part boundaries.
pub fn pattern(len: usize) -> Vec<u8> {
    (0..len)
        .map(|i| (i % 251) as u8 ^ (i >> 13) as u8)
        .collect()
}

/// `data` as a body stream of `chunk`-byte pieces.
pub fn body(
    data: &[u8],
    chunk: usize,
) -> impl futures::Stream<Item = Result<Bytes, BodyError>> + Send + Unpin {
    let pieces: Vec<_> = data
        .chunks(chunk)
        .map(|c| Ok(Bytes::copy_from_slice(c)))
        .collect();
    stream::iter(pieces)
}

/// `data` in pieces, then a failure.
pub fn failing_body(
    data: &[u8],
    chunk: usize,
) -> impl futures::Stream<Item = Result<Bytes, BodyError>> + Send + Unpin {
    let mut pieces: Vec<Result<Bytes, BodyError>> = data
        .chunks(chunk)
        .map(|c| Ok(Bytes::copy_from_slice(c)))
        .collect();
    pieces.push(Err("client went away".into()));
    stream::iter(pieces)
}

pub async fn round_trip(objects: &Objects) {
    let key = "uploads/ds1/v1/original";
    objects
        .put(key, Bytes::from_static(b"a,b\n1,2\n"))
        .await
        .unwrap();
    assert_eq!(objects.get(key).await.unwrap(), &b"a,b\n1,2\n"[..]);
    assert_eq!(objects.size(key).await.unwrap(), Some(8));
    objects.put(key, Bytes::from_static(b"new")).await.unwrap();
    assert_eq!(objects.get(key).await.unwrap(), &b"new"[..]);
    objects.put("empty", Bytes::new()).await.unwrap();
    assert_eq!(objects.get("empty").await.unwrap(), Bytes::new());
    assert_eq!(objects.size("empty").await.unwrap(), Some(0));
}

pub async fn streams_twenty_mib_in_small_chunks(objects: &Objects) {
    let data = pattern(20 * MIB + 12345);
    let key = "uploads/ds1/v2/original";
    let sent = objects
        .put_stream(key, body(&data, 64 * 1024), Some(21 * MIB as u64))
        .await
        .unwrap();
    assert_eq!(sent, data.len() as u64);
    assert_eq!(objects.size(key).await.unwrap(), Some(sent));
    let got = objects.get(key).await.unwrap();
    assert!(got == data, "the object differs from what was sent");
    // Across the first part boundary (5 MiB).
    let range = (5 * MIB - 10) as u64..(5 * MIB + 10) as u64;
    let part = objects.get_range(key, range.clone()).await.unwrap();
    assert_eq!(part, data[5 * MIB - 10..5 * MIB + 10]);
}

pub async fn streams_small_and_empty_bodies(objects: &Objects) {
    let data = pattern(100_000);
    let n = objects.put_stream("small", body(&data, 7), None).await;
    assert_eq!(n.unwrap(), 100_000);
    assert!(objects.get("small").await.unwrap() == data);
    let empty = objects.put_stream("none", body(&[], 1), None).await;
    assert_eq!(empty.unwrap(), 0);
    assert_eq!(objects.size("none").await.unwrap(), Some(0));
    // One chunk far larger than a part.
    let big = pattern(12 * MIB);
    let n = objects.put_stream("big", body(&big, 12 * MIB), None).await;
    assert_eq!(n.unwrap(), big.len() as u64);
    assert!(objects.get("big").await.unwrap() == big);
}

pub async fn exceeding_the_limit_leaves_nothing(objects: &Objects) {
    let data = pattern(8 * MIB);
    let key = "uploads/ds1/too-big/original";
    let err = objects
        .put_stream(key, body(&data, 256 * 1024), Some(6 * MIB as u64))
        .await
        .unwrap_err();
    let six = 6 * MIB as u64;
    assert!(matches!(err, ObjectsError::TooLarge { limit } if limit == six));
    assert!(!err.is_retryable());
    assert_eq!(objects.size(key).await.unwrap(), None);
    // Below one part too.
    let err = objects
        .put_stream("tiny/limit", body(&data[..200], 50), Some(100))
        .await
        .unwrap_err();
    assert!(matches!(err, ObjectsError::TooLarge { limit: 100 }));
    assert_eq!(objects.size("tiny/limit").await.unwrap(), None);
    // Exactly at the limit is fine.
    let exact = objects
        .put_stream("tiny/exact", body(&data[..100], 30), Some(100))
        .await;
    assert_eq!(exact.unwrap(), 100);
    assert_eq!(objects.delete_prefix("uploads").await.unwrap(), 0);
}

pub async fn a_failing_body_leaves_nothing(objects: &Objects) {
    let data = pattern(7 * MIB);
    let key = "uploads/ds1/broken/original";
    let err = objects
        .put_stream(key, failing_body(&data, 100_000), None)
        .await
        .unwrap_err();
    assert!(matches!(err, ObjectsError::Body(_)), "{err}");
    assert!(err.to_string().contains("client went away"), "{err}");
    assert_eq!(objects.size(key).await.unwrap(), None);
    let small = objects
        .put_stream("small/broken", failing_body(&data[..10], 3), None)
        .await;
    assert!(matches!(small, Err(ObjectsError::Body(_))));
    assert_eq!(objects.size("small/broken").await.unwrap(), None);
    assert_eq!(objects.delete_prefix("uploads").await.unwrap(), 0);
    assert_eq!(objects.delete_prefix("small").await.unwrap(), 0);
}

pub async fn missing_keys(objects: &Objects) {
    let key = "datasource:nope/version/nope";
    let err = objects.get(key).await.unwrap_err();
    assert!(err.is_not_found(), "{err}");
    assert!(!err.is_retryable());
    assert!(err.to_string().contains(key), "{err}");
    let err = objects.get_range(key, 0..10).await.unwrap_err();
    assert!(err.is_not_found(), "{err}");
    let err = objects.get_range(key, 3..3).await.unwrap_err();
    assert!(err.is_not_found(), "{err}");
    assert_eq!(objects.size(key).await.unwrap(), None);
    objects.delete(key).await.unwrap();
    assert_eq!(objects.delete_prefix("nothing/here").await.unwrap(), 0);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let err = objects.download(key, &out).await.unwrap_err();
    assert!(err.is_not_found(), "{err}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

pub async fn deletes_by_prefix(objects: &Objects) {
    for key in ["a/1", "a/2", "a/sub/3", "ab/4", "b"] {
        objects.put(key, Bytes::from_static(b"x")).await.unwrap();
    }
    assert_eq!(objects.delete_prefix("a").await.unwrap(), 3);
    for gone in ["a/1", "a/2", "a/sub/3"] {
        assert_eq!(objects.size(gone).await.unwrap(), None, "{gone}");
    }
    assert_eq!(objects.size("ab/4").await.unwrap(), Some(1));
    assert_eq!(objects.size("b").await.unwrap(), Some(1));
    assert_eq!(objects.delete_prefix("a").await.unwrap(), 0);
    assert_eq!(objects.delete_prefix("ab").await.unwrap(), 1);
    objects.delete("b").await.unwrap();
    assert_eq!(objects.size("b").await.unwrap(), None);
}

pub async fn keys_with_colons(objects: &Objects) {
    let key = "datasource:d1/version/v:2";
    let data = Bytes::from_static(b"{\"cells\":{}}");
    objects.put(key, data.clone()).await.unwrap();
    assert_eq!(objects.get(key).await.unwrap(), data);
    assert_eq!(objects.size(key).await.unwrap(), Some(data.len() as u64));
    let streamed = pattern(6 * MIB);
    let other = "datasource:d1/version/v:3";
    objects
        .put_stream(other, body(&streamed, MIB), None)
        .await
        .unwrap();
    assert!(objects.get(other).await.unwrap() == streamed);
    assert_eq!(objects.delete_prefix("datasource:d1").await.unwrap(), 2);
    assert_eq!(objects.size(key).await.unwrap(), None);
}

pub async fn downloads_to_a_file(objects: &Objects) {
    let data = pattern(6 * MIB + 3);
    let key = "uploads/ds2/v1/original";
    objects
        .put_stream(key, body(&data, MIB), None)
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("original.csv");
    std::fs::write(&out, b"old contents").unwrap();
    let n = objects.download(key, &out).await.unwrap();
    assert_eq!(n, data.len() as u64);
    assert!(std::fs::read(&out).unwrap() == data);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["original.csv"], "no temporary file is left");
    let nowhere = dir.path().join("missing-dir/out");
    let err = objects.download(key, &nowhere).await.unwrap_err();
    assert!(matches!(err, ObjectsError::Io { .. }), "{err}");
}

pub async fn reads_ranges(objects: &Objects) {
    let data = pattern(1000);
    objects.put("r", Bytes::from(data.clone())).await.unwrap();
    assert_eq!(objects.get_range("r", 0..10).await.unwrap(), data[..10]);
    let mid = objects.get_range("r", 500..600).await.unwrap();
    assert_eq!(mid, data[500..600]);
    let tail = objects.get_range("r", 990..2000).await.unwrap();
    assert_eq!(tail, data[990..]);
    assert!(objects.get_range("r", 1000..1010).await.unwrap().is_empty());
    assert!(objects.get_range("r", 5000..6000).await.unwrap().is_empty());
    assert!(objects.get_range("r", 7..7).await.unwrap().is_empty());
    let backwards = std::ops::Range { start: 9, end: 3 };
    let err = objects.get_range("r", backwards).await.unwrap_err();
    assert!(matches!(err, ObjectsError::InvalidRange { .. }), "{err}");
}

pub async fn uploads_a_file(objects: &Objects) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("in.csv");
    let data = pattern(12 * MIB + 1);
    std::fs::write(&file, &data).unwrap();
    let key = "uploads/ds3/v1/original";
    let n = objects.put_file(key, &file).await.unwrap();
    assert_eq!(n, data.len() as u64);
    assert!(objects.get(key).await.unwrap() == data);
    let missing = dir.path().join("missing.csv");
    let err = objects.put_file("uploads/x", &missing).await.unwrap_err();
    assert!(matches!(err, ObjectsError::Io { .. }), "{err}");
    assert!(err.to_string().contains("missing.csv"), "{err}");
    assert_eq!(objects.size("uploads/x").await.unwrap(), None);
}

pub async fn refuses_bad_keys(objects: &Objects) {
    for key in ["", "/abs", "trailing/", "a//b", "a/../b", "x#1"] {
        let err = objects.get(key).await.unwrap_err();
        assert!(matches!(err, ObjectsError::InvalidKey { .. }), "{key}");
        let err = objects.put(key, Bytes::new()).await.unwrap_err();
        assert!(matches!(err, ObjectsError::InvalidKey { .. }), "{key}");
    }
    let err = objects.delete_prefix("").await.unwrap_err();
    assert!(matches!(err, ObjectsError::InvalidKey { .. }));
}
