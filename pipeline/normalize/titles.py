"""The comparable form of a title, and the title facts the matcher needs beyond equality.

Sources write one title many ways: Crossref brings HTML entities and `<i>` markup, BibTeX
imports bring LaTeX, hand entry drops accents, changes case, splits the subtitle off or leaves
it out, and some exports cut long titles short. `title_key` sees through all of these, so two
records of one work compare equal; `title_main_key` and `is_truncation_of` cover the cases
where part of the title is missing on one side. `is_note` finds corrections, replies and their
kind, which share most of their title with the work they are about and must never match it.

The text folding here (`text_key`, `plain_text`) is also what `pipeline.normalize.names` uses,
so names and titles see through the same markup and diacritics.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.normalize.latex import to_text

_TAG = re.compile(
    r"</?(?:[a-z]+:)?(?:a|alternatives|b|bold|em|font|i|inline-formula|italic|math|mi|mn|mo"
    r"|monospace|mrow|msub|msubsup|msup|mtext|named-content|roman|sans-serif|sc|scp|small"
    r"|smallcaps|span|strong|styled-content|sub|sup|tex-math|tt|u|underline)\b[^<>]*>",
    re.IGNORECASE,
)
"""Inline markup as Crossref, JATS and MathML deposit it: removed without a space, because it
sits inside words (`CO<sub>2</sub>`). A closed list, so that `a <b and c> d` in a title about
inequalities is not mistaken for markup."""

_BREAK_TAG = re.compile(r"<(?:br|p|/p|div|/div)\b[^<>]*>", re.IGNORECASE)
"""Block markup separates words."""

_MATH = re.compile(r"\$[^$]*\$")
_SCRIPT_MARK = re.compile(r"[_^]")
"""`H$_2$O` must read `H2O`, as `H<sub>2</sub>O` and `H₂O` do: the sub/superscript marks go."""

_BARE_SPECIAL = re.compile(r"(?<!\\)([%&#])")
"""An unescaped `%`, `&` or `#` in a title is that sign, never a LaTeX comment hiding the rest
of the title or an alignment mark: HTML-escaped `&amp;` reaches the decoder as a bare `&`."""

# The LaTeX a key needs, reduced without the decoder (see `_reduce_latex`). TeX swallows the
# spaces after a control word (`\o re` is "øre"), and so do these.
_LATEX_ACCENT = re.compile(
    r"\\(?:[`'^\"~=.]|[uvHcdbkrt](?![A-Za-z]))\s*"
    r"(?:\{\s*(\\[A-Za-z]+|[^{}\\]*)\s*\}|(\\[A-Za-z]+|[A-Za-z]))"
)
_LATEX_LETTERS = {
    "ss": "ss", "SS": "ss", "ae": "ae", "AE": "ae", "oe": "oe", "OE": "oe", "aa": "a", "AA": "a",
    "o": "o", "O": "o", "l": "l", "L": "l", "i": "i", "j": "j",
}  # fmt: skip
_LATEX_LETTER = re.compile(r"\\(ss|SS|ae|AE|oe|OE|aa|AA|o|O|l|L|i|j)(?![A-Za-z])\s*")
_LATEX_GREEK = re.compile(
    r"\\(?:var)?(alpha|beta|gamma|delta|epsilon|zeta|eta|theta|iota|kappa|lambda|mu|nu|xi|pi"
    r"|rho|sigma|tau|upsilon|phi|chi|psi|omega)(?![A-Za-z])\s*",
    re.IGNORECASE,
)
_LATEX_STYLE = re.compile(
    r"\\(?:emph|text(?:it|bf|sc|rm|sf|tt|up|sl|md|normal)?|math(?:rm|it|bf|sf|tt|cal|bb|frak)"
    r"|mbox|url)(?![A-Za-z])\s*"
)
_LATEX_SPACE = re.compile(r"\\[,;:! ]|\\\\|~")
_LATEX_OTHER = re.compile(r"\\(?![&%_$#{}-])")
_LATEX_ESCAPE = re.compile(r"\\([&%_$#{}])|\\-|\$")

_NON_WORD = re.compile(r"[\W_]+")

_GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ζ": "zeta",
    "η": "eta", "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu",
    "ξ": "xi", "ο": "omicron", "π": "pi", "ρ": "rho", "σ": "sigma", "ς": "sigma", "τ": "tau",
    "υ": "upsilon", "φ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
}  # fmt: skip
"""Greek letters by name: hand entry writes `alpha-synuclein` where the publisher has `α`.
(The variant forms ϑ, ϕ, ϵ and the micro sign µ reach these through NFKD.)"""

_LETTERS = {
    "ß": "ss", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "œ": "oe",
    "ı": "i", "ħ": "h", "ŀ": "l", "ŧ": "t", "ĸ": "k", "ŋ": "n",
}  # fmt: skip
"""Letters that are not a base letter plus a combining mark, so NFKD leaves them alone."""

_DELETED = "'’‘ʼ`´{}\u00ad\u200b\u200c\u200d\u2060\ufeff"
"""Apostrophes vanish rather than split a word ("Alzheimer's" = "Alzheimers"), and so do
case-protecting braces (`{T}itle`), soft hyphens and zero-width marks (`Super\u00advised`)."""


def _fold_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {ord(c): None for c in _DELETED}
    table.update({ord(c): v for c, v in (_GREEK | _LETTERS).items()})
    # Combining marks of the Basic Multilingual Plane, where every script with accents lives.
    for code in range(0x300, 0x10000):
        if unicodedata.category(chr(code)).startswith("M"):
            table[code] = None
    return table


_FOLD = _fold_table()
_ASCII_DELETED = {ord(c): None for c in _DELETED if c.isascii()}


_CP1252_SPECIALS = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_MOJIBAKE_RUN = re.compile(f"[\u0080-\u00ff{_CP1252_SPECIALS}]{{2,}}")
"""Two or more characters that UTF-8 bytes become when read as Windows-1252 or Latin-1: a
quote mark `“` (E2 80 9C) is read as `â€œ`, an `é` (C3 A9) as `Ã©`."""


def _as_byte(char: str) -> int | None:
    try:
        return char.encode("cp1252")[0]
    except UnicodeEncodeError:
        return ord(char) if ord(char) < 256 else None


def _unmangled(run: str) -> str:
    """The run decoded as the UTF-8 it was, when it is that; else the run as it is. Accented
    letters written correctly ("Müller", "ÀÉ") are never valid UTF-8 as bytes, so they stay."""
    data = [_as_byte(c) for c in run]
    if None in data:
        return run
    try:
        return bytes(data).decode("utf-8")  # type: ignore[arg-type]
    except UnicodeDecodeError:
        return run


def repair_mojibake(text: str) -> str:
    """Text whose UTF-8 was decoded as Windows-1252 (scraped pages, old exports) repaired:
    `â€œQuoted titleâ€\x9d` is `“Quoted title”`, `MÃ¼ller` is `Müller`."""
    if text.isascii():
        return text
    return _MOJIBAKE_RUN.sub(lambda m: _unmangled(m.group(0)), text)


def _without_markup(text: str, latex: Callable[[str], str]) -> str:
    """Mis-decoded UTF-8 repaired, HTML entities unescaped until nothing changes
    (double-escaped `&amp;eacute;` is a common export bug), inline tags removed, then LaTeX,
    where a backslash or `$` shows there is some, handed to `latex`."""
    text = repair_mojibake(text)
    if "&" in text:
        previous = None
        while previous != text:
            previous, text = text, html.unescape(text)
    if "<" in text:
        text = _TAG.sub("", _BREAK_TAG.sub(" ", text))
    if "\\" in text or "$" in text:
        text = latex(_MATH.sub(lambda m: _SCRIPT_MARK.sub("", m.group(0)), text))
    return text


def _decode_latex(text: str) -> str:
    return to_text(_BARE_SPECIAL.sub(r"\\\1", text))


def _reduce_latex(text: str) -> str:
    """LaTeX reduced to what a key keeps: an accented letter to its letter, `\\ss` to "ss",
    `$\\alpha$` to "alpha", `\\emph{x}` to "x".

    The key drops diacritics anyway, so the accent commands can simply go; this is a hundred
    times faster than the full decoder (600 µs a title), which still handles any command not
    listed here. Both give the same key: tests/normalize/test_titles.py checks it.
    """
    text = _LATEX_ACCENT.sub(lambda m: "{" + (m.group(1) or m.group(2)) + "}", text)
    text = _LATEX_LETTER.sub(lambda m: _LATEX_LETTERS[m.group(1)], text)
    text = _LATEX_GREEK.sub(lambda m: m.group(1).lower(), text)
    text = _LATEX_SPACE.sub(" ", _LATEX_STYLE.sub("", text))
    if _LATEX_OTHER.search(text):
        return _decode_latex(text)
    return _LATEX_ESCAPE.sub(lambda m: m.group(1) or "", text)


def plain_text(text: str) -> str:
    """The text a reader sees, diacritics and all: HTML entities and inline tags, LaTeX,
    decoded. For display parts such as a person's given and family names; keys use `text_key`.
    """
    return _without_markup(text, _decode_latex)


_LATEX_COMMAND = re.compile(r"\\(?:[A-Za-z]+|['\"`^~=.])")
"""A LaTeX command (`\\emph`, `\\'e`): what shows a title holds LaTeX rather than a `$` or a
backslash as text."""


def has_latex(text: str) -> bool:
    return _LATEX_COMMAND.search(text) is not None


def display_text(text: str, latex: bool | None = None) -> str:
    """A title as a reader should see it: HTML entities and inline tags decoded, and LaTeX where
    the title holds a LaTeX command (or `latex` says so). Unlike `plain_text`, a lone `$`, `~` or
    backslash is left as the text it is ("The $100 laptop")."""
    if latex is None:
        latex = has_latex(text)
    return _without_markup(text, _decode_latex if latex else lambda t: t)


def _fold(text: str) -> str:
    if text.isascii():
        return _NON_WORD.sub(" ", text.lower().translate(_ASCII_DELETED)).strip()
    # Decomposition first: `𝒜` and `Ａ` only become an "A" to case-fold through NFKD.
    text = unicodedata.normalize("NFKD", text).casefold().translate(_FOLD)
    return _NON_WORD.sub(" ", text).strip()


def _key_text(text: str) -> str:
    return _without_markup(text, _reduce_latex)


def text_key(text: str) -> str:
    """Any short text in the form that compares equal across sources: markup decoded, lower
    case, no diacritics (ß → ss, ø → o, α → alpha), apostrophes and braces gone, and every run
    of punctuation, symbols and spaces one space. Titles, venues and names all use it."""
    return _fold(_key_text(text))


_IN = re.compile(r"^\s*in\s*:\s*", re.IGNORECASE)
_YEAR_IN_BRACKETS = re.compile(r"\(\s*(?:19|20)\d\d[a-z]?\s*\)[.:,]?\s+")
_PREFIX_END = re.compile(r"(?<=[^\W\d_])\.\s+(?=\S)|\s*:\s+(?=\S)|(?<=\.)\s+(?=\S)")
_NAME_SEPARATOR = re.compile(r"\s*,\s*|\s+(?:and|&)\s+|\s*;\s*")
_INITIAL = re.compile(r"(?:[^\W\d_]\.?-?){1,3}")
_QUOTES = {"“": "”", "„": "“”", '"': '"', "«": "»", "‘": "’", "‚": "‘’", "'": "'"}
_TAIL = re.compile(
    r"(?:^|\s)(?:in\s*:|in\s+proc|proc\.|vol\.|pp\.|\d+\s*\(\d+\)|(?:19|20)\d\d\b"
    r"|(?:arxiv|biorxiv|medrxiv|chemrxiv|ssrn)\b)",
    re.IGNORECASE,
)
"""What only the text after a cited title holds: "In:", "In Proc.", a volume or pages, a year,
a preprint server ("Title. arXiv.")."""

_NAME_PARTICLES = frozenset(
    ["van", "von", "de", "der", "den", "del", "della", "di", "da", "du", "le", "la", "ten", "ter",
     "et", "al", "al.", "etal"]
)  # fmt: skip


def _is_name_word(word: str) -> bool:
    return word[:1].isupper() or word.lower() in _NAME_PARTICLES


def _names_list(text: str) -> bool:
    """Whether text reads as a list of authors as reference lists write them: names of at
    most four words, each a capitalised word, a particle or initials, and initials somewhere
    ("Smith, J., Doe, A.", "J. Smith and A. Doe", "Smith J, Doe A et al."). Initials are what
    tell an author list from a capitalised main title ("Networks, Graphs and Trees"); in
    capitals, dotted initials only ("SMITH, J."), since "TO" in "CORRECTION TO:" is a word."""
    names = [n for n in _NAME_SEPARATOR.split(text.strip()) if n]
    # In text written in capitals every short word looks like initials ("CORRECTION TO:"):
    # there only dotted ones count.
    capitals = not any(c.islower() for c in text)
    initials = family = False
    for name in names:
        words = name.split()
        if not words or not all(_is_name_word(w) for w in words):
            return False
        marks = [_is_initials(w) and (not capitals or "." in w) for w in words]
        others = [w for w, m in zip(words, marks, strict=True) if not m]
        if len([w for w in others if w.lower() not in _NAME_PARTICLES]) > 2:
            return False
        initials, family = initials or any(marks), family or bool(others)
    return initials and family


_ROMAN = frozenset(["II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII"])


def _is_initials(word: str) -> bool:
    """ "J", "J.", "JS", "J.-P.", "J.S.": capitals only, two undotted at most (not "II")."""
    letters = word.replace(".", "").replace("-", "")
    return (
        bool(_INITIAL.fullmatch(word))
        and letters.isupper()
        and (len(letters) == 1 or "." in word or (len(letters) == 2 and word not in _ROMAN))
    )


def _without_author_list(text: str) -> str:
    """The text after a leading author list (and the year a citation puts after it)."""
    year = _YEAR_IN_BRACKETS.search(text, 0, 400)
    if year is not None and (year.start() == 0 or _names_list(text[: year.start()])):
        return text[year.end() :]
    found = text
    for end in _PREFIX_END.finditer(text, 0, 300):
        prefix = text[: end.start() + (1 if text[end.start()] == "." else 0)]
        rest = text[end.end() :]
        # After a lone initial a full stop may be inside a name ("Jeffrey D. Ullman speaks"):
        # it ends an author list only in the "Family, I." form.
        after_initial = prefix.endswith(".") and _is_initials(prefix.split()[-1].rstrip("."))
        if after_initial and "," not in prefix:
            continue
        if len(rest.split()) >= 3 and _names_list(prefix.rstrip(".")):
            found = rest  # the longest such prefix: "J. Smith and A. Doe." not "J."
    return found


def _without_quotes(text: str) -> str:
    """A title quoted by a citation, without the quotes and without what follows them."""
    closing = _QUOTES.get(text[:1])
    if closing is None:
        return text
    end = min((i for i in (text.find(c, 1) for c in closing) if i > 0), default=-1)
    if end < 0:
        return text
    inside, after = text[1:end], text[end + 1 :].strip()
    if (
        not after.strip(".,;: ")
        or after[:1] in ".,;("
        or after[:1].isupper()
        or inside.rstrip()[-1:] in ".,?!"
        or _TAIL.search(after) is not None
    ):
        return inside
    return text


def _without_tail(text: str) -> str:
    """The text before a trailing citation tail: ". In: Proceedings …", ". Journal 12(3),
    2019", " (2019)". The head must keep three words."""
    text = re.sub(r"\s*\(\s*(?:19|20)\d\d[a-z]?\s*\)[\s.]*$", "", text)
    for end in re.finditer(r"[.?!]\s+|,\s+(?=in\s*:)", text, re.IGNORECASE):
        head, tail = (
            text[: end.start() + (1 if text[end.start()] in "?!" else 0)],
            text[end.end() :],
        )
        if len(head.split()) >= 3 and _TAIL.search(tail) is not None:
            return head
    return text


