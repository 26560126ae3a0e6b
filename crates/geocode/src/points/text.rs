//! Field text as customer files and address files write it: decoding
//! the bytes, and folding cities and unit numbers to the forms the
//! index is keyed on.

use std::borrow::Cow;

use honeygrid_address::unit_designator;

/// A field's bytes as text: UTF-8 when valid, Windows-1252 otherwise
/// (as `docs/INGEST.md` reads every field).
pub fn decode(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => {
            let (text, _) =
                encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            text
        }
    }
}

/// A city name as the index keys it: uppercase, periods and
/// apostrophes dropped, any other run of non-alphanumeric characters
/// made one space, trimmed. `"St. Paul"` and `"ST  PAUL"` fold alike;
/// `"Saint Paul"` does not (no name is abbreviated).
///
/// ```
/// use honeygrid_geocode::points::fold_city;
/// assert_eq!(fold_city(" Winston-Salem "), "WINSTON SALEM");
/// assert_eq!(fold_city("Coeur d'Alene"), "COEUR DALENE");
/// ```
pub fn fold_city(city: &str) -> String {
    let mut out = String::with_capacity(city.len());
    let mut space = false;
    for c in city.chars() {
        if matches!(c, '.' | '\'' | '\u{2019}' | '`') {
            continue;
        }
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_uppercase());
        } else {
            space = true;
        }
    }
    out
}

/// The identifier of a unit, as the index keys it: the last word,
/// uppercase, without `#` or hyphens (`"Apt 4"`, `"#4"`, `"4"` are all
/// `4`; `"Unit 4-B"` is `4B`). A unit that is only a designator is
/// that designator's abbreviation (`"Rear"` is `REAR`). `None` for
/// blank text.
///
/// ```
/// use honeygrid_geocode::points::unit_id;
/// assert_eq!(unit_id("Apt 4").as_deref(), Some("4"));
/// assert_eq!(unit_id(" #4b ").as_deref(), Some("4B"));
/// assert_eq!(unit_id("Rear").as_deref(), Some("REAR"));
/// assert_eq!(unit_id("  "), None);
/// ```
pub fn unit_id(unit: &str) -> Option<String> {
    let word = unit
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .rfind(|w| w.chars().any(char::is_alphanumeric))?;
    let id: String = word
        .chars()
        .filter(|c| *c != '-')
        .flat_map(char::to_uppercase)
        .collect();
    match unit_designator(&id) {
        Some(abbr) if !id.chars().any(|c| c.is_ascii_digit()) => {
            Some(abbr.to_owned())
        }
        _ => Some(id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_and_windows_1252() {
        assert_eq!(decode(b"Caf\xc3\xa9"), "Café");
        assert_eq!(decode(b"Caf\xe9"), "Café");
        assert_eq!(decode(b""), "");
    }

    #[test]
    fn folds_cities() {
        let cases = [
            ("new york", "NEW YORK"),
            ("  New   York ", "NEW YORK"),
            ("St. Louis", "ST LOUIS"),
            ("Wilkes-Barre", "WILKES BARRE"),
            ("Cañon City", "CAÑON CITY"),
            ("", ""),
            (" , ", ""),
        ];
        for (city, want) in cases {
            assert_eq!(fold_city(city), want, "{city:?}");
        }
    }

    #[test]
    fn reads_unit_ids() {
        let cases = [
            ("Apt 4", Some("4")),
            ("APT #4", Some("4")),
            ("#4", Some("4")),
            ("# 4", Some("4")),
            ("4", Some("4")),
            ("Suite 200", Some("200")),
            ("Unit 4-B", Some("4B")),
            ("apt. 12c", Some("12C")),
            ("Rear", Some("REAR")),
            ("Basement", Some("BSMT")),
            ("B", Some("B")),
            ("", None),
            ("#", None),
        ];
        for (unit, want) in cases {
            assert_eq!(unit_id(unit).as_deref(), want, "{unit:?}");
        }
    }
}
