//! `honeygrid boundaries`: importing the ZIP and carrier-route
//! boundaries that targeting uses, showing them, and loading them
//! for the service.

use std::path::Path;

use honeygrid_app::boundaries::BoundaryStore;
use honeygrid_targeting::{
    Boundaries, BoundaryImport, BoundaryKind, CodeProperties, ZIP_CIRCLE_KM,
};
use indicatif::HumanCount;
use serde_json::Value;

use crate::cli::{BoundariesCommand, BoundaryImportArgs, BoundaryKindArg};
use crate::exit::Failure;

/// Refusals listed one by one; past this, only counted.
const LISTED: usize = 20;

/// Runs a boundaries subcommand against the data directory.
pub fn run(cmd: BoundariesCommand, data_dir: &Path) -> Result<(), Failure> {
    let store = BoundaryStore::new(data_dir);
    match cmd {
        BoundariesCommand::Import(args) => import(&store, &args),
        BoundariesCommand::Status => status(&store),
    }
}

/// The stored sets, for the service; says how many were loaded.
pub(super) fn load(data_dir: &Path) -> Result<Boundaries, Failure> {
    let store = BoundaryStore::new(data_dir);
    let loaded = store.load().map_err(|e| Failure::Failed(e.into()))?;
    for (kind, refusal) in &loaded.refused {
        tracing::warn!(
            %kind,
            reason = %refusal.reason,
            "a stored boundary no longer passes the checks; left out"
        );
    }
    let b = loaded.boundaries;
    let zip = b.len(BoundaryKind::Zip);
    let routes = b.len(BoundaryKind::CarrierRoute);
    tracing::info!(zip, carrier_route = routes, "boundaries loaded");
    if !b.is_empty() {
        let zips = BoundaryKind::Zip.count(zip);
        let routes = BoundaryKind::CarrierRoute.count(routes);
        eprintln!("Loaded {zips} and {routes}.");
    }
    Ok(b)
}

fn import(
    store: &BoundaryStore,
    args: &BoundaryImportArgs,
) -> Result<(), Failure> {
    let kind = match args.kind {
        BoundaryKindArg::Zip => BoundaryKind::Zip,
        BoundaryKindArg::CarrierRoute => BoundaryKind::CarrierRoute,
    };
    let properties = properties(kind, args)?;
    let file = args.file.display();
    let bytes = std::fs::read(&args.file)
        .map_err(|e| anyhow::anyhow!("cannot read {file}: {e}"))?;
    let value: Value = serde_json::from_slice(&bytes).map_err(|e| {
        Failure::Refused(format!(
            "{file} is not JSON ({e}); export the boundaries as a GeoJSON \
             FeatureCollection"
        ))
    })?;
    drop(bytes);
    let done = BoundaryImport::read(&value, kind, &properties)
        .map_err(|e| Failure::Refused(format!("{file}: {e}")))?;
    drop(value);
    let refusals = refusal_lines(&done);
    if done.shapes.is_empty() {
        return Err(Failure::Refused(format!(
            "{file}: no usable feature among {}, nothing imported (the \
             set before is kept); check the property names \
             (--code-property, --route-property) and that positions are \
             longitude/latitude (EPSG:4326){refusals}",
            HumanCount(done.features as u64)
        )));
    }
    let source = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let path = store
        .save(&done, &source)
        .map_err(|e| Failure::Failed(e.into()))?;
    let refused = done.refused.len();
    println!(
        "{file}: {} features read: {} imported, {} merged into an \
         earlier feature of the same code, {} refused.{refusals}",
        done.features,
        done.features - refused - done.merged,
        done.merged,
        refused,
    );
    println!(
        "{} stored in {}; restart the service (serve, worker) to use \
         them.",
        kind.count(done.shapes.len()),
        path.display(),
    );
    Ok(())
}

/// Where codes are read: the defaults, or the properties named.
fn properties(
    kind: BoundaryKind,
    args: &BoundaryImportArgs,
) -> Result<CodeProperties, Failure> {
    let mut properties = CodeProperties::defaults(kind);
    if let Some(name) = &args.code_property {
        properties.zip = vec![name.clone()];
    }
    match (&args.route_property, kind) {
        (Some(_), BoundaryKind::Zip) => {
            return Err(Failure::Usage(
                "--route-property is for --kind carrier_route; a ZIP \
                 boundary's code is read with --code-property"
                    .into(),
            ));
        }
        (Some(name), _) => properties.route = vec![name.clone()],
        (None, _) => {}
    }
    Ok(properties)
}

/// The refusals, one per line, each after a line break.
fn refusal_lines(done: &BoundaryImport) -> String {
    let mut text = String::new();
    for refusal in done.refused.iter().take(LISTED) {
        text.push_str("\n  refused: ");
        text.push_str(&refusal.reason);
    }
    if done.refused.len() > LISTED {
        let more = done.refused.len() - LISTED;
        text.push_str(&format!(
            "\n  ... and {} more refused",
            HumanCount(more as u64)
        ));
    }
    text
}

fn status(store: &BoundaryStore) -> Result<(), Failure> {
    println!("Boundaries in {}:", store.dir().display());
    for kind in BoundaryKind::ALL {
        let set = store.status(kind).map_err(|e| Failure::Failed(e.into()))?;
        match set {
            Some(set) => println!(
                "  {kind}: {} from {} ({} bytes)",
                kind.count(set.count),
                set.source,
                HumanCount(set.bytes),
            ),
            None => println!(
                "  {kind}: none imported ({}); import with `honeygrid \
                 boundaries import FILE --kind {kind}`",
                without(kind)
            ),
        }
    }
    Ok(())
}

/// What targeting does without boundaries of `kind`.
fn without(kind: BoundaryKind) -> String {
    match kind {
        BoundaryKind::Zip => format!(
            "zip areas use a {ZIP_CIRCLE_KM} km circle around the ZIP's \
             centroid"
        ),
        BoundaryKind::CarrierRoute => {
            "carrier_route areas are refused".to_owned()
        }
    }
}
