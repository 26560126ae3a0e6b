//! Streamed uploads with bounded memory, a size limit, and nothing left
//! behind when they fail.
//!
//! Bodies up to one part ([`PART_SIZE`]) are sent with a single PUT.
//! Longer ones become a multipart upload through object_store's
//! [`WriteMultipart`], with at most [`PARTS_IN_FLIGHT`] parts uploading at
//! once, so memory stays near `(PARTS_IN_FLIGHT + 1) * PART_SIZE` whatever
//! the body's length. The object appears only when the upload completes;
//! a failed upload is aborted, which discards its parts.

use std::path::Path as FsPath;

use bytes::{Bytes, BytesMut};
use futures::{Stream, StreamExt};
use object_store::path::Path;
use object_store::{ObjectStoreExt, PutPayload, WriteMultipart};
use tokio::io::AsyncReadExt;

use crate::error::{BodyError, ErrorContext};
use crate::{Objects, ObjectsError};

/// Bytes per multipart part: S3's minimum for all but the last part.
pub(crate) const PART_SIZE: usize = 5 * 1024 * 1024;

/// Parts uploading at the same time.
pub(crate) const PARTS_IN_FLIGHT: usize = 2;

/// Bytes read from a local file at a time.
const FILE_CHUNK: usize = 1024 * 1024;

impl Objects {
    /// Streams `body` into the object `key` and returns its length.
    ///
    /// Memory use is bounded (about 15 MiB) whatever the body's length.
    /// Readers never see a partial object. When the body fails
    /// ([`ObjectsError::Body`]) or sends more than `limit` bytes
    /// ([`ObjectsError::TooLarge`]), the upload is aborted and nothing is
    /// stored under `key` (an older object there is kept).
    pub async fn put_stream<S>(
        &self,
        key: &str,
        body: S,
        limit: Option<u64>,
    ) -> Result<u64, ObjectsError>
    where
        S: Stream<Item = Result<Bytes, BodyError>> + Send + Unpin,
    {
        let mut upload = Upload::new(self, key, limit)?;
        match feed_stream(&mut upload, body).await {
            Ok(()) => upload.finish().await,
            Err(e) => Err(upload.abort(e).await),
        }
    }

    /// Streams the local file at `path` into the object `key` and returns
    /// its length; like [`Objects::put_stream`] without a limit.
    pub async fn put_file(
        &self,
        key: &str,
        path: &FsPath,
    ) -> Result<u64, ObjectsError> {
        let mut upload = Upload::new(self, key, None)?;
        match feed_file(&mut upload, path).await {
            Ok(()) => upload.finish().await,
            Err(e) => Err(upload.abort(e).await),
        }
    }
}

async fn feed_stream<S>(
    upload: &mut Upload<'_>,
    mut body: S,
) -> Result<(), ObjectsError>
where
    S: Stream<Item = Result<Bytes, BodyError>> + Send + Unpin,
{
    while let Some(chunk) = body.next().await {
        upload.push(chunk.map_err(ObjectsError::Body)?).await?;
    }
    Ok(())
}

async fn feed_file(
    upload: &mut Upload<'_>,
    path: &FsPath,
) -> Result<(), ObjectsError> {
    let mut file = tokio::fs::File::open(path)
        .await
        .map_err(ObjectsError::io("cannot open", path))?;
    loop {
        let mut buf = BytesMut::with_capacity(FILE_CHUNK);
        let read = file
            .read_buf(&mut buf)
            .await
            .map_err(ObjectsError::io("cannot read", path))?;
        if read == 0 {
            return Ok(());
        }
        upload.push(buf.freeze()).await?;
    }
}

/// One upload in progress.
struct Upload<'a> {
    objects: &'a Objects,
    path: Path,
    ctx: ErrorContext,
    limit: Option<u64>,
    written: u64,
    state: State,
}

enum State {
    /// Less than a part so far: kept in memory for a single PUT.
    Small(Vec<Bytes>),
    /// A multipart upload under way.
    Multipart(AbortOnDrop),
}

impl<'a> Upload<'a> {
    fn new(
        objects: &'a Objects,
        key: &str,
        limit: Option<u64>,
    ) -> Result<Self, ObjectsError> {
        let (path, ctx) = objects.locate(key)?;
        Ok(Self {
            objects,
            path,
            ctx,
            limit,
            written: 0,
            state: State::Small(Vec::new()),
        })
    }

