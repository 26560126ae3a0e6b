//! Column roles from header names, and explicit column mappings.

use std::fmt;

/// What a column is used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// First street line.
    Address1,
    /// Second street line (unit, apartment, suite).
    Address2,
    /// City or town.
    City,
    /// State or province.
    State,
    /// ZIP or postal code.
    Zip,
    /// Country.
    Country,
    /// Latitude in degrees.
    Lat,
    /// Longitude in degrees.
    Lng,
    /// A number summed per cell.
    Metric,
    /// Not used.
    Ignore,
}

impl Role {
    /// Every role, in the order the roles are listed to users.
    pub const ALL: [Role; 10] = [
        Role::Address1,
        Role::Address2,
        Role::City,
        Role::State,
        Role::Zip,
        Role::Country,
        Role::Lat,
        Role::Lng,
        Role::Metric,
        Role::Ignore,
    ];

    /// The role's name in mappings and reports.
    pub fn name(self) -> &'static str {
        match self {
            Role::Address1 => "address1",
            Role::Address2 => "address2",
            Role::City => "city",
            Role::State => "state",
            Role::Zip => "zip",
            Role::Country => "country",
            Role::Lat => "lat",
            Role::Lng => "lng",
            Role::Metric => "metric",
            Role::Ignore => "ignore",
        }
    }

    /// Parses a role name (folded like header names).
    pub fn from_name(name: &str) -> Option<Role> {
        let folded = fold_name(name);
        Role::ALL.into_iter().find(|r| r.name() == folded)
    }

    /// True for the roles that locate a row.
    pub fn is_location(self) -> bool {
        !matches!(self, Role::Metric | Role::Ignore)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Folds a header name: trimmed, lowercased, and every run of spaces,
/// dashes and underscores made one `_` ("Zip Code" → `zip_code`).
pub fn fold_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut pending_sep = false;
    for c in name.trim().chars() {
        if matches!(c, ' ' | '-' | '_' | '\t' | '\u{a0}') {
            pending_sep = true;
            continue;
        }
        if pending_sep && !out.is_empty() {
            out.push('_');
        }
        pending_sep = false;
        out.extend(c.to_lowercase());
    }
    out
}

/// The location role a folded header name stands for, if any.
pub fn location_role(folded: &str) -> Option<Role> {
    let role = match folded {
        "address1" | "address_1" | "address" | "street" | "street_address"
        | "address_line_1" | "line1" => Role::Address1,
        "address2" | "address_2" | "address_line_2" | "line2" | "unit"
        | "apt" | "suite" => Role::Address2,
        "city" | "town" | "locality" => Role::City,
        "state" | "province" | "region" | "state_code" => Role::State,
        "zip" | "zipcode" | "zip_code" | "postal_code" | "postcode" => {
            Role::Zip
        }
        "country" => Role::Country,
        "lat" | "latitude" => Role::Lat,
        "lng" | "lon" | "long" | "longitude" => Role::Lng,
        _ => return None,
    };
    Some(role)
}

/// True for identifier columns, never summed even when numeric.
pub fn is_identifier(folded: &str) -> bool {
    const NAMES: [&str; 9] = [
        "account_number",
        "account_no",
        "customer_number",
        "order_number",
        "invoice_number",
        "fax",
        "ssn",
        "zip4",
        "plus4",
    ];
    folded == "id"
        || folded.ends_with("_id")
        || folded.contains("phone")
        || NAMES.contains(&folded)
}

/// An explicit mapping of column names to roles, given by the user.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnMapping {
    /// (name as given, folded name, role)
    entries: Vec<(String, String, Role)>,
}

/// A column mapping that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MappingError {
    /// An entry is not of the form `Column=role`.
    #[error("column mapping entry {0:?} is not of the form Column=role")]
    Malformed(String),
    /// The role is not one HoneyGrid knows.
    #[error(
        "unknown role {role:?} for column {column:?}; roles are: \
         address1, address2, city, state, zip, country, lat, lng, \
         metric, ignore"
    )]
    UnknownRole {
        /// The column named in the entry.
        column: String,
        /// The role as written.
        role: String,
    },
    /// One column is given two roles.
    #[error("column {0:?} is mapped twice")]
    Duplicate(String),
}