def strip_citation(text: str) -> str:
    """A title as a reference list or a scraper leaves it, reduced to the title: a leading
    "In:", author list or "Authors (2019)", quotes around the title (mis-decoded ones too,
    see `repair_mojibake`) and the venue, volume or year text after it removed. Each step only
    fires on the marks a citation leaves (initials in the author list, a quote at the start, a
    year or "In:" in the tail), so an ordinary title is returned as it is."""
    stripped = text.strip()
    for _ in range(2):
        before = stripped
        stripped = _IN.sub("", stripped)
        stripped = _without_author_list(stripped)
        stripped = _IN.sub("", stripped).strip()
        stripped = _without_quotes(stripped)
        if stripped == before:
            break
    stripped = _without_tail(stripped)
    return stripped if _fold(stripped) else text


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_VENUE_END = re.compile(r"\s*(?:[,(;]|\b(?:vol|pp|no)\b\.?|\b\d+\b)", re.IGNORECASE)


def citation_context(title: str | None) -> tuple[str | None, int | None]:
    """(venue, year) that a title scraped from a reference list carries around it ("Smith, J.
    (2019) Title. Journal of X 12(3)", "“Title” Journal of X, 2019"), for a record that lacks
    them in its own fields; (None, None) for an ordinary title."""
    if not title:
        return None, None
    text = _key_text(title).strip()
    core = strip_citation(text)
    start = text.find(core)
    if core == text or start < 0:
        return None, None
    before, after = text[:start], text[start + len(core) :]
    # After the title, the year of publication comes last: "Proc. ICDE 2019, pp. 1-9, 2020".
    years = _YEAR.findall(before) or _YEAR.findall(after)[-1:]
    tail = _IN.sub("", after.strip(" .,;:”“\"'’‘»«")).strip(" .,;:")
    venue = tail[: m.start()] if (m := _VENUE_END.search(tail)) else tail
    venue = venue.strip(" .,;:")
    return (venue if len(venue) > 2 and _fold(venue) else None), (int(years[0]) if years else None)


