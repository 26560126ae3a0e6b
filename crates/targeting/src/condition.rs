//! One filter condition: a metric of a data source compared with a
//! number.
//!
//! Cell values are integers, so every comparison becomes an integer
//! range, exactly: `> 2.5` is `>= 3`, `= 2.5` matches nothing.

use serde_json::{Number, Value};

use crate::error::{Problem, TargetingError};
use crate::json::{Obj, kind};

/// The keys of a condition, in words.
const KEYS: &str = "data_source_id, metric, op, and value (or min and max)";

/// A metric compared with a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Condition {
    /// The data source whose value is compared.
    pub(crate) data_source_id: String,
    /// The metric compared.
    pub(crate) metric: String,
    /// Which values match.
    pub(crate) test: Test,
}

/// Values in `lo..=hi` match (none when `lo > hi`); `negate` flips it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Test {
    lo: i64,
    hi: i64,
    negate: bool,
}

impl Test {
    /// Whether a cell's value matches.
    pub(crate) fn matches(self, value: i64) -> bool {
        (self.lo <= value && value <= self.hi) != self.negate
    }
}

impl Condition {
    /// Reads a condition object.
    pub(crate) fn parse(obj: &Obj) -> Result<Condition, TargetingError> {
        let keys = ["data_source_id", "metric", "op", "value", "min", "max"];
        obj.only(&keys, KEYS)?;
        let data_source_id = obj.string("data_source_id")?.to_owned();
        let metric = obj.string("metric")?.to_owned();
        let op = obj.string("op")?;
        let test = match op {
            "between" => between(obj)?,
            ">" | ">=" | "<" | "<=" | "=" | "!=" => compare(obj, op)?,
            other => {
                let problem = Problem::UnknownOp(other.to_owned());
                return Err(obj.fail_at("op", problem));
            }
        };
        Ok(Condition {
            data_source_id,
            metric,
            test,
        })
    }
}

/// `min <= v <= max`.
fn between(obj: &Obj) -> Result<Test, TargetingError> {
    let has = |k: &str| obj.map.contains_key(k);
    if has("value") || !has("min") || !has("max") {
        return Err(obj.fail(Problem::NeedsBounds));
    }
    let min = number(obj, "min")?;
    let max = number(obj, "max")?;
    let (low, high) = (as_f64(&min), as_f64(&max));
    if low > high {
        let problem = Problem::MinAboveMax {
            min: low,
            max: high,
        };
        return Err(obj.fail(problem));
    }
    Ok(range(ceil(&min), floor(&max), false))
}

/// `v op value`.
fn compare(obj: &Obj, op: &str) -> Result<Test, TargetingError> {
    let has = |k: &str| obj.map.contains_key(k);
    if !has("value") || has("min") || has("max") {
        return Err(obj.fail(Problem::NeedsValue(op.to_owned())));
    }
    let t = number(obj, "value")?;
    let (f, c) = (floor(&t), ceil(&t));
    Ok(match op {
        ">" => range(f + 1, i128::MAX, false),
        ">=" => range(c, i128::MAX, false),
        "<" => range(i128::MIN, c - 1, false),
        "<=" => range(i128::MIN, f, false),
        "=" => range(c, f, false),
        _ => range(c, f, true),
    })
}

/// A test from a range that may reach past 64 bits.
fn range(lo: i128, hi: i128, negate: bool) -> Test {
    let clamp = |x: i128| x.clamp(i64::MIN.into(), i64::MAX.into()) as i64;
    if lo > hi || lo > i64::MAX.into() || hi < i64::MIN.into() {
        return Test {
            lo: 1,
            hi: 0,
            negate,
        };
    }
    Test {
        lo: clamp(lo),
        hi: clamp(hi),
        negate,
    }
}

fn number(obj: &Obj, key: &'static str) -> Result<Number, TargetingError> {
    match obj.need(key)? {
        Value::Number(n) => Ok(n.clone()),
        other => Err(obj.fail_at(key, Problem::NotNumber(kind(other)))),
    }
}

fn as_f64(n: &Number) -> f64 {
    n.as_f64().unwrap_or(0.0)
}

/// The largest integer at most `n` (saturating far out).
fn floor(n: &Number) -> i128 {
    exact(n).unwrap_or_else(|| saturate(as_f64(n).floor()))
}

/// The smallest integer at least `n` (saturating far out).
fn ceil(n: &Number) -> i128 {
    exact(n).unwrap_or_else(|| saturate(as_f64(n).ceil()))
}

