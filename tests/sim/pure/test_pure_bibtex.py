"""`rendering=BIBTEX`: Pure's BibTeX export, parseable and in TU Delft's observed style."""

from __future__ import annotations

import html
import re

import bibtexparser

from sim.model import Author
from sim.pure.rendering_bibtex import author_name, latex


def _bibtex(item):
    rendering = item["renderings"][0]
    assert rendering["format"] == "BIBTEX"
    return html.unescape(re.sub(r"<[^>]+>", "", rendering["html"]))


def _unlatex(text):
    return (
        text.replace('{\\"o}', "ö")
        .replace("{\\textquotedblleft}", "“")
        .replace("{\\textquotedblright}", "”")
    )


def test_bibtex_rendering_parses_with_the_right_titles_and_dois(client, institution):
    body = client.get(
        "/ws/api/524/research-outputs", params={"size": 100, "rendering": "BIBTEX"}
    ).json()
    entries = {}
    for item in body["items"]:
        library = bibtexparser.parse_string(_bibtex(item))
        assert not library.failed_blocks
        (entry,) = library.entries
        entries[entry.key] = entry
    assert len(entries) == 30
    for output in institution.pure_outputs:
        entry = entries[output.uuid.replace("-", "")]
        title = f"{output.title}: {output.subtitle}" if output.subtitle else output.title
        assert _unlatex(entry["title"]) == title
        if output.doi:
            assert entry["doi"] == output.doi
        else:
            assert "doi" not in entry.fields_dict
        assert entry["year"] == str(output.year)


def test_entry_types_and_fields_follow_pure(client, institution):
    by_type = {}
    for output in institution.pure_outputs:
        item = client.get(
            f"/ws/api/524/research-outputs/{output.uuid}", params={"rendering": "BIBTEX"}
        ).json()
        by_type[output.type] = _bibtex(item)
    assert by_type["journal-article"].startswith("@article{")
    assert by_type["conference-paper"].startswith("@inproceedings{")
    assert by_type["book-chapter"].startswith("@inbook{")
    assert by_type["dissertation-thesis"].startswith("@phdthesis{")
    assert 'school   = "Universiteit Leiden"' in by_type["dissertation-thesis"]
    article = by_type["journal-article"]
    assert re.search(r"^  month    = jan,$", article, re.MULTILINE)
    order = [line.split("=")[0].strip() for line in article.splitlines()[1:-1]]
    assert order == [
        "title",
        "author",
        "year",
        "month",
        "day",
        "doi",
        "language",
        "journal",
        "issn",
    ]


def test_names_are_written_as_pure_writes_them():
    assert author_name(Author("D.C.", "Wijnker")) == "D.C. Wijnker"
    assert author_name(Author("Tom", "van Dijk")) == "{van Dijk}, Tom"
    assert author_name(Author("Erik Jan", "van Kampen")) == "{van Kampen}, {Erik Jan}"
    assert author_name(Author("Heinrich H.", "Bülthoff")) == 'B{\\"u}lthoff, {Heinrich H.}'
    assert latex("Ren\u00e9 Do\u0142\u0119ga \u017bugaj") == "Ren{\\'e} Do{\\l}{\\c e}ga {\\.Z}ugaj"


def test_unknown_renderings_are_refused(client):
    response = client.get("/ws/api/524/research-outputs", params={"rendering": "chicago"})
    assert response.status_code == 400
