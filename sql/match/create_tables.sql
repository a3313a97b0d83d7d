-- The records of one link call, gone at commit: COPY fills them, candidates.sql reads them.
-- side: 0 = left table, 1 = right table; rid: the record's position in its table. Title keys
-- are letters, digits and single spaces, compared byte-wise (C) so a prefix is a key range.
CREATE TEMP TABLE match_records (
    side smallint NOT NULL,
    rid integer NOT NULL,
    owner text NOT NULL,
    title_key text COLLATE "C" NOT NULL,
    main_key text NOT NULL,
    year integer
) ON COMMIT DROP;
CREATE TEMP TABLE match_identifiers (
    side smallint NOT NULL,
    rid integer NOT NULL,
    owner text NOT NULL,
    type text NOT NULL,
    value text NOT NULL
) ON COMMIT DROP;
