"""BibTeX files → `Work` records: Pure's own export, Mendeley's and Zotero's alike.

A researcher's BibTeX file is hand-edited, exported by three different tools and sometimes
broken. One bad entry must not cost the others, so each entry becomes a `Work` or a
`RecordError` that names it and its line, and everything recoverable is kept with a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import bibtexparser
from bibtexparser.library import Library
from bibtexparser.middlewares import (
    BlockMiddleware,
    RemoveEnclosingMiddleware,
    ResolveStringReferencesMiddleware,
)
from bibtexparser.middlewares.middleware import Middleware
from bibtexparser.model import (
    Block,
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    Field,
    ImplicitComment,
    ParsingFailedBlock,
)

from pipeline.normalize import identifiers, work_types
from pipeline.normalize.latex import to_text, verbatim
from pipeline.sources.bibtex.names import contributors
from pipeline.sources.limits import (
    MAX_DEPTH,
    MAX_FIELD_CHARS,
    MAX_TITLE_CHARS,
    InputError,
    braces_too_deep,
    decode,
    detected_encoding,
    is_binary,
    too_long,
)
from pipeline.sources.model import (
    Identifier,
    Parsed,
    RecordError,
    Relationship,
    Work,
    unique_identifiers,
)

_WARNINGS = "bibtex_field_warnings"


class _TidyFields(BlockMiddleware):
    """Field names in lower case, one value per field, and fields run together split apart.

    bibtexparser sets aside an entry with a repeated field as a `DuplicateFieldKeyBlock`, and
    its `NormalizeFieldKeys` lets the last of `DOI`/`doi` win. BibTeX itself reads the first
    value, and the record is worth keeping, so the entry is restored here, keeping the first
    value. A missing comma makes bibtexparser read `title = {T}  year = {2020}` as one title;
    that is split back into two fields. What was mended is noted for the parser to report.
    """

    def __init__(self) -> None:
        super().__init__(allow_inplace_modification=True, allow_parallel_execution=True)

    def transform_failed_block(self, failed_block: ParsingFailedBlock, library: Library) -> Block:
        if isinstance(failed_block, DuplicateFieldKeyBlock):
            entry = failed_block.ignore_error_block
            assert isinstance(entry, Entry)
            return self.transform_entry(entry, library)
        return failed_block

    def transform_entry(self, entry: Entry, library: Library) -> Entry:
        warnings: list[str] = []
        kept: dict[str, Field] = {}
        written = [part for field in entry.fields for part in _split_run_on(field, warnings)]
        for field in written:
            key = field.key.lower()
            first = kept.setdefault(key, field)
            first.key = key
            differs = " ".join(str(field.value).split()) != " ".join(str(first.value).split())
            message = f"{key}: written more than once with different values; the first kept"
            if differs and message not in warnings:
                warnings.append(message)
        entry.fields = list(kept.values())
        entry.set_parser_metadata(_WARNINGS, warnings)
        return entry


_RUN_ON = re.compile(r"\s*([A-Za-z][\w-]*)\s*=\s*")


def _split_run_on(field: Field, warnings: list[str]) -> list[Field]:
    """`{T}\n  year = {2020}`, read as one value, → `title = {T}` and `year = {2020}`.

    After its first complete value a field can only go on with `#` (concatenation), so a
    `name =` there is the next field, whose comma was forgotten.
    """
    fields: list[Field] = []
    key, value = field.key, str(field.value)
    while (found := _RUN_ON.match(value, _first_value_end(value))) is not None:
        fields.append(Field(key, value[: found.start()].strip(), field.start_line))
        warnings.append(f"{key}: no comma before {found.group(1)}; read as two fields")
        key, value = found.group(1), value[found.end() :]
    fields.append(Field(key, value, field.start_line))
    return fields


def _first_value_end(value: str) -> int:
    """Where the first braced, quoted or bare part of a raw field value ends."""
    if not value.startswith(("{", '"')):
        return len(value.split(maxsplit=1)[0]) if value.strip() else 0
    depth = 0
    for index, char in enumerate(value):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if index and depth == 0 and char == ("}" if value[0] == "{" else '"'):
            return index + 1
    return len(value)


def _parse_stack() -> list[Middleware]:
    # String references (`month = feb`, `@string` macros) resolve before enclosures go.
    return [
        _TidyFields(),
        ResolveStringReferencesMiddleware(),
        RemoveEnclosingMiddleware(),
    ]


def parse_bibtex(text: str, *, file_name: str, owner_id: str | None = None) -> list[Parsed]:
    """Every entry of a BibTeX file, in file order: a `Work`, or a `RecordError` if unreadable.
    Text between entries that looks like an entry (an `@` lost or astray) is an error too, not
    a comment.
    """
    library = bibtexparser.parse_string(text.lstrip("\ufeff"), parse_stack=_parse_stack())
    results: list[Parsed] = []
    for block in library.blocks:
        if isinstance(block, Entry):
            results.append(_work(block, file_name, owner_id))
        elif isinstance(block, ParsingFailedBlock):
            results.append(_failure(block, file_name))
        elif isinstance(block, ImplicitComment) and _LOOKS_LIKE_AN_ENTRY.search(block.comment):
            line = (block.start_line or 0) + 1
            results.append(
                RecordError(
                    f"{file_name}#line {line}",
                    "entry",
                    f"text at line {line} looks like an entry but is not one (an @ lost or "
                    "misplaced?); not loaded",
                )
            )
    return results


_LOOKS_LIKE_AN_ENTRY = re.compile(r"@|\w\s*[{(]\s*[^\s,{}()=]+\s*,")
"""An `@`, or a `type{key,` that lost its `@`: free text between entries (Mendeley's header,
notes) has neither."""


def parse_bibtex_file(
    path: str | Path, *, owner_id: str | None = None, encoding: str | None = None
) -> list[Parsed]:
    """A BibTeX file in `encoding`, else as its byte-order mark says (UTF-8, UTF-16), else as
    UTF-8, else as Latin-1 (with a warning on each work). InputError for a binary file, for
    one that does not decode, and for one with no entry at all: nothing in it could be read.

    Old Mendeley and JabRef exports are Latin-1; reading them as such keeps their accents.
    """
    path = Path(path)
    data = path.read_bytes()
    try:
        text = decode(data, path.name, encoding)
    except InputError:
        if encoding is not None or detected_encoding(data) is not None or is_binary(data):
            raise
        text = data.decode("latin-1")
        results = _entries(text, path, owner_id)
        for result in results:
            if isinstance(result, Work):
                result.warnings.append(
                    "encoding: the file is not UTF-8; it was read as Latin-1 "
                    "(give --encoding if it is another)"
                )
        return results
    return _entries(text, path, owner_id)


def _entries(text: str, path: Path, owner_id: str | None) -> list[Parsed]:
    results = parse_bibtex(text, file_name=path.name, owner_id=owner_id)
    if not results:
        raise InputError(f"{path.name}: no BibTeX entry in it (an entry starts with @type{{key,)")
    return results


_ENTRY_KEY = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s{}()=]+)\s*,")


def _failure(block: ParsingFailedBlock, file_name: str) -> RecordError:
    line = (block.start_line or 0) + 1
    if isinstance(block, DuplicateBlockKeyBlock):
        first = (block.previous_block.start_line or 0) + 1
        return RecordError(
            f"{file_name}#{block.key}",
            "key",
            f"the entry at line {line} reuses the key of the entry at line {first}; not loaded",
        )
    found = _ENTRY_KEY.match(block.raw or "")
    record = found.group(1) if found else f"line {line}"
    # The splitter's exception carries its reason in `abort_reason`, not in its message.
    reason = getattr(block.error, "abort_reason", None) or str(block.error)
    return RecordError(
        f"{file_name}#{record}",
        "entry",
        f"unreadable entry at line {line}: {' '.join(reason.split())}",
    )


def _work(entry: Entry, file_name: str, owner_id: str | None) -> Work | RecordError:
    line = (entry.start_line or 0) + 1
    record_id = f"{file_name}#{entry.key or f'line {line}'}"
    fields = {field.key: str(field.value) for field in entry.fields}
    for name, value in fields.items():
        problem = too_long(value, MAX_TITLE_CHARS if name == "title" else MAX_FIELD_CHARS)
        if problem is None and braces_too_deep(value):
            problem = f"braces nested deeper than {MAX_DEPTH} levels"
        if problem is not None:
            return RecordError(record_id, name, f"the entry at line {line}: {problem}; not loaded")
    title = to_text(fields.get("title", ""))
    if not title:
        return RecordError(record_id, "title", f"the entry at line {line} has no title")
    warnings: list[str] = []
    if not entry.key:
        warnings.append(f"key: the entry at line {line} has no citation key")
    warnings += entry.get_parser_metadata(_WARNINGS)
    entry_type = entry.entry_type  # bibtexparser gives it in lower case
    year, month, day = _date(fields, warnings)
    people = contributors(fields.get("author", ""), "author", 1)
    people += contributors(fields.get("editor", ""), "editor", len(people) + 1)
    return Work(
        source="bibtex",
        source_record_id=record_id,
        owner_id=owner_id,
        title=title,
        type=_type(entry_type, fields, warnings),
        source_type=entry_type,
        year=year,
        month=month,
        day=day,
        venue=_venue(entry_type, fields),
        language=_language(fields, warnings),
        identifiers=_identifiers(entry, fields, warnings),
        contributors=people,
        warnings=warnings,
    )


def _type(entry_type: str, fields: dict[str, str], warnings: list[str]) -> str:
    if entry_type == "misc":
        # Pure exports patents as `@misc` with `type = "Patent"`: the catch-all says less.
        refined = work_types.from_bibtex(to_text(fields.get("type", "")))
        if refined is not None:
            return refined
    known = work_types.from_bibtex(entry_type)
    if known is None:
        warnings.append(f"type: unknown entry type @{entry_type} read as other")
        return "other"
    return known


_WHOLE_WORKS = frozenset(
    {"book", "booklet", "proceedings", "manual", "techreport", "report", "phdthesis"}
    | {"mastersthesis", "thesis", "misc", "online", "electronic", "dataset", "software"}
)
"""Entry types whose ISBN is their own; in any other (a chapter, a paper in proceedings)
the ISBN is the containing book's."""