def title_key(title: str | None, subtitle: str | None = None) -> str:
    """The comparable form of a title: two records of one work have equal keys.

    A subtitle given in its own field is joined on, so "Title" + "Sub" and "Title: Sub" agree.
    Elsevier's `RETRACTED:` and `WITHDRAWN:` marks are dropped: the marked article is the same
    work as before it was retracted (a retraction *notice* is a note, see `is_note`).
    """
    return _title_key(strip_citation(_key_text(title)) if title else "", subtitle)


def _title_key(text: str, subtitle: str | None) -> str:
    key = _plain_key(text) if text else ""
    if subtitle:
        sub = text_key(subtitle)
        if sub:
            key = f"{key} {sub}" if key else sub
    return key


_RETRACTION_MARK = re.compile(r"^\s*(?:retracted(?: article)?|withdrawn)\s*:", re.IGNORECASE)


def _plain_key(text: str) -> str:
    key = _fold(text)
    if key.startswith(("retracted ", "withdrawn ")):
        return _fold(_RETRACTION_MARK.sub("", text, count=1))
    return key


_SUBTITLE_SEPARATOR = re.compile(
    r"\s*[:?!]\s+|(?<=[a-z]{3})\.\s+(?=[A-Z])|\s+[-–—]{1,2}\s+|\s*[-–—]{2}\s*"
)
"""Where a subtitle starts: ": ", "? ", "! ", a dash with spaces around it, `--`, or a full stop
after a word and before a capital ("Title. Subtitle", but not "St. Louis" or "U.S. policy")."""


