//! Writing numbers as text without allocating.

/// Appends `n` in decimal.
pub(crate) fn push_int(buf: &mut Vec<u8>, n: u64) {
    buf.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// Appends `n` in decimal, left-padded with zeros to `width` digits.
pub(crate) fn push_padded(buf: &mut Vec<u8>, n: u64, width: usize) {
    let mut digits = [b'0'; 20];
    let mut start = digits.len();
    let mut rest = n;
    while rest > 0 || digits.len() - start < width {
        start -= 1;
        digits[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
    buf.extend_from_slice(&digits[start..]);
}

/// Appends `value` rounded to six decimals, like `-71.123456`.
///
/// Rounding goes through an integer count of millionths, so the text
/// depends only on IEEE arithmetic, never on a float formatter.
pub(crate) fn push_fixed6(buf: &mut Vec<u8>, value: f64) {
    let millionths = round(value * 1e6);
    if millionths < 0 {
        buf.push(b'-');
    }
    let abs = millionths.unsigned_abs();
    push_int(buf, abs / 1_000_000);
    buf.push(b'.');
    push_padded(buf, abs % 1_000_000, 6);
}

/// `x` rounded half away from zero, for `|x|` below 2^53.
///
/// Like `f64::round`, without a call into the math library.
fn round(x: f64) -> i64 {
    let whole = x as i64;
    let frac = x - whole as f64;
    if frac >= 0.5 {
        whole + 1
    } else if frac <= -0.5 {
        whole - 1
    } else {
        whole
    }
}

/// Appends a count of cents as `1234.50`, or `1,234.50` when `grouped`.
pub(crate) fn push_cents(buf: &mut Vec<u8>, cents: u64, grouped: bool) {
    let mut digits = itoa::Buffer::new();
    let whole = digits.format(cents / 100).as_bytes();
    for (i, digit) in whole.iter().enumerate() {
        let left = whole.len() - i;
        if grouped && i > 0 && left.is_multiple_of(3) {
            buf.push(b',');
        }
        buf.push(*digit);
    }
    buf.push(b'.');
    push_padded(buf, cents % 100, 2);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(f: impl FnOnce(&mut Vec<u8>)) -> String {
        let mut buf = Vec::new();
        f(&mut buf);
        String::from_utf8(buf).expect("ASCII")
    }

    #[test]
    fn pads_with_zeros() {
        assert_eq!(text(|b| push_padded(b, 601, 5)), "00601");
        assert_eq!(text(|b| push_padded(b, 12_345_678, 7)), "12345678");
        assert_eq!(text(|b| push_padded(b, 0, 2)), "00");
        assert_eq!(text(|b| push_padded(b, u64::MAX, 3)), u64::MAX.to_string());
    }

    #[test]
    fn rounds_like_std() {
        for x in [0.5, -0.5, 1.49, 2.5, -2.5, -7.51, 1e15 + 0.5, 0.0] {
            assert_eq!(round(x), x.round() as i64, "{x}");
        }
    }

    #[test]
    fn writes_six_decimals() {
        assert_eq!(text(|b| push_fixed6(b, 42.360_082_5)), "42.360083");
        assert_eq!(text(|b| push_fixed6(b, -71.5)), "-71.500000");
        assert_eq!(text(|b| push_fixed6(b, -0.000_000_1)), "0.000000");
        assert_eq!(text(|b| push_fixed6(b, -0.25)), "-0.250000");
    }

    #[test]
    fn writes_cents() {
        assert_eq!(text(|b| push_cents(b, 123_450, false)), "1234.50");
        assert_eq!(text(|b| push_cents(b, 123_450, true)), "1,234.50");
        assert_eq!(text(|b| push_cents(b, 8_700, true)), "87.00");
        assert_eq!(text(|b| push_cents(b, 5, true)), "0.05");
        assert_eq!(text(|b| push_cents(b, 100_000_000, true)), "1,000,000.00");
    }
}