    /// Adds the next bytes of the body.
    async fn push(&mut self, chunk: Bytes) -> Result<(), ObjectsError> {
        self.count(chunk.len())?;
        let chunks = match &mut self.state {
            State::Multipart(write) => {
                return write.send(chunk, &self.ctx).await;
            }
            State::Small(chunks) => chunks,
        };
        chunks.push(chunk);
        if self.written < PART_SIZE as u64 {
            return Ok(());
        }
        let kept = std::mem::take(chunks);
        let mut write = self.start_multipart().await?;
        for chunk in kept {
            write.send(chunk, &self.ctx).await?;
        }
        self.state = State::Multipart(write);
        Ok(())
    }

    async fn start_multipart(&self) -> Result<AbortOnDrop, ObjectsError> {
        let upload = self
            .objects
            .store
            .put_multipart(&self.path)
            .await
            .map_err(self.ctx.op("write"))?;
        let write = WriteMultipart::new_with_chunk_size(upload, PART_SIZE);
        Ok(AbortOnDrop::new(write))
    }

    /// Counts `len` more bytes against the limit.
    fn count(&mut self, len: usize) -> Result<(), ObjectsError> {
        let written = self.written.saturating_add(len as u64);
        if let Some(limit) = self.limit
            && written > limit
        {
            return Err(ObjectsError::TooLarge { limit });
        }
        self.written = written;
        Ok(())
    }

    /// Completes the upload; the object appears now.
    async fn finish(mut self) -> Result<u64, ObjectsError> {
        let outcome = match &mut self.state {
            State::Small(chunks) => {
                let payload: PutPayload =
                    std::mem::take(chunks).into_iter().collect();
                self.objects.store.put(&self.path, payload).await.map(drop)
            }
            State::Multipart(write) => write.finish().await,
        };
        match outcome {
            Ok(_) => Ok(self.written),
            Err(e) => {
                // WriteMultipart::finish aborts the upload itself.
                self.tidy_local().await;
                Err(self.ctx.error("write", e))
            }
        }
    }

    /// Aborts the upload after `error`, which it returns.
    async fn abort(mut self, error: ObjectsError) -> ObjectsError {
        if let State::Multipart(write) = &mut self.state {
            write.abort().await;
        }
        self.tidy_local().await;
        error
    }

    /// Removes folders a failed local upload created and left empty.
    async fn tidy_local(&self) {
        if let Some(root) = &self.objects.local_root {
            crate::local::remove_empty_parents(root, &self.path).await;
        }
    }
}

/// Writes `chunk` in pieces of at most a part, waiting for upload
/// capacity before each, so a huge chunk cannot start many parts at once.
async fn write_bytes(
    write: &mut WriteMultipart,
    mut chunk: Bytes,
    ctx: &ErrorContext,
) -> Result<(), ObjectsError> {
    while !chunk.is_empty() {
        write
            .wait_for_capacity(PARTS_IN_FLIGHT)
            .await
            .map_err(ctx.op("write"))?;
        let piece = chunk.split_to(chunk.len().min(PART_SIZE));
        write.put(piece);
    }
    Ok(())
}

/// A multipart upload that is aborted if dropped unfinished (e.g. when
/// the request feeding it is cancelled). Holds None once finished or
/// aborted, which only happens as the [`Upload`] ends.
///
/// The mutex is never locked (every use has `&mut self`): it only makes
/// the upload `Sync`, which `WriteMultipart` is not, so futures holding
/// an `&Upload` across an await stay `Send`.
struct AbortOnDrop(std::sync::Mutex<Option<WriteMultipart>>);

impl AbortOnDrop {
    fn new(write: WriteMultipart) -> AbortOnDrop {
        AbortOnDrop(std::sync::Mutex::new(Some(write)))
    }

    fn slot(&mut self) -> &mut Option<WriteMultipart> {
        self.0.get_mut().unwrap_or_else(|e| e.into_inner())
    }

    /// Sends `chunk` on; see [`write_bytes`].
    async fn send(
        &mut self,
        chunk: Bytes,
        ctx: &ErrorContext,
    ) -> Result<(), ObjectsError> {
        match self.slot() {
            Some(write) => write_bytes(write, chunk, ctx).await,
            None => Ok(()),
        }
    }

    /// Completes the upload (aborting it when completing fails).
    async fn finish(&mut self) -> object_store::Result<()> {
        match self.slot().take() {
            Some(write) => write.finish().await.map(drop),
            None => Ok(()),
        }
    }

    /// Aborts the upload. Failing to abort leaves only invisible parts
    /// behind (an S3 lifecycle rule for incomplete uploads removes them);
    /// the caller needs the first error, not this one.
    async fn abort(&mut self) {
        if let Some(write) = self.slot().take() {
            let _ = write.abort().await;
        }
    }
}

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        let Some(write) = self.slot().take() else {
            return;
        };
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                let _ = write.abort().await;
            });
        }
    }
}
