//! A geocode cache: a provider's answers kept in a file in the data
//! directory, so a re-upload or a recurring export does not pay the
//! service twice for the same address.
//!
//! The file has one line per answer, `key TAB cell TAB precision`, or
//! `key TAB - TAB not_found` for an address the service does not know.
//! The key is the provider, the H3 resolution and the address as sent,
//! in capitals. Lines are appended as answers come and read back at the
//! next start; a line that does not read (a crash mid-write) is skipped.
//! Provider errors are never cached.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::Path;
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use h3o::CellIndex;
use honeygrid_core::{
    LocationFields, Miss, Placement, Precision, Resolution, Resolver,
};

use crate::query::AddressQuery;

/// A cached answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Answer {
    Placed(Placement),
    NotFound,
}

/// The answers of earlier runs, and the file they are kept in.
#[derive(Debug)]
pub struct GeocodeCache {
    entries: RwLock<HashMap<String, Answer>>,
    file: Mutex<BufWriter<File>>,
    lookups: AtomicU64,
    hits: AtomicU64,
}

impl GeocodeCache {
    /// Opens (or creates) the cache file at `path` and reads it.
    pub fn open(path: &Path) -> io::Result<GeocodeCache> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let mut entries = HashMap::new();
        if path.exists() {
            for line in BufReader::new(File::open(path)?).lines() {
                if let Some((key, answer)) = parse_line(&line?) {
                    entries.insert(key, answer);
                }
            }
        }
        let file = OpenOptions::new().create(true).append(true).open(path)?;
        Ok(GeocodeCache {
            entries: RwLock::new(entries),
            file: Mutex::new(BufWriter::new(file)),
            lookups: AtomicU64::new(0),
            hits: AtomicU64::new(0),
        })
    }

    /// Answers known, from earlier runs and this one.
    pub fn len(&self) -> usize {
        self.entries.read().map_or(0, |e| e.len())
    }

    /// True when nothing is cached.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Addresses looked up in this run, and how many were found.
    pub fn stats(&self) -> (u64, u64) {
        let lookups = self.lookups.load(Ordering::Relaxed);
        (lookups, self.hits.load(Ordering::Relaxed))
    }

    /// Writes out the answers of this run.
    pub fn flush(&self) -> io::Result<()> {
        self.file.lock().map_err(|_| poisoned())?.flush()
    }

    fn get(&self, key: &str) -> Option<Answer> {
        self.lookups.fetch_add(1, Ordering::Relaxed);
        let found = self.entries.read().ok()?.get(key).copied();
        if found.is_some() {
            self.hits.fetch_add(1, Ordering::Relaxed);
        }
        found
    }

    fn put(&self, key: String, answer: Answer) -> io::Result<()> {
        let line = format_line(&key, answer);
        self.file
            .lock()
            .map_err(|_| poisoned())?
            .write_all(line.as_bytes())?;
        if let Ok(mut entries) = self.entries.write() {
            entries.insert(key, answer);
        }
        Ok(())
    }
}

fn poisoned() -> io::Error {
    io::Error::other("the geocode cache was left half-written by a crash")
}

fn format_line(key: &str, answer: Answer) -> String {
    match answer {
        Answer::Placed(p) => {
            format!("{key}\t{}\t{}\n", p.cell, p.precision.label())
        }
        Answer::NotFound => format!("{key}\t-\tnot_found\n"),
    }
}

fn parse_line(line: &str) -> Option<(String, Answer)> {
    let mut parts = line.split('\t');
    let (key, cell, label) = (parts.next()?, parts.next()?, parts.next()?);
    let answer = match (cell, label) {
        ("-", "not_found") => Answer::NotFound,
        _ => Answer::Placed(Placement {
            cell: CellIndex::from_str(cell).ok()?,
            precision: Precision::from_label(label)?,
        }),
    };
    Some((key.to_owned(), answer))
}

/// A resolver that asks the cache first and its inner resolver (a
/// provider) only for the addresses the cache does not know.
pub struct CachedResolver {
    inner: Arc<dyn Resolver>,
    cache: Arc<GeocodeCache>,
    /// `provider|resolution|`, the start of every key.
    prefix: String,
}

impl CachedResolver {
    /// Wraps `inner` (placing cells at `resolution`) with `cache`.
    pub fn new(
        inner: Arc<dyn Resolver>,
        resolution: h3o::Resolution,
        cache: Arc<GeocodeCache>,
    ) -> CachedResolver {
        let prefix = format!("{}|{}|", inner.name(), u8::from(resolution));
        CachedResolver {
            inner,
            cache,
            prefix,
        }
    }

    fn key(&self, row: &LocationFields<'_>) -> Option<String> {
        let query = AddressQuery::from_fields(row).ok()?;
        Some(format!(
            "{}{}",
            self.prefix,
            query.one_line().to_uppercase()
        ))
    }

