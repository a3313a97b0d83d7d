SELECT ordinal, suite, expectation, target, column_name, severity, success, description,
       observed
  FROM reporting.validation_results
 WHERE run_id = :run_id
 ORDER BY ordinal
