//! Revenue amounts in the mix of formats real exports contain.

use crate::num::push_cents;
use crate::rng::Rng;

/// Percent of rows that are refunds, written `(12.50)`.
const REFUND_PERCENT: u64 = 3;
/// Percent of rows written with a dollar sign, like `$1,234.50`.
const DOLLAR_PERCENT: u64 = 25;

/// Appends one revenue amount from 5.00 to 5000.00.
///
/// Most are plain (`1234.50`); about a quarter carry a dollar sign and
/// thousands separators (`$1,234.50`, `$87.00`); about 3% are refunds
/// in accounting style (`(12.50)`).
pub(crate) fn push_revenue(buf: &mut Vec<u8>, rng: &mut Rng) {
    let style = rng.below(100);
    let cents = amount_cents(rng);
    if style < REFUND_PERCENT {
        buf.push(b'(');
        push_cents(buf, cents, false);
        buf.push(b')');
    } else if style < REFUND_PERCENT + DOLLAR_PERCENT {
        buf.push(b'$');
        push_cents(buf, cents, true);
    } else {
        push_cents(buf, cents, false);
    }
}

/// An amount in cents, skewed toward small values (median near 630).
fn amount_cents(rng: &mut Rng) -> u64 {
    let u = rng.unit();
    500 + (499_500.0 * u * u * u) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_stay_in_range() {
        let mut rng = Rng::new(5);
        for _ in 0..10_000 {
            assert!((500..=500_000).contains(&amount_cents(&mut rng)));
        }
    }

    #[test]
    fn every_style_appears() {
        let mut rng = Rng::new(5);
        let mut seen = [false; 4];
        for _ in 0..1000 {
            let mut buf = Vec::new();
            push_revenue(&mut buf, &mut rng);
            let text = String::from_utf8(buf).expect("ASCII");
            let style = match text.as_bytes()[0] {
                b'(' => 0,
                b'$' if text.contains(',') => 1,
                b'$' => 2,
                _ => 3,
            };
            seen[style] = true;
        }
        assert_eq!(seen, [true; 4]);
    }
}
