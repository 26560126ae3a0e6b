//! [`Objects`]: the handle the rest of HoneyGrid uses to reach the store,
//! and its whole-object operations.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use bytes::Bytes;
use futures::{StreamExt, TryStreamExt, future};
use object_store::aws::{AmazonS3Builder, AmazonS3ConfigKey};
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};

use crate::ObjectsError;
use crate::error::{ErrorContext, is_missing};
use crate::key::object_path;
use crate::target::Target;

/// An object store: a local folder or an S3 bucket, with keys under an
/// optional prefix. Cheap to clone; clones share one connection pool.
#[derive(Clone)]
pub struct Objects {
    pub(crate) store: Arc<dyn ObjectStore>,
    pub(crate) prefix: Path,
    pub(crate) description: Arc<str>,
    /// The folder of a local store, to tidy up after failed uploads.
    pub(crate) local_root: Option<Arc<std::path::Path>>,
}

impl fmt::Debug for Objects {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Objects").field(&self.description).finish()
    }
}

impl Objects {
    /// Opens the store a URL names.
    ///
    /// - `file:///absolute/dir`: a local folder, created when missing.
    /// - `s3://bucket/optional/prefix`: an S3 bucket, configured from the
    ///   `AWS_*` environment variables (`AWS_ACCESS_KEY_ID`,
    ///   `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`, ...). With
    ///   `AWS_ENDPOINT_URL` set (MinIO, moto, R2, ...) requests are
    ///   path-style and a plain `http://` endpoint is allowed.
    pub fn from_url(url: &str) -> Result<Self, ObjectsError> {
        let target = Target::parse(url)?;
        let description = target.describe();
        match target {
            Target::Local(dir) => open_local(&dir, description),
            Target::S3 { bucket, prefix } => {
                open_s3(&bucket, prefix, description)
            }
        }
    }

    /// Wraps any object_store store (e.g. `InMemory` in tests); keys go
    /// under `prefix` (empty for none).
    pub fn from_store(
        store: Arc<dyn ObjectStore>,
        prefix: &str,
        description: &str,
    ) -> Result<Self, ObjectsError> {
        let prefix = match prefix.trim_matches('/') {
            "" => Path::default(),
            p => object_path(&Path::default(), p)?,
        };
        Ok(Self {
            store,
            prefix,
            description: description.into(),
            local_root: None,
        })
    }

    /// The store's URL without credentials, e.g. `file:///var/lib/hg`
    /// or `s3://bucket/prefix`.
    pub fn describe(&self) -> String {
        self.description.to_string()
    }

    /// Stores a whole object in one request, replacing any object with
    /// this key. Atomic: readers see the old object or the new one.
    pub async fn put(
        &self,
        key: &str,
        data: Bytes,
    ) -> Result<(), ObjectsError> {
        let (path, ctx) = self.locate(key)?;
        let payload = PutPayload::from_bytes(data);
        self.store
            .put(&path, payload)
            .await
            .map_err(ctx.op("write"))?;
        Ok(())
    }

    /// Reads a whole object into memory.
    pub async fn get(&self, key: &str) -> Result<Bytes, ObjectsError> {
        let (path, ctx) = self.locate(key)?;
        let result = self.store.get(&path).await.map_err(ctx.op("read"))?;
        result.bytes().await.map_err(ctx.op("read"))
    }

    /// Reads bytes `range.start..range.end` of an object. A range that
    /// runs past the end of the object is cut short there (so it may
    /// read as empty).
    pub async fn get_range(
        &self,
        key: &str,
        range: Range<u64>,
    ) -> Result<Bytes, ObjectsError> {
        let (path, ctx) = self.locate(key)?;
        if range.start > range.end {
            let (start, end) = (range.start, range.end);
            let key = key.to_owned();
            return Err(ObjectsError::InvalidRange { key, start, end });
        }
        if range.start < range.end {
            let read = self.store.get_range(&path, range.clone()).await;
            match read {
                Ok(bytes) => return Ok(bytes),
                Err(e) => return self.past_end(&path, &ctx, range, e).await,
            }
        }
        match self.head_size(&path, &ctx).await? {
            Some(_) => Ok(Bytes::new()),
            None => Err(ctx.not_found()),
        }
    }

