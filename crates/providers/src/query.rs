//! The text of an address as sent to a geocoding service.

use std::borrow::Cow;

use encoding_rs::WINDOWS_1252;
use honeygrid_address::parse_one_line;
use honeygrid_core::location::is_us_country;
use honeygrid_core::{LocationFields, Miss};

/// One address, ready to send: every part decoded to text, trimmed,
/// with control characters and runs of white space (line breaks
/// included) made a single space.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AddressQuery {
    /// The street line: house number, street and unit
    /// (`address1`, then `address2`).
    pub street: String,
    /// The city, possibly empty.
    pub city: String,
    /// The state, possibly empty.
    pub state: String,
    /// The ZIP code, possibly empty.
    pub zip: String,
}

impl AddressQuery {
    /// The address of a customer row. Bytes are read as UTF-8, or as
    /// Windows-1252 when they are not valid UTF-8.
    ///
    /// [`Miss::NoInput`] when there is nothing a service could place
    /// at street level (see [`AddressQuery::from_text`]);
    /// [`Miss::NotUs`] when the row's country is not the United States.
    pub fn from_fields(row: &LocationFields<'_>) -> Result<Self, Miss> {
        let query = AddressQuery::from_text(
            &decode(row.address1),
            &decode(row.address2),
            &decode(row.city),
            &decode(row.state),
            &decode(row.zip),
        )?;
        if !is_us_country(row.country) {
            return Err(Miss::NotUs);
        }
        Ok(query)
    }

    /// [`AddressQuery::from_fields`] on text.
    ///
    /// The street is `address1` followed by `address2`. When city,
    /// state and ZIP are all empty, `address1` is read as a whole
    /// one-line address and split. [`Miss::NoInput`] when there is no
    /// street line, or neither a ZIP nor a city and state: the row is
    /// left to the next resolver (the ZIP centroid), and no service
    /// is paid to place it.
    ///
    /// ```
    /// use honeygrid_providers::AddressQuery;
    /// let q = AddressQuery::from_text(
    ///     " 12 Main  St ", "Apt 4", "Springfield", "IL", "62701",
    /// ).unwrap();
    /// assert_eq!(q.street, "12 Main St Apt 4");
    /// assert_eq!(q.one_line(), "12 Main St Apt 4, Springfield, IL 62701");
    /// let one = AddressQuery::from_text(
    ///     "12 Main St, Springfield, IL 62701", "", "", "", "",
    /// ).unwrap();
    /// assert_eq!((one.city.as_str(), one.zip.as_str()),
    ///     ("SPRINGFIELD", "62701"));
    /// ```
    pub fn from_text(
        address1: &str,
        address2: &str,
        city: &str,
        state: &str,
        zip: &str,
    ) -> Result<Self, Miss> {
        let mut query = AddressQuery {
            street: clean(address1),
            city: clean(city),
            state: clean(state),
            zip: clean(zip),
        };
        if query.street.is_empty() {
            return Err(Miss::NoInput);
        }
        if query.city.is_empty()
            && query.state.is_empty()
            && query.zip.is_empty()
        {
            query = split_one_line(&query.street);
        }
        append(&mut query.street, &clean(address2));
        let has_place = !query.city.is_empty() && !query.state.is_empty();
        if query.street.is_empty() || (query.zip.is_empty() && !has_place) {
            return Err(Miss::NoInput);
        }
        Ok(query)
    }

    /// The whole address on one line, `STREET, CITY, STATE ZIP`, with
    /// missing parts left out.
    pub fn one_line(&self) -> String {
        let mut state_zip = self.state.clone();
        append(&mut state_zip, &self.zip);
        [self.street.as_str(), self.city.as_str(), state_zip.as_str()]
            .into_iter()
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Field bytes as text: UTF-8 when valid, else Windows-1252.
pub fn decode(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => WINDOWS_1252.decode_without_bom_handling(bytes).0,
    }
}

/// Trimmed, with control characters and white space runs made one
/// space.
fn clean(text: &str) -> String {
    let spaced: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Appends `word` to `text` with a space between, if not empty.
fn append(text: &mut String, word: &str) {
    if word.is_empty() {
        return;
    }
    if !text.is_empty() {
        text.push(' ');
    }
    text.push_str(word);
}

/// A one-line address split into its parts; the street keeps the
/// original text when the line names no city, state or ZIP.
fn split_one_line(line: &str) -> AddressQuery {
    let parsed = parse_one_line(line);
    AddressQuery {
        street: parsed.street.to_string(),
        city: parsed.city.unwrap_or_default(),
        state: parsed.state.unwrap_or_default().to_owned(),
        zip: parsed.zip5.unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_windows_1252() {
        assert_eq!(decode(b"Caf\xe9"), "Café");
        assert_eq!(decode("Café".as_bytes()), "Café");
    }

    #[test]
    fn needs_a_street_and_a_zip_or_city_and_state() {
        let q = |a1, city, state, zip| {
            AddressQuery::from_text(a1, "", city, state, zip)
        };
        assert_eq!(q("", "Boston", "MA", "02101"), Err(Miss::NoInput));
        assert_eq!(q("1 Main St", "Boston", "", ""), Err(Miss::NoInput));
        assert!(q("1 Main St", "Boston", "MA", "").is_ok());
        assert!(q("1 Main St", "", "", "02101").is_ok());
        assert_eq!(q("1 Main St", "", "", ""), Err(Miss::NoInput));
    }

    #[test]
    fn cleans_white_space_and_line_breaks() {
        let q = AddressQuery::from_text(
            "1 Main\r\nSt",
            "\tUnit 2 ",
            "  Boston ",
            "MA",
            "02101",
        )
        .unwrap();
        assert_eq!(q.street, "1 Main St Unit 2");
        assert_eq!(q.city, "Boston");
        assert_eq!(q.one_line(), "1 Main St Unit 2, Boston, MA 02101");
    }

    #[test]
    fn reads_the_row_fields() {
        let row = LocationFields {
            address1: b"1 Main St",
            zip: b"02101",
            country: b"Canada",
            ..Default::default()
        };
        assert_eq!(AddressQuery::from_fields(&row), Err(Miss::NotUs));
        let us = LocationFields {
            country: b"USA",
            ..row
        };
        assert_eq!(AddressQuery::from_fields(&us).unwrap().zip, "02101");
    }
}
