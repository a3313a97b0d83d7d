"""Researchers' ORCID access tokens, stored encrypted in `ops.orcid_tokens`, and their life:
renewed with the refresh token before they expire and when ORCID says one has expired; marked
revoked only when ORCID refuses the refresh (the researcher withdrew the grant), and usable
again once a new token is imported (`pure-orcid tokens import`).

A token lets the pipeline read the researcher's limited works and write works for them, so it
is as sensitive as a password: it is encrypted with a Fernet key that lives outside the
database, and it never appears in a repr, a log line, a report or a stored reason (ORCID's
error texts quote the token; `redact` takes it out).
"""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import logging
import os
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal, TypeVar

import httpx
from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import Engine

from pipeline.config import Settings, SettingsError
from pipeline.db.queries import query
from pipeline.normalize.identifiers import orcid as normalise_orcid
from pipeline.sources.http import Pacer
from pipeline.sources.http.retry import RetriesExhausted
from pipeline.sources.orcid.client import AccessToken, OrcidError
from pipeline.sources.orcid.oauth import (
    ClientCredentials,
    Refreshed,
    RefreshRefused,
    refresh_access_token,
)
from pipeline.sources.redact import redact

log = logging.getLogger(__name__)
T = TypeVar("T")

UPDATE_SCOPE = "/activities/update"
"""The scope a token needs before the pipeline writes a work with it."""
REFRESH_MARGIN = dt.timedelta(days=1)
"""A token that expires within this is renewed before it is used."""

KEY_FILE = "orcid-token.key"
MAKE_A_KEY = (
    'make one with: python -c "from cryptography.fernet import Fernet; '
    'print(Fernet.generate_key().decode())"'
)


@dataclass(frozen=True, slots=True)
class GrantedToken:
    """A token as a researcher granted it to the institution's ORCID client."""

    orcid: str
    access_token: str
    refresh_token: str | None
    scopes: tuple[str, ...]
    expires_at: dt.datetime | None

    def __repr__(self) -> str:
        return f"GrantedToken(orcid={self.orcid!r}, scopes={self.scopes!r})"

    def may_update(self) -> bool:
        """Whether the researcher let the institution add and change their works."""
        return UPDATE_SCOPE in self.scopes

    def expires_soon(self, now: dt.datetime) -> bool:
        return self.expires_at is not None and self.expires_at - now < REFRESH_MARGIN


def token_cipher(settings: Settings) -> Fernet:
    """The configured key, or the project's key file (created, owner-readable only, if missing)."""
    if settings.has_secret("orcid_token_key"):
        return Fernet(settings.secret("orcid_token_key").encode())
    path = settings.data_dir / KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as key_file:
            key_file.write(Fernet.generate_key())
    return Fernet(path.read_bytes().strip())


class KeyRotationError(SettingsError):
    """The token key could not be rotated; nothing was changed. Names ORCID iDs, never tokens."""


@dataclass(frozen=True, slots=True)
class KeyRotation:
    tokens: int
    """Stored tokens re-encrypted (revoked ones included)."""
    key_file: Path | None
    """The key file that now holds the new key; None when the key is configured
    (ORCID_TOKEN_KEY or its Prefect block), which must then be set to the new key."""


def rotate_token_key(engine: Engine, settings: Settings, new_key: str) -> KeyRotation:
    """Re-encrypt every stored token under `new_key`, in one transaction: all or nothing.

    The old key is the configured one (`token_cipher`). A row it cannot decrypt stops the
    rotation before anything changes, naming the row's ORCID iD: re-encrypting the others
    would leave that token readable by no key at all. With the key in the key file, the file
    is replaced by the new key once the database has committed (written beside it first, so
    that a full disk fails the rotation rather than losing the key)."""
    key_file = None if settings.has_secret("orcid_token_key") else settings.data_dir / KEY_FILE
    if key_file is not None and not key_file.exists():
        raise KeyRotationError(
            f"ORCID_TOKEN_KEY is not set and there is no key file {key_file}: no key to rotate"
        )
    old = token_cipher(settings)
    if _same_key(old, new_key.strip()):
        raise KeyRotationError("the new token key is the current one: nothing to rotate")
    try:
        new = Fernet(new_key.strip().encode())
    except ValueError:
        raise KeyRotationError(
            "the new token key is not a Fernet key (32 url-safe base64-encoded bytes); "
            + MAKE_A_KEY
        ) from None
    staged = None if key_file is None else _write_key_beside(key_file, new_key.strip())
    try:
        with engine.begin() as connection:
            rows = connection.execute(query("tokens/all_for_rotation")).all()
            updates = _reencrypted(rows, old, new)
            if updates:
                connection.execute(query("tokens/reencrypt"), updates)
    except BaseException:
        if staged is not None:
            staged.unlink(missing_ok=True)
        raise
    if staged is not None and key_file is not None:
        staged.replace(key_file)
    return KeyRotation(tokens=len(updates), key_file=key_file)


