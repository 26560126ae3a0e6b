//! The embedded address-point geocoder: street addresses placed on the
//! address points of OpenAddresses or National Address Database files
//! that the user imported.
//!
//! - [`import`]: reading address files into a [`PointSet`];
//! - [`store`]: segment files in a directory ([`PointStore`]): import
//!   adds a segment, load builds the index;
//! - [`index`]: the in-memory [`AddressIndex`];
//! - [`matcher`]: the matching rules ([`AddressIndex::locate`]);
//! - [`resolver`]: [`AddressPointResolver`], the link of the chain.
//!
//! ```no_run
//! use std::sync::Arc;
//! use honeygrid_geocode::Chain;
//! use honeygrid_geocode::points::{ImportOptions, PointStore};
//!
//! let store = PointStore::new("data/geocoder");
//! let done = store.import_file(
//!     "us_ma_statewide.csv".as_ref(),
//!     &ImportOptions::default(),
//! )?;
//! println!("{} points, {} rows skipped",
//!     done.report.points, done.report.total_skipped());
//! let index = Arc::new(store.load()?);
//! let chain = Chain::with_address_points(h3o::Resolution::Ten, index);
//! # Ok::<(), honeygrid_geocode::points::StoreError>(())
//! ```
//!
//! Never a different street: normalisation is exact (see
//! `honeygrid_address`) and the matcher tolerates only small typos in a
//! street's name, never in its suffix or directionals. An address it
//! cannot place with confidence is a miss, and the chain falls back to
//! the ZIP centroid.

mod columns;
mod distance;
mod error;
pub mod import;
pub mod index;
mod line;
pub mod matcher;
mod number;
mod query;
pub mod resolver;
mod segment;
mod set;
pub mod store;
mod text;

pub use columns::{ColumnMap, SourceFormat};
pub use distance::{typo_budget, within_edits};
pub use error::{ImportError, StoreError};
pub use import::{ImportOptions, ImportReport, SkipReason, read_points};
pub use index::AddressIndex;
pub use matcher::{Located, MAX_SPAN_M, SPREAD_M};
pub use number::HouseNumber;
pub use query::AddressQuery;
pub use resolver::AddressPointResolver;
pub use set::{AddressPoint, Place, PointSet};
pub use store::{Imported, PointStore, SegmentInfo, Written};
pub use text::{decode, fold_city, unit_id};