def title_main_key(title: str | None, subtitle: str | None = None) -> str:
    """The key of the main title alone, the part before the first subtitle separator.

    For a record whose subtitle was left out, or folded into the title where the other record
    keeps it apart: compare main keys when full keys differ. The subtitle argument is accepted
    (and ignored) so callers can pass a record's fields the same way as to `title_key`.
    A main title is a weaker fact than a full one; the matcher should want agreement on more.
    """
    del subtitle
    if not title:
        return ""
    return _main_key(strip_citation(_key_text(title)))


def _main_key(text: str) -> str:
    text = _RETRACTION_MARK.sub("", text, count=1)
    found = _SUBTITLE_SEPARATOR.search(text)
    if found is not None and _fold(text[: found.start()]):
        text = text[: found.start()]
    return _plain_key(text)


_ASIDE = re.compile(r"\s*(?:\([^()]*\)|\[[^\[\]]*\])")
"""A parenthesised or bracketed aside: "(Panel Abstract)", "(panel session)", "[Review]"."""

_NUMBERED = re.compile(r"\d|\b(?:[ivx]{1,4}|part|vol|volume|no)\b", re.IGNORECASE)
"""An aside with a number in it ("(part II)", "(2nd edition)") says which of several works
this is: it stays."""

_SEGMENT_SEPARATOR = re.compile(r"\s*[:;,]\s+|(?<=[a-z]{3})\.\s+|\s+[-–—]{1,2}\s+|\s*[-–—]{2}\s*")
"""Where a label may be joined to a title: ": ", ", ", a spaced dash, "Title. Label"."""

