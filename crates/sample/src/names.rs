//! The first and last names customers are drawn from.
//!
//! A mix of common US names and names from elsewhere, some written with
//! letters outside ASCII, so that readers of the sample meet UTF-8.

use crate::email::fold_ascii;

/// Given names.
#[rustfmt::skip]
pub(crate) const FIRST: &[&str] = &[
    "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael",
    "Linda", "David", "Elizabeth", "William", "Barbara", "Richard", "Susan",
    "Joseph", "Jessica", "Thomas", "Sarah", "Daniel", "Karen", "Noah",
    "Emma", "Liam", "Olivia", "Ava", "Ethan", "Maria", "Carlos", "Wei",
    "Mei", "Aisha", "Ahmed", "Priya", "Kenji", "Fatima", "Olga", "José",
    "Zoë", "Renée", "Chloé", "Søren", "Björn", "Mónica", "Andrés",
    "François", "Siobhán",
];

/// Family names.
#[rustfmt::skip]
pub(crate) const LAST: &[&str] = &[
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller",
    "Davis", "Rodriguez", "Martinez", "Lopez", "Gonzalez", "Wilson",
    "Anderson", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Thompson",
    "White", "Harris", "Clark", "Lewis", "Walker", "Young", "Nguyen", "Kim",
    "Patel", "Chen", "Khan", "Cohen", "Rossi", "Murphy", "Okafor", "Ito",
    "O'Brien", "Clark-Lewis", "Núñez", "Hernández", "Peña", "Müller",
    "Dubois", "Kowalski", "Øberg",
];

/// A name as written, with its lowercase ASCII form for e-mails.
#[derive(Debug)]
pub(crate) struct Name {
    /// The name as written, like `Núñez`.
    pub(crate) text: &'static str,
    /// The name folded to lowercase ASCII, like `nunez`.
    pub(crate) ascii: String,
}

/// The names of `list` with their ASCII forms.
pub(crate) fn with_ascii(list: &[&'static str]) -> Vec<Name> {
    let name = |&text| Name {
        text,
        ascii: fold_ascii(text),
    };
    list.iter().map(name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_has_an_ascii_form() {
        for name in with_ascii(FIRST).iter().chain(&with_ascii(LAST)) {
            assert!(name.ascii.len() + 2 >= name.text.chars().count());
        }
    }

    #[test]
    fn names_need_no_quoting() {
        for name in FIRST.iter().chain(LAST) {
            assert!(!name.contains([',', '"', '\n']), "{name}");
        }
    }

    #[test]
    fn some_names_are_not_ascii() {
        assert!(FIRST.contains(&"José") && LAST.contains(&"Núñez"));
        assert!(FIRST.contains(&"Zoë"));
    }
}