/// Far beyond 64 bits, with room to add or take one.
fn saturate(x: f64) -> i128 {
    let far = 1i128 << 100;
    (x as i128).clamp(-far, far)
}

fn exact(n: &Number) -> Option<i128> {
    n.as_i64()
        .map(i128::from)
        .or_else(|| n.as_u64().map(i128::from))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn parse(value: Value) -> Result<Condition, TargetingError> {
        Condition::parse(&Obj::new(&value, "f").expect("an object"))
    }

    fn test(op: &str, value: Value) -> Test {
        parse(json!({
            "data_source_id": "d", "metric": "m", "op": op, "value": value
        }))
        .expect("a condition")
        .test
    }

    fn problem(value: Value) -> Option<Problem> {
        parse(value).err().and_then(|e| e.problem().cloned())
    }

    fn matching(t: Test) -> Vec<i64> {
        (-3..=3).filter(|&v| t.matches(v)).collect()
    }

    #[test]
    fn comparisons_match_integers_exactly() {
        assert_eq!(matching(test(">", json!(1))), [2, 3]);
        assert_eq!(matching(test(">=", json!(1))), [1, 2, 3]);
        assert_eq!(matching(test("<", json!(-1))), [-3, -2]);
        assert_eq!(matching(test("<=", json!(-1))), [-3, -2, -1]);
        assert_eq!(matching(test("=", json!(0))), [0]);
        assert_eq!(matching(test("!=", json!(0))), [-3, -2, -1, 1, 2, 3]);
    }

    #[test]
    fn fractions_round_the_right_way() {
        assert_eq!(matching(test(">", json!(1.5))), [2, 3]);
        assert_eq!(matching(test(">=", json!(1.5))), [2, 3]);
        assert_eq!(matching(test("<", json!(-1.5))), [-3, -2]);
        assert_eq!(matching(test("<=", json!(-1.5))), [-3, -2]);
        assert_eq!(matching(test("=", json!(0.5))), [] as [i64; 0]);
        assert_eq!(matching(test("!=", json!(0.5))).len(), 7);
    }

    #[test]
    fn huge_thresholds_saturate() {
        assert!(!test(">", json!(i64::MAX)).matches(i64::MAX));
        assert!(test("<", json!(1e300)).matches(i64::MAX));
        assert!(test(">", json!(-1e300)).matches(i64::MIN));
        assert!(test("<=", json!(u64::MAX)).matches(i64::MAX));
    }

    #[test]
    fn between_is_inclusive() {
        let c = parse(json!({
            "data_source_id": "d", "metric": "customerCount",
            "op": "between", "min": 2, "max": 50
        }))
        .expect("a condition");
        assert_eq!(c.metric, "customerCount");
        assert!(c.test.matches(2) && c.test.matches(50));
        assert!(!c.test.matches(1) && !c.test.matches(51));
    }

    #[test]
    fn bad_conditions_are_refused() {
        let base = |extra: Value| {
            let mut v = json!({"data_source_id": "d", "metric": "m"});
            for (k, x) in extra.as_object().expect("an object") {
                v[k] = x.clone();
            }
            problem(v)
        };
        let got = base(json!({"op": ">"}));
        assert_eq!(got, Some(Problem::NeedsValue(">".into())));
        let got = base(json!({"op": ">", "value": 1, "min": 0}));
        assert_eq!(got, Some(Problem::NeedsValue(">".into())));
        let got = base(json!({"op": "between", "min": 1}));
        assert_eq!(got, Some(Problem::NeedsBounds));
        let got =
            base(json!({"op": "between", "min": 1, "max": 2, "value": 1}));
        assert_eq!(got, Some(Problem::NeedsBounds));
        let got = base(json!({"op": "between", "min": 5, "max": 2}));
        let want = Problem::MinAboveMax { min: 5.0, max: 2.0 };
        assert_eq!(got, Some(want));
        let got = base(json!({"op": "==", "value": 1}));
        assert_eq!(got, Some(Problem::UnknownOp("==".into())));
        let got = base(json!({"op": ">", "value": "1"}));
        assert_eq!(got, Some(Problem::NotNumber("a string")));
        let got = base(json!({"op": ">", "value": 1, "unit": "usd"}));
        assert!(matches!(got, Some(Problem::UnknownKey { .. })));
        let got = problem(json!({"metric": "m", "op": ">", "value": 1}));
        assert_eq!(got, Some(Problem::Missing("data_source_id")));
        let got = problem(json!({
            "data_source_id": "", "metric": "m", "op": ">", "value": 1
        }));
        assert_eq!(got, Some(Problem::Empty));
    }
}
