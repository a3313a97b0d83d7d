"""Researchers' ORCID access tokens, stored encrypted in `ops.orcid_tokens`.

A token lets the pipeline read the researcher's limited works (and, later, write works for
them), so it is as sensitive as a password: it is encrypted with a Fernet key that lives
outside the database, and it never appears in a repr, a log line or a report.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import Engine

from pipeline.config import Settings
from pipeline.db.queries import query
from pipeline.normalize.identifiers import orcid as normalise_orcid
from pipeline.sources.orcid.client import AccessToken

KEY_FILE = "orcid-token.key"


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


def revoke_token(engine: Engine, orcid: str, reason: str) -> None:
    with engine.begin() as connection:
        connection.execute(query("tokens/revoke"), {"orcid": orcid, "reason": reason})


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
