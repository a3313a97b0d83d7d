"""Settings from environment variables and a `.env` file, with secrets kept out of reprs and logs.

Every setting has an environment variable of the same name in upper case (see `.env.example`).
A deployment that keeps its secrets in Prefect instead names a Secret block in the matching
`*_BLOCK` variable; the block is read only when the secret is first needed, so commands that do
not need it (e.g. `pure-orcid db url`) never contact a Prefect server.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AnyHttpUrl, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

SecretName = Literal[
    "database_url",
    "pure_api_key",
    "orcid_client_secret",
    "orcid_token_key",
    "smtp_password",
    "alert_webhook_url",
]
Language = Literal["nl", "en"]
"""The languages researchers' pages and e-mails are written in."""


class SettingsError(RuntimeError):
    """A setting is missing or unusable; the message names the environment variable to fix."""


class CredentialError(SettingsError):
    """A source refused the configured credentials or could not be reached: the message names
    the setting and quotes the server's answer (never the secret)."""

    def __init__(self, setting: str, answer: str) -> None:
        super().__init__(f"{setting}: {answer}")
        self.setting = setting


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", frozen=True
    )

    database_url: SecretStr | None = None
    """Any PostgreSQL (14+) URL. Unset: the embedded server under `data_dir` is started and used."""
    database_url_block: str | None = None

    data_dir: Path = Field(default=Path("var"), validation_alias="PURE_ORCID_DATA_DIR")
    """Project-local state: the embedded database, reports and simulator ground truth."""

    pure_interface: Literal["ws524", "api"] = "ws524"
    """Which Pure API generation to read: Web Service 5.24 or the newer Pure API."""
    pure_ws_url: AnyHttpUrl | None = None
    """Base of Pure Web Service 5.24, e.g. https://pure.example.edu/ws/api/524."""
    pure_api_url: AnyHttpUrl | None = None
    """Base of the Pure API, e.g. https://pure.example.edu/ws/api."""
    pure_api_key: SecretStr | None = None
    pure_api_key_block: str | None = None
    pure_rate: float = 10.0
    """Requests per second to Pure: Pure publishes no limit, so stay gentle with a shared server."""
    pure_page_size: int = Field(default=1000, ge=1, le=1000)
    """Records per page of a scan: the Pure API's maximum, 1000; smaller pages answer sooner,
    for a Pure behind a proxy that times slow answers out."""

    orcid_public_api_url: AnyHttpUrl = AnyHttpUrl("https://pub.orcid.org/v3.0")
    orcid_member_api_url: AnyHttpUrl = AnyHttpUrl("https://api.orcid.org/v3.0")
    orcid_token_url: AnyHttpUrl = AnyHttpUrl("https://orcid.org/oauth/token")
    orcid_client_id: str | None = None
    orcid_client_secret: SecretStr | None = None
    orcid_client_secret_block: str | None = None
    orcid_rate: float = 24.0
    """Requests per second on the member API: ORCID allows 24, with a queue of 40 beyond it."""
    orcid_public_rate: float = 12.0
    """Requests per second on the public API (no client credentials): ORCID allows 12."""
    orcid_burst: int = 10
    """How many requests may go at once after a pause; ORCID's own queue takes 40."""
    orcid_concurrency: int = 16
    """Requests in flight at once; enough to keep the rate busy while each waits for ORCID."""
    orcid_processes: int = 1
    """Processes sharing the ORCID extraction (each at its share of the rate): one keeps up with
    about 70 requests/s; raise it with ORCID_RATE beyond that, up to the cores you have."""
    researcher_batch: int = Field(default=250, ge=1)
    """Researchers (iDs) per unit of work of a night: each batch is read from ORCID and then
    matched while the next is read, so the night ends one batch's matching after ORCID."""
    task_runner: Literal["threads", "dask"] = "threads"
    """Where the night's units of work run: threads of the flow's process, or a Dask cluster
    (the `dask` extra): the one at `dask_address`, or one started on this machine."""
    dask_address: str | None = None
    """The scheduler of an existing Dask cluster (`tcp://host:8786`) for `task_runner=dask`."""
    orcid_token_key: SecretStr | None = None
    """Fernet key that encrypts researchers' ORCID tokens in the database. Unset: a key file is
    created in `data_dir` on first use (keep a copy: without it the stored tokens are useless)."""
    orcid_token_key_block: str | None = None

    reports_dir: Path | None = None
    """Where each run's report, lists and per-researcher files are written, one folder per run,
    with the Great Expectations Data Docs beside them. Unset: `data_dir`/reports."""
    validation_max_row_drop: float = Field(default=0.2, ge=0, le=1)
    """Largest share by which a source's staged works may shrink since the last published run
    before validation stops the run: a source that loses more is more likely broken than
    cleaned up."""
    validation_max_no_orcid_works_jump: float = Field(default=0.1, ge=0, le=1)
    """Largest rise, in share points, of researchers with an iD but no ORCID works since the last
    published run before validation stops the run (empty records coming back is how a broken
    ORCID read looks)."""

    default_language: Language = "nl"
    """The language of a researcher's page and e-mail when neither they nor Pure says which."""
    office_name: str = "the research office"
    """Who researchers and coordinators are told to ask: named on every page and e-mail."""
    office_email: str | None = None
    """The research office's address: the contact on every page, and the e-mails' Reply-To."""
    office_url: AnyHttpUrl | None = None
    """The institution's own ORCID guide, linked from every researcher's page."""

    smtp_host: str | None = None
    """The mail server `pure-orcid notify` sends through. Unset: notify refuses to send."""
    smtp_port: int = 587
    smtp_starttls: bool = True
    """Upgrade the connection with STARTTLS before logging in (port 587); off only for a
    server on the same host that takes no login."""
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    smtp_password_block: str | None = None
    smtp_ca_file: Path | None = None
    """Certificates to trust for the mail server's STARTTLS besides the system's: for a server
    whose certificate an internal authority signed."""
    smtp_timeout: float = 30.0
    notify_from: str | None = None
    """The sender of the e-mails, e.g. `ORCID team <orcid@example.edu>`."""
    notify_period_days: int = Field(default=28, ge=1)
    """A researcher or coordinator is e-mailed at most once in this many days."""
    faculty_coordinators: dict[str, str] = Field(default_factory=dict)
    """Faculty name (as in Pure) → the coordinator's address, as JSON in the environment:
    FACULTY_COORDINATORS='{"Faculty of Science": "orcid-science@example.edu"}'."""

    alert_webhook_url: SecretStr | None = None
    """Where a failed or abandoned run is reported: a JSON POST whose `text` Slack, Mattermost
    and Teams incoming webhooks show. A secret: such addresses carry their own token."""
    alert_webhook_url_block: str | None = None
    alert_email_to: str | None = None
    """Addresses (comma-separated) e-mailed when a run fails or is abandoned, through the mail
    server of SMTP_HOST, from NOTIFY_FROM."""

    apply_orcid: bool = False
    """Let the load stage push works to researchers' ORCID records (`pure-orcid run
    --apply-orcid` for one run). Off, it only counts what it would push: a push is public and
    hard to undo, so writing is what a deployment asks for, never what it gets by default."""
    apply_pure: bool = False
    """Let the load stage write to Pure (`pure-orcid run --apply-pure` for one run). Off, it
    only counts what it would create."""
    load_max_per_researcher: int = Field(default=200, ge=0)
    """Most writes the load stage makes for one researcher in one run, per outside system:
    more than a researcher's usual backlog means something upstream went wrong. The rest wait
    for the next run, and the run says whom it stopped."""
    push_review_threshold: float = Field(default=0.8, ge=0, le=1)
    """A Pure output the matcher linked to no ORCID work is still not pushed when any ORCID
    work of the researcher scores (or its title is as similar as) this much against it: it
    goes to the review list (`reporting.push_review`). Below the link threshold (0.85) on
    purpose: a missed match pushed is a duplicate in someone's public record. Not much below:
    one researcher's unrelated titles share their field's words, and at 0.6 held back most of
    the missing works of the synthetic institution, whose look-alikes (notes, preprints, the
    same title) score 0.88 and more on title."""
    load_max_per_run: int = Field(default=10000, ge=0)
    """Most writes the load stage makes in one run, per outside system; past it the run stops
    writing and says so."""

    stage_retries: int = Field(default=2, ge=0)
    """How many times a stage that failed on a transient error (a source unreachable through
    all its request retries, a dropped database connection) is tried again in the same run."""
    stage_retry_delay: float = Field(default=60.0, ge=0)
    """Seconds before a stage's first retry; each further retry waits twice as long."""
    stage_timeout: float = Field(default=6 * 3600, ge=0)
    """Seconds one attempt of a stage (or of one of its units of work) may take before it is
    stopped and the run fails, so that a hung source ends in a morning alert rather than a run
    that holds the database for ever; 0: no limit."""

    @property
    def report_root(self) -> Path:
        return self.reports_dir if self.reports_dir is not None else self.data_dir / "reports"

    @property
    def data_docs_dir(self) -> Path:
        """Where the validate stage builds Data Docs, beside the run reports that link to them."""
        return self.report_root / "data-docs"

    def secret(self, name: SecretName) -> str:
        """The secret's value, from its variable or else from the Prefect Secret block it names."""
        value: SecretStr | None = getattr(self, name)
        if value is not None:
            return value.get_secret_value()
        block: str | None = getattr(self, f"{name}_block")
        if block is not None:
            return _read_secret_block(block, name)
        raise SettingsError(
            f"{name.upper()} is not set (nor {name.upper()}_BLOCK naming a Prefect Secret block)"
        )

    def has_secret(self, name: SecretName) -> bool:
        return getattr(self, name) is not None or getattr(self, f"{name}_block") is not None


def _read_secret_block(block: str, setting: str) -> str:
    from prefect.blocks.system import Secret

    try:
        secret = Secret.load(block, _sync=True)
    except ValueError as error:
        raise SettingsError(
            f"{setting.upper()}_BLOCK names the Prefect Secret block {block!r}, "
            f"which could not be loaded: {error}"
        ) from None
    value = secret.get()
    if not isinstance(value, str):
        raise SettingsError(f"the Prefect Secret block {block!r} does not hold a string")
    return value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read once: a nightly run must not see them change half-way."""
    return Settings()
