"""`pure-orcid notify` against a real SMTP server on loopback: one message per researcher with
something to do, in their language, with their BibTeX file; their faculty coordinator's page;
nobody written to twice within the period, nor after opting out."""

from __future__ import annotations

import re
from collections.abc import Iterator
from email.message import EmailMessage

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from pipeline import config
from pipeline.cli import main
from pipeline.notify import MailServerError, PersonNotFound, notify, set_preference
from tests.mailserver import PASSWORD, USER, Mailbox
from tests.reporting import analyst_engine
from tests.simulated import World, Worlds

FROM = "ORCID team <orcid@rijnvliet.example.nl>"
COORDINATOR = "orcid-coordinator@rijnvliet.example.nl"
RAW_MARKUP = re.compile(r"</?(?:i|em|sub|sup|b)>|\\[A-Za-z]+\{|&[a-z]+;")


@pytest.fixture(scope="module")
def published(worlds: Worlds, tmp_path_factory) -> Iterator[World]:
    """A copy of the published world for the module: notify only adds to ops."""
    with worlds.copy_apart("published", tmp_path_factory.mktemp("notify")) as world:
        yield world


@pytest.fixture
def world(published: World) -> Iterator[World]:
    """The published run as if nobody had been e-mailed yet nor asked for anything."""
    yield published
    with published.engine.begin() as connection:
        connection.execute(text("TRUNCATE ops.notifications, ops.notify_preferences"))


def _faculty(world: World) -> str:
    with world.engine.connect() as connection:
        return connection.execute(
            text(
                "SELECT faculty FROM reporting.funnel_per_faculty WHERE faculty IS NOT NULL "
                "ORDER BY researchers DESC, faculty LIMIT 1"
            )
        ).scalar_one()


def _settings(world: World, mailbox: Mailbox, **changes) -> config.Settings:
    values = {
        "smtp_host": mailbox.host,
        "smtp_port": mailbox.port,
        "smtp_user": USER,
        "smtp_password": PASSWORD,
        "smtp_ca_file": mailbox.ca_file,
        "notify_from": FROM,
        "office_name": "the ORCID team of the library",
        "office_email": "orcid@rijnvliet.example.nl",
        "faculty_coordinators": {_faculty(world): COORDINATOR},
    }
    return config.Settings(**(world.settings.model_dump() | values | changes))


def _expected(world: World) -> dict[str, dict]:
    """Researchers with something to do for them (not only works to push) and an address."""
    with world.engine.connect() as connection:
        rows = connection.execute(
            text(
                """
                SELECT s.person_uuid, p.emails[1] AS address, p.nationality,
                       EXISTS (SELECT 1 FROM reporting.works_missing_from_orcid AS w
                                WHERE w.person_uuid = s.person_uuid AND NOT w.connected)
                           AS has_bib
                  FROM reporting.researcher_steps AS s
                  JOIN staging.persons AS p
                    ON p.source = 'pure' AND p.source_record_id = s.person_uuid
                 WHERE EXISTS (SELECT 1 FROM reporting.identity_problems AS i
                                WHERE i.person_uuid = s.person_uuid)
                    OR EXISTS (SELECT 1 FROM reporting.works_missing_from_orcid AS w
                                WHERE w.person_uuid = s.person_uuid AND NOT w.connected)
                    OR EXISTS (SELECT 1 FROM reporting.works_hidden_by_visibility AS h
                                WHERE h.person_uuid = s.person_uuid)
                    OR EXISTS (SELECT 1 FROM reporting.works_missing_from_pure AS m
                                WHERE m.person_uuid = s.person_uuid)
                """
            )
        )
        return {r.person_uuid: r._asdict() for r in rows}


def _parts(message: EmailMessage) -> tuple[str, str, list[EmailMessage]]:
    plain = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    return plain, html, list(message.iter_attachments())


def test_each_researcher_with_something_to_do_gets_one_message(
    world: World, smtp_server: Mailbox
) -> None:
    settings = _settings(world, smtp_server)
    expected = _expected(world)
    with_address = {p: r for p, r in expected.items() if r["address"]}
    assert len(with_address) >= 10
    assert len(with_address) < len(expected), "the simulator leaves some people without one"

    summary = notify(world.engine, settings)

    coordinators = [m for to, m in smtp_server.messages if to == [COORDINATOR]]
    researchers = [(to, m) for to, m in smtp_server.messages if to != [COORDINATOR]]
    assert summary.sent == len(smtp_server.messages) == len(with_address) + 1
    assert sorted(to[0] for to, _ in researchers) == sorted(
        r["address"] for r in with_address.values()
    )
    assert summary.no_address == len(expected) - len(with_address)
    assert smtp_server.logins == [USER]
    by_address = {r["address"]: r for r in with_address.values()}
    for _, message in researchers:
        person = by_address[message["To"]]
        dutch = person["nationality"] in (None, "nl")  # the default language is Dutch
        assert message["From"] == FROM
        assert message["Reply-To"] == "the ORCID team of the library <orcid@rijnvliet.example.nl>"
        assert message["Auto-Submitted"] == "auto-generated"
        assert message["Subject"] == (
            "Je ORCID en Pure: wat je moet doen" if dutch else "Your ORCID and Pure: what to do"
        )
        plain, html, attachments = _parts(message)
        assert f'<html lang="{"nl" if dutch else "en"}">' in html
        assert ("Vragen?" if dutch else "Questions?") in plain
        assert "orcid@rijnvliet.example.nl" in plain
        assert "../index.html" not in html, "no link into a report folder the reader lacks"
        assert not RAW_MARKUP.search(plain), plain
        assert [a.get_filename() for a in attachments] == (
            ["missing-from-orcid.bib"] if person["has_bib"] else []
        )
        if attachments:
            assert "@" in attachments[0].get_content().decode()  # BibTeX entries

    (coordinator,) = coordinators
    faculty = _faculty(world)
    assert coordinator["Subject"] == f"ORCID in je faculteit: {faculty}"
    _, html, _ = _parts(coordinator)
    assert faculty in html
    assert 'data-figure="funnel_researchers"' in html

    # Within the period nobody is written to again, whatever is asked.
    again = notify(world.engine, settings)
    assert again.sent == 0
    assert again.recently_sent == len(with_address) + 1
    assert len(smtp_server.messages) == len(with_address) + 1

    with world.engine.connect() as connection:
        recorded = connection.execute(
            text("SELECT kind, status, count(*) FROM ops.notifications GROUP BY 1, 2")
        ).all()
    assert sorted(recorded) == [("faculty", "sent", 1), ("researcher", "sent", len(with_address))]


