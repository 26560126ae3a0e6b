//! The filter tree: `{"all": [...]}`, `{"any": [...]}` and
//! conditions, nested.

use serde_json::Value;

use crate::condition::Condition;
use crate::error::{Problem, TargetingError};
use crate::json::{Obj, bad, kind};

/// How deep groups may nest.
pub const MAX_DEPTH: usize = 32;

/// A filter tree, its conditions numbered in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Filter {
    root: Node,
    conditions: Vec<Condition>,
}

/// A group, or the number of a condition.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Node {
    /// Every filter matches.
    All(Vec<Node>),
    /// At least one filter matches.
    Any(Vec<Node>),
    /// Condition number `n`.
    Leaf(usize),
}

impl Filter {
    /// Reads `targeting_filters` (at `path`); `null` is no filter.
    pub(crate) fn parse(
        value: &Value,
        path: &str,
    ) -> Result<Option<Filter>, TargetingError> {
        if value.is_null() {
            return Ok(None);
        }
        let mut conditions = Vec::new();
        let root = read(value, path, 1, &mut conditions)?;
        Ok(Some(Filter { root, conditions }))
    }

    /// Every condition, in reading order.
    pub(crate) fn conditions(&self) -> &[Condition] {
        &self.conditions
    }

    /// Whether a cell matches; `value(n)` is the value condition `n`
    /// compares.
    pub(crate) fn matches(&self, value: &impl Fn(usize) -> i64) -> bool {
        self.root.eval(&self.conditions, value)
    }
}

impl Node {
    fn eval(&self, all: &[Condition], value: &impl Fn(usize) -> i64) -> bool {
        match self {
            Node::All(nodes) => nodes.iter().all(|n| n.eval(all, value)),
            Node::Any(nodes) => nodes.iter().any(|n| n.eval(all, value)),
            Node::Leaf(n) => all[*n].test.matches(value(*n)),
        }
    }
}

fn read(
    value: &Value,
    path: &str,
    depth: usize,
    conditions: &mut Vec<Condition>,
) -> Result<Node, TargetingError> {
    if depth > MAX_DEPTH {
        return Err(bad(path, Problem::TooDeep(MAX_DEPTH)));
    }
    let obj = Obj::new(value, path)?;
    let group = ["all", "any"]
        .into_iter()
        .find(|k| obj.map.contains_key(*k));
    let Some(key) = group else {
        if obj.map.is_empty() {
            return Err(obj.fail(Problem::FilterShape));
        }
        conditions.push(Condition::parse(&obj)?);
        return Ok(Node::Leaf(conditions.len() - 1));
    };
    obj.only(&[key], "only all, or only any, in a group")?;
    let at = format!("{path}.{key}");
    let items = match &obj.map[key] {
        Value::Array(items) => items,
        other => return Err(bad(&at, Problem::NotList(kind(other)))),
    };
    if items.is_empty() {
        let name = if key == "all" { "all" } else { "any" };
        return Err(bad(&at, Problem::EmptyGroup(name)));
    }
    let mut nodes = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let item_at = format!("{at}[{i}]");
        nodes.push(read(item, &item_at, depth + 1, conditions)?);
    }
    Ok(if key == "all" {
        Node::All(nodes)
    } else {
        Node::Any(nodes)
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn cond(metric: &str, op: &str, value: i64) -> Value {
        json!({
            "data_source_id": "d", "metric": metric, "op": op,
            "value": value
        })
    }

    fn parse(value: Value) -> Filter {
        Filter::parse(&value, "f")
            .expect("a filter")
            .expect("not null")
    }

    fn error(value: Value) -> Option<(String, Problem)> {
        match Filter::parse(&value, "f") {
            Err(TargetingError::Invalid { path, problem }) => {
                Some((path, problem))
            }
            _ => None,
        }
    }

    #[test]
    fn null_is_no_filter() {
        assert_eq!(Filter::parse(&Value::Null, "f"), Ok(None));
    }

    #[test]
    fn groups_combine_conditions() {
        // a > 1 and (b = 0 or c != 5)
        let f = parse(json!({"all": [
            cond("a", ">", 1),
            {"any": [cond("b", "=", 0), cond("c", "!=", 5)]},
        ]}));
        let names: Vec<_> =
            f.conditions().iter().map(|c| c.metric.clone()).collect();
        assert_eq!(names, ["a", "b", "c"]);
        let at = |a: i64, b: i64, c: i64| f.matches(&|i| [a, b, c][i]);
        assert!(at(2, 0, 5));
        assert!(at(2, 1, 4));
        assert!(!at(2, 1, 5));
        assert!(!at(1, 0, 0));
    }

    #[test]
    fn a_lone_condition_is_a_filter() {
        let f = parse(cond("a", "<", 10));
        assert!(f.matches(&|_| 0));
        assert!(!f.matches(&|_| 10));
    }

    #[test]
    fn bad_trees_are_refused() {
        let got = error(json!({"all": []}));
        let want = ("f.all".into(), Problem::EmptyGroup("all"));
        assert_eq!(got, Some(want));
        let got = error(json!({"any": {}}));
        let want = ("f.any".into(), Problem::NotList("an object"));
        assert_eq!(got, Some(want));
        let got = error(json!({"all": [cond("a", ">", 1)], "any": []}));
        assert!(matches!(got, Some((_, Problem::UnknownKey { .. }))));
        let got = error(json!({}));
        assert_eq!(got, Some(("f".into(), Problem::FilterShape)));
        let got = error(json!([]));
        assert_eq!(got, Some(("f".into(), Problem::NotObject("a list"))));
        let got = error(json!({"all": [cond("a", ">", 1), {"op": ">"}]}));
        let want = Problem::Missing("data_source_id");
        assert_eq!(got, Some(("f.all[1]".into(), want)));
    }

    #[test]
    fn deep_nesting_is_refused() {
        let mut f = cond("a", ">", 1);
        for _ in 0..MAX_DEPTH {
            f = json!({"all": [f]});
        }
        assert!(matches!(error(f), Some((_, Problem::TooDeep(_)))));
    }
}
