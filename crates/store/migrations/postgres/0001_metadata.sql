-- The metadata of every workspace. Ids are UUID strings; times are
-- milliseconds since the Unix epoch (UTC); JSON documents are text.

CREATE TABLE workspaces (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    created_at  BIGINT NOT NULL
);

CREATE TABLE users (
    id          TEXT PRIMARY KEY,
    email       TEXT NOT NULL UNIQUE,
    name        TEXT,
    created_at  BIGINT NOT NULL
);

CREATE TABLE workspace_permissions (
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    user_id      TEXT NOT NULL REFERENCES users(id),
    role         TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, user_id)
);

-- API tokens and session cookies are stored as SHA-256 hashes only.
CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    user_id      TEXT NOT NULL REFERENCES users(id),
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at   BIGINT
);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users(id),
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL
);

-- One-time sign-in links, printed by the admin commands.
CREATE TABLE login_links (
    token_hash   TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users(id),
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    used_at      BIGINT
);

CREATE TABLE connections (
    id            TEXT PRIMARY KEY,
    workspace_id  TEXT NOT NULL REFERENCES workspaces(id),
    platform      TEXT NOT NULL,
    name          TEXT NOT NULL,
    status        TEXT NOT NULL,
    auth_type     TEXT NOT NULL,
    auth_data     BYTEA,
    platform_data TEXT,
    settings      TEXT,
    created_by    TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    last_synced_at BIGINT,
    expires_at    BIGINT
);
CREATE INDEX connections_workspace ON connections (workspace_id);

CREATE TABLE data_sources (
    id                 TEXT PRIMARY KEY,
    workspace_id       TEXT NOT NULL REFERENCES workspaces(id),
    name               TEXT NOT NULL,
    type               TEXT NOT NULL,
    status             TEXT NOT NULL,
    status_message     TEXT,
    total_cells        BIGINT NOT NULL DEFAULT 0,
    resolution         BIGINT NOT NULL,
    column_mapping     TEXT,
    connection_id      TEXT REFERENCES connections(id),
    current_version_id TEXT,
    workflow_id        TEXT,
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL,
    completed_at       BIGINT
);
CREATE INDEX data_sources_workspace
    ON data_sources (workspace_id, created_at);

CREATE TABLE data_source_versions (
    id             TEXT PRIMARY KEY,
    workspace_id   TEXT NOT NULL REFERENCES workspaces(id),
    data_source_id TEXT NOT NULL REFERENCES data_sources(id),
    version_number BIGINT NOT NULL,
    file_path      TEXT,
    file_name      TEXT,
    file_size      BIGINT,
    status         TEXT NOT NULL DEFAULT 'pending',
    status_message TEXT,
    total_cells    BIGINT NOT NULL DEFAULT 0,
    workflow_id    TEXT,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    completed_at   BIGINT,
    metadata       TEXT,
    UNIQUE (data_source_id, version_number)
);

CREATE TABLE grids (
    id                 TEXT PRIMARY KEY,
    workspace_id       TEXT NOT NULL REFERENCES workspaces(id),
    name               TEXT NOT NULL,
    status             TEXT NOT NULL,
    resolution         BIGINT NOT NULL,
    auto_update        BOOLEAN NOT NULL DEFAULT FALSE,
    current_version_id TEXT,
    pending_version_id TEXT,
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL
);
CREATE INDEX grids_workspace ON grids (workspace_id, created_at);

CREATE TABLE grid_versions (
    id                       TEXT PRIMARY KEY,
    workspace_id             TEXT NOT NULL REFERENCES workspaces(id),
    grid_id                  TEXT NOT NULL REFERENCES grids(id),
    name                     TEXT NOT NULL,
    version_number           BIGINT NOT NULL,
    status                   TEXT NOT NULL
        CHECK (status IN ('active', 'pending', 'archived')),
    households               BIGINT,
    targeted_households      BIGINT,
    targeting_type           TEXT,
    targeting_coverage       BIGINT,
    targeted_areas           TEXT,
    targeting_filters        TEXT,
    manual_inclusion_filters TEXT,
    manual_exclusion_filters TEXT,
    last_used_at             BIGINT NOT NULL,
    created_at               BIGINT NOT NULL,
    updated_at               BIGINT NOT NULL,
    UNIQUE (grid_id, version_number)
);
-- At most one pending and one active version per grid, held by the
-- database itself.
CREATE UNIQUE INDEX grid_versions_one_pending
    ON grid_versions (grid_id) WHERE status = 'pending';
CREATE UNIQUE INDEX grid_versions_one_active
    ON grid_versions (grid_id) WHERE status = 'active';

CREATE TABLE grid_version_data_sources (
    grid_version_id        TEXT NOT NULL REFERENCES grid_versions(id),
    data_source_id         TEXT NOT NULL REFERENCES data_sources(id),
    data_source_version_id TEXT NOT NULL
        REFERENCES data_source_versions(id),
    PRIMARY KEY (grid_version_id, data_source_id)
);
CREATE INDEX gvds_data_source ON grid_version_data_sources (data_source_id);

-- Live connections: daily per-cell snapshots, sync history, errors.
CREATE TABLE sync_snapshots (
    connection_id TEXT NOT NULL REFERENCES connections(id),
    workspace_id  TEXT NOT NULL REFERENCES workspaces(id),
    day           TEXT NOT NULL,
    cell          TEXT NOT NULL,
    metrics       TEXT NOT NULL,
    PRIMARY KEY (connection_id, day, cell)
);

CREATE TABLE sync_history (
    id            TEXT PRIMARY KEY,
    connection_id TEXT NOT NULL REFERENCES connections(id),
    workspace_id  TEXT NOT NULL REFERENCES workspaces(id),
    started_at    BIGINT NOT NULL,
    finished_at   BIGINT,
    status        TEXT NOT NULL,
    records       BIGINT NOT NULL DEFAULT 0,
    message       TEXT
);

CREATE TABLE error_logs (
    id            TEXT PRIMARY KEY,
    connection_id TEXT NOT NULL REFERENCES connections(id),
    workspace_id  TEXT NOT NULL REFERENCES workspaces(id),
    occurred_at   BIGINT NOT NULL,
    kind          TEXT NOT NULL,
    message       TEXT NOT NULL
);
