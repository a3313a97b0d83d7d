"""BibTeX files as people write them and break them: random Unicode (control characters and
NUL too) in every field, wrong entry types, missing titles, entries cut short, an `@` lost,
braces unbalanced. Every entry is a Work or a RecordError naming it and its line, and text
that looks like an entry is never skipped without a word."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from pipeline.sources.bibtex import parse_bibtex
from pipeline.sources.model import Parsed, RecordError, Work
from tests.properties.strategies import EXAMPLES

FIELDS = ["title", "author", "editor", "year", "month", "journal", "booktitle", "doi", "url",
          "isbn", "issn", "language", "pmid", "eprint", "publisher", "note", "type"]  # fmt: skip
TYPES = ["article", "inproceedings", "book", "incollection", "misc", "phdthesis", "patent",
         "online", "unknowntype"]  # fmt: skip

value_text = st.text(
    st.characters(blacklist_characters="{}@\\", blacklist_categories=("Cs",)), max_size=30
)
"""Field text with anything but the characters that delimit BibTeX itself; those come from
the mutations."""


@st.composite
def _entry(draw: st.DrawFn, key: str) -> str:
    names = draw(st.lists(st.sampled_from(FIELDS), unique=True, max_size=6))
    fields = ",\n  ".join(f"{name} = {{{draw(value_text)}}}" for name in names)
    return f"@{draw(st.sampled_from(TYPES))}{{{key},\n  {fields}\n}}\n"


@st.composite
def _file(draw: st.DrawFn) -> tuple[str, int]:
    count = draw(st.integers(1, 6))
    return "\n".join(draw(_entry(f"key{n}")) for n in range(count)), count


def _valid(results: list[Parsed]) -> None:
    for result in results:
        assert isinstance(result, Work | RecordError)
        if isinstance(result, RecordError):
            assert result.record_id.startswith("cv.bib#")
            assert result.field
            assert result.message
        else:
            assert result.title


@EXAMPLES
@given(_file())
def test_every_entry_is_a_work_or_an_error_naming_it(file: tuple[str, int]) -> None:
    text, count = file
    results = parse_bibtex(text, file_name="cv.bib")
    assert len(results) == count
    _valid(results)
    ids = [r.source_record_id if isinstance(r, Work) else r.record_id for r in results]
    assert ids == [f"cv.bib#key{n}" for n in range(count)]


_ENTRY_START = re.compile(r"^@\s*(\w+)\s*[{(]", re.MULTILINE)


@EXAMPLES
@given(_file(), st.data())
def test_a_damaged_file_still_accounts_for_what_looks_like_entries(
    file: tuple[str, int], data: st.DataObject
) -> None:
    """Characters deleted or inserted anywhere (braces, `@`, quotes, commas, NUL): the parser
    raises nothing, and gives a result for every line that still opens an entry."""
    text, _ = file
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text)))
        if data.draw(st.booleans()):
            text = text[:at] + text[at + 1 :]
        else:
            text = text[:at] + data.draw(st.sampled_from(list('{}@",=\x00\n'))) + text[at:]
    results = parse_bibtex(text, file_name="cv.bib")
    _valid(results)
    opened = [m for m in _ENTRY_START.finditer(text) if m.group(1).lower() not in _NOT_ENTRIES]
    assert len(results) >= len(opened)


_NOT_ENTRIES = {"comment", "string", "preamble"}


def test_an_entry_with_5000_authors_is_read_whole() -> None:
    authors = " and ".join(f"Author{n}, A." for n in range(5000))
    [work] = parse_bibtex(f"@article{{k, title={{T}}, author={{{authors}}}}}\n", file_name="cv.bib")
    assert isinstance(work, Work)
    assert len(work.contributors) == 5000
