"""Publishing the lists: the live views in `core` copied under the run's id, in the publish
stage's transaction, so analysts and reports never see a half-published run, and every past run
stays readable."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection

from pipeline.db.queries import query


class NotValidated(RuntimeError):
    """Publishing was asked of a run whose data no validation passed."""


@dataclass(frozen=True)
class PublishedLists:
    researchers: int
    works_missing_from_orcid: int
    works_missing_from_pure: int
    works_hidden_by_visibility: int
    identity_problems: int


def publish_lists(connection: Connection, run_id: int) -> PublishedLists:
    """Copy every list under `run_id` and mark the run published, in the caller's transaction
    (others see it when that commits); refused unless the run's validate stage succeeded,
    which is the gate that keeps a visibly broken batch out of every report and view."""
    if not connection.execute(query("publish/validation_passed"), {"run_id": run_id}).scalar():
        raise NotValidated(f"run {run_id} has not passed validation; nothing of it is published")
    connection.execute(query("publish/publish_run"), {"run_id": run_id})
    counts = connection.execute(query("publish/published_rows"), {"run_id": run_id}).one()
    return PublishedLists(**counts._asdict())
