-- What materialising a grid version found, and a revision that moves
-- whenever its configuration or pins change, so a materialisation of an
-- older revision is never stored over a newer one.
ALTER TABLE grid_versions ADD COLUMN cell_count BIGINT;
ALTER TABLE grid_versions ADD COLUMN area_cells BIGINT;
ALTER TABLE grid_versions ADD COLUMN coverage DOUBLE PRECISION;
ALTER TABLE grid_versions ADD COLUMN notes TEXT;
ALTER TABLE grid_versions ADD COLUMN revision BIGINT NOT NULL DEFAULT 1;
ALTER TABLE grid_versions ADD COLUMN materialised_revision BIGINT;
ALTER TABLE grid_versions ADD COLUMN archived_at BIGINT;
CREATE INDEX grid_versions_idle ON grid_versions (status, last_used_at);
