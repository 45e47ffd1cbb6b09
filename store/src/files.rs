//! Where uploaded materials' bytes live, behind `hall::ports::FileStore`:
//! [`LocalFiles`] (a directory; the default) or [`S3Files`] (any
//! S3-compatible service, through the `object_store` crate). Both stream:
//! neither ever holds a whole file in memory, and neither makes a file
//! visible under its key before it is complete.

use async_trait::async_trait;
use bytes::{Bytes, BytesMut};
use hall::ports::{FileReader, FileStore, FileStoreError, FileWriter};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::io::AsyncReadExt;

/// Read back in pieces of this size.
const READ_CHUNK: usize = 64 * 1024;

fn failed(e: impl std::error::Error + Send + Sync + 'static) -> FileStoreError {
    FileStoreError::Failed(Box::new(e))
}

/// A directory. A file is written to `.incoming/` beside its final place,
/// flushed to disk (fsync), renamed into place and its directory flushed:
/// after a crash a file is either whole under its key or not there.
#[derive(Clone, Debug)]
pub struct LocalFiles {
    root: PathBuf,
}

impl LocalFiles {
    /// Creates the directory if needed and clears half-written files a
    /// crash may have left.
    pub async fn open(root: impl Into<PathBuf>) -> Result<Self, FileStoreError> {
        let root = root.into();
        let incoming = root.join(".incoming");
        let _ = tokio::fs::remove_dir_all(&incoming).await;
        tokio::fs::create_dir_all(&incoming).await.map_err(failed)?;
        Ok(LocalFiles { root })
    }

    /// The directory as it is (nothing created or cleared).
    pub fn open_existing(root: impl Into<PathBuf>) -> Self {
        LocalFiles { root: root.into() }
    }

    /// Every file under the directory, half-written ones included (as
    /// paths relative to it): for integrity checks and tests.
    pub fn list_all(&self) -> Result<Vec<String>, FileStoreError> {
        fn walk(dir: &Path, root: &Path, out: &mut Vec<String>) -> std::io::Result<()> {
            for entry in std::fs::read_dir(dir)? {
                let path = entry?.path();
                if path.is_dir() {
                    walk(&path, root, out)?;
                } else if let Ok(rel) = path.strip_prefix(root) {
                    out.push(rel.display().to_string());
                }
            }
            Ok(())
        }
        let mut out = Vec::new();
        walk(&self.root, &self.root, &mut out).map_err(failed)?;
        out.sort();
        Ok(out)
    }

    fn path_of(&self, key: &str) -> Result<PathBuf, FileStoreError> {
        // Keys are made from internal ids; refuse anything else outright.
        let ok = !key.is_empty()
            && key.split('/').all(|part| {
                !part.is_empty()
                    && part != "."
                    && part != ".."
                    && part
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
            });
        if !ok {
            return Err(FileStoreError::Failed(
                format!("bad object key {key:?}").into(),
            ));
        }
        Ok(self.root.join(key))
    }
}

/// Removes the temporary file unless it was committed (also when the
/// writer is dropped half-way, e.g. the request task is cancelled).
struct Incoming {
    path: PathBuf,
    done: bool,
}

