//! A grid version's targeting configuration, parsed and checked.

use h3o::{CellIndex, Resolution};
use serde_json::Value;

use crate::area::Area;
use crate::boundaries::Boundaries;
use crate::error::TargetingError;
use crate::filter::Filter;
use crate::manual::parse_cells;

/// A checked configuration for a grid at one resolution: its areas,
/// filters and manual cells. Turn it into cells with
/// [`Targeting::materialise`].
#[derive(Debug, Clone, PartialEq)]
pub struct Targeting {
    pub(crate) resolution: Resolution,
    pub(crate) areas: Vec<Area>,
    pub(crate) filter: Option<Filter>,
    pub(crate) inclusions: Vec<CellIndex>,
    pub(crate) exclusions: Vec<CellIndex>,
}

impl Targeting {
    /// Parses and validates a configuration for a grid at
    /// `resolution`: `targeted_areas` (a list; `null` is none),
    /// `targeting_filters` (a tree, or `null`), and the manual
    /// inclusions and exclusions (lists of cells, or `null`). No
    /// boundaries are imported: see [`Targeting::parse_with`].
    ///
    /// # Errors
    ///
    /// [`TargetingError::Invalid`] naming the first unusable part.
    pub fn parse(
        resolution: Resolution,
        targeted_areas: &Value,
        targeting_filters: &Value,
        inclusions: &Value,
        exclusions: &Value,
    ) -> Result<Targeting, TargetingError> {
        Targeting::parse_with(
            resolution,
            targeted_areas,
            targeting_filters,
            inclusions,
            exclusions,
            &Boundaries::new(),
        )
    }

    /// Like [`Targeting::parse`], with the imported `boundaries` that
    /// `zip` and `carrier_route` areas are looked up in.
    ///
    /// # Errors
    ///
    /// [`TargetingError::Invalid`] naming the first unusable part.
    pub fn parse_with(
        resolution: Resolution,
        targeted_areas: &Value,
        targeting_filters: &Value,
        inclusions: &Value,
        exclusions: &Value,
        boundaries: &Boundaries,
    ) -> Result<Targeting, TargetingError> {
        let areas = Area::parse_all(
            targeted_areas,
            "targeted_areas",
            resolution,
            boundaries,
        )?;
        let filter = Filter::parse(targeting_filters, "targeting_filters")?;
        let inclusions =
            parse_cells(inclusions, "manual_inclusion_filters", resolution)?;
        let exclusions =
            parse_cells(exclusions, "manual_exclusion_filters", resolution)?;
        Ok(Targeting {
            resolution,
            areas,
            filter,
            inclusions,
            exclusions,
        })
    }

    /// The grid's resolution.
    pub fn resolution(&self) -> Resolution {
        self.resolution
    }

    /// The data source ids the filters reference (sorted, deduped).
    pub fn data_sources(&self) -> Vec<String> {
        let mut ids: Vec<String> =
            self.metrics_used().into_iter().map(|(id, _)| id).collect();
        ids.dedup();
        ids
    }

    /// The (data source id, metric) pairs the filters use (sorted,
    /// deduped), for checking each metric exists.
    pub fn metrics_used(&self) -> Vec<(String, String)> {
        let mut pairs: Vec<(String, String)> = self
            .filter
            .iter()
            .flat_map(|f| f.conditions())
            .map(|c| (c.data_source_id.clone(), c.metric.clone()))
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        pairs
    }

    /// How many targeted areas.
    pub fn area_count(&self) -> usize {
        self.areas.len()
    }

    /// Whether any filter is set.
    pub fn has_filters(&self) -> bool {
        self.filter.is_some()
    }

    /// The manual inclusions (sorted, deduped).
    pub fn inclusions(&self) -> &[CellIndex] {
        &self.inclusions
    }

    /// The manual exclusions (sorted, deduped).
    pub fn exclusions(&self) -> &[CellIndex] {
        &self.exclusions
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::error::Problem;

    const RES: Resolution = Resolution::Ten;

    fn cond(id: &str, metric: &str) -> Value {
        json!({"data_source_id": id, "metric": metric, "op": ">", "value": 0})
    }

    #[test]
    fn an_empty_configuration_is_fine() {
        let n = Value::Null;
        let t = Targeting::parse(RES, &json!([]), &n, &n, &n);
        let t = t.expect("a configuration");
        assert_eq!(t.area_count(), 0);
        assert!(!t.has_filters());
        assert!(t.data_sources().is_empty());
        assert_eq!(t.resolution(), RES);
    }

    #[test]
    fn sources_and_metrics_are_listed_once() {
        let filters = json!({"any": [
            cond("b", "revenue"),
            {"all": [cond("a", "visits"), cond("b", "revenue")]},
            cond("b", "customerCount"),
        ]});
        let n = Value::Null;
        let t = Targeting::parse(RES, &n, &filters, &n, &n);
        let t = t.expect("a configuration");
        assert_eq!(t.data_sources(), ["a", "b"]);
        let pairs = t.metrics_used();
        let pairs: Vec<_> = pairs
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let want = [("a", "visits"), ("b", "customerCount"), ("b", "revenue")];
        assert_eq!(pairs, want);
    }

    #[test]
    fn each_field_names_itself_in_errors() {
        let n = Value::Null;
        let paths = [
            Targeting::parse(RES, &json!([{}]), &n, &n, &n),
            Targeting::parse(RES, &n, &json!({"all": []}), &n, &n),
            Targeting::parse(RES, &n, &n, &json!(["x"]), &n),
            Targeting::parse(RES, &n, &n, &n, &json!([1])),
        ]
        .map(|r| match r {
            Err(TargetingError::Invalid { path, .. }) => path,
            other => panic!("{other:?}"),
        });
        let want = [
            "targeted_areas[0]",
            "targeting_filters.all",
            "manual_inclusion_filters[0]",
            "manual_exclusion_filters[0]",
        ];
        assert_eq!(paths, want);
        let got = Targeting::parse(RES, &json!("x"), &n, &n, &n).err();
        let problem = got.as_ref().and_then(TargetingError::problem);
        assert_eq!(problem, Some(&Problem::NotList("a string")));
    }
}
