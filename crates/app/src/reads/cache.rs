//! Aggregates read recently, kept parsed with their sort orders, so
//! paging through a large version does not read it again per request.
//! Versions never change once ready, so entries never go stale.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::table::CellTable;

/// How many versions are kept parsed.
const CAPACITY: usize = 8;

/// Sort orders by (metric column, descending).
type Orders = HashMap<(usize, bool), Arc<Vec<u32>>>;

/// A parsed version with the orders computed so far.
#[derive(Debug)]
pub struct Loaded {
    /// The cells and metrics.
    pub table: CellTable,
    orders: Mutex<Orders>,
}

impl Loaded {
    /// Wraps a parsed table.
    pub fn new(table: CellTable) -> Loaded {
        Loaded {
            table,
            orders: Mutex::default(),
        }
    }

    /// Row positions sorted by a metric column (descending when
    /// `desc`), ties in stored order; computed once per column.
    pub fn order(&self, column: usize, desc: bool) -> Arc<Vec<u32>> {
        let key = (column, desc);
        if let Some(order) = self.lock().get(&key) {
            return order.clone();
        }
        let order = Arc::new(self.sorted(column, desc));
        self.lock().insert(key, order.clone());
        order
    }

    fn sorted(&self, column: usize, desc: bool) -> Vec<u32> {
        let width = self.table.metrics.len();
        let values = &self.table.values;
        let at = |i: u32| values[i as usize * width + column];
        let mut order: Vec<u32> = (0..self.table.cells.len() as u32).collect();
        if desc {
            order.sort_by_key(|&i| std::cmp::Reverse(at(i)));
        } else {
            order.sort_by_key(|&i| at(i));
        }
        order
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Orders> {
        self.orders.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The most recently used parsed versions, by version id.
#[derive(Debug, Default)]
pub struct AggregateCache {
    entries: Mutex<Vec<(String, Arc<Loaded>)>>,
}

impl AggregateCache {
    /// The parsed version, if kept; marks it most recently used.
    pub fn get(&self, version_id: &str) -> Option<Arc<Loaded>> {
        let mut entries = self.lock();
        let i = entries.iter().position(|(id, _)| id == version_id)?;
        let entry = entries.remove(i);
        let loaded = entry.1.clone();
        entries.push(entry);
        Some(loaded)
    }

    /// Keeps a parsed version, dropping the least recently used.
    pub fn put(&self, version_id: &str, loaded: Arc<Loaded>) {
        let mut entries = self.lock();
        entries.retain(|(id, _)| id != version_id);
        if entries.len() >= CAPACITY {
            entries.remove(0);
        }
        entries.push((version_id.to_owned(), loaded));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<(String, Arc<Loaded>)>> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loaded() -> Loaded {
        let json = br#"{"a":{"n":2},"b":{"n":9},"c":{"n":2},"d":{"n":1}}"#;
        Loaded::new(CellTable::parse(json).expect("parses"))
    }

    #[test]
    fn orders_are_stable_both_ways() {
        let l = loaded();
        assert_eq!(*l.order(0, true), [1, 0, 2, 3]);
        assert_eq!(*l.order(0, false), [3, 0, 2, 1]);
    }

    #[test]
    fn the_least_recently_used_goes_first() {
        let cache = AggregateCache::default();
        for i in 0..CAPACITY {
            cache.put(&i.to_string(), Arc::new(loaded()));
        }
        assert!(cache.get("0").is_some());
        cache.put("new", Arc::new(loaded()));
        assert!(cache.get("0").is_some() && cache.get("1").is_none());
    }
}