impl Drop for Incoming {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Bytes go to the disk in batches of this size, each written at its place
/// in the file on the blocking pool, up to [`WRITES_IN_FLIGHT`] at once
/// while the next fills: receiving and hashing on the request's task go on
/// while the disk writes, instead of waiting for a trip to the blocking
/// pool per batch.
const WRITE_BATCH: usize = 256 * 1024;
const WRITES_IN_FLIGHT: usize = 2;

/// Every this many bytes the kernel is told to start writing back what has
/// been written (Linux), so the disk works while the rest arrives and the
/// fsync at the end has only the tail left to wait for.
const WRITEBACK_EVERY: u64 = 8 * 1024 * 1024;

struct LocalWriter {
    file: Arc<std::fs::File>,
    /// Oldest first; each gives its buffer back for the next batch.
    in_flight: std::collections::VecDeque<tokio::task::JoinHandle<std::io::Result<Vec<u8>>>>,
    batch: Vec<u8>,
    spare: Vec<Vec<u8>>,
    /// Bytes handed to writes so far (where the next batch goes).
    offset: u64,
    incoming: Incoming,
    target: PathBuf,
}

/// Writes `batch` at `offset`; past each [`WRITEBACK_EVERY`] boundary,
/// starts the writeback of the stretch before it.
fn write_at(file: &std::fs::File, batch: &[u8], offset: u64) -> std::io::Result<()> {
    use std::os::unix::fs::FileExt;
    file.write_all_at(batch, offset)?;
    let end = offset + batch.len() as u64;
    if end / WRITEBACK_EVERY > offset / WRITEBACK_EVERY {
        let boundary = end / WRITEBACK_EVERY * WRITEBACK_EVERY;
        start_writeback(
            file,
            boundary.saturating_sub(WRITEBACK_EVERY),
            WRITEBACK_EVERY,
        );
    }
    Ok(())
}

/// Asks the kernel to start writing a range of the file to the disk without
/// waiting for it; only a hint (`sync_all` at the end is what makes it
/// durable), so a failure is ignored.
#[cfg(target_os = "linux")]
fn start_writeback(file: &std::fs::File, offset: u64, bytes: u64) {
    use std::os::fd::AsRawFd;
    let (Ok(offset), Ok(bytes)) = (i64::try_from(offset), i64::try_from(bytes)) else {
        return;
    };
    // SAFETY: the descriptor belongs to `file`, which is open for the whole
    // call; sync_file_range reads no memory of ours.
    let _ = unsafe {
        libc::sync_file_range(file.as_raw_fd(), offset, bytes, libc::SYNC_FILE_RANGE_WRITE)
    };
}

#[cfg(not(target_os = "linux"))]
fn start_writeback(_file: &std::fs::File, _offset: u64, _bytes: u64) {}

fn sync_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

fn join_failed(e: tokio::task::JoinError) -> FileStoreError {
    failed(std::io::Error::other(e))
}

impl LocalWriter {
    /// Waits for the oldest write in flight; its buffer comes back.
    async fn oldest_written(&mut self) -> Result<(), FileStoreError> {
        if let Some(write) = self.in_flight.pop_front() {
            let mut buffer = write.await.map_err(join_failed)?.map_err(failed)?;
            buffer.clear();
            self.spare.push(buffer);
        }
        Ok(())
    }

    async fn send_batch(&mut self) -> Result<(), FileStoreError> {
        if self.in_flight.len() >= WRITES_IN_FLIGHT {
            self.oldest_written().await?;
        }
        let next = self
            .spare
            .pop()
            .unwrap_or_else(|| Vec::with_capacity(WRITE_BATCH));
        let batch = std::mem::replace(&mut self.batch, next);
        let (file, offset) = (self.file.clone(), self.offset);
        self.offset += batch.len() as u64;
        self.in_flight
            .push_back(tokio::task::spawn_blocking(move || {
                write_at(&file, &batch, offset).map(|()| batch)
            }));
        Ok(())
    }
}

#[async_trait]
impl FileWriter for LocalWriter {
    async fn write(&mut self, chunk: Bytes) -> Result<(), FileStoreError> {
        let mut rest: &[u8] = &chunk;
        while !rest.is_empty() {
            let take = rest.len().min(WRITE_BATCH - self.batch.len());
            self.batch.extend_from_slice(&rest[..take]);
            rest = &rest[take..];
            if self.batch.len() == WRITE_BATCH {
                self.send_batch().await?;
            }
        }
        Ok(())
    }

    async fn commit(mut self: Box<Self>) -> Result<(), FileStoreError> {
        while !self.in_flight.is_empty() {
            self.oldest_written().await?;
        }
        let batch = std::mem::take(&mut self.batch);
        let (file, offset) = (self.file.clone(), self.offset);
        let (incoming, target) = (self.incoming.path.clone(), self.target.clone());
        tokio::task::spawn_blocking(move || -> std::io::Result<()> {
            write_at(&file, &batch, offset)?;
            file.sync_all()?;
            let dir = target
                .parent()
                .ok_or_else(|| std::io::Error::other("object key without a folder"))?;
            std::fs::create_dir_all(dir)?;
            std::fs::rename(&incoming, &target)?;
            sync_dir(dir)
        })
        .await
        .map_err(join_failed)?
        .map_err(failed)?;
        self.incoming.done = true;
        Ok(())
    }

    async fn abort(self: Box<Self>) {
        // Dropping removes the temporary file (writes still in flight go
        // to the unlinked file and are freed with it).
    }
}

struct LocalReader {
    file: tokio::fs::File,
}

#[async_trait]
impl FileReader for LocalReader {
    async fn next_chunk(&mut self) -> Result<Option<Bytes>, FileStoreError> {
        let mut buf = BytesMut::with_capacity(READ_CHUNK);
        let n = self.file.read_buf(&mut buf).await.map_err(failed)?;
        Ok((n > 0).then(|| buf.freeze()))
    }
}

#[async_trait]
impl FileStore for LocalFiles {
    async fn create(&self, key: &str) -> Result<Box<dyn FileWriter>, FileStoreError> {
        let target = self.path_of(key)?;
        let name = format!("{:032x}", rand::random::<u128>());
        let path = self.root.join(".incoming").join(name);
        let file = tokio::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .await
            .map_err(failed)?
            .into_std()
            .await;
        Ok(Box::new(LocalWriter {
            file: Arc::new(file),
            in_flight: std::collections::VecDeque::with_capacity(WRITES_IN_FLIGHT),
            batch: Vec::with_capacity(WRITE_BATCH),
            spare: Vec::new(),
            offset: 0,
            incoming: Incoming { path, done: false },
            target,
        }))
    }

