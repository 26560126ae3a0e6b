//! Prints the cells of some targeted areas, one per line, sorted.
//!
//! Reads `{"resolution": 10, "targeted_areas": [...]}` on stdin:
//!
//! ```text
//! echo '{"resolution": 9, "targeted_areas": [{"type": "radius",
//!   "lat": 41.88, "lng": -87.63, "radius_km": 2}]}' |
//!   cargo run -q -p honeygrid-targeting --example cells
//! ```
//!
//! Used by `scripts/difftest-areas.py` to compare with the `h3`
//! Python package.

use std::io::{self, BufWriter, Read, Write};
use std::process::ExitCode;

use h3o::Resolution;
use honeygrid_targeting::{Layers, Targeting};
use serde_json::Value;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cells: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let mut input = String::new();
    io::stdin()
        .read_to_string(&mut input)
        .map_err(|e| e.to_string())?;
    let request: Value =
        serde_json::from_str(&input).map_err(|e| e.to_string())?;
    let resolution = request["resolution"]
        .as_u64()
        .and_then(|r| u8::try_from(r).ok())
        .and_then(|r| Resolution::try_from(r).ok())
        .ok_or("\"resolution\" must be an integer from 0 to 15")?;
    let none = Value::Null;
    let areas = &request["targeted_areas"];
    let targeting = Targeting::parse(resolution, areas, &none, &none, &none)
        .map_err(|e| e.to_string())?;
    let found = targeting
        .materialise(&Layers::new())
        .map_err(|e| e.to_string())?;
    let mut out = BufWriter::new(io::stdout().lock());
    for cell in &found.cells {
        writeln!(out, "{cell}").map_err(|e| e.to_string())?;
    }
    out.flush().map_err(|e| e.to_string())
}
