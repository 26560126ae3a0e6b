//! Cron schedules fire once per tick, however many schedulers race.

mod common;

use std::time::Duration;

use common::{Counter, options, other_engine, setup, spawn};
use honeygrid_store::on_db;
use honeygrid_store::testing::backends;
use honeygrid_workflow::Registry;
use serde_json::{Value, json};

async fn runs_of(db: &honeygrid_store::Db, kind: &str) -> Vec<String> {
    on_db!(db, pool => {
        sqlx::query_scalar(
            "SELECT dedupe_key FROM workflow_runs WHERE kind = $1 \
             ORDER BY dedupe_key",
        )
        .bind(kind)
        .fetch_all(pool)
        .await
        .expect("runs")
    })
}

#[tokio::test]
async fn racing_schedulers_fire_each_tick_once() {
    for backend in backends() {
        let (test, engine) = setup(backend).await;
        let clock = engine.clock().clone();
        let a = other_engine(&test, &clock).await;
        let b = other_engine(&test, &clock).await;
        engine
            .ensure_schedule("digest", "0 * * * *", "digest", json!({}))
            .await
            .expect("schedule");
        let (x, y) =
            tokio::join!(a.fire_due_schedules(), b.fire_due_schedules());
        assert_eq!(x.expect("a") + y.expect("b"), 0, "not due yet");
        for round in 1..=3 {
            clock.advance(3_600_000);
            let (x, y) =
                tokio::join!(a.fire_due_schedules(), b.fire_due_schedules());
            let fired = x.expect("a") + y.expect("b");
            assert_eq!(fired, 1, "{backend:?} round {round}");
        }
        let keys = runs_of(&test.db, "digest").await;
        assert_eq!(keys.len(), 3, "{backend:?} {keys:?}");
        assert!(keys.iter().all(|k| k.starts_with("schedule:digest:")));
        // Re-ensuring the same schedule keeps its next tick.
        engine
            .ensure_schedule("digest", "0 * * * *", "digest", json!({}))
            .await
            .expect("again");
        clock.advance(3_600_000);
        assert_eq!(engine.fire_due_schedules().await.expect("fire"), 1);
        assert!(
            engine
                .ensure_schedule("bad", "nope", "x", json!(1))
                .await
                .is_err()
        );
    }
}

#[tokio::test]
async fn workers_fire_a_per_second_schedule_once_per_tick() {
    for backend in backends() {
        let (test, engine) = setup(backend).await;
        let counter = Counter::default();
        let mut registry = Registry::new();
        let c = counter.clone();
        registry.register_fn("tick", move |ctx, _| {
            let c = c.clone();
            async move {
                c.hit(ctx.run_id());
                Ok(Value::Null)
            }
        });
        engine
            .ensure_schedule("every-second", "* * * * * *", "tick", json!({}))
            .await
            .expect("schedule");
        let mut workers = Vec::new();
        for name in ["s1", "s2"] {
            let own = other_engine(&test, engine.clock()).await;
            let mut opts = options(name);
            opts.schedules = true;
            workers.push(spawn(&own, &registry, opts));
        }
        tokio::time::sleep(Duration::from_millis(2_600)).await;
        for worker in workers {
            worker.stop().await;
        }
        let keys = runs_of(&test.db, "tick").await;
        assert!((2..=3).contains(&keys.len()), "{backend:?} {keys:?}");
        let mut ticks: Vec<i64> = keys
            .iter()
            .filter_map(|k| k.rsplit(':').next()?.parse().ok())
            .collect();
        ticks.dedup();
        assert_eq!(ticks.len(), keys.len());
        assert!(ticks.windows(2).all(|w| w[1] - w[0] == 1_000), "{ticks:?}");
        assert!(counter.all().values().all(|&n| n == 1));
    }
}