def _same_key(cipher: Fernet, key: str) -> bool:
    """Whether `key` is the cipher's own key: it then decrypts what the cipher encrypts."""
    try:
        return Fernet(key.encode()).decrypt(cipher.encrypt(b"probe")) == b"probe"
    except (ValueError, InvalidToken):
        return False


def _reencrypted(rows: Iterable[Any], old: Fernet, new: Fernet) -> list[dict[str, Any]]:
    updates = []
    unreadable = []
    for orcid, access_token, refresh_token in rows:
        try:
            access = old.decrypt(bytes(access_token))
            refresh = None if refresh_token is None else old.decrypt(bytes(refresh_token))
        except InvalidToken:
            unreadable.append(orcid)
            continue
        updates.append(
            {
                "orcid": orcid,
                "access_token": new.encrypt(access),
                "refresh_token": None if refresh is None else new.encrypt(refresh),
            }
        )
    if unreadable:
        more = f" (and {len(unreadable) - 3} more)" if len(unreadable) > 3 else ""
        raise KeyRotationError(
            "the current token key (ORCID_TOKEN_KEY, or the key file) cannot decrypt the stored "
            f"token of {', '.join(unreadable[:3])}{more}; nothing was re-encrypted. Run it with "
            "the key those tokens were stored under, or import those researchers' tokens again"
        )
    return updates


def _write_key_beside(key_file: Path, key: str) -> Path:
    """The new key in a file next to the key file, readable by its owner only."""
    staged = key_file.with_name(key_file.name + ".new")
    staged.unlink(missing_ok=True)
    descriptor = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(key + "\n")
    return staged


def store_tokens(engine: Engine, cipher: Fernet, tokens: Iterable[GrantedToken]) -> int:
    rows = [
        {
            "orcid": token.orcid,
            "access_token": cipher.encrypt(token.access_token.encode()),
            "refresh_token": (
                cipher.encrypt(token.refresh_token.encode()) if token.refresh_token else None
            ),
            "scopes": list(token.scopes),
            "expires_at": token.expires_at,
        }
        for token in tokens
    ]
    if rows:
        with engine.begin() as connection:
            connection.execute(query("tokens/upsert"), rows)
    return len(rows)


def usable_tokens(engine: Engine, cipher: Fernet) -> dict[str, AccessToken]:
    """Every token that may still work, by ORCID iD. One that the key cannot decrypt (the key
    was changed) is left out: the researcher is then read with the public token."""
    with engine.connect() as connection:
        rows = connection.execute(query("tokens/usable")).all()
    tokens = {}
    for orcid, encrypted, scopes in rows:
        try:
            value = cipher.decrypt(bytes(encrypted)).decode()
        except InvalidToken:
            continue
        tokens[orcid] = AccessToken(value=value, scope=" ".join(scopes), orcid=orcid)
    return tokens


def held_tokens(engine: Engine, cipher: Fernet) -> dict[str, GrantedToken]:
    """Every token not known to be revoked, expired ones included, by ORCID iD, decrypted with
    its refresh token. One the key cannot decrypt is left out, as in `usable_tokens`."""
    with engine.connect() as connection:
        rows = connection.execute(query("tokens/held")).all()
    return _decrypted(rows, cipher)


def _decrypted(rows: Iterable[Any], cipher: Fernet) -> dict[str, GrantedToken]:
    tokens = {}
    for orcid, access, refresh, scopes, expires_at in rows:
        try:
            tokens[orcid] = GrantedToken(
                orcid=orcid,
                access_token=cipher.decrypt(bytes(access)).decode(),
                refresh_token=cipher.decrypt(bytes(refresh)).decode() if refresh else None,
                scopes=tuple(scopes),
                expires_at=expires_at,
            )
        except InvalidToken:
            continue
    return tokens


def revoke_token(
    engine: Engine, orcid: str, reason: str, secrets: Iterable[str | None] = ()
) -> None:
    """Mark the researcher's token revoked, with why; the reason loses the `secrets` and
    anything shaped like a token before it is stored."""
    with engine.begin() as connection:
        connection.execute(
            query("tokens/revoke"), {"orcid": orcid, "reason": redact(reason, secrets)}
        )