    /// Explains a failed range read: a range starting at or past the end
    /// of the object (which stores refuse) reads as empty.
    async fn past_end(
        &self,
        path: &Path,
        ctx: &ErrorContext,
        range: Range<u64>,
        error: object_store::Error,
    ) -> Result<Bytes, ObjectsError> {
        if is_missing(&error) {
            return Err(ctx.error("read", error));
        }
        match self.head_size(path, ctx).await {
            Ok(Some(size)) if range.start >= size => Ok(Bytes::new()),
            _ => Err(ctx.error("read", error)),
        }
    }

    /// The size of an object in bytes, or None when it does not exist.
    pub async fn size(&self, key: &str) -> Result<Option<u64>, ObjectsError> {
        let (path, ctx) = self.locate(key)?;
        self.head_size(&path, &ctx).await
    }

    /// Deletes an object; deleting a missing object is not an error.
    pub async fn delete(&self, key: &str) -> Result<(), ObjectsError> {
        let (path, ctx) = self.locate(key)?;
        match self.store.delete(&path).await {
            Err(e) if !is_missing(&e) => Err(ctx.error("delete", e)),
            _ => Ok(()),
        }
    }

    /// Deletes every object whose key starts with `prefix/` and returns
    /// how many were deleted. Prefixes match whole segments: `a/b`
    /// covers `a/b/c` but neither `a/bc` nor `a/b` itself.
    pub async fn delete_prefix(
        &self,
        prefix: &str,
    ) -> Result<u64, ObjectsError> {
        let (path, ctx) = self.locate(prefix)?;
        let own = path.clone();
        let listed = self
            .store
            .list(Some(&path))
            .try_filter(move |meta| future::ready(meta.location != own))
            .map_ok(|meta| meta.location)
            .boxed();
        let mut deleted = self.store.delete_stream(listed);
        let mut count = 0;
        while let Some(outcome) = deleted.next().await {
            match outcome {
                Ok(_) => count += 1,
                Err(e) if is_missing(&e) => {}
                Err(e) => return Err(ctx.error("delete", e)),
            }
        }
        Ok(count)
    }

    /// The path of `key` and the context for its errors.
    pub(crate) fn locate(
        &self,
        key: &str,
    ) -> Result<(Path, ErrorContext), ObjectsError> {
        let path = object_path(&self.prefix, key)?;
        Ok((path, ErrorContext::new(key, &self.description)))
    }

    async fn head_size(
        &self,
        path: &Path,
        ctx: &ErrorContext,
    ) -> Result<Option<u64>, ObjectsError> {
        match self.store.head(path).await {
            Ok(meta) => Ok(Some(meta.size)),
            Err(e) if is_missing(&e) => Ok(None),
            Err(e) => Err(ctx.error("check", e)),
        }
    }
}

fn open_local(
    dir: &std::path::Path,
    description: String,
) -> Result<Objects, ObjectsError> {
    std::fs::create_dir_all(dir)
        .map_err(ObjectsError::io("cannot create the store folder", dir))?;
    let root = dir
        .canonicalize()
        .map_err(ObjectsError::io("cannot open the store folder", dir))?;
    let store = LocalFileSystem::new_with_prefix(&root)
        .map_err(|source| open_error(&description, source))?
        .with_automatic_cleanup(true);
    Ok(Objects {
        store: Arc::new(store),
        prefix: Path::default(),
        description: description.into(),
        local_root: Some(root.into()),
    })
}

fn open_s3(
    bucket: &str,
    prefix: Path,
    description: String,
) -> Result<Objects, ObjectsError> {
    let builder = s3_builder(bucket);
    let store = builder
        .build()
        .map_err(|source| open_error(&description, source))?;
    Ok(Objects {
        store: Arc::new(store),
        prefix,
        description: description.into(),
        local_root: None,
    })
}

/// The environment's S3 settings for `bucket`; a custom endpoint gets
/// path-style requests, and plain HTTP when it is an `http://` URL.
fn s3_builder(bucket: &str) -> AmazonS3Builder {
    let builder = AmazonS3Builder::from_env().with_bucket_name(bucket);
    let endpoint = builder
        .get_config_value(&AmazonS3ConfigKey::S3Endpoint)
        .or_else(|| builder.get_config_value(&AmazonS3ConfigKey::Endpoint));
    match endpoint {
        None => builder,
        Some(endpoint) => {
            let builder = builder.with_virtual_hosted_style_request(false);
            if endpoint.starts_with("http://") {
                builder.with_allow_http(true)
            } else {
                builder
            }
        }
    }
}

fn open_error(url: &str, source: object_store::Error) -> ObjectsError {
    ObjectsError::Open {
        url: url.to_owned(),
        source: Box::new(source),
    }
}
