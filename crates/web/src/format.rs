//! Numbers, sizes, times and names as pages show them.

/// `1234567` as `1,234,567`.
pub fn count(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A byte size as `12.3 MB`.
pub fn bytes(n: i64) -> String {
    const UNITS: [&str; 5] = ["bytes", "KB", "MB", "GB", "TB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{} {}", count(n), UNITS[0])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// A stored time (ms since the epoch) as `4 Dec 2026, 17:40 UTC`.
pub fn time(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.format("%-d %b %Y, %H:%M UTC").to_string())
        .unwrap_or_default()
}

/// The same as an RFC 3339 machine-readable value (`<time datetime>`).
pub fn iso(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_default()
}

/// An RFC 3339 text (from a run view) shown like [`time`].
pub fn time_text(text: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|t| time(t.timestamp_millis()))
        .unwrap_or_else(|_| text.to_owned())
}

/// Milliseconds as `850 ms` or `12.4 s`.
pub fn duration(ms: i64) -> String {
    if ms < 1000 {
        format!("{ms} ms")
    } else if ms < 120_000 {
        format!("{:.1} s", ms as f64 / 1000.0)
    } else {
        format!("{} min {} s", ms / 60_000, (ms % 60_000) / 1000)
    }
}

/// A data source type as a person reads it.
pub fn kind(kind: &str) -> &str {
    match kind {
        "csv" => "CSV file",
        "csv_feed" => "CSV feed",
        "demographics" => "Demographics",
        other => other,
    }
}

/// A location precision as a person reads it.
pub fn precision(name: &str) -> String {
    match name {
        "coordinates" => "Coordinates".into(),
        "rooftop" => "Rooftop".into(),
        "interpolated" => "Interpolated".into(),
        "street" => "Street".into(),
        "postal_centroid" => "ZIP centroid".into(),
        "city_centroid" => "City centre".into(),
        "unknown" => "Not placed".into(),
        other => {
            let mut text = other.replace('_', " ");
            if let Some(first) = text.get_mut(0..1) {
                first.make_ascii_uppercase();
            }
            text
        }
    }
}

/// A metric name as a column heading: `customerCount` as
/// `Customers`, others as written.
pub fn metric(name: &str) -> String {
    match name {
        "customerCount" => "Customers".into(),
        other => other.to_owned(),
    }
}

/// A metric name starting a line or a legend: capitalised, with
/// `customerCount` as `Customers` and `targetedCells` as `Targeted
/// cells`.
pub fn metric_title(name: &str) -> String {
    if name == "targetedCells" {
        return "Targeted cells".to_owned();
    }
    let name = metric(name);
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_get_separators() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1000), "1,000");
        assert_eq!(count(-1234567), "-1,234,567");
    }

    #[test]
    fn sizes_times_and_names_read_well() {
        assert_eq!(bytes(512), "512 bytes");
        assert_eq!(bytes(12_345_678), "12.3 MB");
        assert_eq!(time(0), "1 Jan 1970, 00:00 UTC");
        assert_eq!(duration(850), "850 ms");
        assert_eq!(duration(12_400), "12.4 s");
        assert_eq!(precision("postal_centroid"), "ZIP centroid");
        assert_eq!(precision("new_kind"), "New kind");
        assert_eq!(metric_title("revenue"), "Revenue");
        assert_eq!(metric_title("customerCount"), "Customers");
    }
}
