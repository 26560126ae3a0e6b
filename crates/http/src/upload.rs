//! Multipart uploads: the file is streamed to the object store as it
//! arrives; the other fields are collected and checked after.

use axum::extract::Multipart;
use axum::extract::multipart::{MultipartError, MultipartRejection};
use futures::TryStreamExt;
use honeygrid_app::{App, DataSourceForm, StoredUpload};
use honeygrid_objects::BodyError;

use crate::problem::{ApiResult, Problem};

/// Fields of the form besides `file`.
const FIELDS: [&str; 4] = ["name", "type", "resolution", "columns"];

/// Reads a multipart form with one `file` and the data source fields.
/// On any error the stored file, if any, is deleted.
pub async fn read(
    app: &App,
    multipart: Result<Multipart, MultipartRejection>,
) -> ApiResult<(DataSourceForm, StoredUpload)> {
    let multipart = multipart.map_err(|e| {
        Problem::bad_request(format!(
            "{}; send multipart/form-data with the file in a field named \
             `file`",
            e.body_text()
        ))
    })?;
    let mut upload = None;
    let result = fields(app, multipart, &mut upload).await;
    match (result, upload) {
        (Ok(form), Some(upload)) => Ok((form, upload)),
        (Ok(_), None) => Err(Problem::invalid(
            "file",
            "no file was sent; put the CSV or xlsx file in a form field \
             named `file`",
        )),
        (Err(e), Some(upload)) => {
            app.discard_upload(&upload).await;
            Err(e)
        }
        (Err(e), None) => Err(e),
    }
}

async fn fields(
    app: &App,
    mut multipart: Multipart,
    upload: &mut Option<StoredUpload>,
) -> ApiResult<DataSourceForm> {
    let mut form = DataSourceForm::default();
    while let Some(field) = multipart.next_field().await.map_err(malformed)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            if upload.is_some() {
                return Err(Problem::invalid("file", "send one file only"));
            }
            let file_name = field.file_name().unwrap_or("upload.csv");
            let file_name = file_name.to_owned();
            let body = Box::pin(field.map_err(|e| Box::new(e) as BodyError));
            *upload = Some(app.store_upload(&file_name, body).await?);
            continue;
        }
        if !FIELDS.contains(&name.as_str()) {
            return Err(Problem::invalid(
                &name,
                format!(
                    "unknown form field {name:?}; the fields are file, {}",
                    FIELDS.join(", ")
                ),
            ));
        }
        let value = field.text().await.map_err(malformed)?;
        let slot = match name.as_str() {
            "name" => &mut form.name,
            "type" => &mut form.kind,
            "resolution" => &mut form.resolution,
            _ => &mut form.columns,
        };
        *slot = Some(value);
    }
    Ok(form)
}

fn malformed(e: MultipartError) -> Problem {
    Problem::bad_request(format!("the multipart body is malformed: {e}"))
}
