"""Telling the office that a run failed or was abandoned, the night it happens.

Two channels, either or both as configured: a JSON POST to `ALERT_WEBHOOK_URL` (its `text` is
what Slack, Mattermost and Teams incoming webhooks show; the other fields are for a program),
and an e-mail to `ALERT_EMAIL_TO` through the mail server `pure-orcid notify` uses. A failed run
is reported by the run itself as it closes; an abandoned one (its process was killed) by the
next command that finds it. Each attempt at a run is reported once per channel, and every
notice is recorded in `ops.run_alerts`, with the reason when it could not be delivered. A notice
that cannot be sent is logged and recorded, never raised: it must not hide why the run stopped.

The webhook address usually carries its own secret: it never appears in a log, a message or
the database.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage

import httpx
from sqlalchemy import Engine

from pipeline.config import Settings
from pipeline.db.queries import query

log = logging.getLogger(__name__)

WEBHOOK_TIMEOUT = 15.0

Channel = Callable[[Settings, "RunNotice"], None]


@dataclass(frozen=True)
class RunNotice:
    """What a notice says of a run's attempt."""

    run_id: int
    attempt: int
    status: str
    trigger: str
    stage: str | None
    message: str | None
    started_at: datetime
    finished_at: datetime | None
    process: str

    @property
    def headline(self) -> str:
        where = f" in stage {self.stage}" if self.stage else ""
        return f"pure-orcid-sync: run {self.run_id} {self.status}{where}"

    @property
    def text(self) -> str:
        lines = [
            f"{self.headline}.",
            f"Why: {self.message or 'no message was recorded'}",
            f"Started {self.started_at:%Y-%m-%d %H:%M:%S %Z} (trigger {self.trigger}), "
            f"attempt {self.attempt}, by {self.process}.",
            f"Continue it with: pure-orcid run --resume {self.run_id}",
            "What each stage did: SELECT * FROM reporting.run_history "
            f"WHERE run_id = {self.run_id}",
        ]
        return "\n".join(lines)


def alert(engine: Engine, settings: Settings, run_id: int) -> None:
    """Send the notices of `run_id`'s latest attempt (failed or abandoned) that were not sent
    yet, on every configured channel."""
    channels = _channels(settings)
    if not channels:
        return
    with engine.connect() as connection:
        row = connection.execute(query("ops/alert_run"), {"run_id": run_id}).one_or_none()
    if row is None:
        return
    notice = RunNotice(**row._asdict())
    for channel, send in channels.items():
        with engine.begin() as connection:
            claimed = connection.execute(
                query("ops/claim_alert"),
                {"run_id": run_id, "attempt": notice.attempt, "channel": channel},
            ).scalar()
        if not claimed:
            continue  # another process reported this attempt on this channel already
        error = _attempt(send, settings, notice, channel)
        with engine.begin() as connection:
            connection.execute(
                query("ops/record_alert"),
                {"run_id": run_id, "attempt": notice.attempt, "channel": channel, "error": error},
            )


def _channels(settings: Settings) -> dict[str, Channel]:
    channels: dict[str, Channel] = {}
    if settings.has_secret("alert_webhook_url"):
        channels["webhook"] = _post
    if settings.alert_email_to:
        channels["smtp"] = _mail
    return channels


def _attempt(send: Channel, settings: Settings, notice: RunNotice, channel: str) -> str | None:
    """Send one notice; the reason it could not be delivered, or None."""
    try:
        send(settings, notice)
    except Exception as error:
        reason = f"{type(error).__name__}: {error}"
        if settings.has_secret("alert_webhook_url"):
            reason = reason.replace(settings.secret("alert_webhook_url"), "***")
        log.warning("run %s: the %s notice could not be sent: %s", notice.run_id, channel, reason)
        return reason
    log.info("run %s: %s notice sent", notice.run_id, channel)
    return None


def _post(settings: Settings, notice: RunNotice) -> None:
    response = httpx.post(
        settings.secret("alert_webhook_url"),
        json={
            "text": notice.text,
            "run_id": notice.run_id,
            "attempt": notice.attempt,
            "status": notice.status,
            "stage": notice.stage,
            "message": notice.message,
            "trigger": notice.trigger,
            "started_at": notice.started_at.isoformat(),
            "process": notice.process,
        },
        timeout=WEBHOOK_TIMEOUT,
    )
    if response.status_code >= 300:
        raise RuntimeError(f"the webhook answered HTTP {response.status_code}")


def _mail(settings: Settings, notice: RunNotice) -> None:
    from pipeline.notify.smtp import mail_server, send

    message = EmailMessage()
    message["Subject"] = notice.headline
    message["From"] = settings.notify_from or f"pure-orcid-sync@{socket.getfqdn()}"
    message["To"] = ", ".join(_addresses(settings.alert_email_to or ""))
    message.set_content(notice.text)
    with mail_server(settings) as server:
        refused = send(server, message)
    if refused:
        raise RuntimeError(f"the mail server refused it: {refused}")


def _addresses(listed: str) -> list[str]:
    return [address.strip() for address in listed.split(",") if address.strip()]
