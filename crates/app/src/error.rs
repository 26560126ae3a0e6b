//! Why a use case failed: what the caller did wrong (each a 4xx over
//! HTTP, in words a person can act on) or what broke inside (a 5xx,
//! its cause logged once where it is handled).

use honeygrid_objects::ObjectsError;
use honeygrid_store::StoreError;
use honeygrid_workflow::WorkflowError;

/// A use case that could not be carried out.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The record does not exist in the caller's workspace.
    #[error("{0} not found")]
    NotFound(String),
    /// The caller's role does not allow this.
    #[error("{0}")]
    Forbidden(String),
    /// A field of the request is wrong.
    #[error("{detail}")]
    Invalid {
        /// The field, when one is to blame.
        field: Option<String>,
        /// What is wrong and how to fix it.
        detail: String,
    },
    /// The request clashes with the state of a record.
    #[error("{0}")]
    Conflict(String),
    /// An upload is larger than the configured limit.
    #[error(
        "the file is larger than the upload limit of {limit} bytes; \
         split it or ask the operator to raise HONEYGRID_MAX_UPLOAD_BYTES"
    )]
    TooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// The uploaded content is not a file HoneyGrid reads.
    #[error("{0}")]
    Unsupported(String),
    /// The metadata database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The object store failed.
    #[error(transparent)]
    Objects(ObjectsError),
    /// The workflow engine failed.
    #[error(transparent)]
    Workflow(#[from] WorkflowError),
    /// Anything else that broke inside.
    #[error("{0}")]
    Internal(String),
}

impl From<ObjectsError> for AppError {
    fn from(e: ObjectsError) -> Self {
        match e {
            ObjectsError::TooLarge { limit } => AppError::TooLarge { limit },
            other => AppError::Objects(other),
        }
    }
}

impl AppError {
    /// A wrong field.
    pub fn invalid(field: &str, detail: impl Into<String>) -> AppError {
        AppError::Invalid {
            field: Some(field.to_owned()),
            detail: detail.into(),
        }
    }
}

/// The result of a use case.
pub type AppResult<T> = Result<T, AppError>;
