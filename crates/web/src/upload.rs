//! The upload dialog, as the data sources page offers it (a new data
//! source) and a feed's page (its next version).

use honeygrid_store::DataSource;

/// What the dialog says and where it sends the file.
#[derive(Debug, Clone)]
pub struct UploadDialog {
    /// The dialog's heading.
    pub title: &'static str,
    /// A sentence under the heading, if any.
    pub intro: Option<String>,
    /// Where the form is posted.
    pub action: String,
    /// The data source a next version is for; `None` for a new one
    /// (whose name and type are asked).
    pub source: Option<String>,
    /// The column mapping the data source keeps (JSON, `{}` for none),
    /// which the preview applies and the user cannot change for one
    /// version; `None` for a new data source, whose roles are picked.
    pub columns: Option<String>,
    /// The submit button's text.
    pub submit: &'static str,
}

impl UploadDialog {
    /// The dialog that creates a data source.
    pub fn new_source() -> UploadDialog {
        UploadDialog {
            title: "New data source",
            intro: None,
            action: "/api/data-sources".to_owned(),
            source: None,
            columns: None,
            submit: "Upload and process",
        }
    }

    /// The dialog that uploads the next version of a feed.
    pub fn next_version(source: &DataSource) -> UploadDialog {
        let columns = source
            .column_mapping
            .as_ref()
            .map_or_else(|| "{}".to_owned(), |m| m.to_string());
        UploadDialog {
            title: "Upload the next version",
            intro: Some(format!(
                "The new export of {} becomes its next version. Grids \
                 that use this data source get a new version once it \
                 is processed.",
                source.name
            )),
            action: format!("/api/data-sources/{}/versions", source.id),
            source: Some(source.id.clone()),
            columns: Some(columns),
            submit: "Upload version",
        }
    }
}
