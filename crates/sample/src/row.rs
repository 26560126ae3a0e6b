//! One CSV row of the sample.
//!
//! Every field is drawn from the generator in a fixed order. The
//! coordinates are drawn even when they are not written, so the two
//! variants of a seed hold the same customers.

use honeygrid_geocode::zip_table::ZipEntry;

use crate::address::push_address;
use crate::email::push_email;
use crate::money::push_revenue;
use crate::names::{FIRST, LAST, Name, with_ascii};
use crate::num::{push_fixed6, push_int, push_padded};
use crate::place::{Places, near};
use crate::rng::Rng;
use crate::{SampleLocation, SampleOptions};

/// Writes rows one after another from one generator.
#[derive(Debug)]
pub(crate) struct RowWriter {
    rng: Rng,
    places: Places,
    coordinates: bool,
    first: Vec<Name>,
    last: Vec<Name>,
}

impl RowWriter {
    /// A writer for `opts`; picks the home ZIPs.
    pub(crate) fn new(opts: &SampleOptions) -> RowWriter {
        let mut rng = Rng::new(opts.seed);
        let places = Places::new(&mut rng);
        RowWriter {
            rng,
            places,
            coordinates: opts.location == SampleLocation::Coordinates,
            first: with_ascii(FIRST),
            last: with_ascii(LAST),
        }
    }

    /// Appends row number `n` (from 1), with its line feed, to `buf`.
    pub(crate) fn write_row(&mut self, n: u64, buf: &mut Vec<u8>) {
        let zip = self.places.pick(&mut self.rng);
        let point = near(zip, &mut self.rng);
        buf.push(b'C');
        push_padded(buf, n, 7);
        self.person(buf);
        self.place(buf, zip, point);
        field(buf, |f| push_revenue(f, &mut self.rng));
        let orders = 1 + skewed(&mut self.rng, 20);
        buf.push(b',');
        push_int(buf, orders);
        buf.push(b',');
        if !self.rng.percent(5) {
            push_int(buf, skewed(&mut self.rng, 201));
        }
        buf.push(b'\n');
    }

    /// The name, email, phone and address fields.
    fn person(&mut self, buf: &mut Vec<u8>) {
        let rng = &mut self.rng;
        let first = rng.pick(&self.first);
        let last = rng.pick(&self.last);
        field(buf, |f| {
            f.extend_from_slice(first.text.as_bytes());
            f.push(b' ');
            f.extend_from_slice(last.text.as_bytes());
        });
        field(buf, |f| push_email(f, rng, [first, last]));
        field(buf, |f| push_phone(f, rng));
        field(buf, |f| push_address(f, rng));
    }

    /// The city, state, ZIP and, when wanted, coordinate fields.
    fn place(&self, buf: &mut Vec<u8>, zip: &ZipEntry, point: (f64, f64)) {
        let (lat, lng) = point;
        field(buf, |f| f.extend_from_slice(zip.city.as_bytes()));
        field(buf, |f| f.extend_from_slice(zip.state.as_bytes()));
        buf.push(b',');
        push_padded(buf, u64::from(zip.zip), 5);
        if self.coordinates {
            buf.push(b',');
            push_fixed6(buf, lat);
            buf.push(b',');
            push_fixed6(buf, lng);
        }
    }
}

/// Appends a comma and the field `make` writes, quoted if needed.
fn field(buf: &mut Vec<u8>, make: impl FnOnce(&mut Vec<u8>)) {
    buf.push(b',');
    let start = buf.len();
    make(buf);
    quote_from(buf, start);
}

/// Quotes the field that starts at `start` per RFC 4180, in place, if
/// it holds a comma, a quote or a line break.
fn quote_from(buf: &mut Vec<u8>, start: usize) {
    let special = |b: u8| matches!(b, b',' | b'"' | b'\n' | b'\r');
    let field = &buf[start..];
    if !field.iter().fold(false, |seen, &b| seen | special(b)) {
        return;
    }
    let raw = buf.split_off(start);
    buf.push(b'"');
    for b in raw {
        if b == b'"' {
            buf.push(b'"');
        }
        buf.push(b);
    }
    buf.push(b'"');
}

/// Appends a phone number of the fictional `555` range: `555-###-####`.
fn push_phone(buf: &mut Vec<u8>, rng: &mut Rng) {
    buf.extend_from_slice(b"555-");
    push_padded(buf, rng.below(1000), 3);
    buf.push(b'-');
    push_padded(buf, rng.below(10_000), 4);
}

/// A number in `0..n`, small values more likely.
fn skewed(rng: &mut Rng, n: u64) -> u64 {
    let u = rng.unit();
    (n as f64 * u * u) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(field: &str) -> String {
        let mut buf = b"x,".to_vec();
        buf.extend_from_slice(field.as_bytes());
        quote_from(&mut buf, 2);
        String::from_utf8(buf[2..].to_vec()).expect("UTF-8")
    }

    #[test]
    fn quotes_only_when_needed() {
        assert_eq!(quoted("$87.00"), "$87.00");
        assert_eq!(quoted("José Núñez"), "José Núñez");
        assert_eq!(quoted("$1,234.50"), "\"$1,234.50\"");
        assert_eq!(quoted("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
