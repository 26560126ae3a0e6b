//! Metric values as people type them: `$1,234.50`, `(12.50)`, `12%`.
//!
//! Each value is rounded like JavaScript's `Math.round` and kept as an
//! `i64`, so sums are exact and never drift.

/// Why a metric value could not be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueError {
    /// The text is not a number (`n/a`, `#VALUE!`, `1.2.3`).
    NotANumber,
    /// The number does not fit in a 64-bit integer once rounded.
    OutOfRange,
}

/// Reads a metric value; empty (or spaces only) is `Ok(0)`.
pub fn parse_metric(raw: &[u8]) -> Result<i64, ValueError> {
    if let Some(v) = parse_plain_int(raw) {
        return Ok(v);
    }
    match parse_number(raw) {
        Some(x) => round_to_i64(x),
        None if trim(raw).is_empty() => Ok(0),
        None => Err(ValueError::NotANumber),
    }
}

/// True when `raw` is a number under [`parse_metric`]'s rules, or empty.
pub fn is_metric_like(raw: &[u8]) -> bool {
    trim(raw).is_empty() || parse_number(raw).is_some()
}

/// The fast path: up to 15 ASCII digits, nothing else. Below 2^53 the
/// result is the same as parsing a double, as the slow path does.
fn parse_plain_int(raw: &[u8]) -> Option<i64> {
    if raw.is_empty() || raw.len() > 15 {
        return None;
    }
    let mut v: i64 = 0;
    for &b in raw {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        v = v * 10 + i64::from(d);
    }
    Some(v)
}

/// Rounds like JavaScript `Math.round`: halves toward +infinity.
pub fn js_round(x: f64) -> f64 {
    let floor = x.floor();
    // `x - floor` is exact for every finite double, so no ties are lost
    // the way `(x + 0.5).floor()` loses 0.49999999999999994.
    if x - floor >= 0.5 { floor + 1.0 } else { floor }
}

/// Rounds and converts, refusing values outside the `i64` range.
pub fn round_to_i64(x: f64) -> Result<i64, ValueError> {
    let r = js_round(x);
    // 2^63 is exactly representable; anything at or above it overflows.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    if r.is_finite() && (-LIMIT..LIMIT).contains(&r) {
        Ok(r as i64)
    } else {
        Err(ValueError::OutOfRange)
    }
}

/// Parses a decorated number, or `None` when it is not one.
pub fn parse_number(raw: &[u8]) -> Option<f64> {
    if is_plain_decimal(raw) {
        return fast_float2::parse(raw).ok();
    }
    let mut s = trim(raw);
    let mut negative = false;
    if let [b'(', inner @ .., b')'] = s {
        negative = true;
        s = trim(inner);
    }
    let (sign, rest) = take_sign(s);
    s = trim(strip_currency_prefix(rest));
    let sign = match sign {
        Some(sign) => Some(sign),
        None => {
            let (sign, rest) = take_sign(s);
            s = rest;
            sign
        }
    };
    if sign == Some(b'-') {
        negative = !negative;
    }
    let value = parse_decimal(strip_suffixes(s))?;
    Some(if negative { -value } else { value })
}

/// Digits with at most one point: most values, read without cleaning.
fn is_plain_decimal(s: &[u8]) -> bool {
    let mut points = 0;
    let mut digits = 0;
    for &b in s {
        match b {
            b'0'..=b'9' => digits += 1,
            b'.' => points += 1,
            _ => return false,
        }
    }
    digits > 0 && points <= 1
}

fn take_sign(s: &[u8]) -> (Option<u8>, &[u8]) {
    match s {
        [c @ (b'+' | b'-'), rest @ ..] => (Some(*c), trim(rest)),
        _ => (None, s),
    }
}

fn is_currency(b: u8) -> bool {
    b == b'$' || b >= 0x80
}

fn strip_currency_prefix(mut s: &[u8]) -> &[u8] {
    while let [b, rest @ ..] = s {
        if !is_currency(*b) {
            break;
        }
        s = rest;
    }
    s
}

fn strip_suffixes(mut s: &[u8]) -> &[u8] {
    loop {
        s = trim(s);
        match s {
            [rest @ .., b'%'] => s = rest,
            [rest @ .., b] if is_currency(*b) => s = rest,
            _ => return s,
        }
    }
}

/// Parses digits with thousands separators, an optional point and an
/// optional exponent. Short values are cleaned on the stack: this runs
/// for every decorated value of every row.
fn parse_decimal(s: &[u8]) -> Option<f64> {
    let mut stack = [0_u8; 64];
    let mut heap = Vec::new();
    let out = if s.len() <= stack.len() {
        &mut stack[..]
    } else {
        heap.resize(s.len(), 0);
        &mut heap[..]
    };
    let len = clean_digits(s, out)?;
    fast_float2::parse(&out[..len]).ok()
}

/// Copies `s` into `out` without thousands separators and checks the
/// number's grammar; returns the length written.
fn clean_digits(s: &[u8], out: &mut [u8]) -> Option<usize> {
    let mut len = 0;
    let mut i = 0;
    while i < s.len() {
        let b = s[i];
        let sep = separator_len(&s[i..]);
        if sep > 0 {
            let between = i > 0
                && s[i - 1].is_ascii_digit()
                && s.get(i + sep).is_some_and(u8::is_ascii_digit);
            if !between {
                return None;
            }
            i += sep;
            continue;
        }
        out[len] = b;
        len += 1;
        i += 1;
    }
    valid_decimal(&out[..len]).then_some(len)
}

