-- The durable workflow engine: runs, their journaled steps, and cron
-- schedules. Times are milliseconds since the Unix epoch (UTC); JSON
-- documents are text.

CREATE TABLE workflow_runs (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT,
    kind         TEXT NOT NULL,
    input        TEXT NOT NULL,
    status       TEXT NOT NULL
        CHECK (status IN ('queued', 'running', 'completed', 'failed')),
    output       TEXT,
    error        TEXT,
    -- A queued run is not claimed before this time (backoff, sleep).
    run_at       BIGINT NOT NULL,
    -- The worker holding a running run, until its lease runs out.
    lease_owner  TEXT,
    lease_until  BIGINT,
    -- Claims so far. Also the fencing token: a worker writes for the
    -- run only while claims is still the number its claim returned.
    claims       BIGINT NOT NULL DEFAULT 0,
    -- Set for runs that must start once only (a schedule's tick).
    dedupe_key   TEXT UNIQUE,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    finished_at  BIGINT
);
CREATE INDEX workflow_runs_due ON workflow_runs (status, run_at);
CREATE INDEX workflow_runs_lease ON workflow_runs (status, lease_until);
CREATE INDEX workflow_runs_workspace
    ON workflow_runs (workspace_id, created_at);

CREATE TABLE workflow_steps (
    run_id      TEXT NOT NULL REFERENCES workflow_runs(id),
    name        TEXT NOT NULL,
    -- The order in which the steps first ran.
    seq         BIGINT NOT NULL,
    status      TEXT NOT NULL
        CHECK (status IN ('running', 'completed', 'failed', 'waiting')),
    output      TEXT,
    attempts    BIGINT NOT NULL DEFAULT 0,
    last_error  TEXT,
    -- For a step that waits (a retry's backoff or a durable sleep):
    -- when it may go on.
    wake_at     BIGINT,
    started_at  BIGINT NOT NULL,
    finished_at BIGINT,
    -- How long the last attempt took.
    duration_ms BIGINT,
    PRIMARY KEY (run_id, name)
);
CREATE INDEX workflow_steps_order ON workflow_steps (run_id, seq);

CREATE TABLE workflow_schedules (
    name         TEXT PRIMARY KEY,
    cron         TEXT NOT NULL,
    kind         TEXT NOT NULL,
    input        TEXT NOT NULL,
    next_fire_at BIGINT NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
