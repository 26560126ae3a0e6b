//! The rows of one chunk, read and waiting to be placed together, so
//! that resolvers which call a service get whole batches.

use std::ops::Range;

use honeygrid_core::{ColumnPlan, LocationFields};

use crate::records::Records;

/// A row read, not yet placed.
pub(crate) struct PendingRow {
    /// Its line (1 is the chunk's first).
    pub line: u64,
    /// Its bytes in the chunk, to read it again for the report.
    pub span: Range<usize>,
    /// What was wrong with it so far.
    pub reasons: Vec<String>,
}

/// Rows with their metric values and a copy of their location fields.
pub(crate) struct Batch {
    metrics: usize,
    pub rows: Vec<PendingRow>,
    values: Vec<i64>,
    arena: Vec<u8>,
    /// Per row, the ranges in `arena` of address1, address2, city,
    /// state, zip, country, lat, lng and the row's identifier.
    fields: Vec<[Range<u32>; 9]>,
}

impl Batch {
    /// An empty batch of rows with `metrics` metric values each.
    pub fn new(metrics: usize) -> Batch {
        Batch {
            metrics,
            rows: Vec::new(),
            values: Vec::new(),
            arena: Vec::new(),
            fields: Vec::new(),
        }
    }

    /// Adds the current record: copies its location fields and returns
    /// the slots for its metric values.
    pub fn push(
        &mut self,
        record: &Records<'_>,
        plan: &ColumnPlan,
    ) -> (&mut PendingRow, &mut [i64]) {
        let cols = &plan.location;
        let order = [
            cols.address1,
            cols.address2,
            cols.city,
            cols.state,
            cols.zip,
            cols.country,
            cols.lat,
            cols.lng,
            plan.id_column(),
        ];
        let ranges = order.map(|col| {
            let bytes = col.and_then(|i| record.get(i)).unwrap_or(b"");
            let start = self.arena.len() as u32;
            self.arena.extend_from_slice(bytes);
            start..self.arena.len() as u32
        });
        self.fields.push(ranges);
        self.rows.push(PendingRow {
            line: record.line(),
            span: record.span(),
            reasons: Vec::new(),
        });
        let start = self.values.len();
        self.values.resize(start + self.metrics, 0);
        let row = self.rows.last_mut().expect("just pushed");
        (row, &mut self.values[start..])
    }

    /// The location fields of every row, in order.
    pub fn locations(&self) -> Vec<LocationFields<'_>> {
        self.fields.iter().map(|f| self.location(f)).collect()
    }

    /// The location fields of row `i`.
    pub fn location_of(&self, i: usize) -> LocationFields<'_> {
        self.location(&self.fields[i])
    }

    fn location(&self, f: &[Range<u32>; 9]) -> LocationFields<'_> {
        let get = |r: &Range<u32>| self.bytes(r);
        LocationFields {
            address1: get(&f[0]),
            address2: get(&f[1]),
            city: get(&f[2]),
            state: get(&f[3]),
            zip: get(&f[4]),
            country: get(&f[5]),
            lat: get(&f[6]),
            lng: get(&f[7]),
        }
    }

    fn bytes(&self, r: &Range<u32>) -> &[u8] {
        &self.arena[r.start as usize..r.end as usize]
    }

    /// The identifier of row `i` (empty when the file has none).
    pub fn id(&self, i: usize) -> std::borrow::Cow<'_, str> {
        crate::decode::field_text(self.bytes(&self.fields[i][8]))
    }

    /// The metric values of row `i`.
    pub fn values(&self, i: usize) -> &[i64] {
        &self.values[i * self.metrics..(i + 1) * self.metrics]
    }
}
