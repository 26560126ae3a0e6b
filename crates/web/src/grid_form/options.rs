//! What the grid form offers: each ready data source of the workspace
//! with its metrics (from its current version's processing summary)
//! and its ready versions, the one to read it at selected.

use honeygrid_app::App;
use honeygrid_store::{Principal, Version};

use super::values::Values;
use crate::format;
use crate::pages::PageResult;

/// One metric a condition may filter on.
#[derive(Debug)]
pub(super) struct MetricOption {
    /// `data source id|metric`.
    pub value: String,
    pub label: String,
}

/// A version a data source may be read at.
#[derive(Debug)]
pub(super) struct VersionOption {
    pub id: String,
    pub label: String,
    pub selected: bool,
}

/// A ready data source, its metrics and its ready versions.
#[derive(Debug)]
pub(super) struct SourceOption {
    pub id: String,
    pub name: String,
    pub metrics: Vec<MetricOption>,
    pub versions: Vec<VersionOption>,
    /// Whether a version other than the current one is chosen.
    pub older: bool,
}

/// The ready data sources, their metrics and ready versions, with the
/// version `values` chose for each (else the current one) selected.
pub(super) async fn sources(
    app: &App,
    who: &Principal,
    values: &Values,
) -> PageResult<Vec<SourceOption>> {
    let mut out = Vec::new();
    for source in app.data_sources(who).await? {
        let Some(current) = source.current_version_id.as_deref() else {
            continue;
        };
        let versions = app.versions(who, &source.id).await?;
        let Some(latest) = versions.iter().find(|v| v.id == current) else {
            continue;
        };
        let metrics = app
            .metric_names(latest)
            .await?
            .iter()
            .map(|m| MetricOption {
                value: format!("{}|{m}", source.id),
                label: format::metric(m),
            })
            .collect();
        let chosen = values.pin(&source.id).unwrap_or(current);
        let versions = versions
            .iter()
            .filter(|v| v.status == "ready")
            .map(|v| version_option(v, current, chosen))
            .collect();
        out.push(SourceOption {
            id: source.id.clone(),
            name: source.name.clone(),
            metrics,
            versions,
            older: chosen != current,
        });
    }
    Ok(out)
}

fn version_option(v: &Version, current: &str, chosen: &str) -> VersionOption {
    let current = if v.id == current { " (current)" } else { "" };
    let label = format!(
        "v{}{current} · {} cells · {}",
        v.version_number,
        format::count(v.total_cells),
        format::time(v.created_at)
    );
    VersionOption {
        id: v.id.clone(),
        label,
        selected: v.id == chosen,
    }
}