impl ColumnMapping {
    /// Parses `Postal=zip,Sales=metric,Notes=ignore`.
    pub fn parse_spec(spec: &str) -> Result<ColumnMapping, MappingError> {
        let mut mapping = ColumnMapping::default();
        for entry in spec.split(',').filter(|e| !e.trim().is_empty()) {
            let (column, role) = entry
                .split_once('=')
                .ok_or_else(|| MappingError::Malformed(entry.to_owned()))?;
            mapping.insert(column, role)?;
        }
        Ok(mapping)
    }

    /// Adds one entry, checking the role and duplicates.
    pub fn insert(
        &mut self,
        column: &str,
        role: &str,
    ) -> Result<(), MappingError> {
        let column = column.trim();
        if column.is_empty() {
            return Err(MappingError::Malformed(format!("{column}={role}")));
        }
        let role =
            Role::from_name(role).ok_or_else(|| MappingError::UnknownRole {
                column: column.to_owned(),
                role: role.trim().to_owned(),
            })?;
        let folded = fold_name(column);
        if self.entries.iter().any(|(_, f, _)| *f == folded) {
            return Err(MappingError::Duplicate(column.to_owned()));
        }
        self.entries.push((column.to_owned(), folded, role));
        Ok(())
    }

    /// The role given to a folded column name, if any.
    pub fn role_of(&self, folded: &str) -> Option<Role> {
        let entry = self.entries.iter().find(|(_, f, _)| f == folded);
        entry.map(|(_, _, r)| *r)
    }

    /// Each column as given with its role, in order.
    pub fn entries(&self) -> impl Iterator<Item = (&str, Role)> {
        self.entries.iter().map(|(c, _, r)| (c.as_str(), *r))
    }

    /// Column names in the mapping, as given and folded, in order.
    pub fn columns(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries
            .iter()
            .map(|(c, f, _)| (c.as_str(), f.as_str()))
    }

    /// True when nothing is mapped.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_names() {
        assert_eq!(fold_name(" Zip Code "), "zip_code");
        assert_eq!(fold_name("ZIP-CODE"), "zip_code");
        assert_eq!(fold_name("zip__ - code"), "zip_code");
        assert_eq!(fold_name("_Latitude_"), "latitude");
        assert_eq!(fold_name("Straße"), "straße");
    }

    #[test]
    fn recognises_location_aliases() {
        let cases = [
            ("Street Address", Role::Address1),
            ("Address Line 1", Role::Address1),
            ("address line 2", Role::Address2),
            ("Apt", Role::Address2),
            ("Town", Role::City),
            ("State Code", Role::State),
            ("Postal-Code", Role::Zip),
            ("ZIPCODE", Role::Zip),
            ("Country", Role::Country),
            ("Latitude", Role::Lat),
            ("LONG", Role::Lng),
            ("lon", Role::Lng),
        ];
        for (name, role) in cases {
            assert_eq!(location_role(&fold_name(name)), Some(role), "{name}");
        }
        assert_eq!(location_role("revenue"), None);
        assert_eq!(location_role("postal"), None);
    }

    #[test]
    fn recognises_identifiers() {
        for n in [
            "id",
            "customer_id",
            "phone",
            "mobile_phone",
            "account_number",
        ] {
            assert!(is_identifier(n), "{n}");
        }
        for n in ["revenue", "idle_days", "orders"] {
            assert!(!is_identifier(n), "{n}");
        }
    }

    #[test]
    fn parses_mapping_specs() {
        let m = ColumnMapping::parse_spec(
            "Postal=zip, Sales = metric,Notes=ignore",
        )
        .expect("valid spec");
        assert_eq!(m.role_of("postal"), Some(Role::Zip));
        assert_eq!(m.role_of("sales"), Some(Role::Metric));
        assert_eq!(m.role_of("notes"), Some(Role::Ignore));
        assert_eq!(m.role_of("other"), None);
    }

    #[test]
    fn refuses_bad_mapping_specs() {
        assert!(matches!(
            ColumnMapping::parse_spec("Postal"),
            Err(MappingError::Malformed(_))
        ));
        assert!(matches!(
            ColumnMapping::parse_spec("Postal=zipcode"),
            Err(MappingError::UnknownRole { .. })
        ));
        assert!(matches!(
            ColumnMapping::parse_spec("a=zip,A=metric"),
            Err(MappingError::Duplicate(_))
        ));
        assert!(matches!(
            ColumnMapping::parse_spec("=zip"),
            Err(MappingError::Malformed(_))
        ));
    }
}
