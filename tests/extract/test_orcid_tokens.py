"""Researchers' tokens over a night against the ORCID simulator: renewed with the refresh token
before they expire and when ORCID says one expired, revoked only when ORCID refuses the
refresh, tried once more by the next night, usable again once a new one is imported, and never
quoted in what is stored."""

from __future__ import annotations

import datetime as dt
import logging
import time

import pytest
from sqlalchemy import text

from pipeline.context import StageContext
from pipeline.extract import orcid as extract_orcid
from pipeline.extract import pure as extract_pure
from pipeline.sources.orcid.tokens import GrantedToken, store_tokens, token_cipher
from sim.faults import fault_profile
from tests.simulated import World, serve_world


def _read_with_tokens(world: World) -> list[str]:
    """iDs whose records the extraction reads with the researcher's own token."""
    with world.engine.connect() as connection:
        return list(
            connection.execute(
                text(
                    "SELECT t.orcid FROM ops.orcid_tokens AS t"
                    " WHERE t.refresh_token IS NOT NULL AND EXISTS (SELECT 1 FROM staging.works"
                    "   AS w WHERE w.source = 'orcid' AND w.owner_id = t.orcid)"
                    " ORDER BY t.orcid"
                )
            ).scalars()
        )


def _stored(world: World, orcid: str) -> tuple[str, dt.datetime | None, str | None]:
    """The researcher's stored access token (decrypted), its expiry, why it was revoked."""
    with world.engine.connect() as connection:
        access, expires_at, revoked_at, reason = connection.execute(
            text(
                "SELECT access_token, expires_at, revoked_at, revoked_reason"
                " FROM ops.orcid_tokens WHERE orcid = :orcid"
            ),
            {"orcid": orcid},
        ).one()
    assert (revoked_at is None) == (reason is None)
    return token_cipher(world.settings).decrypt(bytes(access)).decode(), expires_at, reason


def _token_status(world: World, orcid: str) -> set[str]:
    """What the researchers' page says of the token of everyone with this iD."""
    with world.engine.connect() as connection:
        return set(
            connection.execute(
                text("SELECT token_status FROM core.researcher_identity WHERE works_orcid = :o"),
                {"o": orcid},
            ).scalars()
        )


def _extract(world: World):
    return extract_orcid.run(StageContext(world.engine, world.settings, world.new_run(), "full"))


def _granted(world: World, orcid: str) -> GrantedToken:
    """The researcher grants the institution's client a new token (what `tokens import`
    brings in after they reconnected)."""
    client = world.settings.orcid_client_id
    old = next(g for g in world.orcid_state.grants.values() if g.orcid == orcid)
    grant = world.orcid_state.issue(client, orcid, old.name, old.scopes, time.time())
    return GrantedToken(
        orcid=orcid,
        access_token=grant.access_token,
        refresh_token=grant.refresh_token,
        scopes=tuple(sorted(grant.scopes)),
        expires_at=dt.datetime.fromtimestamp(grant.expires_at, dt.UTC),
    )