    async fn open(&self, key: &str) -> Result<Box<dyn FileReader>, FileStoreError> {
        match tokio::fs::File::open(self.path_of(key)?).await {
            Ok(file) => Ok(Box::new(LocalReader { file })),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(FileStoreError::Missing),
            Err(e) => Err(failed(e)),
        }
    }

    async fn delete(&self, key: &str) -> Result<(), FileStoreError> {
        match tokio::fs::remove_file(self.path_of(key)?).await {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(failed(e)),
            _ => Ok(()),
        }
    }

    fn backend(&self) -> &'static str {
        "local"
    }
}

/// Where an S3-compatible bucket is and how to sign in to it.
#[derive(Clone, Debug)]
pub struct S3Settings {
    /// e.g. `http://127.0.0.1:9000`; empty: AWS itself.
    pub endpoint: String,
    pub bucket: String,
    pub region: String,
    pub access_key_id: String,
    pub secret_access_key: String,
}

/// An S3-compatible bucket. A file goes up as a multipart upload in
/// [`S3_PART_BYTES`] parts, one in flight while the next fills: the object
/// appears only when the upload completes, and an aborted one leaves no
/// parts. (A crash mid-upload leaves parts the bucket's lifecycle rule for
/// incomplete multipart uploads removes.) S3 parts cannot be smaller than
/// 5 MB, so part buffers are rationed across the process
/// ([`S3_PART_BUFFERS`]): an upload waits for one before reading on, and
/// memory stays bounded however many upload at once.
///
/// Payloads go unsigned (`UNSIGNED-PAYLOAD`, as AWS's own SDKs send
/// uploads over HTTPS): signing would hash every byte a second time, and
/// the file's SHA-256, recorded in the database and checked on every read,
/// already catches bytes changed on the way or at rest.
#[derive(Clone)]
pub struct S3Files {
    store: Arc<dyn object_store::ObjectStore>,
    buffers: Arc<tokio::sync::Semaphore>,
}

/// S3's smallest part (but the last).
pub const S3_PART_BYTES: usize = 5 * 1024 * 1024;
/// Part buffers held at once by the whole process.
pub const S3_PART_BUFFERS: usize = 4;

impl std::fmt::Debug for S3Files {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Files").finish_non_exhaustive()
    }
}

fn s3_error(e: object_store::Error) -> FileStoreError {
    match e {
        object_store::Error::NotFound { .. } => FileStoreError::Missing,
        object_store::Error::Generic { .. } => FileStoreError::Unavailable(Box::new(e)),
        e => FileStoreError::Failed(Box::new(e)),
    }
}

impl S3Files {
    pub fn new(settings: &S3Settings) -> Result<Self, FileStoreError> {
        let mut builder = object_store::aws::AmazonS3Builder::new()
            .with_bucket_name(&settings.bucket)
            .with_region(&settings.region)
            .with_access_key_id(&settings.access_key_id)
            .with_secret_access_key(&settings.secret_access_key)
            .with_unsigned_payload(true);
        if !settings.endpoint.is_empty() {
            builder = builder
                .with_endpoint(&settings.endpoint)
                .with_allow_http(settings.endpoint.starts_with("http://"))
                .with_virtual_hosted_style_request(false);
        }
        let store = builder.build().map_err(s3_error)?;
        Ok(S3Files {
            store: Arc::new(store),
            buffers: Arc::new(tokio::sync::Semaphore::new(S3_PART_BUFFERS)),
        })
    }
}

impl S3Files {
    /// Every object in the bucket: for integrity checks and tests.
    pub async fn list_all(&self) -> Result<Vec<String>, FileStoreError> {
        use futures::TryStreamExt;
        let objects: Vec<object_store::ObjectMeta> = self
            .store
            .list(None)
            .try_collect()
            .await
            .map_err(s3_error)?;
        let mut keys: Vec<String> = objects
            .into_iter()
            .map(|o| o.location.to_string())
            .collect();
        keys.sort();
        Ok(keys)
    }
}

