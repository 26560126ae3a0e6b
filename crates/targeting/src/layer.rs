//! Layers: a data source version's per-cell values, as loaded by the
//! caller.

use std::collections::BTreeMap;

use h3o::{CellIndex, Resolution};

use crate::error::{LayerError, TargetingError};

/// One data source version's cells and values. `values` is row-major:
/// the value of metric `m` in cell `i` is `values[i * metrics.len() +
/// m]`. All cells share one resolution. A cell listed twice has its
/// values added up.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layer {
    /// Metric names, one per column.
    pub metrics: Vec<String>,
    /// The cells, one per row.
    pub cells: Vec<CellIndex>,
    /// `cells.len() * metrics.len()` values, row by row.
    pub values: Vec<i64>,
}

impl Layer {
    /// A layer, once its parts are checked to fit together.
    ///
    /// # Errors
    ///
    /// [`TargetingError::Layer`] when `values` is not `cells ×
    /// metrics` long, or the cells are at several resolutions.
    pub fn new(
        metrics: Vec<String>,
        cells: Vec<CellIndex>,
        values: Vec<i64>,
    ) -> Result<Layer, TargetingError> {
        let layer = Layer {
            metrics,
            cells,
            values,
        };
        layer.check()?;
        Ok(layer)
    }

    /// The cells' resolution; `None` for a layer with no cells.
    pub fn resolution(&self) -> Option<Resolution> {
        self.cells.first().map(|c| c.resolution())
    }

    /// The column of a metric.
    pub fn column(&self, metric: &str) -> Option<usize> {
        self.metrics.iter().position(|m| m == metric)
    }

    /// Checks the parts fit; returns the resolution.
    pub(crate) fn check(&self) -> Result<Option<Resolution>, LayerError> {
        let (cells, metrics) = (self.cells.len(), self.metrics.len());
        if self.values.len() != cells.saturating_mul(metrics) {
            return Err(LayerError::Shape {
                cells,
                metrics,
                values: self.values.len(),
            });
        }
        let first = self.resolution();
        let odd = self.cells.iter().find(|c| Some(c.resolution()) != first);
        if let (Some(cell), Some(first)) = (odd, first) {
            return Err(LayerError::MixedResolutions {
                cell: cell.to_string(),
                found: cell.resolution().into(),
                first: first.into(),
            });
        }
        Ok(first)
    }
}

/// The layers given to materialise, by data source id.
#[derive(Debug, Clone, Default)]
pub struct Layers {
    by_id: BTreeMap<String, Layer>,
}

impl Layers {
    /// No layers.
    pub fn new() -> Layers {
        Layers::default()
    }

    /// Adds (or replaces) the layer of data source `id`.
    pub fn insert(&mut self, id: String, layer: Layer) {
        self.by_id.insert(id, layer);
    }

    /// The layer of data source `id`.
    pub fn get(&self, id: &str) -> Option<&Layer> {
        self.by_id.get(id)
    }

    /// The layers in order of id.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Layer)> {
        self.by_id.iter().map(|(id, layer)| (id.as_str(), layer))
    }

    /// How many layers.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    /// True with no layers.
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(hex: &str) -> CellIndex {
        hex.parse().expect("a cell")
    }

    #[test]
    fn a_layer_fits_together() {
        let metrics = vec!["a".to_owned(), "b".to_owned()];
        let cells = vec![cell("8a2a1072b59ffff"), cell("8a2a1072b5a7fff")];
        let layer = Layer::new(metrics.clone(), cells.clone(), vec![1; 4]);
        let layer = layer.expect("a layer");
        assert_eq!(layer.resolution(), Some(Resolution::Ten));
        assert_eq!(layer.column("b"), Some(1));
        let short = Layer::new(metrics.clone(), cells, vec![1; 3]);
        let want = LayerError::Shape {
            cells: 2,
            metrics: 2,
            values: 3,
        };
        assert_eq!(short.err(), Some(TargetingError::Layer(want)));
        let mixed = vec![cell("8a2a1072b59ffff"), cell("892a1072b5bffff")];
        let got = Layer::new(metrics, mixed, vec![1; 4]).err();
        let text = got.map(|e| e.to_string()).unwrap_or_default();
        assert!(text.contains("892a1072b5bffff is at 9"), "{text}");
    }

    #[test]
    fn an_empty_layer_has_no_resolution() {
        let layer = Layer::new(vec!["a".into()], vec![], vec![]);
        assert_eq!(layer.map(|l| l.resolution()), Ok(None));
    }

    #[test]
    fn layers_are_kept_by_id() {
        let mut layers = Layers::new();
        assert!(layers.is_empty());
        layers.insert("b".into(), Layer::default());
        layers.insert("a".into(), Layer::default());
        let ids: Vec<_> = layers.iter().map(|(id, _)| id).collect();
        assert_eq!(ids, ["a", "b"]);
        assert_eq!(layers.len(), 2);
        assert!(layers.get("a").is_some() && layers.get("c").is_none());
    }
}
