//! Many workers: runs shared without running twice, and a dead
//! worker's run taken over with its journal honoured.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use common::wait_for;
use common::{Counter, options, other_engine, setup, spawn, wait_done};
use honeygrid_store::on_db;
use honeygrid_store::testing::backends;
use honeygrid_workflow::{Registry, RetryPolicy};
use serde_json::{Value, json};

fn counting(counter: &Counter) -> Registry {
    let mut registry = Registry::new();
    let c = counter.clone();
    registry.register_fn("count", move |ctx, _| {
        let c = c.clone();
        async move {
            let id = ctx.run_id().to_owned();
            ctx.step("only", RetryPolicy::default(), || {
                let (c, id) = (c.clone(), id.clone());
                async move {
                    c.hit(&id);
                    tokio::time::sleep(Duration::from_millis(5)).await;
                    Ok(())
                }
            })
            .await?;
            Ok(Value::Null)
        }
    });
    registry
}

#[tokio::test]
async fn two_workers_share_runs_and_run_none_twice() {
    for backend in backends() {
        let (test, engine) = setup(backend).await;
        let counter = Counter::default();
        let registry = counting(&counter);
        let clock = engine.clock().clone();
        let mut workers = Vec::new();
        for name in ["one", "two"] {
            let own = other_engine(&test, &clock).await;
            let mut opts = options(name);
            opts.poll_fallback = Duration::from_millis(200);
            workers.push(spawn(&own, &registry, opts));
        }
        let mut ids = Vec::new();
        for i in 0..60 {
            ids.push(engine.start("count", None, json!(i)).await.expect("s"));
        }
        for id in &ids {
            let view = wait_done(&engine, id).await;
            assert_eq!(view.status, "completed", "{backend:?}");
            assert_eq!(view.claims, 1, "{backend:?} claimed once");
        }
        for worker in workers {
            worker.stop().await;
        }
        let counts = counter.all();
        assert_eq!(counts.len(), ids.len(), "{backend:?}");
        assert!(counts.values().all(|&n| n == 1), "{backend:?} {counts:?}");
        let owners: i64 = on_db!(&test.db, pool => {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM workflow_runs WHERE lease_owner \
                 IS NOT NULL",
            )
            .fetch_one(pool)
            .await
            .expect("count")
        });
        assert_eq!(owners, 0, "finished runs hold no lease");
    }
}

/// Step `one`, then step `two` that hangs the first time it runs.
fn hanging(counter: &Counter, hang: &Arc<AtomicBool>) -> Registry {
    let mut registry = Registry::new();
    let (c, hang) = (counter.clone(), hang.clone());
    registry.register_fn("hang", move |ctx, _| {
        let (c, hang) = (c.clone(), hang.clone());
        async move {
            let c1 = c.clone();
            let a: i64 = ctx
                .step("one", RetryPolicy::default(), || {
                    let c = c1.clone();
                    async move {
                        c.hit("one");
                        Ok(41)
                    }
                })
                .await?;
            let b: i64 = ctx
                .step("two", RetryPolicy::default(), || {
                    let (c, hang) = (c.clone(), hang.clone());
                    async move {
                        c.hit("two");
                        if hang.swap(false, Ordering::SeqCst) {
                            std::future::pending::<()>().await;
                        }
                        Ok(1)
                    }
                })
                .await?;
            Ok(json!(a + b))
        }
    });
    registry
}

#[tokio::test]
async fn a_dead_workers_run_is_taken_over_with_its_journal() {
    for backend in backends() {
        let (test, engine) = setup(backend).await;
        let counter = Counter::default();
        let hang = Arc::new(AtomicBool::new(true));
        let registry = hanging(&counter, &hang);
        let first = spawn(&engine, &registry, options("doomed"));
        let id = engine.start("hang", None, Value::Null).await.expect("s");
        wait_for(&engine, &id, "step two to hang", |v| {
            v.steps.len() == 2 && v.steps[1].status == "running"
        })
        .await;
        // The worker dies: no heartbeat, no release.
        first.task.abort();
        let _ = first.task.await;
        let other = other_engine(&test, engine.clock()).await;
        let second = spawn(&other, &registry, options("heir"));
        let view = wait_done(&engine, &id).await;
        second.stop().await;
        assert_eq!(view.status, "completed", "{backend:?} {view:#?}");
        assert_eq!(view.claims, 2);
        assert_eq!(view.steps[0].attempts, 1);
        assert_eq!(view.steps[1].attempts, 2, "the cut-off attempt counts");
        assert_eq!(counter.get("one"), 1, "journal honoured");
        assert_eq!(counter.get("two"), 2);
        let out = engine.run_output(&id, None).await.expect("output");
        assert_eq!(out, Some(json!(42)));
    }
}

#[tokio::test]
async fn a_worker_that_lost_its_lease_writes_nothing() {
    for backend in backends() {
        let (test, engine) = setup(backend).await;
        let counter = Counter::default();
        let hang = Arc::new(AtomicBool::new(true));
        let registry = hanging(&counter, &hang);
        let worker = spawn(&engine, &registry, options("w"));
        let id = engine.start("hang", None, Value::Null).await.expect("s");
        wait_for(&engine, &id, "step two to hang", |v| {
            v.steps.len() == 2 && v.steps[1].status == "running"
        })
        .await;
        // Another claim happens behind the worker's back: its next
        // heartbeat finds the claim number changed and it stops; the
        // run is claimed again once the new lease runs out.
        let now = engine.now();
        on_db!(&test.db, pool => {
            sqlx::query(
                "UPDATE workflow_runs SET claims = claims + 1, \
                 lease_owner = 'ghost', lease_until = $1 WHERE id = $2",
            )
            .bind(now + 700)
            .bind(&id)
            .execute(pool)
            .await
            .expect("steal");
        });
        let view = wait_done(&engine, &id).await;
        worker.stop().await;
        assert_eq!(view.status, "completed", "{backend:?} {view:#?}");
        assert_eq!(view.claims, 3);
        assert_eq!(counter.get("one"), 1);
        assert_eq!(counter.get("two"), 2);
    }
}

#[tokio::test]
async fn shutdown_releases_runs_at_a_step_boundary() {
    for backend in backends() {
        let (_test, engine) = setup(backend).await;
        let counter = Counter::default();
        let hang = Arc::new(AtomicBool::new(true));
        let registry = hanging(&counter, &hang);
        let mut opts = options("w");
        opts.shutdown_grace = Duration::from_millis(200);
        let worker = spawn(&engine, &registry, opts);
        let id = engine.start("hang", None, Value::Null).await.expect("s");
        wait_for(&engine, &id, "step two to hang", |v| {
            v.steps.len() == 2 && v.steps[1].status == "running"
        })
        .await;
        worker.stop().await;
        let view = engine.run_view(&id, None).await.expect("v").expect("run");
        assert_eq!(view.status, "queued", "{backend:?} released");
        let worker = spawn(&engine, &registry, options("w2"));
        let view = wait_done(&engine, &id).await;
        worker.stop().await;
        assert_eq!(view.status, "completed", "{backend:?}");
        assert_eq!(counter.get("one"), 1);
    }
}
