//! Object keys: which strings may name an object, and how they map onto
//! object_store paths.
//!
//! A key is used exactly as given (no percent-encoding), so it reads the
//! same in an S3 listing as in the code. Keys like
//! `uploads/{data_source_id}/{version_id}/original` and
//! `datasource:{d}/version/{v}` are fine: `:` is allowed by S3 and by the
//! local filesystem on Unix (object_store escapes it on Windows itself).
//!
//! In a local store a key is a file and its segments are folders, so one
//! key cannot also be a prefix of another (`a` and `a/b`); S3 allows it.

use object_store::path::Path;

use crate::ObjectsError;

/// S3's limit on the length of a whole key (prefix included), in bytes.
const MAX_KEY_BYTES: usize = 1024;

/// Checks `key` and returns the object_store path for it under `prefix`.
pub(crate) fn object_path(
    prefix: &Path,
    key: &str,
) -> Result<Path, ObjectsError> {
    check_key(key)?;
    let full = if prefix.is_root() {
        key.to_owned()
    } else {
        format!("{prefix}/{key}")
    };
    if full.len() > MAX_KEY_BYTES {
        return Err(invalid(key, "it is longer than 1024 bytes"));
    }
    Path::parse(&full).map_err(|_| invalid(key, "object_store refused it"))
}

/// Checks a key (or a key prefix) without building a path.
pub(crate) fn check_key(key: &str) -> Result<(), ObjectsError> {
    if key.is_empty() {
        return Err(invalid(key, "it is empty"));
    }
    if key.starts_with('/') || key.ends_with('/') {
        return Err(invalid(key, "it must not start or end with '/'"));
    }
    key.split('/')
        .try_for_each(|segment| check_segment(key, segment))
}

fn check_segment(key: &str, segment: &str) -> Result<(), ObjectsError> {
    if segment.is_empty() {
        return Err(invalid(key, "it contains an empty segment ('//')"));
    }
    if segment == "." || segment == ".." {
        return Err(invalid(key, "'.' and '..' segments are not allowed"));
    }
    if segment.chars().any(|c| c.is_control()) {
        return Err(invalid(key, "control characters are not allowed"));
    }
    if segment.contains('#') {
        // The local store names its temporary files `{key}#{n}`.
        return Err(invalid(key, "'#' is not allowed"));
    }
    Ok(())
}

fn invalid(key: &str, reason: &'static str) -> ObjectsError {
    ObjectsError::InvalidKey {
        key: key.to_owned(),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_used_as_given() {
        let root = Path::default();
        let path = object_path(&root, "datasource:d1/version/v1");
        assert_eq!(path.unwrap().as_ref(), "datasource:d1/version/v1");
        let odd = object_path(&root, "a b/%41/é");
        assert_eq!(odd.unwrap().as_ref(), "a b/%41/é");
    }

    #[test]
    fn keys_go_under_the_prefix() {
        let prefix = Path::parse("tenant/x").unwrap();
        let path = object_path(&prefix, "uploads/d/v/original").unwrap();
        assert_eq!(path.as_ref(), "tenant/x/uploads/d/v/original");
    }

    #[test]
    fn bad_keys_are_refused() {
        let long = "k".repeat(1025);
        for key in ["", "/a", "a/", "a//b", "a/../b", ".", "a\nb", "a#1"] {
            let err = check_key(key).unwrap_err();
            assert!(matches!(err, ObjectsError::InvalidKey { .. }), "{key}");
        }
        assert!(object_path(&Path::default(), &long).is_err());
    }
}
