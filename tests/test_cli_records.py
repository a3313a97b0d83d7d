"""The commands a support person and an administrator use on single files."""

import json
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import text

from pipeline import runs
from pipeline.cli import main
from pipeline.sources.model import Person
from pipeline.staging import StagingWriter


def stage_pure_person(engine, uuid: str, orcid: str | None = None) -> None:
    """A researcher as extract-pure would have staged them."""
    with StagingWriter(engine, runs.start_run(engine, trigger="test")) as writer:
        writer.add_person(Person("pure", uuid, "Ann", "Lee", orcid))


def _lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_inspect_shows_what_the_pipeline_reads_from_a_pure_record(fixtures_dir: Path) -> None:
    record = (
        fixtures_dir / "pure/ws524/umn/research_output/f145e583-7d49-415e-aefb-381905b58ae7.json"
    )
    result = CliRunner().invoke(main, ["inspect", "pure-ws", str(record)])
    assert result.exit_code == 0, result.output
    [work] = _lines(result.output)
    assert work["source_record_id"] == "f145e583-7d49-415e-aefb-381905b58ae7"
    assert work["title"].startswith("Measurement of Singly Cabibbo Suppressed Decays")
    dois = [i["normalised"] for i in work["identifiers"] if i["type"] == "doi"]
    assert dois == ["10.1103/physrevlett.117.232002"]


def test_inspect_reads_orcid_xml_and_json(fixtures_dir: Path) -> None:
    read = fixtures_dir / "orcid/orcid-model/read_samples"
    summary = CliRunner().invoke(main, ["inspect", "orcid-works", str(read / "works-3.0.xml")])
    assert summary.exit_code == 0, summary.output
    assert len(_lines(summary.output)) >= 3
    record = CliRunner().invoke(
        main, ["inspect", "orcid-works", str(read / "record-full-3.0.json")]
    )
    assert record.exit_code == 0, record.output
    assert all(line["source"] == "orcid" for line in _lines(record.output))


def test_inspect_reads_json_lines_record_by_record_and_reports_the_broken_one(
    fixtures_dir: Path, tmp_path: Path
) -> None:
    good = json.loads(
        (fixtures_dir / "pure/pure_api/utrecht_backtopure/book.json").read_text(encoding="utf-8")
    )
    dump = tmp_path / "outputs.jsonl"
    dump.write_text(
        json.dumps(good) + "\n" + '{"uuid": "broken-1", "title": 17}\n' + json.dumps(good) + "\n"
    )
    result = CliRunner().invoke(main, ["inspect", "pure-api", str(dump)])
    assert result.exit_code == 1
    assert len(_lines(result.stdout)) == 2
    assert "record broken-1: title:" in result.stderr


def test_inspect_a_bibtex_file_names_the_line_of_a_broken_entry(tmp_path: Path) -> None:
    bib = tmp_path / "cv.bib"
    bib.write_text(
        "@article{good1, title={First}, year={2019}, doi={10.5555/ONE}}\n"
        "@article{broken, title={Unclosed, year=2020\n\n"
        "@article{good2, title={Second}, year={2020}}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["inspect", "bibtex", str(bib)])
    titles = [line["title"] for line in _lines(result.stdout)]
    assert "First" in titles
    assert "Second" in titles
    assert result.exit_code == 1
    assert "line 2" in result.stderr


def test_import_bibtex_stages_a_researchers_file(
    configured: str, fixtures_dir: Path, engine
) -> None:
    bib = next((fixtures_dir / "pure/bibtex").rglob("*.bib"))
    stage_pure_person(engine, "p-123")
    result = CliRunner().invoke(main, ["import-bibtex", str(bib), "--person", "p-123"])
    assert result.exit_code == 0, result.output
    assert f"19 works staged from {bib.name} for p-123" in result.output
    with engine.connect() as connection:
        owners = connection.execute(
            text("SELECT DISTINCT owner_id FROM staging.works WHERE source = 'bibtex'")
        ).scalars()
        assert list(owners) == ["p-123"]
        kept = connection.execute(
            text("SELECT payload->>'file' FROM staging.raw_records WHERE source = 'bibtex'")
        ).scalar_one()
    assert kept == bib.name


def test_tokens_import_stores_them_encrypted(configured: str, tmp_path: Path, engine) -> None:
    tokens = tmp_path / "tokens.csv"
    tokens.write_text(
        "orcid,access_token,refresh_token,scope,expires_at\n"
        "0000-0002-1825-0097,secret-access-1,secret-refresh-1,/read-limited /activities/update,"
        "2045-01-01T00:00:00+00:00\n"
    )
    result = CliRunner().invoke(main, ["tokens", "import", str(tokens)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "1 tokens stored"
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT access_token FROM ops.orcid_tokens")).scalar_one()
    assert b"secret-access-1" not in bytes(stored)


def test_a_token_file_with_a_bad_orcid_names_the_line(configured: str, tmp_path: Path) -> None:
    tokens = tmp_path / "tokens.csv"
    tokens.write_text("orcid,access_token\n0000-0002-1825-0098,x\n")
    result = CliRunner().invoke(main, ["tokens", "import", str(tokens)])
    assert result.exit_code != 0
    assert "line 2" in result.output


def test_link_writes_the_pairs_of_two_csv_files(configured: str, tmp_path: Path) -> None:
    left = tmp_path / "left.csv"
    right = tmp_path / "right.csv"
    left.write_text(
        'ID,Title,Authors,Venue,Year\n"a1","Semantic integration of environmental models",'
        '"D. Scott Mackay","SIGMOD Record",1999\n"a2","A completely different topic",'
        '"A. Person","VLDB",2001\n',
        encoding="latin-1",
    )
    right.write_text(
        'id,title,authors,venue,year\n"b1","Semantic Integration of Environmental Models",'
        '"D. Mackay","SIGMOD Record",1999\n',
        encoding="latin-1",
    )
    out = tmp_path / "pairs.csv"
    result = CliRunner().invoke(
        main, ["link", str(left), str(right), "--out", str(out), "--encoding", "latin-1"]
    )
    assert result.exit_code == 0, result.output
    lines = out.read_text().splitlines()
    assert lines[0] == "left_id,right_id,score"
    assert [line.split(",")[:2] for line in lines[1:]] == [["a1", "b1"]]
