//! Downloading an object to a local file without holding it in memory.
//!
//! The bytes go to a temporary file beside the destination, which is
//! renamed over it at the end: the destination is never half-written.

use std::path::{Path as FsPath, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use futures::StreamExt;
use object_store::ObjectStoreExt;
use tokio::io::{AsyncWriteExt, BufWriter};

use crate::error::ErrorContext;
use crate::{Objects, ObjectsError};

/// Bytes gathered before each write to the file.
const WRITE_BUFFER: usize = 1024 * 1024;

/// Makes temporary names unique within this process.
static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

impl Objects {
    /// Streams the object `key` into the local file `path` (replacing
    /// it) and returns the number of bytes written. The folder of `path`
    /// must exist. On failure `path` is left as it was.
    ///
    /// From a local folder on the same file system, `path` becomes a
    /// hard link to the stored file instead of a copy: it may be read,
    /// renamed or removed, never written to.
    pub async fn download(
        &self,
        key: &str,
        path: &FsPath,
    ) -> Result<u64, ObjectsError> {
        let (location, ctx) = self.locate(key)?;
        let temp = temp_path(path)?;
        if let Some(root) = &self.local_root {
            let stored = root.join(location.as_ref());
            if let Ok(len) = link(&stored, &temp, path).await {
                return Ok(len);
            }
        }
        let got = self.store.get(&location).await.map_err(ctx.op("read"))?;
        let written = match write_file(got.into_stream(), &temp, &ctx).await {
            Ok(written) => written,
            Err(e) => {
                let _ = tokio::fs::remove_file(&temp).await;
                return Err(e);
            }
        };
        if let Err(e) = tokio::fs::rename(&temp, path).await {
            let _ = tokio::fs::remove_file(&temp).await;
            return Err(ObjectsError::io("cannot replace", path)(e));
        }
        Ok(written)
    }
}

/// Links a local store's file to `path` (through `temp`), when both
/// are on one file system: no bytes are copied. The link must not be
/// written to, as it shares the stored object's contents.
async fn link(
    stored: &FsPath,
    temp: &FsPath,
    path: &FsPath,
) -> std::io::Result<u64> {
    tokio::fs::hard_link(stored, temp).await?;
    let renamed = tokio::fs::rename(temp, path).await;
    if let Err(e) = renamed {
        let _ = tokio::fs::remove_file(temp).await;
        return Err(e);
    }
    Ok(tokio::fs::metadata(path).await?.len())
}

/// Writes the stream to a new file at `temp` and syncs it to disk.
async fn write_file<S>(
    mut stream: S,
    temp: &FsPath,
    ctx: &ErrorContext,
) -> Result<u64, ObjectsError>
where
    S: futures::Stream<Item = object_store::Result<bytes::Bytes>> + Unpin,
{
    let file = tokio::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(temp)
        .await
        .map_err(ObjectsError::io("cannot create", temp))?;
    let mut out = BufWriter::with_capacity(WRITE_BUFFER, file);
    let mut written = 0u64;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(ctx.op("read"))?;
        out.write_all(&chunk)
            .await
            .map_err(ObjectsError::io("cannot write", temp))?;
        written += chunk.len() as u64;
    }
    out.flush()
        .await
        .map_err(ObjectsError::io("cannot write", temp))?;
    out.into_inner()
        .sync_all()
        .await
        .map_err(ObjectsError::io("cannot sync", temp))?;
    Ok(written)
}

/// A fresh hidden name in the folder of `path`.
fn temp_path(path: &FsPath) -> Result<PathBuf, ObjectsError> {
    let Some(name) = path.file_name() else {
        let error = std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "the path must name a file",
        );
        return Err(ObjectsError::io("cannot download to", path)(error));
    };
    let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
    let pid = std::process::id();
    let mut temp = std::ffi::OsString::from(".");
    temp.push(name);
    temp.push(format!(".{pid}-{n}.part"));
    Ok(path.with_file_name(temp))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_files_sit_beside_the_target() {
        let a = temp_path(FsPath::new("/data/out.csv")).unwrap();
        let b = temp_path(FsPath::new("/data/out.csv")).unwrap();
        assert_eq!(a.parent(), Some(FsPath::new("/data")));
        assert!(a.to_string_lossy().starts_with("/data/.out.csv."));
        assert_ne!(a, b);
        assert!(temp_path(FsPath::new("/")).is_err());
    }
}
