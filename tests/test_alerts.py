"""A failed or abandoned run is reported the night it happens: a JSON POST to the configured
webhook (a real HTTP server on loopback here) and an e-mail through a real SMTP server
(aiosmtpd), once per attempt and channel, recorded in ops.run_alerts; a notice that cannot be
delivered is recorded and never hides the run's own failure, nor shows the webhook's secret."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlalchemy import Engine, text

from pipeline import lifecycle, lock, runs
from pipeline.config import Settings
from tests.mailserver import PASSWORD, USER, Mailbox, smtp_server
from tests.test_lifecycle import _run_dying_in, kill

__all__ = ["smtp_server"]

SECRET_PATH = "/hooks/T0KEN-very-secret"


@dataclass
class Webhook:
    url: str
    status: int = 200
    received: list[dict] = field(default_factory=list)


@pytest.fixture
def webhook() -> Iterator[Webhook]:
    hook = Webhook("")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers["Content-Length"])
            if self.path == SECRET_PATH:
                hook.received.append(json.loads(self.rfile.read(length)))
            self.send_response(hook.status if self.path == SECRET_PATH else 404)
            self.end_headers()

        def log_message(self, *arguments: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    hook.url = f"http://127.0.0.1:{server.server_port}{SECRET_PATH}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield hook
    finally:
        server.shutdown()
        server.server_close()


def _settings(tmp_path: Path, **values: object) -> Settings:
    return Settings(_env_file=None, reports_dir=tmp_path / "reports", **values)


def _fail_a_run(engine: Engine, settings: Settings) -> int:
    with lock.exclusive(engine, "run"):
        run = lifecycle.open_run(engine, trigger="schedule", mode="full", stages=None)
        with pytest.raises(RuntimeError):
            runs.run_stage(engine, run.run_id, "extract-pure", _pure_is_down)
        lifecycle.close_run(
            engine, settings, run.run_id, "failed", "RuntimeError: GET /persons: HTTP 503"
        )
    return run.run_id


def _pure_is_down() -> None:
    raise RuntimeError("GET /persons: HTTP 503")


def _alerts(engine: Engine) -> list[tuple]:
    with engine.connect() as connection:
        return [
            tuple(row)
            for row in connection.execute(
                text(
                    "SELECT run_id, attempt, channel, sent_at IS NOT NULL, error"
                    " FROM ops.run_alerts ORDER BY run_id, attempt, channel"
                )
            )
        ]


def test_a_failed_run_is_posted_to_the_webhook_once(
    engine: Engine, webhook: Webhook, tmp_path: Path
) -> None:
    settings = _settings(tmp_path, alert_webhook_url=SecretStr(webhook.url))
    run_id = _fail_a_run(engine, settings)
    [notice] = webhook.received
    assert notice["run_id"] == run_id
    assert (notice["status"], notice["stage"], notice["trigger"]) == (
        "failed",
        "extract-pure",
        "schedule",
    )
    assert notice["text"].startswith(f"pure-orcid-sync: run {run_id} failed in stage extract-pure")
    assert "HTTP 503" in notice["text"]
    assert f"pure-orcid run --resume {run_id}" in notice["text"]
    assert _alerts(engine) == [(run_id, 1, "webhook", True, None)]

    lifecycle.close_run(engine, settings, run_id, "failed")  # closed already: nothing more
    assert len(webhook.received) == 1


def test_an_abandoned_run_is_e_mailed_by_the_next_command(
    engine: Engine, database_url: str, smtp_server: Mailbox, tmp_path: Path
) -> None:
    settings = _settings(
        tmp_path,
        smtp_host=smtp_server.host,
        smtp_port=smtp_server.port,
        smtp_user=USER,
        smtp_password=SecretStr(PASSWORD),
        smtp_ca_file=smtp_server.ca_file,
        notify_from="ORCID team <orcid@example.edu>",
        alert_email_to="operator@example.edu, office@example.edu",
    )
    dying = _run_dying_in(database_url, "match")
    assert dying.stdout is not None
    run_id = int(dying.stdout.readline())
    kill(engine, dying)
    lifecycle.close_dead_runs(engine, settings)

    [(recipients, message)] = smtp_server.messages
    assert recipients == ["operator@example.edu", "office@example.edu"]
    assert message["Subject"] == f"pure-orcid-sync: run {run_id} abandoned in stage match"
    assert message["From"] == "ORCID team <orcid@example.edu>"
    body = message.get_content()
    assert f"/{dying.pid}) ended during stage match" in body
    assert f"pure-orcid run --resume {run_id}" in body
    assert _alerts(engine) == [(run_id, 1, "smtp", True, None)]


def test_a_notice_that_cannot_be_delivered_is_recorded_without_the_secret(
    engine: Engine, webhook: Webhook, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    webhook.status = 502
    dead_mail_server = "127.0.0.1"
    settings = _settings(
        tmp_path,
        alert_webhook_url=SecretStr(webhook.url),
        smtp_host=dead_mail_server,
        smtp_port=1,  # nothing listens there
        alert_email_to="operator@example.edu",
    )
    with caplog.at_level(logging.WARNING):
        run_id = _fail_a_run(engine, settings)  # the run's own failure is what surfaces
    [smtp_row, webhook_row] = _alerts(engine)
    assert webhook_row == (
        run_id,
        1,
        "webhook",
        False,
        "RuntimeError: the webhook answered HTTP 502",
    )
    assert smtp_row[:4] == (run_id, 1, "smtp", False)
    assert "cannot reach the mail server 127.0.0.1:1" in smtp_row[4]
    assert "T0KEN" not in caplog.text
    assert "T0KEN" not in json.dumps(_alerts(engine), default=str)


def test_without_channels_nothing_is_sent_or_recorded(engine: Engine, tmp_path: Path) -> None:
    _fail_a_run(engine, _settings(tmp_path))
    assert _alerts(engine) == []
