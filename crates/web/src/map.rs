//! Maps: the JSON a page's map draws (`map.json`), and the roll-up
//! behind it. Cells are drawn as their H3 hexagons, whose vertices are
//! computed here; a view that would hold more than [`LIMIT`] cells is
//! summed into parent cells, at the finest resolution that fits.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use h3o::{CellIndex, LatLng, Resolution};
use honeygrid_app::App;
use honeygrid_app::reads::CellTable;
use serde::{Deserialize, Serialize};

use crate::format;
use crate::pages::{PageError, PageResult};
use crate::session::Session;

/// Most cells one map response holds.
pub const LIMIT: usize = 20_000;

/// Views kept (a version at one resolution each).
const CAPACITY: usize = 8;

/// A map embedded in a page.
#[derive(Debug, Clone)]
pub struct MapEmbed {
    /// Where the map's data is read (`.../map.json?version=`).
    pub src: String,
    /// What the map shows, for screen readers and the caption.
    pub label: String,
    /// The panel's heading.
    pub title: &'static str,
    /// What the colours say, under the heading.
    pub hint: &'static str,
}

const HINT: &str = "Drag or use the arrow keys to pan, scroll or use + \
    and − to zoom; zoomed in, finer cells are shown.";

impl MapEmbed {
    /// The map of a data source's version.
    pub fn of_version(source: &str, version: &str, name: &str) -> Self {
        MapEmbed {
            src: format!("/data-sources/{source}/map.json?version={version}"),
            label: format!("Map of the cells of {name}"),
            title: "Map",
            hint: HINT,
        }
    }

    /// The map of what changed from one version to another.
    pub fn of_comparison(source: &str, from: &str, to: &str) -> Self {
        MapEmbed {
            src: format!(
                "/data-sources/{source}/compare/map.json?from={from}&to={to}"
            ),
            label: "Map of the cells that changed".to_owned(),
            title: "Where it changed",
            hint: "Cells that went up are orange, cells that went down \
                blue, by the chosen metric. Drag or use the arrow keys to pan, \
                scroll or use + and − to zoom.",
        }
    }

    /// The map of a grid version's targeted cells.
    pub fn of_grid(grid: &str, version: &str) -> Self {
        MapEmbed {
            src: format!("/grids/{grid}/map.json?version={version}"),
            label: "Map of the targeted cells".to_owned(),
            title: "Map",
            hint: HINT,
        }
    }
}

/// `?version=&bbox=w,s,e,n&km_per_px=` of a `map.json`.
#[derive(Debug, Deserialize)]
pub(crate) struct MapQuery {
    version: Option<String>,
    /// West, south, east, north in degrees; the whole version without.
    bbox: Option<String>,
    /// Kilometres per screen pixel: cells smaller than a few pixels
    /// are rolled up.
    km_per_px: Option<f64>,
}

/// One cell of a response: its id, its values (in the order of
/// `metrics`) and its boundary as `[lng, lat, lng, lat, ...]`.
#[derive(Debug, Serialize)]
pub struct MapCell(String, Vec<i64>, Vec<f64>);

/// A `map.json` response.
#[derive(Debug, Serialize)]
pub struct MapData {
    /// The resolution of the cells sent.
    pub resolution: u8,
    /// The resolution the data was summed at.
    pub native: u8,
    /// Metric names.
    pub metrics: Vec<String>,
    /// Metric names as the pages show them.
    pub labels: Vec<String>,
    /// The cells in the box.
    pub cells: Vec<MapCell>,
    /// True when values are changes, up or down, coloured apart.
    pub diverging: bool,
}

/// A version's cells at one resolution, every metric summed.
#[derive(Debug)]
pub struct View {
    /// Metric names, one a value of a cell.
    metrics: Vec<String>,
    cells: Vec<CellIndex>,
    /// Centres, `(lng, lat)`.
    centres: Vec<(f64, f64)>,
    /// Row-major, `width` values a cell.
    values: Vec<i64>,
    width: usize,
}

impl View {
    /// The cells of a table; a table without metrics (a grid's
    /// targeted cells) counts 1 a cell, as `targetedCells`. Keys that
    /// are not H3 cells (`unknown`) are left out.
    pub fn from_table(table: &CellTable) -> View {
        let metrics = if table.metrics.is_empty() {
            vec!["targetedCells".to_owned()]
        } else {
            table.metrics.clone()
        };
        let mut view = View::empty(metrics);
        for (i, key) in table.cells.iter().enumerate() {
            let Ok(cell) = key.parse::<CellIndex>() else {
                continue;
            };
            if table.metrics.is_empty() {
                view.push(cell, &[1]);
            } else {
                view.push(cell, table.row(i));
            }
        }
        view
    }

    fn empty(metrics: Vec<String>) -> View {
        View {
            width: metrics.len(),
            metrics,
            cells: Vec::new(),
            centres: Vec::new(),
            values: Vec::new(),
        }
    }

    fn push(&mut self, cell: CellIndex, values: &[i64]) {
        let centre = LatLng::from(cell);
        self.cells.push(cell);
        self.centres.push((centre.lng(), centre.lat()));
        self.values.extend_from_slice(values);
    }

