//! Manual inclusions and exclusions: lists of H3 cells at the grid's
//! resolution.

use h3o::{CellIndex, Resolution};
use serde_json::Value;

use crate::error::{Problem, TargetingError};
use crate::json::{bad, kind, list};

/// Reads a list of cell index strings (at `path`); `null` is none.
pub(crate) fn parse_cells(
    value: &Value,
    path: &str,
    res: Resolution,
) -> Result<Vec<CellIndex>, TargetingError> {
    let items = list(value, path)?;
    let mut cells = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let at = format!("{path}[{i}]");
        let Value::String(text) = item else {
            return Err(bad(&at, Problem::NotString(kind(item))));
        };
        let cell = text
            .parse::<CellIndex>()
            .map_err(|_| bad(&at, Problem::NotACell(text.clone())))?;
        if cell.resolution() != res {
            let problem = Problem::CellResolution {
                cell: text.clone(),
                found: cell.resolution().into(),
                grid: res.into(),
            };
            return Err(bad(&at, problem));
        }
        cells.push(cell);
    }
    cells.sort_unstable();
    cells.dedup();
    Ok(cells)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const RES: Resolution = Resolution::Ten;

    fn problem(value: Value) -> Option<(String, Problem)> {
        match parse_cells(&value, "m", RES) {
            Err(TargetingError::Invalid { path, problem }) => {
                Some((path, problem))
            }
            _ => None,
        }
    }

    #[test]
    fn cells_are_read_sorted_once() {
        let got = parse_cells(
            &json!(["8a2a1072b5a7fff", "8a2a1072b59ffff", "8a2a1072b59ffff"]),
            "m",
            RES,
        );
        let got: Vec<String> = got
            .expect("cells")
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(got, ["8a2a1072b59ffff", "8a2a1072b5a7fff"]);
        assert_eq!(parse_cells(&Value::Null, "m", RES), Ok(vec![]));
    }

    #[test]
    fn bad_cells_are_named() {
        let got = problem(json!(["8a2a1072b59ffff", "zzz"]));
        let want = ("m[1]".into(), Problem::NotACell("zzz".into()));
        assert_eq!(got, Some(want));
        let got = problem(json!(["892a1072b5bffff"]));
        let want = Problem::CellResolution {
            cell: "892a1072b5bffff".into(),
            found: 9,
            grid: 10,
        };
        assert_eq!(got, Some(("m[0]".into(), want)));
        let got = problem(json!([12]));
        assert_eq!(got, Some(("m[0]".into(), Problem::NotString("a number"))));
        let got = problem(json!("8a2a1072b59ffff"));
        assert_eq!(got, Some(("m".into(), Problem::NotList("a string"))));
    }
}