_GENRE_LABEL = re.compile(
    r"""^(?:
    (?:\w+\s+){0,2}(?:paper|abstract|session|talk|address|tutorial|panel|keynote|demo
        |demonstration|poster|foreword|preface|editorial|column)s?
    |(?:guest\s+)?editors?\s+(?:introduction|foreword|preface|note)
    |(?:demonstration|demo)\s+description
    |(?:book\s+)?review
    )$""",
    re.VERBOSE,
)
"""What kind of piece a title is, written into it by one source and not the other: DBLP's
"… - Book Review", "… (Panel Abstract)", "… (Experience Paper)", "Tutorial: …", "…, Guest
Editors' Foreword"; ACM's "… (panel session)". Matched against a whole segment's key, so
"Panel data models" or "A review of mouse models" are never labels."""


def title_core_key(title: str | None, subtitle: str | None = None) -> str:
    """The title key without asides in brackets and without a genre label at either end: what
    the piece is about, for records that differ only in such additions. Equal to `title_key`
    when there is nothing to remove, and "" when nothing would be left.

    Weaker than the full key (an aside may be an acronym the other title spells out, a label
    may say "demo" where the other record is the paper), so the matcher credits a match of
    core keys below a match of full keys. Asides with a number ("(part II)") are kept.
    """
    if not title:
        return ""
    return _core_key(strip_citation(_key_text(title)), subtitle)