_VENUE_FIELDS_OF_WHOLE_WORKS = ("publisher", "institution", "school", "organization")
_VENUE_FIELDS = ("journal", "journaltitle", "booktitle", *_VENUE_FIELDS_OF_WHOLE_WORKS)


def _venue(entry_type: str, fields: dict[str, str]) -> str | None:
    # A book's `booktitle` or a proceedings' `journal` would be its own title or a series.
    names = _VENUE_FIELDS_OF_WHOLE_WORKS if entry_type in _WHOLE_WORKS else _VENUE_FIELDS
    for name in names:
        venue = to_text(fields.get(name, ""))
        if venue:
            return venue
    return None


_UNKNOWN_LANGUAGE = frozenset({"undefined/unknown", "undefined", "unknown", "und"})
"""Pure writes "Undefined/Unknown" where no language was entered."""

_LANGUAGE_CODES = {
    name: code
    for code, names in {
        "en": ("english", "eng"),
        "nl": ("dutch", "nederlands", "dut", "nld"),
        "de": ("german", "deutsch", "ger", "deu"),
        "fr": ("french", "français", "fre", "fra"),
        "es": ("spanish", "español", "spa"),
        "it": ("italian", "italiano", "ita"),
        "pt": ("portuguese", "português", "por"),
        "sv": ("swedish", "svenska", "swe"),
        "da": ("danish", "dansk", "dan"),
        "no": ("norwegian", "norsk", "nor"),
        "fi": ("finnish", "suomi", "fin"),
        "pl": ("polish", "polski", "pol"),
        "ru": ("russian", "rus"),
        "zh": ("chinese", "chi", "zho"),
        "ja": ("japanese", "jpn"),
    }.items()
    for name in names
}
"""Language names as Pure's export ("English (US)") and Mendeley ("eng") write them, to the
ISO 639-1 codes that ORCID and the Pure parsers give, so that one column holds one vocabulary."""


