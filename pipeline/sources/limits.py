"""What the parsers accept, and how a file's bytes become text: the same for every source.

Input is typed by thousands of people into systems the pipeline does not control, so every
reader states its limits rather than finding them as a RecursionError or an hour of CPU: a
document nested deeper than `MAX_DEPTH`, a field longer than `MAX_FIELD_CHARS` or a title longer
than `MAX_TITLE_CHARS` is refused with a message naming the limit. Every check here is linear in
the size of its input, so reading stays linear up to the limits.
"""

from __future__ import annotations

import codecs
import json
import re
from typing import Any

from pipeline.sources.model import RecordError

MAX_DEPTH = 64
"""Nesting of JSON arrays/objects and of BibTeX braces. ORCID's and Pure's deepest documents
nest about a dozen levels; the JSON encoders and the LaTeX decoder recurse per level."""
MAX_FIELD_CHARS = 1_000_000
"""One CSV cell or BibTeX field. An author list of 5,000 names is about 100,000 characters."""
MAX_TITLE_CHARS = 10_000
"""The longest real titles are a few hundred characters; anything beyond this is a paste gone
wrong, and matching compares titles pairwise."""


class InputError(ValueError):
    """A whole file that cannot be read: its encoding, its format, or nothing in it. The message
    names the file and says what to do."""


ENCODING_ADVICE = "give the file's encoding with --encoding, e.g. --encoding latin-1"

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
"""UTF-32's little-endian mark begins with UTF-16's, so it is looked for first."""


def check_encoding(encoding: str) -> str:
    """The codec's canonical name; InputError for one Python does not know."""
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise InputError(
            f"--encoding {encoding}: not an encoding this Python knows "
            "(e.g. utf-8, utf-16, latin-1, cp1252)"
        ) from None


def detected_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark announces, if the data starts with one."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def decode(data: bytes, name: str, encoding: str | None = None) -> str:
    """Text from a file's bytes: in `encoding` when given; else as its byte-order mark says
    (UTF-8, UTF-16, UTF-32), else as UTF-8. InputError names the byte that does not decode and
    how to give the encoding; a binary file is named as such."""
    chosen = encoding or detected_encoding(data) or "utf-8"
    try:
        text = data.decode(check_encoding(chosen))
    except UnicodeDecodeError as error:
        if encoding is None and is_binary(data):
            raise InputError(f"{name}: a binary file, not text") from None
        raise InputError(
            f"{name}: not readable as {chosen} ({error.reason} at byte {error.start}); "
            + ENCODING_ADVICE
        ) from None
    if is_binary(text):
        raise InputError(f"{name}: a binary file, not text (NUL or control bytes)")
    return text.removeprefix("\ufeff")


_CONTROL = re.compile("[\x00-\x08\x0e-\x1f]")


def is_binary(data: bytes | str) -> bool:
    """More than 1 % NUL and control characters: an image, a PDF, a zip, not a text export.
    Text with an odd control character in it is text (and the parsers say where it is)."""
    sample = data[:65536]
    if isinstance(sample, bytes):
        sample = sample.decode("latin-1")
    return len(_CONTROL.findall(sample)) > max(8, len(sample) // 100)


_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_JSON_BRACKET = re.compile(r"[^\[\]{}]+")
_INNERMOST_JSON = re.compile(r"\[\]|\{\}")
_NOT_BRACE = re.compile(r"[^{}]+")
_INNERMOST_BRACES = re.compile(r"\{\}")


def _deeper_than(brackets: str, innermost: re.Pattern[str], limit: int) -> bool:
    """Whether balanced brackets nest deeper than `limit`: each pass removes the innermost
    pairs, so depth d takes d passes, and at most `limit` + 1 are made (linear up to the limit).
    Unbalanced brackets left over count as open levels."""
    for _ in range(limit):
        if not brackets:
            return False
        reduced = innermost.sub("", brackets)
        if reduced == brackets:
            break
        brackets = reduced
    else:
        return bool(brackets)
    return len(brackets) > limit


def json_too_deep(text: str, limit: int = MAX_DEPTH) -> bool:
    brackets = _NOT_JSON_BRACKET.sub("", _JSON_STRING.sub("", text))
    return _deeper_than(brackets, _INNERMOST_JSON, limit)


def braces_too_deep(text: str, limit: int = MAX_DEPTH) -> bool:
    if text.count("{") <= limit:
        return False
    return _deeper_than(_NOT_BRACE.sub("", text), _INNERMOST_BRACES, limit)


def load_json(document: str | bytes, record_id: str, field: str = "document") -> Any:
    """JSON, or a RecordError naming the record and what is wrong: not UTF-8 or not JSON (in
    `field`), or nested deeper than `MAX_DEPTH` (in the field `nesting`)."""
    if isinstance(document, bytes):
        try:
            document = document.decode(detected_encoding(document) or "utf-8")
        except UnicodeDecodeError as error:
            raise RecordError(
                record_id, field, f"not UTF-8 ({error.reason} at byte {error.start})"
            ) from None
    if json_too_deep(document):
        raise RecordError(record_id, "nesting", f"nested deeper than {MAX_DEPTH} levels")
    try:
        return json.loads(document)
    except json.JSONDecodeError as error:
        raise RecordError(record_id, field, f"not JSON: {error}") from None
    except RecursionError:  # unbalanced brackets the depth check cannot pair up
        raise RecordError(record_id, "nesting", f"nested deeper than {MAX_DEPTH} levels") from None


def too_long(value: str, limit: int) -> str | None:
    """What is wrong with a value longer than `limit`, for a RecordError; None if it fits."""
    if len(value) <= limit:
        return None
    return f"{len(value):,} characters, more than the {limit:,} read"
