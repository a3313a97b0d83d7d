INSERT INTO ops.watermarks (source, scope, value, run_id)
VALUES (:source, :scope, :value, :run_id)
ON CONFLICT (source, scope) DO UPDATE
   SET value = EXCLUDED.value, run_id = EXCLUDED.run_id, updated_at = now()
