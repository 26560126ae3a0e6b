//! Steps: journaled once, retried by policy, failing a run when fatal
//! or out of attempts; durable sleeps; views.

mod common;

use std::time::{Duration, Instant};

use common::{Counter, options, setup, spawn, wait_done, wait_for};
use honeygrid_store::testing::backends;
use honeygrid_workflow::{Registry, RetryPolicy, StepError, WorkflowError};
use serde_json::{Value, json};

fn quick(attempts: u32, delay_ms: u64) -> RetryPolicy {
    RetryPolicy {
        attempts,
        initial_delay: Duration::from_millis(delay_ms),
        factor: 2.0,
        max_delay: Duration::from_secs(3600),
        timeout: Duration::from_secs(10),
    }
}

fn three_steps(counter: &Counter) -> Registry {
    let mut registry = Registry::new();
    let c = counter.clone();
    registry.register_fn("three", move |ctx, input| {
        let c = c.clone();
        async move {
            let base = input["base"].as_i64().unwrap_or(0);
            let mut total = base;
            for name in ["a", "b", "c"] {
                let c = c.clone();
                let n: i64 = ctx
                    .step(name, RetryPolicy::default(), || {
                        let c = c.clone();
                        async move {
                            c.hit(name);
                            Ok(10)
                        }
                    })
                    .await?;
                total += n;
            }
            Ok(json!({ "total": total }))
        }
    });
    registry
}

#[tokio::test]
async fn three_steps_complete_each_once() {
    for backend in backends() {
        let (_test, engine) = setup(backend).await;
        let counter = Counter::default();
        let worker = spawn(&engine, &three_steps(&counter), options("w"));
        let id = engine
            .start("three", Some("ws1"), json!({ "base": 1 }))
            .await
            .expect("start");
        let view = wait_done(&engine, &id).await;
        worker.stop().await;
        assert_eq!(view.status, "completed", "{backend:?} {view:#?}");
        let names: Vec<&str> =
            view.steps.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["a", "b", "c"]);
        assert!(view.steps.iter().all(|s| s.attempts == 1));
        assert!(view.steps.iter().all(|s| s.status == "completed"));
        assert!(view.finished_at.is_some());
        assert_eq!(view.claims, 1);
        for name in ["a", "b", "c"] {
            assert_eq!(counter.get(name), 1, "{backend:?} {name}");
        }
        let output = engine.run_output(&id, Some("ws1")).await.expect("out");
        assert_eq!(output, Some(json!({ "total": 31 })));
        let other = engine.run_view(&id, Some("ws2")).await.expect("view");
        assert!(other.is_none(), "another workspace sees nothing");
        assert!(
            engine
                .run_view(&id, Some("ws1"))
                .await
                .expect("v")
                .is_some()
        );
        let json = serde_json::to_value(&view).expect("serializes");
        assert_eq!(json["steps"][0]["name"], "a");
    }
}

#[tokio::test]
async fn start_once_returns_the_existing_run() {
    for backend in backends() {
        let (_test, engine) = setup(backend).await;
        let a = engine.start_once("k", None, json!(1), "key-1").await;
        let b = engine.start_once("k", None, json!(2), "key-1").await;
        let c = engine.start_once("k", None, json!(3), "key-2").await;
        let (a, b, c) = (a.expect("a"), b.expect("b"), c.expect("c"));
        assert_eq!(a, b, "{backend:?}");
        assert_ne!(a, c);
        let view = engine.run_view(&a, None).await.expect("v").expect("run");
        assert_eq!(view.status, "queued");
    }
}

/// A step that fails retryably `fails` times, then returns 7.
fn flaky(counter: &Counter, fails: usize, policy: RetryPolicy) -> Registry {
    let mut registry = Registry::new();
    let c = counter.clone();
    registry.register_fn("flaky", move |ctx, _input| {
        let c = c.clone();
        async move {
            let v: i64 = ctx
                .step("call", policy, || {
                    let c = c.clone();
                    async move {
                        if c.hit("call") <= fails {
                            Err(StepError::retryable("HTTP 503"))
                        } else {
                            Ok(7)
                        }
                    }
                })
                .await?;
            Ok(json!(v))
        }
    });
    registry
}

#[tokio::test]
async fn retryable_errors_back_off_in_memory_then_succeed() {
    for backend in backends() {
        let (_test, engine) = setup(backend).await;
        let counter = Counter::default();
        let registry = flaky(&counter, 2, quick(3, 100));
        let worker = spawn(&engine, &registry, options("w"));
        let began = Instant::now();
        let id = engine.start("flaky", None, Value::Null).await.expect("s");
        let view = wait_done(&engine, &id).await;
        let took = began.elapsed();
        worker.stop().await;
        assert_eq!(view.status, "completed", "{backend:?} {view:#?}");
        assert_eq!(view.steps[0].attempts, 3);
        assert_eq!(view.steps[0].last_error.as_deref(), Some("HTTP 503"));
        assert_eq!(counter.get("call"), 3);
        assert!(took >= Duration::from_millis(300), "waited 100 + 200 ms");
    }
}