struct S3Writer {
    upload: Option<Box<dyn object_store::MultipartUpload>>,
    part: BytesMut,
    /// Held while `part` holds bytes.
    permit: Option<tokio::sync::OwnedSemaphorePermit>,
    /// The part going up (it holds its own buffer's permit).
    in_flight: Option<tokio::task::JoinHandle<object_store::Result<()>>>,
    buffers: Arc<tokio::sync::Semaphore>,
}

impl S3Writer {
    /// Waits for the part in flight, if any.
    async fn settled(&mut self) -> Result<(), FileStoreError> {
        if let Some(part) = self.in_flight.take() {
            part.await.map_err(join_failed)?.map_err(s3_error)?;
        }
        Ok(())
    }

    async fn send_part(&mut self) -> Result<(), FileStoreError> {
        self.settled().await?;
        let upload = self
            .upload
            .as_mut()
            .ok_or_else(|| FileStoreError::Failed("write after the end".into()))?;
        let part = std::mem::take(&mut self.part).freeze();
        let permit = self.permit.take();
        let put = upload.put_part(object_store::PutPayload::from(part));
        // Spawned so it goes up while the next part fills.
        self.in_flight = Some(tokio::spawn(async move {
            let sent = put.await;
            drop(permit);
            sent
        }));
        Ok(())
    }
}

#[async_trait]
impl FileWriter for S3Writer {
    async fn write(&mut self, mut chunk: Bytes) -> Result<(), FileStoreError> {
        while !chunk.is_empty() {
            if self.permit.is_none() {
                let permit = self
                    .buffers
                    .clone()
                    .acquire_owned()
                    .await
                    .map_err(|e| FileStoreError::Failed(Box::new(e)))?;
                self.permit = Some(permit);
                self.part = BytesMut::with_capacity(S3_PART_BYTES);
            }
            let take = chunk.len().min(S3_PART_BYTES - self.part.len());
            self.part.extend_from_slice(&chunk.split_to(take));
            if self.part.len() == S3_PART_BYTES {
                self.send_part().await?;
            }
        }
        Ok(())
    }

    async fn commit(mut self: Box<Self>) -> Result<(), FileStoreError> {
        if !self.part.is_empty() {
            self.send_part().await?;
        }
        self.settled().await?;
        let mut upload = self
            .upload
            .take()
            .ok_or_else(|| FileStoreError::Failed("committed twice".into()))?;
        upload.complete().await.map_err(s3_error)?;
        Ok(())
    }

    async fn abort(mut self: Box<Self>) {
        if let Some(part) = self.in_flight.take() {
            part.abort();
        }
        if let Some(mut upload) = self.upload.take() {
            if let Err(e) = upload.abort().await {
                tracing::warn!(error = %e, "could not abort a multipart upload");
            }
        }
    }
}

/// A writer dropped half-way (the request was cancelled) aborts its
/// upload in the background: no parts are left.
impl Drop for S3Writer {
    fn drop(&mut self) {
        if let Some(part) = self.in_flight.take() {
            part.abort();
        }
        if let Some(mut upload) = self.upload.take() {
            if let Ok(handle) = tokio::runtime::Handle::try_current() {
                handle.spawn(async move {
                    let _ = upload.abort().await;
                });
            }
        }
    }
}

struct S3Reader {
    stream: futures::stream::BoxStream<'static, object_store::Result<Bytes>>,
}

#[async_trait]
impl FileReader for S3Reader {
    async fn next_chunk(&mut self) -> Result<Option<Bytes>, FileStoreError> {
        use futures::StreamExt;
        self.stream.next().await.transpose().map_err(s3_error)
    }
}

#[async_trait]
impl FileStore for S3Files {
    async fn create(&self, key: &str) -> Result<Box<dyn FileWriter>, FileStoreError> {
        let path = object_store::path::Path::from(key);
        let upload = self.store.put_multipart(&path).await.map_err(s3_error)?;
        Ok(Box::new(S3Writer {
            upload: Some(upload),
            part: BytesMut::new(),
            permit: None,
            in_flight: None,
            buffers: self.buffers.clone(),
        }))
    }

    async fn open(&self, key: &str) -> Result<Box<dyn FileReader>, FileStoreError> {
        let path = object_store::path::Path::from(key);
        let got = self.store.get(&path).await.map_err(s3_error)?;
        Ok(Box::new(S3Reader {
            stream: got.into_stream(),
        }))
    }

    async fn delete(&self, key: &str) -> Result<(), FileStoreError> {
        let path = object_store::path::Path::from(key);
        match self.store.delete(&path).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(s3_error(e)),
        }
    }

    fn backend(&self) -> &'static str {
        "s3"
    }
}
