//! Cron schedules: [`Engine::ensure_schedule`] records one, and
//! [`Engine::fire_due_schedules`] starts each due tick's run once,
//! however many processes call it (the run's dedupe key is
//! `schedule:{name}:{tick_ms}`).

use std::str::FromStr as _;

use chrono::{DateTime, Utc};
use croner::Cron;
use croner::parser::{CronParser, Seconds};
use honeygrid_store::on_db;
use serde_json::Value;

use crate::{Engine, WorkflowError};

const UPSERT: &str = "INSERT INTO workflow_schedules \
    (name, cron, kind, input, next_fire_at, created_at, updated_at) \
    VALUES ($1, $2, $3, $4, $5, $6, $6) \
    ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, \
    input = excluded.input, updated_at = excluded.updated_at, \
    next_fire_at = CASE WHEN workflow_schedules.cron = excluded.cron \
    THEN workflow_schedules.next_fire_at \
    ELSE excluded.next_fire_at END, \
    cron = excluded.cron";

const DUE: &str = "SELECT name, cron, kind, input, next_fire_at \
    FROM workflow_schedules WHERE next_fire_at <= $1 \
    ORDER BY next_fire_at";

const ADVANCE: &str = "UPDATE workflow_schedules SET next_fire_at = $1 \
    WHERE name = $2 AND next_fire_at = $3";

const NEXT: &str = "SELECT MIN(next_fire_at) FROM workflow_schedules";

const REMOVE: &str = "DELETE FROM workflow_schedules WHERE name = $1";

type DueRow = (String, String, String, String, i64);

/// Parses a cron expression: five fields (minutes) or six (seconds
/// first), or a nickname such as `@daily`; times are UTC.
pub fn parse_cron(expr: &str) -> Result<Cron, WorkflowError> {
    let parser = CronParser::builder().seconds(Seconds::Optional).build();
    parser.parse(expr).map_err(|e| WorkflowError::Cron {
        expr: expr.to_owned(),
        reason: e.to_string(),
    })
}

/// The first tick of `expr` strictly after `after_ms`, in ms.
pub fn next_tick(expr: &str, after_ms: i64) -> Result<i64, WorkflowError> {
    let cron = parse_cron(expr)?;
    let fail = |reason: String| WorkflowError::Cron {
        expr: expr.to_owned(),
        reason,
    };
    let after = DateTime::<Utc>::from_timestamp_millis(after_ms)
        .ok_or_else(|| fail(format!("time {after_ms} is out of range")))?;
    let next = cron
        .find_next_occurrence(&after, false)
        .map_err(|e| fail(e.to_string()))?;
    Ok(next.timestamp_millis())
}

impl Engine {
    /// Creates or updates schedule `name`: a run of `kind` on `input`
    /// at each tick of `cron`. Its next tick is kept when the
    /// expression is unchanged, so a restart skips no tick.
    pub async fn ensure_schedule(
        &self,
        name: &str,
        cron: &str,
        kind: &str,
        input: Value,
    ) -> Result<(), WorkflowError> {
        let now = self.now();
        let next = next_tick(cron, now)?;
        let text = serde_json::to_string(&input)?;
        on_db!(self.db(), pool => {
            sqlx::query(UPSERT)
                .bind(name)
                .bind(cron)
                .bind(kind)
                .bind(&text)
                .bind(next)
                .bind(now)
                .execute(pool)
                .await?;
        });
        self.wake().await;
        Ok(())
    }

    /// Deletes schedule `name`; its runs stay.
    pub async fn remove_schedule(
        &self,
        name: &str,
    ) -> Result<(), WorkflowError> {
        on_db!(self.db(), pool => {
            sqlx::query(REMOVE).bind(name).execute(pool).await?;
        });
        Ok(())
    }

    /// Starts the run of every schedule whose tick has come and moves
    /// the schedule to its next tick; returns how many runs this call
    /// started. Ticks missed while nothing ran fire once, late.
    pub async fn fire_due_schedules(&self) -> Result<usize, WorkflowError> {
        let now = self.now();
        let due: Vec<DueRow> = on_db!(self.db(), pool => {
            sqlx::query_as(DUE).bind(now).fetch_all(pool).await?
        });
        let mut started = 0;
        for row in due {
            if self.fire(row, now).await? {
                started += 1;
            }
        }
        Ok(started)
    }

    /// Fires one due schedule; true when this call started the run.
    async fn fire(&self, row: DueRow, now: i64) -> Result<bool, WorkflowError> {
        let (name, cron, kind, input, tick) = row;
        let next = match next_tick(&cron, now.max(tick)) {
            Ok(next) => next,
            Err(e) => {
                tracing::warn!(schedule = %name, error = %e, "bad schedule");
                return Ok(false);
            }
        };
        let input = Value::from_str(&input)?;
        let key = format!("schedule:{name}:{tick}");
        let (run_id, new) =
            self.insert(&kind, None, &input, Some(&key)).await?;
        on_db!(self.db(), pool => {
            sqlx::query(ADVANCE)
                .bind(next)
                .bind(&name)
                .bind(tick)
                .execute(pool)
                .await?;
        });
        if new {
            tracing::info!(
                schedule = %name,
                workflow.run_id = %run_id,
                workflow.kind = %kind,
                tick_ms = tick,
                "schedule fired"
            );
        }
        Ok(new)
    }

    /// The earliest next tick of any schedule.
    pub(crate) async fn next_schedule_tick(
        &self,
    ) -> Result<Option<i64>, WorkflowError> {
        Ok(on_db!(self.db(), pool => {
            sqlx::query_scalar(NEXT).fetch_one(pool).await?
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: i64 = 60_000;

    #[test]
    fn five_fields_tick_each_minute() {
        let t0 = 1_700_000_000_000 - 1_700_000_000_000 % MINUTE;
        assert_eq!(next_tick("* * * * *", t0).ok(), Some(t0 + MINUTE));
        assert_eq!(next_tick("* * * * *", t0 + 1).ok(), Some(t0 + MINUTE));
    }

    #[test]
    fn six_fields_take_seconds() {
        let t0 = 1_700_000_000_000;
        assert_eq!(next_tick("*/5 * * * * *", t0).ok(), Some(t0 + 5_000));
    }

    #[test]
    fn daily_ticks_at_midnight_utc() {
        let day = 86_400_000;
        let t0 = 1_700_000_000_000;
        let next = next_tick("@daily", t0).ok();
        assert_eq!(next, Some(t0 - t0 % day + day));
    }

    #[test]
    fn nonsense_is_refused() {
        assert!(matches!(
            next_tick("every tuesday", 0),
            Err(WorkflowError::Cron { .. })
        ));
        assert!(next_tick("61 * * * *", 0).is_err());
    }
}