    /// The finest resolution of the cells.
    fn resolution(&self) -> u8 {
        self.cells
            .iter()
            .map(|c| u8::from(c.resolution()))
            .max()
            .unwrap_or(0)
    }

    /// The cells summed into their parents at `res`.
    pub fn rolled_up(&self, res: Resolution) -> View {
        let mut at: HashMap<CellIndex, usize> = HashMap::new();
        let mut parents = Vec::new();
        let mut sums: Vec<i64> = Vec::new();
        for (i, cell) in self.cells.iter().enumerate() {
            let parent = cell.parent(res).unwrap_or(*cell);
            let slot = *at.entry(parent).or_insert_with(|| {
                parents.push(parent);
                sums.extend(std::iter::repeat_n(0, self.width));
                parents.len() - 1
            });
            let row = &self.values[i * self.width..(i + 1) * self.width];
            let into = &mut sums[slot * self.width..(slot + 1) * self.width];
            for (s, v) in into.iter_mut().zip(row) {
                *s = s.saturating_add(*v);
            }
        }
        let mut view = View::empty(self.metrics.clone());
        for (slot, parent) in parents.into_iter().enumerate() {
            let row = &sums[slot * self.width..(slot + 1) * self.width];
            view.push(parent, row);
        }
        view
    }

    /// Positions of the cells whose centre is in the box.
    fn within(&self, bbox: Option<[f64; 4]>) -> Vec<usize> {
        let inside = |(lng, lat): (f64, f64)| match bbox {
            None => true,
            Some([w, s, e, n]) => lng >= w && lng <= e && lat >= s && lat <= n,
        };
        (0..self.cells.len())
            .filter(|&i| inside(self.centres[i]))
            .collect()
    }
}

/// Recently used views, by source key and resolution, oldest first.
type Views = Vec<((String, u8), Arc<View>)>;

static VIEWS: LazyLock<Mutex<Views>> = LazyLock::new(Mutex::default);

fn cached(key: &(String, u8)) -> Option<Arc<View>> {
    let mut views = VIEWS.lock().unwrap_or_else(|e| e.into_inner());
    let at = views.iter().position(|(k, _)| k == key)?;
    let entry = views.remove(at);
    let view = entry.1.clone();
    views.push(entry);
    Some(view)
}

fn keep(key: (String, u8), view: Arc<View>) {
    let mut views = VIEWS.lock().unwrap_or_else(|e| e.into_inner());
    views.retain(|(k, _)| *k != key);
    views.push((key, view));
    while views.len() > CAPACITY {
        views.remove(0);
    }
}

/// The view of `source` at `res`, from the cache or rolled up from
/// the native view.
fn view_at(source: &str, native: &Arc<View>, res: u8) -> Arc<View> {
    if res >= native.resolution() {
        return native.clone();
    }
    let key = (source.to_owned(), res);
    if let Some(view) = cached(&key) {
        return view;
    }
    let resolution = Resolution::try_from(res).unwrap_or(Resolution::Zero);
    let view = Arc::new(native.rolled_up(resolution));
    keep(key, view.clone());
    view
}

/// The finest resolution, at most `native`, whose cells are at least a
/// few pixels across at `km_per_px`.
pub fn readable(native: u8, km_per_px: Option<f64>) -> u8 {
    let Some(px) = km_per_px.filter(|p| p.is_finite() && *p > 0.0) else {
        return native;
    };
    (0..=native)
        .rev()
        .find(|&r| {
            Resolution::try_from(r)
                .map(|r| r.edge_length_km() >= 2.5 * px)
                .unwrap_or(false)
        })
        .unwrap_or(0)
}