#[tokio::test]
async fn long_backoff_releases_the_run_until_its_time() {
    for backend in backends() {
        let (_test, engine) = setup(backend).await;
        let counter = Counter::default();
        let registry = flaky(&counter, 1, quick(2, 600_000));
        let worker = spawn(&engine, &registry, options("w"));
        let before = engine.now();
        let id = engine.start("flaky", None, Value::Null).await.expect("s");
        let view = wait_for(&engine, &id, "the backoff", |v| {
            v.status == "queued" && v.steps.len() == 1
        })
        .await;
        assert_eq!(view.steps[0].status, "waiting", "{backend:?}");
        assert_eq!(view.steps[0].attempts, 1);
        let run_at = chrono::DateTime::parse_from_rfc3339(&view.run_at)
            .expect("time")
            .timestamp_millis();
        assert!(run_at >= before + 600_000, "backoff of 10 minutes");
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(counter.get("call"), 1, "not retried early");
        engine.clock().advance(600_000);
        engine.wake().await;
        let view = wait_done(&engine, &id).await;
        worker.stop().await;
        assert_eq!(view.status, "completed", "{backend:?} {view:#?}");
        assert_eq!(view.steps[0].attempts, 2);
        assert_eq!(view.claims, 2);
        assert_eq!(counter.get("call"), 2);
    }
}

#[tokio::test]
async fn a_fatal_error_fails_the_run_at_once() {
    for backend in backends() {
        let (_test, engine) = setup(backend).await;
        let counter = Counter::default();
        let mut registry = Registry::new();
        let c = counter.clone();
        registry.register_fn("fatal", move |ctx, _| {
            let c = c.clone();
            async move {
                let r: Result<(), _> = ctx
                    .step("login", quick(5, 10), || {
                        let c = c.clone();
                        async move {
                            c.hit("login");
                            Err(StepError::fatal("bad credentials"))
                        }
                    })
                    .await;
                // Swallowing the error must not let the run go on.
                assert!(matches!(r, Err(WorkflowError::Failed(_))));
                let after =
                    ctx.step("after", quick(1, 10), || async { Ok(1) }).await;
                assert!(after.is_err());
                Ok(json!("not this"))
            }
        });
        let worker = spawn(&engine, &registry, options("w"));
        let id = engine.start("fatal", None, Value::Null).await.expect("s");
        let view = wait_done(&engine, &id).await;
        worker.stop().await;
        assert_eq!(view.status, "failed", "{backend:?}");
        let error = view.error.as_deref().unwrap_or_default();
        assert!(error.contains("bad credentials"), "{error}");
        assert_eq!(counter.get("login"), 1);
        assert_eq!(view.steps.len(), 1);
        assert_eq!(view.steps[0].status, "failed");
    }
}

/// After a step fails the run, a compensation step still runs once
/// and the run keeps the first failure's message.
#[tokio::test]
async fn a_compensation_runs_after_a_failure() {
    for backend in backends() {
        let (_test, engine) = setup(backend).await;
        let counter = Counter::default();
        let mut registry = Registry::new();
        let c = counter.clone();
        registry.register_fn("undo", move |ctx, _| {
            let c = c.clone();
            async move {
                let failed: Result<(), _> = ctx
                    .step("import", quick(1, 10), || async {
                        Err(StepError::fatal("no location column"))
                    })
                    .await;
                let c = c.clone();
                let undone: i64 = ctx
                    .compensate("mark-failed", quick(2, 10), || {
                        let c = c.clone();
                        async move {
                            c.hit("mark-failed");
                            Ok(7)
                        }
                    })
                    .await?;
                assert_eq!(undone, 7);
                let after =
                    ctx.step("after", quick(1, 10), || async { Ok(1) }).await;
                assert!(after.is_err(), "ordinary steps stay refused");
                failed.map(|()| json!("not this"))
            }
        });
        let worker = spawn(&engine, &registry, options("w"));
        let id = engine.start("undo", None, Value::Null).await.expect("s");
        let view = wait_done(&engine, &id).await;
        worker.stop().await;
        assert_eq!(view.status, "failed", "{backend:?}");
        let error = view.error.as_deref().unwrap_or_default();
        assert!(error.contains("no location column"), "{error}");
        assert_eq!(counter.get("mark-failed"), 1);
        let names: Vec<_> = view.steps.iter().map(|s| &s.name).collect();
        assert_eq!(names, ["import", "mark-failed"]);
        assert_eq!(view.steps[1].status, "completed");
    }
}

#[tokio::test]
async fn exhausted_attempts_fail_the_run() {
    for backend in backends() {
        let (_test, engine) = setup(backend).await;
        let counter = Counter::default();
        let registry = flaky(&counter, 99, quick(3, 10));
        let worker = spawn(&engine, &registry, options("w"));
        let id = engine.start("flaky", None, Value::Null).await.expect("s");
        let view = wait_done(&engine, &id).await;
        worker.stop().await;
        assert_eq!(view.status, "failed", "{backend:?}");
        let error = view.error.as_deref().unwrap_or_default();
        assert!(error.contains("after 3 attempts"), "{error}");
        assert!(error.contains("HTTP 503"), "{error}");
        assert_eq!(view.steps[0].attempts, 3);
        assert_eq!(counter.get("call"), 3);
    }
}

