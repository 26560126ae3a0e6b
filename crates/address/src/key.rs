//! The key two street addresses must share to be on the same street.

use std::fmt;

/// The street of an address, as a key for matching: pre-directional,
/// name, suffix and post-directional, all normalised.
///
/// Two addresses on the same street written differently ("5th Avenue",
/// "Fifth Ave.") have equal keys. Addresses that differ in any part
/// have different keys: "Oak Ct" and "Oak Ave", "N Main St" and
/// "S Main St", "Main St" and "Main St NW" are different streets.
///
/// ```
/// use honeygrid_address::normalize_street;
/// let a = normalize_street("12 north main street").key().unwrap();
/// let b = normalize_street("98 N. Main St., Apt 2").key().unwrap();
/// assert_eq!(a, b);
/// assert_eq!(a.to_string(), "N MAIN ST");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StreetKey {
    /// The pre-directional (`"N"`, `"SW"`), if any.
    pub predir: Option<&'static str>,
    /// The street name, never empty (`"MAIN"`, `"5TH"`, `"ST MARKS"`).
    pub name: String,
    /// The standard suffix (`"ST"`, `"AVE"`), if any.
    pub suffix: Option<&'static str>,
    /// The post-directional, if any.
    pub postdir: Option<&'static str>,
}

impl fmt::Display for StreetKey {
    /// Writes the parts present, separated by spaces: `N MAIN ST`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts = [
            self.predir,
            Some(self.name.as_str()),
            self.suffix,
            self.postdir,
        ];
        let words: Vec<&str> = parts.into_iter().flatten().collect();
        f.write_str(&words.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(
        predir: Option<&'static str>,
        name: &str,
        suffix: Option<&'static str>,
        postdir: Option<&'static str>,
    ) -> StreetKey {
        StreetKey {
            predir,
            name: name.into(),
            suffix,
            postdir,
        }
    }

    #[test]
    fn display() {
        let cases = [
            (key(Some("N"), "MAIN", Some("ST"), None), "N MAIN ST"),
            (key(None, "MAIN", Some("ST"), Some("NW")), "MAIN ST NW"),
            (key(None, "BROADWAY", None, None), "BROADWAY"),
            (
                key(Some("E"), "US HIGHWAY 1", None, Some("S")),
                "E US HIGHWAY 1 S",
            ),
        ];
        for (k, want) in cases {
            assert_eq!(k.to_string(), want);
        }
    }

    #[test]
    fn parts_distinguish_keys() {
        let base = key(Some("N"), "MAIN", Some("ST"), None);
        assert_ne!(base, key(Some("S"), "MAIN", Some("ST"), None));
        assert_ne!(base, key(None, "MAIN", Some("ST"), None));
        assert_ne!(base, key(Some("N"), "MAIN", Some("AVE"), None));
        assert_ne!(base, key(Some("N"), "MAIN", None, None));
        assert_ne!(base, key(Some("N"), "MAIN", Some("ST"), Some("N")));
        assert_ne!(base, key(Some("N"), "MAINE", Some("ST"), None));
        assert_eq!(base, key(Some("N"), "MAIN", Some("ST"), None));
    }
}
