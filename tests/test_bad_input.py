"""Hostile input through the commands a user types: every case ends in a line that names the
file, record or setting and says what is wrong, never in a traceback, and nothing is dropped
without a word."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import text

from pipeline.cli import main
from pipeline.config import CredentialError
from pipeline.sources.limits import MAX_DEPTH
from tests.simulated import World
from tests.test_cli_records import stage_pure_person

BIBTEX = (
    "@article{lee2020, title={Sensor networks}, author={Lee, Ann}, year={2020}}\n"
    "@inproceedings{lee2021, title={Query processing}, author={Lee, Ann}, year={2021}}\n"
)


def _run(*arguments: str) -> Result:
    result = CliRunner().invoke(main, list(arguments))
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result


def _deep_json(depth: int) -> str:
    return '{"items": ' + "[" * depth + "]" * depth + "}"


@pytest.mark.parametrize("kind", ["pure-ws", "pure-api", "orcid-works", "orcid-bulk"])
def test_json_nested_100k_deep_is_refused_with_the_limit(kind: str, tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text(_deep_json(100_000))
    result = _run("inspect", kind, str(path))
    assert result.exit_code == 1
    assert "deep.json" in result.stderr
    assert f"nested deeper than {MAX_DEPTH} levels" in result.stderr


def test_json_lines_with_one_deep_line_read_the_others(fixtures_dir: Path, tmp_path: Path) -> None:
    good = json.loads(
        (fixtures_dir / "pure/pure_api/utrecht_backtopure/book.json").read_text(encoding="utf-8")
    )
    dump = tmp_path / "outputs.jsonl"
    dump.write_text(json.dumps(good) + "\n" + "[" * 50_000 + "\n" + json.dumps(good) + "\n")
    result = _run("inspect", "pure-api", str(dump))
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 2
    assert "line 2: nesting: nested deeper than" in result.stderr


def test_bibtex_braces_nested_deep_are_refused_in_inspect_and_import(
    configured: str, engine, tmp_path: Path
) -> None:
    path = tmp_path / "deep.bib"
    path.write_text("@article{deep, title={" + "{" * 5000 + "x" + "}" * 5000 + "}}\n" + BIBTEX)
    result = _run("inspect", "bibtex", str(path))
    assert result.exit_code == 1
    assert "deep.bib#deep: title: the entry at line 1:" in result.stderr
    assert len(result.stdout.splitlines()) == 2
    path.write_text(
        "@article{deep, title={T}, note={" + "{" * 500 + "x" + "}" * 500 + "}}\n" + BIBTEX
    )
    stage_pure_person(engine, "p-1")
    imported = _run("import-bibtex", str(path), "--person", "p-1")
    assert imported.exit_code == 0
    assert f"deep.bib#deep: note: the entry at line 1: braces nested deeper than {MAX_DEPTH}" in (
        imported.stderr
    )
    assert "2 works staged from deep.bib for p-1, 1 entries could not be read" in imported.stdout


@pytest.mark.parametrize("kind", ["pure-ws", "orcid-works"])
def test_json_not_in_utf8_names_the_byte_and_the_encoding_option(kind: str, tmp_path: Path) -> None:
    path = tmp_path / "latin.json"
    path.write_bytes('{"uuid": "u-1", "title": {"value": "Café"}}'.encode("latin-1"))
    result = _run("inspect", kind, str(path))
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: latin.json: not readable as utf-8 (invalid continuation byte at byte 39); "
        "give the file's encoding with --encoding, e.g. --encoding latin-1"
    )


def test_json_with_the_encoding_given_is_read(tmp_path: Path) -> None:
    path = tmp_path / "latin.json"
    path.write_bytes(
        '{"uuid": "u-1", "title": {"value": "Café"}, "type": {"uri": "x"}}'.encode("latin-1")
    )
    result = _run("inspect", "pure-ws", str(path), "--encoding", "latin-1")
    assert json.loads(result.stdout)["title"] == "Café"


def test_an_unknown_encoding_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "refs.csv"
    path.write_text("id,title\n1,A\n")
    result = _run("link", str(path), "--out", str(tmp_path / "o.csv"), "--encoding", "nosuch")
    assert result.exit_code == 2
    assert "--encoding" in result.output
    assert "not an encoding this Python knows" in result.output
    assert _run("inspect", "bibtex", str(path), "--encoding", "nosuch").exit_code == 2


def test_a_csv_cell_over_128_kb_is_read_and_one_over_the_limit_rejected_with_its_line(
    tmp_path: Path,
) -> None:
    path = tmp_path / "refs.csv"
    path.write_text(
        "id,title,authors\n"
        f'1,Sensor networks,"{"Lee, A. and " * 20_000}"\n'
        f'2,"{"x" * 1_100_000}",B\n'
        "3,Query processing,C\n"
    )
    result = _run("link", str(path), "--out", str(tmp_path / "o.csv"))
    assert result.exit_code == 1
    assert "record refs.csv, line 3: row: a cell longer than 1,000,000 characters" in result.stderr
    assert "from 2 records" in result.stdout


def test_an_out_path_that_cannot_be_written_is_said_before_linking(tmp_path: Path) -> None:
    path = tmp_path / "refs.csv"
    path.write_text("id,title\n1,A\n")
    missing = tmp_path / "no" / "such" / "pairs.csv"
    result = _run("link", str(path), "--out", str(missing))
    assert result.exit_code == 1
    assert (
        result.output.strip()
        == f"Error: --out {missing}: the folder {missing.parent} does not exist"
    )
    result = _run("link", str(path), "--out", str(tmp_path))
    assert "is a directory" in result.output
    if os.geteuid() != 0:  # root writes anywhere
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        assert (
            "not allowed to write" in _run("link", str(path), "--out", str(locked / "o.csv")).output
        )


def test_link_reports_an_unterminated_quote_and_keeps_the_rows_before_it(tmp_path: Path) -> None:
    path = tmp_path / "refs.csv"
    path.write_text('id,title\n1,Sensor networks\n2,"Query processing\n3,Third\n4,Fourth\n')
    result = _run("link", str(path), "--out", str(tmp_path / "o.csv"))
    assert result.exit_code == 1
    assert (
        "refs.csv, line 3: row: the quote opened in the row at line 3 is never closed"
        in result.stderr
    )
    assert "from 1 records" in result.stdout


def test_link_rejects_rows_without_id_or_title_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "refs.csv"
    path.write_text(
        "id,title,year\n,No id,2000\n2,,2001\n3,Third,2002\n3,Again,2003\n4,Too,many,cells\n"
    )
    result = _run("link", str(path), "--out", str(tmp_path / "o.csv"))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "error: record refs.csv, line 2: id: empty",
        "error: record refs.csv, line 3: title: empty (id '2')",
        "error: record refs.csv, line 5: id: '3' repeats the row at line 4",
        "error: record refs.csv, line 6: row: 4 cells, the header has 3 (a comma in an "
        "unquoted value?)",
        "Error: 4 rows could not be read (above)",
    ]
    assert "from 1 records" in result.stdout


def test_a_utf16_bibtex_file_is_read_and_a_binary_one_refused(
    configured: str, engine, tmp_path: Path
) -> None:
    stage_pure_person(engine, "p-1", "0000-0002-1825-0097")
    utf16 = tmp_path / "cv.bib"
    utf16.write_bytes(BIBTEX.encode("utf-16"))
    result = _run("import-bibtex", str(utf16), "--person", "0000-0002-1825-0097")
    assert result.exit_code == 0, result.output
    assert "2 works staged from cv.bib" in result.stdout
    with engine.connect() as connection:
        kept = connection.execute(
            text("SELECT payload->>'text' FROM staging.raw_records WHERE source = 'bibtex'")
        ).scalar_one()
    assert kept == BIBTEX
    binary = tmp_path / "photo.bib"
    binary.write_bytes(bytes(range(256)) * 80)
    for arguments in (["inspect", "bibtex"], ["import-bibtex", "--person", "p-1"]):
        refused = _run(*arguments, str(binary))
        assert refused.exit_code == 1
        assert refused.output.strip() == "Error: photo.bib: a binary file, not text"


def test_a_file_with_nothing_readable_is_an_error(configured: str, engine, tmp_path: Path) -> None:
    stage_pure_person(engine, "p-1")
    notes = tmp_path / "notes.bib"
    notes.write_text("Just some notes, no entries.\n")
    for arguments in (["inspect", "bibtex"], ["import-bibtex", "--person", "p-1"]):
        result = _run(*arguments, str(notes))
        assert result.exit_code == 1
        assert "notes.bib: no BibTeX entry in it" in result.output
    broken = tmp_path / "broken.bib"
    broken.write_text("@article{a, year={2020}}\n@article{b, year={2021}}\n")
    result = _run("import-bibtex", str(broken), "--person", "p-1")
    assert result.exit_code == 1
    assert "0 works staged from broken.bib for p-1, 2 entries could not be read" in result.stdout
    assert "broken.bib: none of its entries could be read" in result.stderr
    empty = tmp_path / "empty.json"
    empty.write_text("\n")
    assert "empty.json: no pure-ws record in it" in _run("inspect", "pure-ws", str(empty)).output


def test_an_entry_that_lost_its_at_sign_is_reported_not_skipped(tmp_path: Path) -> None:
    path = tmp_path / "cv.bib"
    path.write_text(BIBTEX + "article{lost, title={Lost}, year={2019}}\n")
    result = _run("inspect", "bibtex", str(path))
    assert result.exit_code == 1
    assert (
        "cv.bib#line 3: entry: text at line 3 looks like an entry but is not one" in result.stderr
    )


def test_import_bibtex_for_a_person_pure_does_not_hold_is_refused(
    configured: str, engine, tmp_path: Path
) -> None:
    path = tmp_path / "cv.bib"
    path.write_text(BIBTEX)
    result = _run("import-bibtex", str(path), "--person", "no-such-person")
    assert result.exit_code == 1
    assert "--person no-such-person: no researcher with this Pure UUID or ORCID iD" in result.output
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM staging.works")).scalar_one() == 0


@pytest.mark.parametrize(
    ("variable", "setting", "answer"),
    [
        ("PURE_API_KEY", "PURE_API_KEY", "HTTP 401"),
        ("ORCID_CLIENT_SECRET", "ORCID_CLIENT_ID/ORCID_CLIENT_SECRET", "Bad client credentials"),
    ],
)
def test_run_with_a_wrong_credential_says_which_setting_and_what_the_server_answered(
    world: World, isolated_settings: pytest.MonkeyPatch, variable: str, setting: str, answer: str
) -> None:
    isolated_settings.setenv(variable, "wrong-secret-value")
    from tests.settings import clear_caches

    clear_caches()
    result = _run("run")
    assert result.exit_code == 2
    [line] = result.output.splitlines()
    assert line.startswith(f"Error: {setting}: ")
    assert answer in line
    assert "wrong-secret-value" not in line
    verbose = CliRunner().invoke(main, ["-v", "run"])
    assert isinstance(verbose.exception, CredentialError)
    with world.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM ops.runs")).scalar_one() == 0


def test_an_unforeseen_error_is_one_line_and_v_shows_the_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pipeline.inspect

    def broken(*arguments: object) -> None:
        raise KeyError("surprise")

    monkeypatch.setattr(pipeline.inspect, "_documents", broken)
    path = tmp_path / "works.json"
    path.write_text("{}")
    result = _run("inspect", "orcid-works", str(path))
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: KeyError: 'surprise' (pure-orcid -v … shows where it happened)"
    )
    verbose = CliRunner().invoke(main, ["-v", "inspect", "orcid-works", str(path)])
    assert isinstance(verbose.exception, KeyError)