#[tokio::test]
async fn timeouts_are_retryable() {
    for backend in backends() {
        let (_test, engine) = setup(backend).await;
        let counter = Counter::default();
        let mut registry = Registry::new();
        let c = counter.clone();
        registry.register_fn("slow", move |ctx, _| {
            let c = c.clone();
            async move {
                let policy = RetryPolicy {
                    timeout: Duration::from_millis(50),
                    ..quick(2, 10)
                };
                ctx.step("slow", policy, || {
                    let c = c.clone();
                    async move {
                        if c.hit("slow") == 1 {
                            tokio::time::sleep(Duration::from_secs(5)).await;
                        }
                        Ok(())
                    }
                })
                .await?;
                Ok(Value::Null)
            }
        });
        let worker = spawn(&engine, &registry, options("w"));
        let id = engine.start("slow", None, Value::Null).await.expect("s");
        let view = wait_done(&engine, &id).await;
        worker.stop().await;
        assert_eq!(view.status, "completed", "{backend:?} {view:#?}");
        assert_eq!(view.steps[0].attempts, 2);
        let error = view.steps[0].last_error.as_deref().unwrap_or_default();
        assert!(error.contains("timed out"), "{error}");
    }
}

fn sleeper(counter: &Counter, nap: Duration) -> Registry {
    let mut registry = Registry::new();
    let c = counter.clone();
    registry.register_fn("sleeper", move |ctx, _| {
        let c = c.clone();
        async move {
            let c1 = c.clone();
            ctx.step("before", RetryPolicy::default(), || {
                let c = c1.clone();
                async move {
                    c.hit("before");
                    Ok(())
                }
            })
            .await?;
            ctx.sleep("nap", nap).await?;
            ctx.step("after", RetryPolicy::default(), || {
                let c = c.clone();
                async move {
                    c.hit("after");
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
async fn a_durable_sleep_resumes_after_its_time() {
    for backend in backends() {
        let (_test, engine) = setup(backend).await;
        let counter = Counter::default();
        let hour = Duration::from_secs(3600);
        let worker = spawn(&engine, &sleeper(&counter, hour), options("w"));
        let id = engine.start("sleeper", None, Value::Null).await.expect("s");
        let view = wait_for(&engine, &id, "the sleep", |v| {
            v.status == "queued" && v.steps.len() == 2
        })
        .await;
        assert_eq!(view.steps[1].status, "waiting", "{backend:?}");
        // A restart: the first worker goes, another comes.
        worker.stop().await;
        engine.clock().advance(3_600_000);
        let worker = spawn(&engine, &sleeper(&counter, hour), options("w2"));
        let view = wait_done(&engine, &id).await;
        worker.stop().await;
        assert_eq!(view.status, "completed", "{backend:?} {view:#?}");
        let names: Vec<&str> =
            view.steps.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["before", "nap", "after"]);
        assert_eq!(counter.get("before"), 1);
        assert_eq!(counter.get("after"), 1);
    }
}

#[tokio::test]
async fn a_short_sleep_wakes_the_worker_without_polling() {
    for backend in backends() {
        let (_test, engine) = setup(backend).await;
        let counter = Counter::default();
        let registry = sleeper(&counter, Duration::from_millis(300));
        let mut opts = options("w");
        opts.poll_fallback = Duration::from_secs(60);
        let worker = spawn(&engine, &registry, opts);
        let began = Instant::now();
        let id = engine.start("sleeper", None, Value::Null).await.expect("s");
        let view = wait_done(&engine, &id).await;
        let took = began.elapsed();
        worker.stop().await;
        assert_eq!(view.status, "completed", "{backend:?}");
        assert!(took >= Duration::from_millis(300), "{took:?}");
        assert!(took < Duration::from_secs(5), "{took:?}");
    }
}

#[tokio::test]
async fn hundreds_of_numbered_steps_are_cheap() {
    for backend in backends() {
        let (_test, engine) = setup(backend).await;
        let mut registry = Registry::new();
        registry.register_fn("many", |ctx, _| async move {
            let mut sum = 0u64;
            for i in 0..300u64 {
                let name = format!("chunk#{i}");
                sum += ctx
                    .step(
                        &name,
                        RetryPolicy::default(),
                        || async move { Ok(i) },
                    )
                    .await?;
            }
            Ok(json!(sum))
        });
        let worker = spawn(&engine, &registry, options("w"));
        let began = Instant::now();
        let id = engine.start("many", None, Value::Null).await.expect("s");
        let view = wait_done(&engine, &id).await;
        let took = began.elapsed();
        worker.stop().await;
        assert_eq!(view.status, "completed", "{backend:?}");
        assert_eq!(view.steps.len(), 300);
        assert_eq!(view.steps[299].name, "chunk#299");
        let out = engine.run_output(&id, None).await.expect("out");
        assert_eq!(out, Some(json!(44_850)));
        assert!(took < Duration::from_secs(15), "{backend:?} {took:?}");
        eprintln!("{backend:?}: 300 steps in {took:?}");
    }
}
