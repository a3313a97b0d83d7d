"""`pure-orcid tokens rotate-key`: every stored token re-encrypted under a new key in one
transaction, from the key file or from ORCID_TOKEN_KEY; a token the current key cannot read
stops it before anything changes, naming the researcher's iD and never a token."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import Engine, create_engine, text

from pipeline.cli import main
from pipeline.config import get_settings
from pipeline.sources.orcid.tokens import (
    KEY_FILE,
    GrantedToken,
    revoke_token,
    store_tokens,
    token_cipher,
)
from tests.settings import clear_caches

TOKENS = [
    GrantedToken("0000-0002-1825-0097", "access-one", "refresh-one", ("/read-limited",), None),
    GrantedToken(
        "0000-0001-5109-3700",
        "access-two",
        None,
        ("/read-limited",),
        dt.datetime(2040, 1, 1, tzinfo=dt.UTC),
    ),
    GrantedToken("0000-0002-9079-593X", "access-three", "refresh-three", ("/read-limited",), None),
]
REVOKED = "0000-0002-9079-593X"


@pytest.fixture
def db(configured: str) -> Iterator[Engine]:
    engine = create_engine(configured)
    yield engine
    engine.dispose()


def _rotate(monkeypatch: pytest.MonkeyPatch, new_key: str | None) -> Result:
    if new_key is None:
        monkeypatch.delenv("ORCID_TOKEN_NEW_KEY", raising=False)
    else:
        monkeypatch.setenv("ORCID_TOKEN_NEW_KEY", new_key)
    result = CliRunner().invoke(main, ["tokens", "rotate-key"])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    clear_caches()
    return result


def _stored(engine: Engine) -> dict[str, tuple[bytes, bytes | None]]:
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT orcid, access_token, refresh_token FROM ops.orcid_tokens")
        ).all()
    return {o: (bytes(a), None if r is None else bytes(r)) for o, a, r in rows}


def _decrypted(engine: Engine, key: bytes) -> dict[str, tuple[str, str | None]]:
    cipher = Fernet(key)
    return {
        orcid: (cipher.decrypt(a).decode(), None if r is None else cipher.decrypt(r).decode())
        for orcid, (a, r) in _stored(engine).items()
    }


def _store(engine: Engine) -> None:
    store_tokens(engine, token_cipher(get_settings()), TOKENS)
    revoke_token(engine, REVOKED, "invalid_token")


ORIGINAL = {t.orcid: (t.access_token, t.refresh_token) for t in TOKENS}


def test_rotating_the_key_file_re_encrypts_every_token_and_replaces_the_file(
    db: Engine, configured: str, isolated_settings: pytest.MonkeyPatch
) -> None:
    _store(db)
    key_file = get_settings().data_dir / KEY_FILE
    old_key = key_file.read_bytes().strip()
    new_key = Fernet.generate_key()

    result = _rotate(isolated_settings, new_key.decode())

    assert result.exit_code == 0, result.output
    assert f"3 tokens re-encrypted under the new key; the key file {key_file} now holds it" in (
        result.output
    )
    assert key_file.read_bytes().strip() == new_key
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert not list(key_file.parent.glob("*.new"))
    assert _decrypted(db, new_key) == ORIGINAL  # the revoked token too
    with pytest.raises(InvalidToken):
        _decrypted(db, old_key)
    assert new_key.decode() not in result.output


def test_rotating_a_configured_key_says_to_set_the_new_one(
    db: Engine, configured: str, isolated_settings: pytest.MonkeyPatch
) -> None:
    old_key = Fernet.generate_key()
    isolated_settings.setenv("ORCID_TOKEN_KEY", old_key.decode())
    clear_caches()
    _store(db)
    new_key = Fernet.generate_key()

    result = _rotate(isolated_settings, new_key.decode())

    assert result.exit_code == 0, result.output
    assert "3 tokens re-encrypted under the new key; now set ORCID_TOKEN_KEY" in result.output
    assert not (Path(get_settings().data_dir) / KEY_FILE).exists()
    assert _decrypted(db, new_key) == ORIGINAL


def test_a_token_the_current_key_cannot_read_stops_the_rotation_naming_its_orcid_id(
    db: Engine, configured: str, isolated_settings: pytest.MonkeyPatch
) -> None:
    _store(db)
    stray = GrantedToken("0000-0003-1415-9269", "secret-access-value", None, (), None)
    store_tokens(db, Fernet(Fernet.generate_key()), [stray])  # stored under another key
    key_file = get_settings().data_dir / KEY_FILE
    before, old_key = _stored(db), key_file.read_bytes()

    result = _rotate(isolated_settings, Fernet.generate_key().decode())

    assert result.exit_code == 2
    assert "cannot decrypt the stored token of 0000-0003-1415-9269;" in result.output
    assert "nothing was re-encrypted" in result.output
    assert "secret-access-value" not in result.output
    assert _stored(db) == before
    assert key_file.read_bytes() == old_key
    assert not list(key_file.parent.glob("*.new"))


@pytest.mark.parametrize(
    ("new_key", "message"),
    [
        (None, "ORCID_TOKEN_NEW_KEY (or --new-key) is not set"),
        ("not-a-key", "the new token key is not a Fernet key"),
        ("current", "the new token key is the current one"),
    ],
)
def test_a_missing_malformed_or_unchanged_new_key_is_refused(
    db: Engine,
    configured: str,
    isolated_settings: pytest.MonkeyPatch,
    new_key: str | None,
    message: str,
) -> None:
    _store(db)
    before = _stored(db)
    if new_key == "current":
        new_key = (get_settings().data_dir / KEY_FILE).read_text().strip()

    result = _rotate(isolated_settings, new_key)

    assert result.exit_code == 2
    assert message in result.output
    assert _stored(db) == before
