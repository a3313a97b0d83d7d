-- Pairs worth scoring, between side :left_side and side :right_side (the same side when a
-- table is searched for its own duplicates, each pair then once). Only records of one owner;
-- title-based candidates only within :year_window years (a missing year never excludes).
-- Four ways in: similar titles (trigram index); equal main titles (a subtitle missing on one
-- side); one title the other's beginning, whole words (a subtitle added without a separator,
-- or a title cut short: with C ordering, the keys extending k lie between k || ' ' and
-- k || '!'); and a shared identifier.
-- Similar titles are found one of two ways, chosen by :by_index: a trigram index probe per
-- record, which pays when an owner has thousands of records (two bibliographies), or every
-- pair within an owner, which pays when owners have few (researchers): an index probe
-- returns every owner's similar titles only to throw most of them away.
WITH title_pairs AS (
    SELECT a.rid AS left_rid, b.rid AS right_rid, a.year AS left_year, b.year AS right_year
    FROM match_records a
    JOIN match_records b
      ON b.side = :right_side AND b.owner = a.owner AND b.title_key % a.title_key
    WHERE a.side = :left_side AND :by_index
    UNION ALL
    SELECT a.rid, b.rid, a.year, b.year
    FROM match_records a
    JOIN match_records b
      ON b.side = :right_side AND b.owner = a.owner
    WHERE a.side = :left_side AND NOT :by_index
      AND similarity(b.title_key, a.title_key)
          >= CAST(current_setting('pg_trgm.similarity_threshold') AS real)
    UNION ALL
    SELECT a.rid, b.rid, a.year, b.year
    FROM match_records a
    JOIN match_records b
      ON b.side = :right_side AND b.owner = a.owner AND b.main_key = a.main_key
    WHERE a.side = :left_side AND a.main_key <> ''
    UNION ALL
    SELECT a.rid, b.rid, a.year, b.year
    FROM match_records a
    JOIN match_records b
      ON b.side = :right_side AND b.owner = a.owner
     AND b.title_key > a.title_key || ' ' AND b.title_key < a.title_key || '!'
    WHERE a.side = :left_side AND a.title_key <> ''
    UNION ALL
    SELECT a.rid, b.rid, a.year, b.year
    FROM match_records b
    JOIN match_records a
      ON a.side = :left_side AND a.owner = b.owner
     AND a.title_key > b.title_key || ' ' AND a.title_key < b.title_key || '!'
    WHERE b.side = :right_side AND b.title_key <> ''
)
SELECT left_rid, right_rid
FROM title_pairs
WHERE (:left_side <> :right_side OR left_rid < right_rid)
  AND (left_year IS NULL OR right_year IS NULL OR abs(left_year - right_year) <= :year_window)
UNION
SELECT x.rid, y.rid
FROM match_identifiers x
JOIN match_identifiers y
  ON y.side = :right_side AND y.owner = x.owner AND y.type = x.type AND y.value = x.value
WHERE x.side = :left_side AND (:left_side <> :right_side OR x.rid < y.rid)
