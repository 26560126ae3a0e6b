//! Materialising: a configuration applied to loaded layers, giving
//! the targeted cells and their counts.

use h3o::CellIndex;

use crate::area::{self, MAX_AREA_CELLS};
use crate::error::TargetingError;
use crate::households::{self, HOUSEHOLDS};
use crate::layer::Layers;
use crate::lookup::Lookup;
use crate::targeting::Targeting;

/// What a configuration selects.
#[derive(Debug, Clone, PartialEq)]
pub struct Materialised {
    /// The targeted cells, sorted ascending, unique.
    pub cells: Vec<CellIndex>,
    /// The cells of the areas before filters (with no areas, the
    /// cells the filters' data sources cover; with neither, 0).
    pub area_cells: u64,
    /// `cells.len() / area_cells`; 0 when `area_cells` is 0. Above 1
    /// when inclusions outside the areas add more than filters remove.
    pub coverage: f64,
    /// The `households` metric summed over the area cells, from the
    /// first layer (by id) that has it; `None` if none has.
    pub households: Option<i64>,
    /// The same over the targeted cells.
    pub targeted_households: Option<i64>,
    /// Approximations made, in words.
    pub notes: Vec<String>,
}

/// The layers the filters read, indexed, and where each condition
/// finds its value.
struct Inputs {
    /// One per data source the filters use, in id order.
    lookups: Vec<(String, Lookup)>,
    /// Per condition: the lookup and its column there.
    slots: Vec<(usize, usize)>,
}

impl Targeting {
    /// Materialises against loaded layers: one per data source the
    /// filters reference (others are used for households only).
    ///
    /// # Errors
    ///
    /// A layer missing or misshapen, a metric missing, or too many
    /// candidate cells.
    pub fn materialise(
        &self,
        layers: &Layers,
    ) -> Result<Materialised, TargetingError> {
        let inputs = self.inputs(layers)?;
        let mut notes = Vec::new();
        let grid = self.resolution;
        for (id, lookup) in &inputs.lookups {
            notes.extend(lookup.note(id, grid));
        }
        let areas = self.candidates(&inputs, &mut notes)?;
        let mut cells = self.filtered(&inputs, &areas);
        cells.extend_from_slice(&self.inclusions);
        cells.sort_unstable();
        cells.dedup();
        cells.retain(|c| self.exclusions.binary_search(c).is_err());
        let (mut households, mut targeted_households) = (None, None);
        if let Some((id, lookup)) = households_layer(layers, grid)? {
            households = Some(households::total(&lookup, &areas, grid));
            let targeted = households::total(&lookup, &cells, grid);
            targeted_households = Some(targeted);
            notes.push(households::note(&lookup, &id, grid));
        }
        let area_cells = areas.len() as u64;
        let coverage = if area_cells == 0 {
            0.0
        } else {
            cells.len() as f64 / area_cells as f64
        };
        Ok(Materialised {
            cells,
            area_cells,
            coverage,
            households,
            targeted_households,
            notes,
        })
    }

    /// Checks and indexes the layers the filters use.
    fn inputs(&self, layers: &Layers) -> Result<Inputs, TargetingError> {
        let used = self.metrics_used();
        let mut lookups = Vec::new();
        for id in self.data_sources() {
            let layer = layers.get(&id).ok_or_else(|| {
                TargetingError::MissingLayer {
                    data_source_id: id.clone(),
                }
            })?;
            layer.check()?;
            let mut columns = Vec::new();
            for (_, metric) in used.iter().filter(|(i, _)| *i == id) {
                let column = layer.column(metric).ok_or_else(|| {
                    TargetingError::MissingMetric {
                        data_source_id: id.clone(),
                        metric: metric.clone(),
                        available: layer.metrics.clone(),
                    }
                })?;
                columns.push(column);
            }
            let lookup = Lookup::new(layer, &columns, self.resolution);
            lookups.push((id, lookup));
        }
        let conditions = self.filter.iter().flat_map(|f| f.conditions());
        let slots = conditions
            .map(|c| {
                let at = |(id, _): &(String, Lookup)| *id == c.data_source_id;
                let l = lookups.iter().position(at).unwrap_or_default();
                let mut mine =
                    used.iter().filter(|(i, _)| *i == c.data_source_id);
                let j = mine.position(|(_, m)| *m == c.metric);
                (l, j.unwrap_or_default())
            })
            .collect();
        Ok(Inputs { lookups, slots })
    }

    /// The cells before filters, sorted and unique.
    fn candidates(
        &self,
        inputs: &Inputs,
        notes: &mut Vec<String>,
    ) -> Result<Vec<CellIndex>, TargetingError> {
        let grid = self.resolution;
        let mut cells = Vec::new();
        if self.areas.is_empty() && !inputs.lookups.is_empty() {
            let about = inputs
                .lookups
                .iter()
                .map(|(_, l)| l.grid_cell_count(grid))
                .fold(0, u64::saturating_add);
            if about > MAX_AREA_CELLS {
                return Err(TargetingError::TooManyCandidates {
                    about,
                    resolution: grid.into(),
                    limit: MAX_AREA_CELLS,
                });
            }
            for (_, lookup) in &inputs.lookups {
                lookup.grid_cells(grid, &mut cells);
            }
            let ids: Vec<&str> =
                inputs.lookups.iter().map(|(id, _)| id.as_str()).collect();
            notes.push(format!(
                "with no targeted areas, the candidates are the cells \
                 of data sources {}.",
                ids.join(", ")
            ));
        }
        for (i, area) in self.areas.iter().enumerate() {
            let path = format!("targeted_areas[{i}]");
            cells.extend(area.cells(grid, &path)?);
        }
        notes.extend(area::notes(&self.areas));
        cells.sort_unstable();
        cells.dedup();
        Ok(cells)
    }

    /// The candidates the filters keep.
    fn filtered(
        &self,
        inputs: &Inputs,
        candidates: &[CellIndex],
    ) -> Vec<CellIndex> {
        let Some(filter) = &self.filter else {
            return candidates.to_vec();
        };
        let lookups = &inputs.lookups;
        let mut rows = vec![None; lookups.len()];
        let mut kept = Vec::new();
        for &cell in candidates {
            for (row, (_, lookup)) in rows.iter_mut().zip(lookups) {
                *row = lookup.row(cell);
            }
            let value = |i: usize| {
                let (l, j) = inputs.slots[i];
                lookups[l].1.value(rows[l], j)
            };
            if filter.matches(&value) {
                kept.push(cell);
            }
        }
        kept
    }
}

/// The first layer, by id, with a `households` metric, indexed.
fn households_layer(
    layers: &Layers,
    grid: h3o::Resolution,
) -> Result<Option<(String, Lookup)>, TargetingError> {
    for (id, layer) in layers.iter() {
        if let Some(column) = layer.column(HOUSEHOLDS) {
            layer.check()?;
            let lookup = Lookup::new(layer, &[column], grid);
            return Ok(Some((id.to_owned(), lookup)));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests;
