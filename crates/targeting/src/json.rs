//! Small helpers to read configuration JSON with located errors.

use serde_json::{Map, Value};

use crate::error::{Problem, TargetingError};

/// What a JSON value is, in words, for messages.
pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// `value` as a list; `null` is the empty list.
pub(crate) fn list<'a>(
    value: &'a Value,
    path: &str,
) -> Result<&'a [Value], TargetingError> {
    match value {
        Value::Null => Ok(&[]),
        Value::Array(items) => Ok(items),
        other => Err(bad(path, Problem::NotList(kind(other)))),
    }
}

/// An object being read: its keys, and where it is.
pub(crate) struct Obj<'a> {
    pub(crate) map: &'a Map<String, Value>,
    pub(crate) path: &'a str,
}

impl<'a> Obj<'a> {
    /// `value` as an object.
    pub(crate) fn new(
        value: &'a Value,
        path: &'a str,
    ) -> Result<Obj<'a>, TargetingError> {
        match value {
            Value::Object(map) => Ok(Obj { map, path }),
            other => Err(bad(path, Problem::NotObject(kind(other)))),
        }
    }

    /// Refuses any key outside `keys`; `allowed` lists them in words.
    pub(crate) fn only(
        &self,
        keys: &[&str],
        allowed: &'static str,
    ) -> Result<(), TargetingError> {
        match self.map.keys().find(|k| !keys.contains(&k.as_str())) {
            Some(key) => Err(self.fail(Problem::UnknownKey {
                key: key.clone(),
                allowed,
            })),
            None => Ok(()),
        }
    }

    /// The value of a required key.
    pub(crate) fn need(
        &self,
        key: &'static str,
    ) -> Result<&'a Value, TargetingError> {
        self.map
            .get(key)
            .ok_or_else(|| self.fail(Problem::Missing(key)))
    }

    /// A required finite number.
    pub(crate) fn number(
        &self,
        key: &'static str,
    ) -> Result<f64, TargetingError> {
        let value = self.need(key)?;
        value
            .as_f64()
            .filter(|x| x.is_finite())
            .ok_or_else(|| self.fail_at(key, Problem::NotNumber(kind(value))))
    }

    /// A required non-empty string.
    pub(crate) fn string(
        &self,
        key: &'static str,
    ) -> Result<&'a str, TargetingError> {
        match self.need(key)? {
            Value::String(s) if s.is_empty() => {
                Err(self.fail_at(key, Problem::Empty))
            }
            Value::String(s) => Ok(s),
            other => Err(self.fail_at(key, Problem::NotString(kind(other)))),
        }
    }

    /// An error about this object.
    pub(crate) fn fail(&self, problem: Problem) -> TargetingError {
        bad(self.path, problem)
    }

    /// An error about one of its keys.
    pub(crate) fn fail_at(
        &self,
        key: &str,
        problem: Problem,
    ) -> TargetingError {
        bad(&format!("{}.{key}", self.path), problem)
    }
}

/// An invalid-configuration error.
pub(crate) fn bad(path: &str, problem: Problem) -> TargetingError {
    TargetingError::invalid(path, problem)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn null_is_an_empty_list() {
        assert_eq!(list(&Value::Null, "x").map(<[_]>::len), Ok(0));
        let err = list(&json!({}), "x").err();
        let want = bad("x", Problem::NotList("an object"));
        assert_eq!(err, Some(want));
    }

    #[test]
    fn keys_are_checked() {
        let value = json!({"a": 1, "b": "x", "c": ""});
        let obj = Obj::new(&value, "o").expect("an object");
        assert!(obj.only(&["a", "b", "c"], "a, b, c").is_ok());
        let err = obj.only(&["a", "b"], "a, b").err();
        assert_eq!(
            err.map(|e| e.to_string()).as_deref(),
            Some("o: unknown key \"c\"; the keys here are a, b")
        );
        assert_eq!(obj.number("a"), Ok(1.0));
        assert!(obj.number("b").is_err());
        assert_eq!(obj.string("b"), Ok("x"));
        let empty = obj.string("c").err().map(|e| e.to_string());
        assert_eq!(empty.as_deref(), Some("o.c: must not be empty"));
        let missing = obj.number("d").err().map(|e| e.to_string());
        assert_eq!(missing.as_deref(), Some("o: \"d\" is missing"));
    }
}