/// Length of a thousands separator at the start of `s`: a comma, a space,
/// or a no-break space (UTF-8 U+00A0 or U+202F, or Windows-1252 0xA0).
fn separator_len(s: &[u8]) -> usize {
    match s {
        [b',' | b' ', ..] | [0xA0, ..] => 1,
        [0xC2, 0xA0, ..] => 2,
        [0xE2, 0x80, 0xAF, ..] => 3,
        _ => 0,
    }
}

fn valid_decimal(s: &[u8]) -> bool {
    let (mantissa, exponent) =
        match s.iter().position(|&b| matches!(b, b'e' | b'E')) {
            Some(p) => (&s[..p], Some(&s[p + 1..])),
            None => (s, None),
        };
    let (int, frac) = match mantissa.iter().position(|&b| b == b'.') {
        Some(p) => (&mantissa[..p], &mantissa[p + 1..]),
        None => (mantissa, &[][..]),
    };
    let all_digits = |d: &[u8]| d.iter().all(u8::is_ascii_digit);
    let mantissa_ok = all_digits(int)
        && all_digits(frac)
        && (!int.is_empty() || !frac.is_empty());
    let exponent_ok = match exponent {
        None => true,
        Some(e) => {
            let e = e.strip_prefix(b"-").or(e.strip_prefix(b"+")).unwrap_or(e);
            !e.is_empty() && all_digits(e)
        }
    };
    mantissa_ok && exponent_ok
}

/// Trims ASCII whitespace and no-break spaces on both ends.
pub fn trim(mut s: &[u8]) -> &[u8] {
    loop {
        s = s.trim_ascii();
        if let Some(rest) = s.strip_prefix(&[0xC2, 0xA0]) {
            s = rest;
        } else if let Some(rest) = s.strip_suffix(&[0xC2, 0xA0]) {
            s = rest;
        } else if let [0xA0, rest @ ..] = s {
            s = rest;
        } else if let [rest @ .., 0xA0] = s {
            s = rest;
        } else {
            return s;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Result<i64, ValueError> {
        parse_metric(s.as_bytes())
    }

    #[test]
    fn plain_numbers() {
        assert_eq!(v("12"), Ok(12));
        assert_eq!(v("12.4"), Ok(12));
        assert_eq!(v(".5"), Ok(1));
        assert_eq!(v("5."), Ok(5));
        assert_eq!(v("1.5e3"), Ok(1500));
        assert_eq!(v("2E-1"), Ok(0));
        assert_eq!(v("+7"), Ok(7));
        assert_eq!(v("-7"), Ok(-7));
        assert_eq!(v("007"), Ok(7));
    }

    #[test]
    fn empty_is_zero() {
        assert_eq!(v(""), Ok(0));
        assert_eq!(v("   "), Ok(0));
        assert_eq!(v("\u{a0}"), Ok(0));
    }

    #[test]
    fn currency_and_separators() {
        assert_eq!(v("$1,234.50"), Ok(1235));
        assert_eq!(v(" $ 87 "), Ok(87));
        assert_eq!(v("€5"), Ok(5));
        assert_eq!(v("5 €"), Ok(5));
        assert_eq!(v("£1,000,000"), Ok(1_000_000));
        assert_eq!(v("1 234"), Ok(1234));
        assert_eq!(v("1\u{a0}234"), Ok(1234));
        assert_eq!(v("1\u{202f}234"), Ok(1234));
        assert_eq!(parse_metric(b"1\xa0234"), Ok(1234));
        assert_eq!(parse_metric(b"\x80 5"), Ok(5));
    }

    #[test]
    fn negatives() {
        assert_eq!(v("(12.50)"), Ok(-12));
        assert_eq!(v("($12.50)"), Ok(-12));
        assert_eq!(v("-$3"), Ok(-3));
        assert_eq!(v("$-3"), Ok(-3));
        assert_eq!(v("(-3)"), Ok(3));
    }

    #[test]
    fn percent() {
        assert_eq!(v("12%"), Ok(12));
        assert_eq!(v("12.5 %"), Ok(13));
    }

    #[test]
    fn not_numbers() {
        for s in [
            "n/a", "#VALUE!", "1.2.3", "inf", "NaN", "infinity", "-", "$", ".",
            "e5", "1e", "1,", ",1", "1,,2", "12abc", "0x10", "1 e5", "--1",
            "+-1", "()", "1-2",
        ] {
            assert_eq!(v(s), Err(ValueError::NotANumber), "{s:?}");
        }
    }

    #[test]
    fn js_rounding() {
        assert_eq!(js_round(2.5), 3.0);
        assert_eq!(js_round(-2.5), -2.0);
        assert_eq!(js_round(0.49999999999999994), 0.0);
        assert_eq!(js_round(-0.5), 0.0);
        assert_eq!(js_round(1.4999), 1.0);
        assert_eq!(v("-2.5"), Ok(-2));
        assert_eq!(v("2.5"), Ok(3));
        assert_eq!(v("0.49999999999999994"), Ok(0));
    }

    #[test]
    fn out_of_range() {
        assert_eq!(v("1e19"), Err(ValueError::OutOfRange));
        assert_eq!(v("-1e300"), Err(ValueError::OutOfRange));
        assert_eq!(v("9223372036854775807"), Err(ValueError::OutOfRange));
        // Values are doubles before rounding, as in JavaScript.
        assert_eq!(v("999999999999999999"), Ok(1_000_000_000_000_000_000));
        assert_eq!(v("123456789012345"), Ok(123_456_789_012_345));
    }
}
