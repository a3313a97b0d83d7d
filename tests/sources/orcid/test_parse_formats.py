"""The same work reads the same whether ORCID sent it as JSON or XML, text, bytes or decoded."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from pipeline.sources.model import RecordError, Work
from pipeline.sources.orcid import parse_work, parse_works_summary

SAVED = "orcid/orcid-independent-tests/saved_records"

# work-full-3.0.xml of orcid-model's write samples, written as ORCID's JSON writes it (the JSON
# sample of the same name in that folder holds a different work, so it cannot serve here).
WORK_FULL_XML_AS_JSON = {
    "title": {
        "title": {"value": "Work Title"},
        "subtitle": {"value": "Sub title"},
        "translated-title": {"value": "Translated-title", "language-code": "en"},
    },
    "journal-title": {"value": "Journal Title"},
    "short-description": "Short description",
    "citation": {"citation-type": "bibtex", "citation-value": "@article {ORCID2012, …}"},
    "type": "journal-article",
    "publication-date": {
        "year": {"value": "2012"},
        "month": {"value": "10"},
        "day": {"value": "01"},
    },
    "external-ids": {
        "external-id": [
            {
                "external-id-type": "doi",
                "external-id-value": "10.1087/20120404",
                "external-id-url": {"value": "https://doi.org/10.1087/20120404"},
                "external-id-relationship": "version-of",
            },
            {
                "external-id-type": "doi",
                "external-id-value": "work:doi",
                "external-id-url": {"value": "http://orcid.org"},
                "external-id-relationship": "self",
            },
        ]
    },
    "url": {"value": "http://alt-uri.org"},
    "contributors": {
        "contributor": [
            {
                "contributor-orcid": {
                    "uri": "https://orcid.org/0000-0001-5109-3700",
                    "path": "0000-0001-5109-3700",
                    "host": "orcid.org",
                },
                "credit-name": {"value": "Laure L. Haak"},
                "contributor-email": None,
                "contributor-attributes": {
                    "contributor-sequence": "first",
                    "contributor-role": "author",
                },
            }
        ]
    },
    "language-code": "en",
    "country": {"value": "US"},
}


def test_the_write_sample_reads_the_same_from_json_and_xml(fixtures_dir: Path) -> None:
    xml = (fixtures_dir / "orcid/orcid-model/write_samples/work-full-3.0.xml").read_bytes()
    from_xml = parse_work(xml, orcid="0000-0002-1825-0097")
    from_json = parse_work(WORK_FULL_XML_AS_JSON, orcid="0000-0002-1825-0097")
    assert from_json == from_xml
    assert (from_xml.title, from_xml.subtitle, from_xml.venue, from_xml.language) == (
        "Work Title",
        "Sub title",
        "Journal Title",
        "en",
    )
    assert (from_xml.year, from_xml.month, from_xml.day) == (2012, 10, 1)


def test_orcids_json_work_and_xml_summary_of_the_same_work_agree(fixtures_dir: Path) -> None:
    """Put-code 141942 as ORCID's QA server sent it twice: the full work as JSON and its summary
    in the XML record. A summary carries no subtitle; everything else is the same."""
    full = parse_work((fixtures_dir / SAVED / "limited_record_work30.json").read_bytes())
    summaries = parse_works_summary((fixtures_dir / SAVED / "limited_record30.xml").read_bytes())
    summary = next(w for w in summaries if isinstance(w, Work) and w.orcid_put_code == 141942)
    assert full.subtitle == "subtitle"
    assert dataclasses.replace(full, subtitle=None) == summary


@pytest.mark.parametrize("form", ["dict", "str", "bytes"])
def test_a_document_may_be_text_bytes_or_decoded_json(fixtures_dir: Path, form: str) -> None:
    raw = (fixtures_dir / SAVED / "limited_record_work30.json").read_bytes()
    document = {"dict": json.loads(raw), "str": raw.decode(), "bytes": raw}[form]
    work = parse_work(document)
    assert work.source_record_id == "0000-0001-7325-5491/work/141942"


def test_xml_text_with_leading_whitespace_is_still_xml(fixtures_dir: Path) -> None:
    xml = (fixtures_dir / "orcid/orcid-model/write_samples/work-simple-3.0.xml").read_text()
    assert parse_work("\n  " + xml).title == "Work Title"


@pytest.mark.parametrize("document", ["", "not a document", "<work:work", "[1, 2]"])
def test_a_body_that_is_neither_json_nor_xml_names_the_document(document: str) -> None:
    with pytest.raises(RecordError) as raised:
        parse_work(document, orcid="0000-0002-1825-0097")
    assert (raised.value.record_id, raised.value.field) == ("0000-0002-1825-0097", "document")
