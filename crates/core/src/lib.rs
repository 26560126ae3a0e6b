//! HoneyGrid's domain logic, free of files, networks and databases.
//!
//! - [`value`]: reading a metric value the way people type them;
//! - [`column`](mod@column): what role a column plays, from its header name;
//! - [`plan`]: the roles of every column of one file;
//! - [`location`]: coordinates and ZIP codes as written in a row;
//! - [`precision`]: how precisely a row was placed;
//! - [`resolve`]: the interface of the geocoding chain;
//! - [`aggregate`]: per-cell sums with exact integer arithmetic;
//! - [`codec`]: those sums as bytes, to keep partial sums between runs.

pub mod aggregate;
pub mod codec;
pub mod column;
pub mod location;
pub mod merge;
pub mod plan;
pub mod precision;
pub mod resolve;
mod table;
pub mod value;

pub use aggregate::{
    Aggregate, CUSTOMER_COUNT, CellKey, CellSums, OverflowError,
};
pub use codec::CodecError;
pub use column::{ColumnMapping, MappingError, Role};
pub use merge::{MergeError, merge_sorted};
pub use plan::{ColumnPlan, IgnoreReason, PlanError, SampleStats};
pub use precision::Precision;
pub use resolve::{LocationFields, Miss, Placement, Resolution, Resolver};
