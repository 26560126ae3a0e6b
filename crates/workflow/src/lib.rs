//! A durable workflow engine on SQLite or PostgreSQL.
//!
//! A workflow ([`Workflow`]) is code made of named steps
//! ([`Ctx::step`]). Each step's output is journaled once it succeeds;
//! after a crash, a restart or a backoff the run is claimed again, runs
//! from the top, and completed steps return their journaled output
//! instead of running again. Retries follow a [`RetryPolicy`]; long
//! backoffs and durable sleeps ([`Ctx::sleep`]) release the run until
//! its wake time. Cron schedules start runs once per tick.
//!
//! [`Worker`]s claim due runs with a lease that a heartbeat renews; a
//! dead worker's run is claimed again once its lease runs out. Every
//! write after a claim is fenced by the claim number, so a worker that
//! lost its run changes nothing.
//!
//! - [`engine`]: starting runs; [`view`]: showing them;
//! - [`ctx`]: steps and sleeps; [`retry`]: backoff;
//! - [`worker`]: claiming and running; [`schedule`]: cron;
//! - [`error`]: what can go wrong.

pub mod ctx;
pub mod engine;
pub mod error;
pub mod registry;
pub mod retry;
pub mod schedule;
pub mod view;
pub mod worker;

mod claim;
mod journal;
mod runner;
mod wake;

pub use ctx::Ctx;
pub use engine::{CHANNEL, Engine};
pub use error::{StepError, Suspension, WorkflowError};
pub use registry::{Registry, Workflow};
pub use retry::RetryPolicy;
pub use schedule::{next_tick, parse_cron};
pub use view::{RunView, StepView};
pub use worker::{Worker, WorkerOptions};
