//! Uploaded files: streamed into the object store under a key of their
//! own, checked to be a file HoneyGrid reads, before any record points
//! at them.

use bytes::Bytes;
use futures::Stream;
use honeygrid_ingest::sniff::sniff;
use honeygrid_objects::BodyError;

use crate::{App, AppError, AppResult};

/// An upload kept in the object store, not yet used by a version.
#[derive(Debug, Clone)]
pub struct StoredUpload {
    /// Its object key.
    pub key: String,
    /// The file name as sent.
    pub file_name: String,
    /// Its size in bytes.
    pub size: u64,
}

/// How much of a file is looked at to tell what it is.
const SNIFF_BYTES: u64 = 64 * 1024;

impl App {
    /// Streams `body` into the object store. Refuses, keeping nothing,
    /// a body over the size limit, an empty one, or one that is not a
    /// CSV or xlsx file.
    pub async fn store_upload<S>(
        &self,
        file_name: &str,
        body: S,
    ) -> AppResult<StoredUpload>
    where
        S: Stream<Item = Result<Bytes, BodyError>> + Send + Unpin,
    {
        let key = format!("uploads/{}", honeygrid_store::new_id());
        let limit = Some(self.config.max_upload_bytes);
        let size = self.objects.put_stream(&key, body, limit).await?;
        let upload = StoredUpload {
            key,
            file_name: file_name.to_owned(),
            size,
        };
        if let Err(e) = self.check_upload(&upload).await {
            self.discard_upload(&upload).await;
            return Err(e);
        }
        Ok(upload)
    }

    async fn check_upload(&self, upload: &StoredUpload) -> AppResult<()> {
        if upload.size == 0 {
            return Err(AppError::invalid(
                "file",
                "the file is empty; export it again with a header row \
                 and at least one customer",
            ));
        }
        let head = self
            .objects
            .get_range(&upload.key, 0..upload.size.min(SNIFF_BYTES))
            .await?;
        sniff(&head).map_err(|e| AppError::Unsupported(e.to_string()))?;
        Ok(())
    }

    /// Deletes an upload that no version uses. A failure is logged,
    /// not returned: the caller is already reporting another error.
    pub async fn discard_upload(&self, upload: &StoredUpload) {
        if let Err(e) = self.objects.delete(&upload.key).await {
            tracing::warn!(
                object.key = %upload.key,
                error = %e,
                "cannot delete an unused upload"
            );
        }
    }
}