@pytest.mark.world("extracted", own_simulators=True)
def test_expired_tokens_are_renewed_and_only_a_refused_renewal_revokes(world: World) -> None:
    expiring, expired, withdrawn = _read_with_tokens(world)[:3]
    grants = {g.orcid: g for g in world.orcid_state.grants.values() if g.orcid}
    old = {orcid: _stored(world, orcid)[0] for orcid in (expiring, expired, withdrawn)}
    # One token about to expire (by its stored expiry), one ORCID already says expired, one
    # the researcher withdrew (ORCID refuses it and its refresh token).
    with world.engine.begin() as connection:
        connection.execute(
            text("UPDATE ops.orcid_tokens SET expires_at = now() + interval '1 hour'"
                 " WHERE orcid = :orcid"),
            {"orcid": expiring},
        )  # fmt: skip
    grants[expired].expires_at = time.time() - 1
    grants[withdrawn].revoked = True

    first = _extract(world)

    assert first.tokens_renewed == 2
    assert first.tokens_revoked == 1
    assert first.failed_researchers == 0
    for orcid in (expiring, expired):
        access, expires_at, reason = _stored(world, orcid)
        assert reason is None
        assert access != old[orcid]
        assert expires_at is not None
        assert expires_at > dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
        assert _token_status(world, orcid) <= {"connected", "read-only"}
    _, _, reason = _stored(world, withdrawn)
    assert reason is not None
    assert "refresh" in reason
    assert grants[withdrawn].access_token not in reason
    assert grants[withdrawn].refresh_token not in reason
    assert _token_status(world, withdrawn) == {"revoked"}

    # The renewed tokens work; the revoked one is not tried again.
    second = _extract(world)
    assert (second.tokens_renewed, second.tokens_revoked) == (0, 0)

    # The researcher reconnects: the imported token is used, and works, on the next night.
    store_tokens(world.engine, token_cipher(world.settings), [_granted(world, withdrawn)])
    assert _token_status(world, withdrawn) <= {"connected", "read-only"}
    before = world.orcid_stats()["member"]["requests"]
    third = _extract(world)
    assert (third.tokens_renewed, third.tokens_revoked) == (0, 0)
    assert world.orcid_stats()["member"]["requests"] > before
    assert _stored(world, withdrawn)[2] is None


@pytest.mark.world("extracted", own_simulators=True)
def test_a_token_revoked_in_a_night_of_trouble_is_tried_once_more_by_the_next(
    world: World,
) -> None:
    orcid = _read_with_tokens(world)[0]
    [grant] = [g for g in world.orcid_state.grants.values() if g.orcid == orcid]
    grant.strike(revoke=True, now=time.time())  # ORCID's trouble, not the researcher's

    first = _extract(world)
    assert first.tokens_revoked == 1
    assert _token_status(world, orcid) == {"revoked"}

    world.orcid_state.mend_broken_grants()  # the trouble is over
    # Incremental: ORCID says nothing changed, yet the researcher is read again with the token.
    second = extract_orcid.run(
        StageContext(world.engine, world.settings, world.new_run(), "incremental")
    )
    assert (second.mode, second.tokens_renewed, second.researchers_read) == ("incremental", 1, 1)
    access, _, reason = _stored(world, orcid)
    assert reason is None
    assert access != grant.access_token
    assert _token_status(world, orcid) <= {"connected", "read-only"}
    with world.engine.connect() as connection:
        scopes = set(
            connection.execute(
                text("SELECT orcid_read_scope FROM staging.works WHERE owner_id = :o"),
                {"o": orcid},
            ).scalars()
        )
    assert scopes == {"read-limited"}, "every work says it was read with the token again"


def test_a_hostile_night_never_stores_or_logs_a_token(
    configured, isolated_settings, engine, caplog: pytest.LogCaptureFixture
) -> None:
    """Tried as a new user would: everything misbehaves and a fifth of the tokens are revoked
    or expire; ORCID's error texts quote the token they refuse."""
    caplog.set_level(logging.DEBUG)
    for world in serve_world(isolated_settings, engine, faults=fault_profile("hostile")):
        extract_pure.run(StageContext(world.engine, world.settings, world.new_run(), "full"))
        first = _extract(world)
        second = _extract(world)
        revoked_by_sim = {
            g.orcid for g in world.orcid_state.grants.values() if g.revoked and g.orcid
        }
        secrets = {
            secret
            for grant in world.orcid_state.grants.values()
            for secret in (grant.access_token, grant.refresh_token)
        } | {world.settings.secret("orcid_client_secret")}
        with world.engine.connect() as connection:
            reasons = dict(
                connection.execute(
                    text(
                        "SELECT orcid, revoked_reason FROM ops.orcid_tokens"
                        " WHERE revoked_at IS NOT NULL"
                    )
                ).all()
            )
        assert first.tokens_revoked + second.tokens_revoked == len(reasons) > 0
        assert first.tokens_renewed + second.tokens_renewed > 0
        # Only tokens whose renewal ORCID refused are revoked: the expired ones were renewed.
        assert set(reasons) <= revoked_by_sim
        for orcid, reason in reasons.items():
            assert not any(secret in reason for secret in secrets), orcid
        logged = caplog.text
        assert not any(secret in logged for secret in secrets)
