-- Those of the views :views (schema.view names) that exist, and every view that reads one of
-- them, directly or through other views: what must be dropped to replace them. In the order to
-- re-create them in: by the longest chain of views from the given ones, so each comes after the
-- views it reads.
WITH RECURSIVE reader (view_oid, depth) AS (
    SELECT to_regclass(given.name)::oid, 0
      FROM unnest(CAST(:views AS text[])) AS given (name)
     WHERE to_regclass(given.name) IS NOT NULL
    UNION
    SELECT rule.ev_class, reader.depth + 1
      FROM reader
      JOIN pg_depend AS dependency
        ON dependency.refclassid = 'pg_class'::regclass
       AND dependency.refobjid = reader.view_oid
       AND dependency.classid = 'pg_rewrite'::regclass
      JOIN pg_rewrite AS rule ON rule.oid = dependency.objid
     WHERE rule.ev_class <> reader.view_oid
)
SELECT n.nspname || '.' || c.relname
  FROM reader AS r
  JOIN pg_class AS c ON c.oid = r.view_oid
  JOIN pg_namespace AS n ON n.oid = c.relnamespace
 GROUP BY n.nspname, c.relname
 ORDER BY max(r.depth), n.nspname, c.relname;
