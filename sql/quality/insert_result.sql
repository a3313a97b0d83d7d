INSERT INTO ops.validation_results
       (run_id, ordinal, suite, expectation, target, column_name, severity, success,
        description, observed)
VALUES (:run_id, :ordinal, :suite, :expectation, :target, :column_name, :severity, :success,
        :description, CAST(:observed AS jsonb))