def _core_key(text: str, subtitle: str | None) -> str:
    text = _RETRACTION_MARK.sub("", text, count=1)
    if subtitle:
        text = f"{text}: {_key_text(subtitle)}"
    without = _ASIDE.sub(lambda m: m.group(0) if _NUMBERED.search(m.group(0)) else "", text)
    if _fold(without):
        text = without
    segments = [s for s in _SEGMENT_SEPARATOR.split(text) if _fold(s)]
    if len(segments) > 1 and _GENRE_LABEL.match(_fold(segments[-1])):
        segments.pop()
    if len(segments) > 1 and _GENRE_LABEL.match(_fold(segments[0])):
        segments.pop(0)
    return _fold(" ".join(segments))


_LABEL_WORD = re.compile(
    r"\b(?:paper|abstract|session|talk|address|tutorial|panel|keynote|demo|demonstration"
    r"|poster|foreword|preface|editorial|column|introduction|note|description|review)s?\b"
)
"""A word every genre label ends in: a key without one (and a title without brackets) has no
label to remove, which spares most titles the segmenting."""


@dataclass(frozen=True, slots=True)
class TitleKeys:
    key: str
    """`title_key`"""
    main: str
    """`title_main_key`"""
    core: str
    """`title_core_key`"""


def title_keys(title: str | None, subtitle: str | None = None) -> TitleKeys:
    """The three keys of one title with its markup decoded once: what a matcher builds for
    every record, where decoding and folding are most of the cost."""
    if not title:
        key = _title_key("", subtitle)
        return TitleKeys(key, "", "")
    text = strip_citation(_key_text(title))
    key = _title_key(text, subtitle)
    if "(" in text or "[" in text or _LABEL_WORD.search(key):
        core = _core_key(text, subtitle)
    else:
        core = key  # nothing to remove: the segments joined again are the key
    return TitleKeys(key, _main_key(text), core)


TRUNCATION_MIN_LENGTH = 20
"""A shorter prefix is too common a phrase ("A study of the") to say two titles are one."""


