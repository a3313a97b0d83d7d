-- The review list of the last load: the outputs held back, each with its look-alike.
DELETE FROM core.push_review
