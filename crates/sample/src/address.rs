//! Street addresses such as `1234 Oak St` or `87 Lake Ave Apt 4`.

use crate::num::push_int;
use crate::rng::Rng;

/// Street names.
#[rustfmt::skip]
const STREETS: &[&str] = &[
    "Oak", "Maple", "Cedar", "Pine", "Elm", "Main", "Park", "Lake", "Hill",
    "Washington", "Lincoln", "Jefferson", "Madison", "Franklin", "Church",
    "Mill", "River", "Spring", "Ridge", "Meadow", "Forest", "Sunset",
    "Highland", "Walnut", "Chestnut", "Willow", "Birch", "Cherry", "Center",
    "Union", "Broad", "Market", "2nd", "3rd", "5th",
];

/// Street type abbreviations.
const SUFFIXES: &[&str] = &["St", "Ave", "Rd", "Blvd", "Ln", "Dr", "Ct", "Way"];

/// Kinds of secondary unit.
const UNITS: &[&str] = &["Apt", "Unit", "Ste"];

/// Appends a street address; about one in eight has a unit.
pub(crate) fn push_address(buf: &mut Vec<u8>, rng: &mut Rng) {
    push_int(buf, house_number(rng));
    buf.push(b' ');
    buf.extend_from_slice(rng.pick(STREETS).as_bytes());
    buf.push(b' ');
    buf.extend_from_slice(rng.pick(SUFFIXES).as_bytes());
    if rng.percent(12) {
        buf.push(b' ');
        buf.extend_from_slice(rng.pick(UNITS).as_bytes());
        buf.push(b' ');
        push_int(buf, 1 + rng.below(40));
    }
}

/// A house number from 1 to 9999, small numbers more likely.
fn house_number(rng: &mut Rng) -> u64 {
    let u = rng.unit();
    1 + (9999.0 * u * u * u) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_have_number_street_and_suffix() {
        let mut rng = Rng::new(11);
        let mut with_unit = 0;
        for _ in 0..1000 {
            let mut buf = Vec::new();
            push_address(&mut buf, &mut rng);
            let text = String::from_utf8(buf).expect("ASCII");
            let parts: Vec<&str> = text.split(' ').collect();
            let number: u64 = parts[0].parse().expect("house number");
            assert!((1..=9999).contains(&number));
            assert!(STREETS.contains(&parts[1]));
            assert!(SUFFIXES.contains(&parts[2]));
            assert!(!text.contains([',', '"']));
            with_unit += usize::from(parts.len() == 5);
        }
        assert!((60..=200).contains(&with_unit), "{with_unit}");
    }
}
