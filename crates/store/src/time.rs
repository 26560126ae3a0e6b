//! Stored times (ms since the epoch) as RFC 3339 text in JSON.

use serde::Serializer;

/// `ms` as RFC 3339 UTC text with milliseconds.
pub fn rfc3339(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Serializes a time as RFC 3339 text.
pub fn ser<S: Serializer>(ms: &i64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&rfc3339(*ms))
}

/// Serializes an optional time as RFC 3339 text or null.
pub fn ser_opt<S: Serializer>(
    ms: &Option<i64>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match ms {
        Some(ms) => s.serialize_str(&rfc3339(*ms)),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn formats_utc_with_millis() {
        assert_eq!(super::rfc3339(1_000), "1970-01-01T00:00:01.000Z");
    }
}
