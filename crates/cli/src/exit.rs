//! What went wrong, and which exit code says so.

use honeygrid_ingest::IngestError;

/// A command that did not succeed.
#[derive(Debug)]
pub enum Failure {
    /// The command line was wrong (exit 2).
    Usage(String),
    /// The input was refused (exit 3).
    Refused(String),
    /// Anything else: reading, writing (exit 1).
    Failed(anyhow::Error),
}

impl Failure {
    /// The process exit code.
    pub fn code(&self) -> u8 {
        match self {
            Failure::Failed(_) => 1,
            Failure::Usage(_) => 2,
            Failure::Refused(_) => 3,
        }
    }

    /// The message for the user.
    pub fn message(&self) -> String {
        match self {
            Failure::Usage(m) | Failure::Refused(m) => m.clone(),
            Failure::Failed(e) => format!("{e:#}"),
        }
    }
}

impl From<IngestError> for Failure {
    fn from(e: IngestError) -> Self {
        if e.is_usage() {
            Failure::Usage(e.to_string())
        } else if e.is_refusal() {
            Failure::Refused(e.to_string())
        } else {
            Failure::Failed(e.into())
        }
    }
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        Failure::Failed(e)
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::Failed(e.into())
    }
}
