"""Checksums of what the pipeline keeps, to tell whether two databases hold the same state:
a run resumed after kills and one never interrupted (tests/flows/test_kill_and_resume.py), a
night under a storm healed by the next and two quiet nights (tests/flows/test_storm.py)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, Engine, text

BOOKKEEPING = {"ops.runs", "ops.run_stages", "ops.run_attempts"}
"""How a run went, which differs by design between an interrupted run and one that was not."""
ENCRYPTED = {"ops.orcid_tokens"}
"""Encrypted with each world's own key, so the ciphertexts always differ (`token_state`
compares what the pipeline may do with them)."""
WHERE_SERVED = {
    "staging.raw_records": ["payload", "payload_sha256"],
    "core.matched_researchers": ["input_digest"],
    "ops.watermarks": ["value"],
}
"""Columns that say where and when a world was served, not what: Pure's payloads link to the
server's own address (each world's simulator has its own port), and so does the digest of the
payloads a researcher's matching read; the ORCID watermark is the time of the search.
Everything read from the payloads is compared in the parsed tables."""
WHICH_RUN = ["run_id", "first_run_id", "last_run_id", "updated_run_id", "checked_run_id"]
"""Which run wrote a row: the same row may be written by a later run in one world than in the
other, and be the same all the same. The published lists (`core.published_*`, a copy per run)
are compared for the last run only: earlier runs' lists are history, not state."""


def business_state(
    engine: Engine, schemas: Iterable[str] = ("staging", "core", "ops")
) -> dict[str, str]:
    """A checksum of every table of `schemas` but the run bookkeeping and the encrypted tokens:
    the rows as JSON, each timestamp only as set or not, without where they were served from
    or which run wrote them, in a fixed order."""
    with engine.connect() as connection:
        columns = connection.execute(
            text(
                """
                SELECT c.table_schema || '.' || c.table_name AS name,
                       coalesce(array_agg(c.column_name::text) FILTER (
                           WHERE c.data_type LIKE 'timestamp%' OR c.data_type = 'date'
                       ), '{}') AS moments
                  FROM information_schema.columns AS c
                  JOIN information_schema.tables AS t USING (table_schema, table_name)
                 WHERE c.table_schema = ANY(:schemas)
                   AND t.table_type = 'BASE TABLE'
                 GROUP BY 1
                """
            ),
            {"schemas": list(schemas)},
        ).all()
        return {
            name: _checksum(connection, name, moments)
            for name, moments in columns
            if name not in BOOKKEEPING | ENCRYPTED
        }


def _checksum(connection: Connection, name: str, moments: list[str]) -> str:
    dropped = [*moments, *WHERE_SERVED.get(name, []), *WHICH_RUN]
    is_set = ", ".join(f"'{m}', t.\"{m}\" IS NOT NULL" for m in moments)
    latest = (
        f"WHERE t.run_id = (SELECT max(run_id) FROM {name})"
        if name.startswith("core.published_")
        else ""
    )
    return connection.execute(
        text(
            f"""
            SELECT count(*) || ':' || md5(coalesce(string_agg(j, E'\\n' ORDER BY j), ''))
              FROM (SELECT ((to_jsonb(t) - CAST(:dropped AS text[]))
                            || jsonb_build_object({is_set}))::text AS j
                      FROM {name} AS t {latest}) AS rows
            """
        ),
        {"dropped": dropped},
    ).scalar_one()


def token_state(engine: Engine) -> str:
    """A checksum of the researchers' tokens as the pipeline may use them: whose, with which
    scopes (in any order), revoked or not and why, expired or not, renewable or not. Not the tokens
    themselves: each world encrypts with its own key, and a renewed token differs by nature."""
    with engine.connect() as connection:
        return connection.execute(
            text(
                """
                SELECT count(*) || ':' || md5(coalesce(string_agg(j, E'\\n' ORDER BY j), ''))
                  FROM (SELECT jsonb_build_object(
                                   'orcid', orcid,
                                   'scopes', (SELECT array_agg(s ORDER BY s)
                                                FROM unnest(scopes) AS s),
                                   'revoked', revoked_at IS NOT NULL,
                                   'revoked_reason', revoked_reason,
                                   'expired', coalesce(expires_at <= now(), false),
                                   'renewable', refresh_token IS NOT NULL
                               )::text AS j
                          FROM ops.orcid_tokens) AS rows
                """
            )
        ).scalar_one()
