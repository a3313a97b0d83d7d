-- This process sends the notice of the attempt on the channel, unless one was sent already.
INSERT INTO ops.run_alerts (run_id, attempt, channel)
VALUES (:run_id, :attempt, :channel)
ON CONFLICT DO NOTHING
RETURNING true
