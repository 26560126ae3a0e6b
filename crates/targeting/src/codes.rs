//! US postal codes as areas name them: five-digit ZIPs, carrier
//! routes, and five-digit county FIPS codes.

/// Whether `s` is five ASCII digits, as a ZIP or a county FIPS code.
pub(crate) fn five_digits(s: &str) -> bool {
    s.len() == 5 && s.bytes().all(|b| b.is_ascii_digit())
}

/// A carrier route id in upper case: a route type letter (C city, R
/// rural, H highway contract, B PO box, G general delivery) and three
/// digits; `None` for anything else.
pub(crate) fn route(s: &str) -> Option<String> {
    let route = s.to_ascii_uppercase();
    let bytes = route.as_bytes();
    let ok = bytes.len() == 4
        && b"CRHBG".contains(&bytes[0])
        && bytes[1..].iter().all(u8::is_ascii_digit);
    ok.then_some(route)
}

/// The key of a carrier route's boundary: its ZIP then its route, as
/// `02139C001`.
pub(crate) fn route_key(zip: &str, route: &str) -> String {
    format!("{zip}{route}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zips_are_five_digits() {
        assert!(five_digits("02139"));
        for bad in ["2139", "021390", "0213a", "", "０２１３９"] {
            assert!(!five_digits(bad), "{bad}");
        }
    }

    #[test]
    fn routes_are_a_type_and_three_digits() {
        assert_eq!(route("C001").as_deref(), Some("C001"));
        assert_eq!(route("r012").as_deref(), Some("R012"));
        for bad in ["C01", "X001", "C0011", "001C", ""] {
            assert_eq!(route(bad), None, "{bad}");
        }
        assert_eq!(route_key("02139", "C001"), "02139C001");
    }
}