/// Parses `w,s,e,n`.
fn bbox(text: Option<&str>) -> Option<[f64; 4]> {
    let parts: Vec<f64> = text?
        .split(',')
        .map(|p| p.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .ok()?;
    match parts[..] {
        [w, s, e, n] if w < e && s < n => Some([w, s, e, n]),
        _ => None,
    }
}

/// The cells of a source for one view: rolled up to the readable
/// resolution, and further until the box holds at most [`LIMIT`].
pub fn answer(
    source: &str,
    native: &Arc<View>,
    q_bbox: Option<&str>,
    km_per_px: Option<f64>,
) -> MapData {
    let finest = native.resolution();
    let bbox = bbox(q_bbox);
    let mut res = readable(finest, km_per_px);
    let (view, found) = loop {
        let view = view_at(source, native, res);
        let found = view.within(bbox);
        if found.len() <= LIMIT || res == 0 {
            break (view, found);
        }
        res -= 1;
    };
    let cells = found
        .into_iter()
        .take(LIMIT)
        .map(|i| {
            let cell = view.cells[i];
            let row = &view.values[i * view.width..(i + 1) * view.width];
            let mut ring = Vec::with_capacity(12);
            for vertex in cell.boundary().iter() {
                ring.push(round(vertex.lng()));
                ring.push(round(vertex.lat()));
            }
            MapCell(cell.to_string(), row.to_vec(), ring)
        })
        .collect();
    MapData {
        resolution: res.min(finest),
        native: finest,
        labels: view
            .metrics
            .iter()
            .map(|m| format::metric_title(m))
            .collect(),
        metrics: view.metrics.clone(),
        cells,
        diverging: false,
    }
}

/// Five decimals: about a metre.
fn round(degrees: f64) -> f64 {
    (degrees * 1e5).round() / 1e5
}

/// The native view kept for `key`, if it still is.
pub(crate) fn kept_native(key: &str) -> Option<Arc<View>> {
    cached(&(key.to_owned(), u8::MAX))
}

/// The native view of a table, from the cache or built (off the
/// async threads: a big version takes a moment).
pub(crate) async fn native(
    key: &str,
    table: impl Fn() -> View + Send + 'static,
) -> Arc<View> {
    if let Some(view) = kept_native(key) {
        return view;
    }
    let key = (key.to_owned(), u8::MAX);
    let view = tokio::task::spawn_blocking(table)
        .await
        .map(Arc::new)
        .unwrap_or_else(|_| Arc::new(View::empty(Vec::new())));
    keep(key, view.clone());
    view
}

pub(crate) fn json(data: MapData) -> Response {
    let mut response = Json(data).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `GET /data-sources/{id}/map.json`: a ready version's cells (the
/// current one without `version`).
pub(crate) async fn data_source(
    State(app): State<App>,
    session: Session,
    Path(id): Path<String>,
    Query(q): Query<MapQuery>,
) -> PageResult<Response> {
    let who = &session.who;
    let version = app.ready_version(who, &id, q.version.as_deref()).await?;
    let loaded = app.loaded(&version).await?;
    let key = format!("version:{}", version.id);
    let table = loaded.clone();
    let view = native(&key, move || View::from_table(&table.table)).await;
    let data = answer(&key, &view, q.bbox.as_deref(), q.km_per_px);
    Ok(json(data))
}

/// `GET /grids/{id}/map.json`: a grid version's targeted cells (the
/// active one without `version`), counted as `targetedCells`.
pub(crate) async fn grid(
    State(app): State<App>,
    session: Session,
    Path(id): Path<String>,
    Query(q): Query<MapQuery>,
) -> PageResult<Response> {
    let who = &session.who;
    let grid = app.grid(who, &id).await?;
    let vid = q
        .version
        .clone()
        .or(grid.current_version_id.clone())
        .ok_or_else(|| {
            PageError::not_found("This grid has no active version.")
        })?;
    let version = app.grid_version(who, &id, &vid).await?;
    let loaded = app.targeted_cells(&grid, &version).await?;
    let key = format!("grid:{}:{}", version.id, version.revision);
    let view = native(&key, move || View::from_table(&loaded.table)).await;
    let data = answer(&key, &view, q.bbox.as_deref(), q.km_per_px);
    Ok(json(data))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(cells: &[&str], values: &[i64]) -> CellTable {
        CellTable {
            metrics: vec!["customerCount".into()],
            cells: cells.iter().map(|c| (*c).to_owned()).collect(),
            values: values.to_vec(),
        }
    }

    #[test]
    fn rolls_up_into_parents_summing_values() {
        let a: CellIndex = "8a283082800ffff".parse().unwrap();
        let b = a.grid_disk::<Vec<_>>(1)[1];
        let far: CellIndex = "8a2a1072b59ffff".parse().unwrap();
        let t = table(
            &[&a.to_string(), &b.to_string(), &far.to_string(), "unknown"],
            &[2, 3, 5, 7],
        );
        let view = View::from_table(&t);
        assert_eq!(view.cells.len(), 3);
        let up = view.rolled_up(Resolution::Three);
        assert_eq!(up.cells.len(), 2);
        assert_eq!(up.values.iter().sum::<i64>(), 10);
    }

    #[test]
    fn answers_with_boundaries_and_clips_to_the_box() {
        let sf: CellIndex = "8a283082800ffff".parse().unwrap();
        let ny: CellIndex = "8a2a1072b59ffff".parse().unwrap();
        let t = table(&[&sf.to_string(), &ny.to_string()], &[1, 2]);
        let view = Arc::new(View::from_table(&t));
        let all = answer("test:clip", &view, None, None);
        assert_eq!((all.resolution, all.native), (10, 10));
        assert_eq!(all.cells.len(), 2);
        assert_eq!(all.cells[0].2.len(), 12);
        let west = Some("-125,30,-110,45");
        let some = answer("test:clip", &view, west, None);
        assert_eq!(some.cells.len(), 1);
        assert_eq!(some.cells[0].0, sf.to_string());
    }

    #[test]
    fn coarser_cells_when_zoomed_out() {
        assert_eq!(readable(10, None), 10);
        assert_eq!(readable(10, Some(0.001)), 10);
        let far = readable(10, Some(5.0));
        assert!(far < 6, "{far}");
        assert_eq!(bbox(Some("1,2,3")), None);
        assert_eq!(bbox(Some("-1,2,3,4")), Some([-1.0, 2.0, 3.0, 4.0]));
    }
}
