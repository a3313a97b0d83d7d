-- Indexes after the load (cheaper than maintaining them row by row), then statistics so the
-- planner joins through them instead of comparing every pair. One trigram index per side, so
-- a probe from one side never wades through the other side's titles.
CREATE INDEX ON match_records USING gin (title_key gin_trgm_ops) WHERE side = 0;
CREATE INDEX ON match_records USING gin (title_key gin_trgm_ops) WHERE side = 1;
CREATE INDEX ON match_records (side, owner, main_key);
CREATE INDEX ON match_records (side, owner, title_key);
CREATE INDEX ON match_identifiers (side, owner, type, value);
ANALYZE match_records;
ANALYZE match_identifiers;