def _language(fields: dict[str, str], warnings: list[str]) -> str | None:
    written = to_text(fields.get("language", ""))
    name = re.split(r"\s*\(|[_-]", written)[0].strip().lower()
    if not name or name in _UNKNOWN_LANGUAGE:
        return None
    if re.fullmatch(r"[a-z]{2}", name):
        return name
    if name in _LANGUAGE_CODES:
        return _LANGUAGE_CODES[name]
    warnings.append(f"language: {written!r} has no known ISO 639-1 code; kept as written")
    return written


_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january", "janv"),
            ("feb", "february", "febr"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_ISO_DATE = re.compile(r"\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def _date(fields: dict[str, str], warnings: list[str]) -> tuple[int | None, int | None, int | None]:
    """Year, month and day from BibTeX's `year`/`month`/`day`, or else from biblatex's `date`."""
    year_raw, month_raw, day_raw = fields.get("year"), fields.get("month"), fields.get("day")
    if year_raw is None and "date" in fields:
        iso = _ISO_DATE.match(fields["date"])
        if iso is None:
            warnings.append(f"date: {fields['date']!r} is not a date")
            return None, None, None
        year_raw, month_raw, day_raw = iso.groups()
    month = _month(month_raw, warnings)
    return _year(year_raw, warnings), month, _day(day_raw, warnings) if month else None


def _year(raw: str | None, warnings: list[str]) -> int | None:
    if raw is None:
        return None
    text = to_text(raw)
    found = _YEAR.search(text)
    if found is None:
        warnings.append(f"year: {raw!r} is not a year")
        return None
    if found.group(1) != text:
        warnings.append(f"year: {raw!r} read as {found.group(1)}")
    return int(found.group(1))


def _month(raw: str | None, warnings: list[str]) -> int | None:
    if raw is None:
        return None
    text = to_text(raw).lower().rstrip(".")
    word = re.match(r"[a-z]+|\d+", text)
    if word is not None:
        number = _MONTHS.get(word.group(0)) if word.group(0).isalpha() else int(word.group(0))
        if number is not None and 1 <= number <= 12:
            if word.group(0) != text:
                warnings.append(f"month: {raw!r} read as {number}")
            return number
    warnings.append(f"month: {raw!r} is not a month")
    return None


def _day(raw: str | None, warnings: list[str]) -> int | None:
    if raw is None:
        return None
    text = to_text(raw)
    if text.isdigit() and 1 <= int(text) <= 31:
        return int(text)
    warnings.append(f"day: {raw!r} is not a day of the month")
    return None


_PURE_KEY = re.compile(r"([0-9a-f]{8})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{12})")
_URL_IDENTIFIERS = [
    ("doi", re.compile(r"(?i)https?://(dx\.)?doi\.org/")),
    ("arxiv", re.compile(r"(?i)https?://(www\.)?arxiv\.org/(abs|pdf)/")),
    ("handle", re.compile(r"(?i)https?://hdl\.handle\.net/")),
    ("uri", re.compile(r"(?i)https?://[^/\s]+/(portal/)?([a-z]{2}([-_][a-z]{2})?/)?publications/")),
]
"""URLs that are identifiers. The last is a Pure portal page, which Pure's own export carries:
it names the output in the CRIS. Other URLs (publisher pages, PDFs) identify nothing stable."""


def _identifiers(entry: Entry, fields: dict[str, str], warnings: list[str]) -> list[Identifier]:
    isbn_relationship: Relationship = "self" if entry.entry_type in _WHOLE_WORKS else "part-of"
    candidates = [
        # Never split: SICI DOIs contain `;` and `,`, and a DOI has no spaces.
        *(_identifier("doi", value) for value in _values(fields.get("doi"), None)),
        # Mendeley writes several URLs into one field, separated by spaces.
        *filter(None, map(_url_identifier, _values(fields.get("url"), r"\s+"))),
        *(_identifier("isbn", value, isbn_relationship) for value in _values(fields.get("isbn"))),
        *(_identifier("issn", value, "part-of") for value in _values(fields.get("issn"))),
        # Web of Science puts the online ISSN in a field of its own.
        *(_identifier("issn", value, "part-of") for value in _values(fields.get("eissn"))),
        *(_identifier("pmid", value) for value in _values(fields.get("pmid"))),
        *(_identifier("pmc", value) for value in _values(fields.get("pmcid"))),
        *(_identifier("arxiv", value) for value in _values(_arxiv_eprint(fields))),
        *_pure_uuid(entry.key),
    ]
    return unique_identifiers(candidates, warnings)


def _identifier(kind: str, raw: str, relationship: Relationship = "self") -> Identifier:
    return Identifier(kind, raw, identifiers.normalise(kind, raw), relationship)


def _url_identifier(url: str) -> Identifier | None:
    for kind, pattern in _URL_IDENTIFIERS:
        if pattern.match(url):
            return _identifier(kind, url)
    return None


def _pure_uuid(key: str) -> list[Identifier]:
    """Pure keys its export with the output's UUID, hyphens removed: the UUID that Pure puts on
    the works it pushes to ORCID (as `source-work-id`), so the entry can be linked to both."""
    found = _PURE_KEY.fullmatch(key)
    return [Identifier("source-work-id", key, "-".join(found.groups()))] if found else []


def _arxiv_eprint(fields: dict[str, str]) -> str | None:
    """An arXiv id: Mendeley's `arxivid`, or an `eprint` that `archiveprefix` says is arXiv's."""
    archive = fields.get("archiveprefix") or fields.get("eprinttype") or ""
    if "eprint" in fields and archive.strip().lower() == "arxiv":
        return fields["eprint"]
    return fields.get("arxivid")


def _values(raw: str | None, separator: str | None = r"[,;]") -> Iterator[str]:
    """The values of an identifier field, which may list several (`isbn = {print; online}`)."""
    if raw is None:
        return
    text = verbatim(raw)
    for value in re.split(separator, text) if separator else [text]:
        if value.strip():
            yield value.strip()
