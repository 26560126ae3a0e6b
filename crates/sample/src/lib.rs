//! A realistic sample customer CSV, so HoneyGrid can be tried in one
//! command and benchmarked on data that looks like the real thing.
//!
//! The columns are
//! `customer_id,name,email,phone,address,city,state,zip,lat,lng,
//! revenue,orders,visits` ([`SampleLocation::Coordinates`]), or the same
//! without `lat,lng` ([`SampleLocation::Zip`]). Cities, states and ZIPs
//! come from the embedded ZIP table; most rows cluster in 200 "home"
//! ZIPs; coordinates lie within 2 km of the ZIP centroid; revenue mixes
//! `1234.50`, `"$1,234.50"` and refunds like `(12.50)`; a few `visits`
//! are empty.
//!
//! The output depends only on the seed, the row count and the ZIP
//! table: the generator is written out in this crate, and numbers are
//! formatted without the platform's float formatting or math library.
//!
//! ```
//! use honeygrid_sample::{SampleLocation, SampleOptions, write_sample};
//!
//! let opts = SampleOptions {
//!     rows: 3,
//!     seed: 1,
//!     location: SampleLocation::Coordinates,
//! };
//! let mut csv = Vec::new();
//! write_sample(&mut csv, &opts)?;
//! assert_eq!(csv.iter().filter(|&&b| b == b'\n').count(), 4);
//! # Ok::<(), std::io::Error>(())
//! ```

mod address;
mod email;
mod money;
mod names;
mod num;
mod options;
mod place;
mod rng;
mod row;
#[cfg(test)]
mod tests;

use std::io::{self, Write};

pub use options::{SampleLocation, SampleOptions, UnknownLocation};

/// Bytes gathered before each write to the output.
const CHUNK: usize = 64 * 1024;

/// Writes the header and `opts.rows` rows of sample CSV to `out`.
///
/// Rows are written in chunks of about 64 KiB, so `out` needs no
/// buffering of its own and memory does not grow with the row count.
/// Lines end with LF; fields are quoted only when they contain a comma
/// or a quote. `out` is flushed at the end.
///
/// # Errors
///
/// Any error of writing to `out`.
pub fn write_sample<W>(mut out: W, opts: &SampleOptions) -> io::Result<()>
where
    W: Write,
{
    let mut rows = row::RowWriter::new(opts);
    let mut buf = Vec::with_capacity(CHUNK + 1024);
    buf.extend_from_slice(opts.location.header().as_bytes());
    buf.push(b'\n');
    for n in 1..=opts.rows {
        rows.write_row(n, &mut buf);
        if buf.len() >= CHUNK {
            out.write_all(&buf)?;
            buf.clear();
        }
    }
    out.write_all(&buf)?;
    out.flush()
}
