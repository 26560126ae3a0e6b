//! Processing a run of chunks on every core.
//!
//! One thread reads the input and cuts it into chunks of whole records;
//! worker threads parse, place and sum the chunks, each into its own
//! [`Aggregate`]; the calling thread puts the chunks' counts and failed
//! rows back in file order as they come. Memory holds the sums (one
//! entry per distinct cell) and a few chunks in flight, never the file.

use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};

use crossbeam_channel::{Receiver, Sender, bounded};
use honeygrid_core::{Aggregate, ColumnPlan};
use honeygrid_geocode::Chain;

use crate::chunks::{Chunk, ChunkReader};
use crate::collector::Collector;
use crate::error::IngestError;
use crate::pipeline::{IngestOptions, Observer};
use crate::segment::{Cursor, SegmentResult};
use crate::worker::{ChunkResult, Worker};

/// The decoded text of an input, cut into chunks.
pub(crate) type Chunks = ChunkReader<Box<dyn Read + Send>>;

/// A run of chunks to process.
pub(crate) struct Job<'a> {
    pub chunks: &'a mut Chunks,
    /// The first chunk, when it was read already (with the header).
    pub first: Option<Chunk>,
    pub plan: &'a ColumnPlan,
    pub delimiter: u8,
    /// The input's name, for messages.
    pub name: &'a str,
    /// Where the first chunk starts in the file.
    pub from: Cursor,
    /// Reading stops after the chunk that brings the bytes read to this
    /// many.
    pub budget: u64,
}

/// Reads, places and sums the rows of a run of chunks.
pub(crate) fn process(
    job: Job<'_>,
    options: &IngestOptions,
    observer: &mut dyn Observer,
) -> Result<SegmentResult, IngestError> {
    let threads = match options.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    let chain = Chain::build(
        options.resolution,
        options.address_points.clone(),
        options.provider.clone(),
    );
    let stop = AtomicBool::new(false);
    let (work_tx, work_rx) = bounded::<Chunk>(threads * 2);
    let (done_tx, done_rx) = bounded::<ChunkResult>(threads * 4);
    // Buffers of processed chunks go back to the reader for reuse.
    let (free_tx, free_rx) = bounded::<Vec<u8>>(threads * 2 + 2);
    let Job {
        chunks,
        first,
        plan,
        delimiter,
        name,
        from,
        budget,
    } = job;
    let chain = &chain;
    let (collect_failed, collect_placed) =
        (observer.wants_failed_rows(), observer.wants_placed_rows());
    let new_worker = || Worker {
        plan,
        chain,
        delimiter,
        collect_failed,
        collect_placed,
        min_precision: options.min_precision,
        aggregate: Aggregate::new(plan.metric_names()),
    };
    std::thread::scope(|scope| {
        let stop = &stop;
        let reader = scope.spawn(move || {
            let reading = Reading {
                chunks,
                first,
                size: options.chunk_size,
                budget,
                name,
            };
            let queues = Queues {
                work: work_tx,
                free: free_rx,
            };
            read_chunks(reading, &queues, stop)
        });
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let (rx, tx) = (work_rx.clone(), done_tx.clone());
                let free = free_tx.clone();
                let worker = new_worker();
                scope.spawn(move || work(worker, rx, tx, free))
            })
            .collect();
        drop((done_tx, work_rx, free_tx));
        let mut collector = Collector::new(observer, plan, stop, from);
        for result in done_rx {
            collector.accept(result);
        }
        let read = reader.join().expect("the reader thread does not panic");
        let mut parts = workers
            .into_iter()
            .map(|handle| handle.join().expect("worker threads do not panic"));
        let mut aggregate = parts.next().expect("at least one worker");
        for part in parts {
            aggregate.merge(&part);
        }
        let done = read?;
        let (stats, next) = collector.finish()?;
        Ok(SegmentResult {
            aggregate,
            stats,
            next,
            done,
        })
    })
}

/// What the reader thread reads.
struct Reading<'a> {
    chunks: &'a mut Chunks,
    first: Option<Chunk>,
    size: usize,
    budget: u64,
    name: &'a str,
}

/// The reader's channels: chunks out, spent buffers back.
struct Queues {
    work: Sender<Chunk>,
    free: Receiver<Vec<u8>>,
}

/// The reader thread: sends chunks until the input ends, the budget is
/// spent, or `stop`. Returns true when the input ended.
fn read_chunks(
    reading: Reading<'_>,
    queues: &Queues,
    stop: &AtomicBool,
) -> Result<bool, IngestError> {
    let Reading {
        chunks,
        first,
        size,
        budget,
        name,
    } = reading;
    let context = || format!("cannot read {name}");
    let mut next = match first {
        Some(chunk) => Some(chunk),
        None => chunks
            .next_chunk(size, None)
            .map_err(|e| IngestError::io(context(), e))?,
    };
    let mut read = 0_u64;
    while let Some(chunk) = next {
        check_text(&chunk.data)?;
        read += chunk.data.len() as u64;
        if queues.work.send(chunk).is_err() || stop.load(Ordering::Relaxed) {
            return Ok(false);
        }
        if read >= budget {
            let rest =
                chunks.peek(1).map_err(|e| IngestError::io(context(), e));
            return Ok(rest?.is_empty());
        }
        next = chunks
            .next_chunk(size, queues.free.try_recv().ok())
            .map_err(|e| IngestError::io(context(), e))?;
    }
    Ok(true)
}

/// A zero byte anywhere means the file is not text after all (the
/// first bytes looked like text).
pub(crate) fn check_text(data: &[u8]) -> Result<(), IngestError> {
    match memchr::memchr(0, data) {
        Some(_) => {
            Err(IngestError::NotText("a binary file (it has zero bytes)"))
        }
        None => Ok(()),
    }
}

/// A worker thread: processes chunks until there are no more, and
/// returns its sums.
fn work(
    mut worker: Worker<'_>,
    chunks: Receiver<Chunk>,
    done: Sender<ChunkResult>,
    free: Sender<Vec<u8>>,
) -> Aggregate {
    for chunk in chunks {
        if done.send(worker.process(&chunk)).is_err() {
            break;
        }
        // When the reader has spares enough, the buffer is just freed.
        let _ = free.try_send(chunk.data);
    }
    worker.aggregate
}
