//! Column mappings given inline or in a small JSON or TOML file.

use std::collections::BTreeMap;
use std::path::Path;

use honeygrid_core::{ColumnMapping, MappingError};

use crate::error::IngestError;

/// Reads a mapping: a path to a `.json` or `.toml` file of
/// `{"Column": "role"}`, or an inline `Column=role,...` list.
pub fn load_mapping(arg: &str) -> Result<ColumnMapping, IngestError> {
    let path = Path::new(arg);
    let kind = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match kind.as_deref() {
        Some(ext @ ("json" | "toml")) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                IngestError::io(
                    format!("cannot read the column mapping {arg}"),
                    e,
                )
            })?;
            let entries = parse_file(&text, ext).map_err(|why| {
                MappingError::Malformed(format!("{arg}: {why}"))
            })?;
            let mut mapping = ColumnMapping::default();
            for (column, role) in &entries {
                mapping.insert(column, role)?;
            }
            Ok(mapping)
        }
        _ => Ok(ColumnMapping::parse_spec(arg)?),
    }
}

fn parse_file(
    text: &str,
    ext: &str,
) -> Result<BTreeMap<String, String>, String> {
    if ext == "json" {
        serde_json::from_str(text).map_err(|e| e.to_string())
    } else {
        toml::from_str(text).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use honeygrid_core::Role;

    #[test]
    fn reads_inline_json_and_toml() {
        let dir = tempfile::tempdir().expect("temp dir");
        let json = dir.path().join("m.json");
        std::fs::write(&json, r#"{"Postal": "zip", "Sales": "metric"}"#)
            .expect("write");
        let toml = dir.path().join("m.toml");
        std::fs::write(
            &toml,
            "Postal = \"zip\"\n\"Sales Total\" = \"metric\"\n",
        )
        .expect("write");
        for arg in [
            "Postal=zip",
            json.to_str().expect("utf-8"),
            toml.to_str().expect("utf-8"),
        ] {
            let m = load_mapping(arg).expect("loads");
            assert_eq!(m.role_of("postal"), Some(Role::Zip), "{arg}");
        }
    }

    #[test]
    fn explains_bad_files() {
        let dir = tempfile::tempdir().expect("temp dir");
        let json = dir.path().join("m.json");
        std::fs::write(&json, "[1, 2]").expect("write");
        let err =
            load_mapping(json.to_str().expect("utf-8")).expect_err("not a map");
        assert!(err.to_string().contains("m.json"), "{err}");
        let missing = dir.path().join("none.toml");
        let err = load_mapping(missing.to_str().expect("utf-8"))
            .expect_err("missing");
        assert!(
            err.to_string().contains("cannot read the column mapping"),
            "{err}"
        );
    }
}