class TokenKeeper:
    """The researchers' tokens while a stage uses them: renewed before they expire
    (`fresh`) and after ORCID says one expired (`renew`); a refused renewal marks the token
    revoked. One researcher's token is used by one writer at a time, so no two renewals of one
    token race."""

    def __init__(
        self,
        engine: Engine,
        cipher: Fernet,
        client: ClientCredentials | None,
        *,
        http: httpx.AsyncClient,
        pacer: Pacer,
    ) -> None:
        self.engine = engine
        self.cipher = cipher
        self.client = client
        self.http = http
        self.pacer = pacer
        self.tokens = held_tokens(engine, cipher)
        self.refreshed = 0
        self.revoked: dict[str, str] = {}
        """iD → why its token stopped working during this stage (without the token)."""

    def get(self, orcid: str) -> GrantedToken | None:
        return self.tokens.get(orcid)

    async def fresh(self, orcid: str) -> GrantedToken | None:
        """The researcher's token, renewed first if it expires within `REFRESH_MARGIN`; None
        when there is none, or it has expired and cannot be renewed. One that expires soon
        but cannot be renewed (no refresh token, no client) is used while it lasts."""
        token = self.tokens.get(orcid)
        now = dt.datetime.now(dt.UTC)
        if token is None or not token.expires_soon(now):
            return token
        if token.refresh_token is None or self.client is None:
            if token.expires_at is not None and token.expires_at <= now:
                self._expired(orcid)
                return None
            return token
        return await self.renew(orcid, "it expires within a day")

    async def renew(self, orcid: str, why: str) -> GrantedToken | None:
        """A new access token from the refresh token, stored encrypted; None when ORCID
        refuses (the token is then marked revoked, with ORCID's reason) or there is no refresh
        token (then it is marked expired). `why` is for the log."""
        token = self.tokens.get(orcid)
        if token is None:
            return None
        if token.refresh_token is None or self.client is None:
            self._expired(orcid)
            return None
        try:
            refreshed = await refresh_access_token(
                self.http, self.pacer, self.client, token.refresh_token
            )
        except RefreshRefused as refused:
            self._revoke(token, str(refused))
            return None
        renewed = self._store(token, refreshed, "tokens/refreshed")
        self.refreshed += 1
        log.info("%s: token renewed (%s)", orcid, why)
        return renewed

    async def recheck(self, token: GrantedToken) -> bool:
        """Try a token revoked during the last run once more, with its refresh token: renewed,
        it is usable again (a storm at ORCID revoked it, not the researcher); refused, it
        stays revoked as it was. Whether it was reinstated."""
        if token.refresh_token is None or self.client is None:
            return False
        try:
            refreshed = await refresh_access_token(
                self.http, self.pacer, self.client, token.refresh_token
            )
        except RefreshRefused:
            return False
        self._store(token, refreshed, "tokens/reinstated")
        log.info("%s: token revoked during the last run works again: reinstated", token.orcid)
        return True

    def _store(self, token: GrantedToken, refreshed: Refreshed, statement: str) -> GrantedToken:
        """The token as ORCID renewed it, stored encrypted with `statement`."""
        now = dt.datetime.now(dt.UTC)
        renewed = replace(
            token,
            access_token=refreshed.access_token,
            refresh_token=refreshed.refresh_token,
            scopes=refreshed.scopes or token.scopes,
            expires_at=(
                now + dt.timedelta(seconds=refreshed.expires_in)
                if refreshed.expires_in is not None
                else None
            ),
        )
        with self.engine.begin() as connection:
            connection.execute(
                query(statement),
                {
                    "orcid": token.orcid,
                    "access_token": self.cipher.encrypt(renewed.access_token.encode()),
                    "refresh_token": (
                        self.cipher.encrypt(renewed.refresh_token.encode())
                        if renewed.refresh_token
                        else None
                    ),
                    "scopes": list(renewed.scopes),
                    "expires_at": renewed.expires_at,
                },
            )
        self.tokens[token.orcid] = renewed
        return renewed

    def _revoke(self, token: GrantedToken, reason: str) -> None:
        secrets = (token.access_token, token.refresh_token)
        revoke_token(self.engine, token.orcid, reason, secrets)
        self.tokens.pop(token.orcid, None)
        self.revoked[token.orcid] = redact(reason, secrets)
        log.warning("%s: token revoked: %s", token.orcid, self.revoked[token.orcid])

    def _expired(self, orcid: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(query("tokens/expired"), {"orcid": orcid})
        self.tokens.pop(orcid, None)
        self.revoked[orcid] = "expired, and no refresh token to renew it"
        log.warning("%s: token expired and cannot be renewed", orcid)


def client_credentials(settings: Settings) -> ClientCredentials | None:
    """The institution's member API client, if configured: without it no token is renewed."""
    if not settings.orcid_client_id or not settings.has_secret("orcid_client_secret"):
        return None
    return ClientCredentials(
        str(settings.orcid_token_url),
        settings.orcid_client_id,
        settings.secret("orcid_client_secret"),
    )


def renew_or_revoke(
    engine: Engine, settings: Settings, orcid: str, rejection: str
) -> Literal["renewed", "revoked", "kept"]:
    """After ORCID refused a researcher's token while reading (`rejection`, ORCID's reason):
    renew it with the refresh token, or mark it revoked (or expired, without a refresh token)
    when that fails; "kept" when ORCID could not be asked now (the next run tries again). For
    callers outside an event loop (the extraction's writer thread)."""

    async def attempt(keeper: TokenKeeper) -> Literal["renewed", "revoked", "kept"]:
        if keeper.get(orcid) is None:
            return "kept"
        renewed = await keeper.renew(orcid, redact(rejection))
        return "renewed" if renewed is not None else "revoked"

    try:
        return asyncio.run(_with_keeper(engine, settings, attempt))
    except (OrcidError, RetriesExhausted, httpx.HTTPError) as error:
        log.warning("%s: the token could not be renewed now: %s", orcid, redact(str(error)))
        return "kept"


def renew_expiring(engine: Engine, settings: Settings) -> tuple[int, int]:
    """Renew every held token that expires within `REFRESH_MARGIN`, before a stage reads with
    them (a token that dies half-way through a researcher costs a re-read with the public
    token); returns (renewed, revoked). ORCID unreachable now: the tokens stay as they are
    and are renewed when ORCID refuses them."""

    async def attempt(keeper: TokenKeeper) -> tuple[int, int]:
        for orcid in sorted(keeper.tokens):
            await keeper.fresh(orcid)
        return keeper.refreshed, len(keeper.revoked)

    try:
        return asyncio.run(_with_keeper(engine, settings, attempt))
    except (OrcidError, RetriesExhausted, httpx.HTTPError) as error:
        log.warning("expiring tokens could not be renewed now: %s", redact(str(error)))
        return 0, 0


def recheck_revoked(engine: Engine, settings: Settings, run_id: int) -> int:
    """Before run `run_id` reads with them: every token revoked since the previous run began
    is tried once more (`TokenKeeper.recheck`); returns how many work again. ORCID unreachable
    now: they stay revoked."""
    with engine.connect() as connection:
        rows = connection.execute(query("tokens/revoked_since_last_run"), {"run_id": run_id}).all()
    revoked = _decrypted(rows, token_cipher(settings))
    if not revoked:
        return 0

    async def attempt(keeper: TokenKeeper) -> int:
        return sum([await keeper.recheck(token) for _, token in sorted(revoked.items())])

    try:
        return asyncio.run(_with_keeper(engine, settings, attempt))
    except (OrcidError, RetriesExhausted, httpx.HTTPError) as error:
        log.warning("revoked tokens could not be tried again now: %s", redact(str(error)))
        return 0


async def _with_keeper(
    engine: Engine, settings: Settings, action: Callable[[TokenKeeper], Awaitable[T]]
) -> T:
    async with httpx.AsyncClient(timeout=30.0) as http:
        keeper = TokenKeeper(
            engine,
            token_cipher(settings),
            client_credentials(settings),
            http=http,
            pacer=Pacer(settings.orcid_rate, burst=1),
        )
        return await action(keeper)


TOKEN_FILE_COLUMNS = ("orcid", "access_token", "refresh_token", "scope", "expires_at")


def write_token_file(path: Path, tokens: Iterable[GrantedToken]) -> None:
    """The CSV `read_token_file` reads, created readable by its owner only: it holds secrets."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(TOKEN_FILE_COLUMNS)
        for token in tokens:
            expires = token.expires_at.isoformat() if token.expires_at else ""
            writer.writerow(
                [
                    token.orcid,
                    token.access_token,
                    token.refresh_token or "",
                    " ".join(token.scopes),
                    expires,
                ]
            )


def read_token_file(path: Path) -> list[GrantedToken]:
    """A CSV with columns orcid, access_token, refresh_token, scope, expires_at (ISO 8601),
    as an ORCID integration's token export or `pure-orcid sim serve` writes it."""
    tokens = []
    with path.open(newline="", encoding="utf-8") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            orcid = normalise_orcid(row.get("orcid") or "")
            if orcid is None or not row.get("access_token"):
                raise ValueError(f"{path}, line {line}: orcid or access_token missing or invalid")
            expires = row.get("expires_at") or None
            tokens.append(
                GrantedToken(
                    orcid=orcid,
                    access_token=row["access_token"],
                    refresh_token=row.get("refresh_token") or None,
                    scopes=tuple((row.get("scope") or "").split()),
                    expires_at=dt.datetime.fromisoformat(expires) if expires else None,
                )
            )
    return tokens