def test_opted_out_researchers_are_not_written_to_nor_shown_with_their_address(
    world: World, smtp_server: Mailbox
) -> None:
    settings = _settings(world, smtp_server, faculty_coordinators={})
    expected = {p: r for p, r in _expected(world).items() if r["address"]}
    first, second = sorted(expected)[:2]
    uuid, _ = set_preference(world.engine, expected[first]["address"].upper(), opted_out=True)
    assert uuid == first

    notify(world.engine, settings)
    sent_to = {to[0] for to, _ in smtp_server.messages}
    assert expected[first]["address"] not in sent_to
    assert expected[second]["address"] in sent_to

    set_preference(world.engine, second, opted_out=True)
    analyst = analyst_engine(world.engine)
    try:
        with analyst.connect() as connection:
            shown = connection.execute(
                text("SELECT person_uuid, address, opted_out FROM reporting.notifications")
            ).all()
    finally:
        analyst.dispose()
    assert len(shown) == len(expected) - 1
    assert {r.person_uuid: (r.address, r.opted_out) for r in shown}[second] == (None, True)
    assert all(r.address for r in shown if r.person_uuid != second)

    with pytest.raises(PersonNotFound, match=r"no Pure person answers to 'nobody@example\.org'"):
        set_preference(world.engine, "nobody@example.org", opted_out=True)


def test_a_researcher_is_written_to_in_the_language_they_chose(
    world: World, smtp_server: Mailbox
) -> None:
    expected = {p: r for p, r in _expected(world).items() if r["address"]}
    dutch = next(p for p, r in sorted(expected.items()) if r["nationality"] == "nl")
    set_preference(world.engine, dutch, language="en")
    notify(world.engine, _settings(world, smtp_server, faculty_coordinators={}))
    (message,) = [m for to, m in smtp_server.messages if to == [expected[dutch]["address"]]]
    assert message["Subject"] == "Your ORCID and Pure: what to do"


def test_a_dry_run_sends_and_records_nothing(world: World, smtp_server: Mailbox) -> None:
    summary = notify(world.engine, _settings(world, smtp_server), dry_run=True)
    assert summary.planned
    assert summary.sent == 0
    assert smtp_server.messages == []
    with world.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM ops.notifications")).scalar() == 0


def test_a_wrong_password_is_one_clear_error_and_nothing_is_recorded(
    world: World, smtp_server: Mailbox
) -> None:
    settings = _settings(world, smtp_server, smtp_password="wrong")
    with pytest.raises(MailServerError, match=f"refused the login of SMTP_USER '{USER}': 535"):
        notify(world.engine, settings)
    assert smtp_server.messages == []
    with world.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM ops.notifications")).scalar() == 0


def test_the_command_sends_then_says_nobody_is_due(
    world: World, smtp_server: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in {
        "SMTP_HOST": smtp_server.host,
        "SMTP_PORT": str(smtp_server.port),
        "SMTP_USER": USER,
        "SMTP_PASSWORD": PASSWORD,
        "SMTP_CA_FILE": str(smtp_server.ca_file),
        "NOTIFY_FROM": FROM,
    }.items():
        monkeypatch.setenv(name, value)
    config.get_settings.cache_clear()
    runner = CliRunner()
    dry = runner.invoke(main, ["notify", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert smtp_server.messages == []
    planned = len([line for line in dry.output.splitlines() if line.startswith("would send")])
    first = runner.invoke(main, ["notify"])
    assert first.exit_code == 0, first.output
    assert f"sent {planned} e-mails" in first.output
    assert len(smtp_server.messages) == planned
    second = runner.invoke(main, ["notify", "--run", "1"])
    assert second.exit_code == 0, second.output
    assert "sent 0 e-mails" in second.output
    assert f"{planned} within the last 28 days" in second.output
    missing = runner.invoke(main, ["notify", "--run", "999"])
    assert missing.exit_code == 1
    assert "run 999 does not exist" in missing.output
    config.get_settings.cache_clear()
