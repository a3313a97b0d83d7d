-- revision 0005 sha256:0edf4fed04121a5e; to change this view, see sql/views/README.md
CREATE VIEW reporting.validation_results AS
SELECT run_id, ordinal, suite, expectation, target, column_name, severity, success,
       description, observed
  FROM ops.validation_results;
COMMENT ON VIEW reporting.validation_results IS
    'What each run checked before publishing, and what failed: a failed critical expectation '
    'stopped that run; a failed warning is listed in its report.';
