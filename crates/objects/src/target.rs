//! Parsing a store URL into where objects live.
//!
//! Accepted: `file:///absolute/dir` (a local folder) and
//! `s3://bucket/optional/prefix` (an S3 or S3-compatible bucket).

use std::path::PathBuf;

use object_store::path::Path;
use url::Url;

use crate::ObjectsError;
use crate::key::check_key;

/// Where the objects of a store URL live.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// A local folder.
    Local(PathBuf),
    /// An S3 bucket, with keys under `prefix` (root when empty).
    S3 {
        /// The bucket name.
        bucket: String,
        /// The key prefix, without leading or trailing `/`.
        prefix: Path,
    },
}

impl Target {
    /// Parses a store URL.
    pub(crate) fn parse(url: &str) -> Result<Self, ObjectsError> {
        let url = url.trim();
        if let Some(rest) = url.strip_prefix("s3://") {
            return parse_s3(url, rest);
        }
        if url.starts_with("file:") {
            return parse_file(url);
        }
        Err(invalid(url, "the scheme must be file:// or s3://"))
    }

    /// The URL of this target, as people should see it.
    pub(crate) fn describe(&self) -> String {
        match self {
            Self::Local(dir) => format!("file://{}", dir.display()),
            Self::S3 { bucket, prefix } if prefix.is_root() => {
                format!("s3://{bucket}")
            }
            Self::S3 { bucket, prefix } => format!("s3://{bucket}/{prefix}"),
        }
    }
}

fn parse_file(raw: &str) -> Result<Target, ObjectsError> {
    if !raw.starts_with("file:///") {
        return Err(invalid(raw, "a file URL must start with file:///"));
    }
    let url = Url::parse(raw)
        .map_err(|e| invalid(raw, &format!("it is not a URL ({e})")))?;
    if url.host_str().is_some_and(|h| !h.is_empty()) {
        return Err(invalid(raw, "a file URL must not name a host"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid(raw, "a file URL must not have '?' or '#'"));
    }
    let dir = url
        .to_file_path()
        .map_err(|()| invalid(raw, "it does not name an absolute path"))?;
    // Drops a trailing '/' so the description is tidy.
    Ok(Target::Local(dir.components().collect()))
}

fn parse_s3(raw: &str, rest: &str) -> Result<Target, ObjectsError> {
    if rest.contains(['?', '#']) {
        return Err(invalid(raw, "an s3 URL must not have '?' or '#'"));
    }
    let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
    if bucket.contains('@') {
        return Err(invalid(
            raw,
            "credentials do not belong in the URL; set \
             AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
        ));
    }
    check_bucket(raw, bucket)?;
    let prefix = parse_prefix(raw, prefix.trim_matches('/'))?;
    let bucket = bucket.to_owned();
    Ok(Target::S3 { bucket, prefix })
}

fn parse_prefix(raw: &str, prefix: &str) -> Result<Path, ObjectsError> {
    if prefix.is_empty() {
        return Ok(Path::default());
    }
    check_key(prefix).map_err(|e| invalid(raw, &e.to_string()))?;
    Path::parse(prefix).map_err(|e| invalid(raw, &e.to_string()))
}

/// S3 bucket naming rules: 3 to 63 of `a-z 0-9 . -`, alphanumeric ends.
fn check_bucket(raw: &str, bucket: &str) -> Result<(), ObjectsError> {
    let allowed = |c: char| {
        c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-'
    };
    let alnum = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
    let ok = (3..=63).contains(&bucket.len())
        && bucket.chars().all(allowed)
        && bucket.starts_with(alnum)
        && bucket.ends_with(alnum);
    if ok {
        return Ok(());
    }
    Err(invalid(
        raw,
        "the bucket name must be 3 to 63 lowercase letters, digits, \
         '.' or '-'",
    ))
}

fn invalid(url: &str, reason: &str) -> ObjectsError {
    ObjectsError::InvalidUrl {
        url: redact(url),
        reason: reason.to_owned(),
    }
}

/// The URL without anything that might be a secret: user info (before
/// an `@` in the authority) and the query string.
pub(crate) fn redact(url: &str) -> String {
    let url = url.split(['?', '#']).next().unwrap_or_default();
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{scheme}://***@{}", &rest[at + 1..]),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s3(bucket: &str, prefix: &str) -> Target {
        let prefix = Path::parse(prefix).unwrap();
        Target::S3 {
            bucket: bucket.into(),
            prefix,
        }
    }

    #[test]
    fn file_urls_name_a_folder() {
        let target = Target::parse("file:///var/lib/hg").unwrap();
        assert_eq!(target, Target::Local("/var/lib/hg".into()));
        assert_eq!(target.describe(), "file:///var/lib/hg");
        let spaced = Target::parse("file:///tmp/a%20b/").unwrap();
        assert_eq!(spaced, Target::Local("/tmp/a b".into()));
    }

    #[test]
    fn s3_urls_name_a_bucket_and_prefix() {
        let target = Target::parse("s3://hg-data/some/prefix/").unwrap();
        assert_eq!(target, s3("hg-data", "some/prefix"));
        assert_eq!(target.describe(), "s3://hg-data/some/prefix");
        let bare = Target::parse("s3://hg-data").unwrap();
        assert_eq!(bare, s3("hg-data", ""));
        assert_eq!(bare.describe(), "s3://hg-data");
        assert_eq!(Target::parse("s3://hg-data/").unwrap(), bare);
    }

    #[test]
    fn other_urls_are_refused_with_what_is_accepted() {
        let cases = [
            "http://x/y",
            "/var/lib/hg",
            "file://host/dir",
            "file:relative",
            "s3://",
            "s3://Bad_Bucket/x",
            "s3://bucket/a//b",
            "s3://bucket/x?versionId=1",
        ];
        for url in cases {
            let err = Target::parse(url).unwrap_err().to_string();
            assert!(err.contains("file:///absolute/dir"), "{url}: {err}");
            assert!(err.contains("s3://bucket/optional/prefix"), "{err}");
        }
    }

    #[test]
    fn credentials_never_reach_messages() {
        let url = "s3://AKIAXXX:sekret@bucket/p?X-Amz-Signature=abc";
        let err = Target::parse(url).unwrap_err().to_string();
        assert!(!err.contains("sekret"), "{err}");
        assert!(!err.contains("AKIAXXX"), "{err}");
        assert!(!err.contains("abc"), "{err}");
        assert_eq!(redact("https://u:p@h/x?q"), "https://***@h/x");
    }
}