def is_truncation_of(
    short_key: str, long_key: str, min_length: int = TRUNCATION_MIN_LENGTH
) -> bool:
    """Whether `short_key` is `long_key` cut short at a word boundary, as exports do to long
    titles ("A very long title about…"). Both are `title_key`s; equal keys are not a truncation.
    """
    return (
        len(short_key) >= min_length
        and len(long_key) > len(short_key)
        and long_key.startswith(short_key)
        and long_key[len(short_key)] == " "
    )


def looks_truncated(title: str | None) -> bool:
    """Whether a title ends in an ellipsis, the mark most truncating exports leave."""
    if not title:
        return False
    text = title.rstrip()
    return text.endswith(("...", "…", "&hellip;", "&#8230;", "\\ldots", "\\dots"))


_NOTE = re.compile(
    r"""
    [\W_]*  # "[Erratum to …]", "“Correction”"
    (?:(?P<correction>(?:(?:authors?|publishers?|editorial|editors?)\s+)?corrections?
        (?:\s*(?::|\(|\[|$)|\s+to\b|\s+[-–—]\s)
        |correction\s+for\b.*\bet\s+al\b)
    |(?P<erratum>errat(?:um|a)(?=\s*(?::|\(|\[|["“‘]|$|[–—]|-(?-i:\s*[A-Z]))|\s+(?:to|for|on|in)\b))
    |(?P<corrigendum>corrigend(?:um|a)(?=\s*(?::|\(|\[|["“‘]|$)|\s+(?:to|for|on|in)\b))
    |(?P<addendum>addend(?:um|a)(?=\s*(?::|\(|\[|["“‘]|$)|\s+(?:to|for|on|in)\b))
    |(?P<retraction>(?:notice\s+of\s+)?retraction(?:\s+note|\s+notice)?\s*(?::|$)
        |retraction\s+(?:note|notice)\b|notice\s+of\s+retraction\b
        |retraction\s+for\b.*\bet\s+al\b)
    |(?P<expression_of_concern>(?:editorial\s+)?expression\s+of\s+concern\b)
    |(?P<reply>(?:(?:the\s+)?authors?['’]?s?['’]?\s+)?(?:reply|response)\s*(?::|$)
        |(?:the\s+)?authors?['’]?s?['’]?\s+(?:reply|response)\b
        |(?:in\s+)?reply\s+to\b|rejoinder\b|closure\s+to\b
        |response\s+to\s+(?:the\s+)?(?:comments?|letters?|discussion|critique|criticism
            |reviewers?|commentary)\b
        |response\s+to\s*:)
    |(?P<comment>(?:a\s+)?comment(?:s|ary)?\s+(?:on|to|upon)\b|comment(?:s|ary)?\s*:
        |discussion\s+of\s*["“‘']))
    """,
    re.IGNORECASE | re.VERBOSE,
)


def is_note(title: str | None) -> str | None:
    """The kind of note a title announces ("correction", "erratum", "reply", "comment",
    "retraction", "corrigendum", "addendum", "expression-of-concern"), or None.

    A note repeats the title of the work it is about ("Correction to: <title>"), so title
    similarity alone would match them; the matcher must never link a note to a non-note.
    Only the opening words count, and only in the forms publishers use for notes: "Response to
    treatment…" and "Correction of motion artefacts" are research titles, not notes.
    """
    if not title:
        return None
    text = strip_citation(_key_text(title).replace("{", "").replace("}", ""))
    found = _NOTE.match(text)
    if found is None or found.lastgroup is None:
        return None
    return found.lastgroup.replace("_", "-")


_NOTE_JOIN = re.compile(r"[\s:.,–—-]*(?:(?:to|for|on|upon|in)\b)?[\s:.,–—-]*", re.IGNORECASE)


def note_subject(title: str | None) -> str | None:
    """The title a note is about, without the note's own opening ("Erratum to: Correction
    to: X" → "Correction to: X"); None for a title that is no note. An erratum to a
    correction is a note on the correction, not the correction."""
    if not title:
        return None
    text = strip_citation(_key_text(title).replace("{", "").replace("}", ""))
    found = _NOTE.match(text)
    if found is None or found.lastgroup is None:
        return None
    rest = text[found.end() :]
    joined = _NOTE_JOIN.match(rest)
    return rest[joined.end() :] if joined else rest
