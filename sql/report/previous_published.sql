-- The latest run before :run_id that published: its report is where this run's finds the
-- researchers' files it need not write again.
SELECT max(run_id) FROM ops.runs WHERE published_at IS NOT NULL AND run_id < :run_id
