//! Workflow code: the [`Workflow`] trait and the [`Registry`] that maps
//! a run's kind to it.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;

use futures::future::BoxFuture;
use serde_json::Value;

use crate::{Ctx, WorkflowError};

/// The code of one kind of workflow. It is run again from the top each
/// time a worker claims the run; steps already journaled return their
/// recorded output instead of running again, so everything with effects
/// belongs in [`Ctx::step`].
pub trait Workflow: Send + Sync + 'static {
    /// Runs the workflow on `input` and returns its output. Errors from
    /// `ctx` that stop the run ([`WorkflowError::is_stop`]) must be
    /// returned unchanged (`?` does that).
    fn run(
        &self,
        ctx: Ctx,
        input: Value,
    ) -> BoxFuture<'_, Result<Value, WorkflowError>>;
}

/// A workflow written as an async closure.
struct FnWorkflow<F>(F);

impl<F, Fut> Workflow for FnWorkflow<F>
where
    F: Fn(Ctx, Value) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<Value, WorkflowError>> + Send + 'static,
{
    fn run(
        &self,
        ctx: Ctx,
        input: Value,
    ) -> BoxFuture<'_, Result<Value, WorkflowError>> {
        Box::pin((self.0)(ctx, input))
    }
}

/// The workflows a worker can run, by kind.
#[derive(Clone, Default)]
pub struct Registry {
    handlers: HashMap<String, Arc<dyn Workflow>>,
}

impl std::fmt::Debug for Registry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut kinds: Vec<&String> = self.handlers.keys().collect();
        kinds.sort();
        f.debug_struct("Registry").field("kinds", &kinds).finish()
    }
}

impl Registry {
    /// An empty registry.
    pub fn new() -> Registry {
        Registry::default()
    }

    /// Runs `kind` with `workflow`, replacing any earlier one.
    pub fn register(
        &mut self,
        kind: &str,
        workflow: impl Workflow,
    ) -> &mut Registry {
        self.handlers.insert(kind.to_owned(), Arc::new(workflow));
        self
    }

    /// Runs `kind` with an async closure `f(ctx, input)`.
    pub fn register_fn<F, Fut>(&mut self, kind: &str, f: F) -> &mut Registry
    where
        F: Fn(Ctx, Value) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<Value, WorkflowError>> + Send + 'static,
    {
        self.register(kind, FnWorkflow(f))
    }

    /// The workflow for `kind`.
    pub fn get(&self, kind: &str) -> Option<Arc<dyn Workflow>> {
        self.handlers.get(kind).cloned()
    }

    /// The kinds registered.
    pub fn kinds(&self) -> Vec<String> {
        let mut kinds: Vec<String> = self.handlers.keys().cloned().collect();
        kinds.sort();
        kinds
    }
}