    /// Records a definitive answer; errors of the cache file are not
    /// worth failing a run for, so they are logged and dropped.
    fn remember(&self, key: String, answer: &Resolution) {
        let answer = match answer {
            Ok(p) => Answer::Placed(*p),
            Err(Miss::AddressNotFound) => Answer::NotFound,
            Err(_) => return,
        };
        if let Err(e) = self.cache.put(key, answer) {
            tracing::warn!(error = %e, "cannot write the geocode cache");
        }
    }
}

impl Resolver for CachedResolver {
    fn name(&self) -> &'static str {
        self.inner.name()
    }

    fn resolve(&self, row: &LocationFields<'_>) -> Resolution {
        honeygrid_core::resolve::resolve_alone(self, row)
    }

    fn resolve_batch(
        &self,
        rows: &[LocationFields<'_>],
        out: &mut [Resolution],
    ) {
        let mut todo = Vec::new();
        for (i, row) in rows.iter().enumerate() {
            if out[i].is_ok() {
                continue;
            }
            let key = self.key(row);
            match key.as_deref().and_then(|k| self.cache.get(k)) {
                Some(Answer::Placed(p)) => out[i] = Ok(p),
                Some(Answer::NotFound) => out[i] = Err(Miss::AddressNotFound),
                None => todo.push((i, key)),
            }
        }
        if todo.is_empty() {
            return;
        }
        let sub_rows: Vec<LocationFields<'_>> =
            todo.iter().map(|(i, _)| rows[*i]).collect();
        let mut sub_out: Vec<Resolution> =
            todo.iter().map(|(i, _)| out[*i]).collect();
        self.inner.resolve_batch(&sub_rows, &mut sub_out);
        for ((i, key), answer) in todo.into_iter().zip(sub_out) {
            out[i] = answer;
            if let Some(key) = key {
                self.remember(key, &answer);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    /// Places "1 Main St" rows, does not know others, fails on "fail",
    /// and counts the rows it was asked about.
    struct Fake {
        asked: AtomicUsize,
    }

    impl Resolver for Fake {
        fn name(&self) -> &'static str {
            "fake"
        }

        fn resolve(&self, row: &LocationFields<'_>) -> Resolution {
            self.asked.fetch_add(1, Ordering::Relaxed);
            match row.address1 {
                b"1 Main St" => Ok(Placement {
                    cell: h3o::LatLng::new(42.36, -71.09)
                        .expect("valid")
                        .to_cell(h3o::Resolution::Ten),
                    precision: Precision::Rooftop,
                }),
                b"fail" => Err(Miss::ProviderError),
                _ => Err(Miss::AddressNotFound),
            }
        }
    }

    fn row(street: &'static str) -> LocationFields<'static> {
        LocationFields {
            address1: street.as_bytes(),
            zip: b"02139",
            ..Default::default()
        }
    }

    fn resolver(path: &Path) -> (CachedResolver, Arc<Fake>, Arc<GeocodeCache>) {
        let fake = Arc::new(Fake {
            asked: AtomicUsize::new(0),
        });
        let cache = Arc::new(GeocodeCache::open(path).expect("opens"));
        let inner: Arc<dyn Resolver> = fake.clone();
        let r = CachedResolver::new(inner, h3o::Resolution::Ten, cache.clone());
        (r, fake, cache)
    }

    fn run(r: &CachedResolver, rows: &[LocationFields<'_>]) -> Vec<Resolution> {
        let mut out = vec![Err(Miss::NoInput); rows.len()];
        r.resolve_batch(rows, &mut out);
        out
    }

    #[test]
    fn answers_known_addresses_without_asking_again() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("cache.tsv");
        let rows = [row("1 Main St"), row("9 Nowhere Rd"), row("fail")];
        let (r, fake, cache) = resolver(&path);
        let first = run(&r, &rows);
        assert_eq!(fake.asked.load(Ordering::Relaxed), 3);
        let second = run(&r, &rows);
        assert_eq!(first, second);
        // Only the provider error is asked again.
        assert_eq!(fake.asked.load(Ordering::Relaxed), 4);
        assert_eq!(cache.stats(), (6, 2));
        cache.flush().expect("flushes");
        drop(r);

        let (r, fake, cache) = resolver(&path);
        assert_eq!(cache.len(), 2);
        assert_eq!(run(&r, &rows[..2]), first[..2]);
        assert_eq!(fake.asked.load(Ordering::Relaxed), 0);
    }

    #[test]
    fn skips_lines_it_cannot_read() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("cache.tsv");
        std::fs::write(&path, "a\tnot-a-cell\trooftop\nhalf a li").expect("w");
        assert!(GeocodeCache::open(&path).expect("opens").is_empty());
    }
}
