"""The ways one source writes a title or DOI differently from another.

Each variant is one that real Pure and ORCID data show: BibTeX imports bring LaTeX, Crossref
brings HTML markup, hand entry drops accents or splits the subtitle, and DOIs arrive as URLs,
with a `doi:` prefix or in upper case. A variant is named so records can be tagged with it.
"""

from __future__ import annotations

import random
import unicodedata

TITLE_VARIANTS = (
    "case",
    "punctuation",
    "html",
    "latex",
    "diacritics",
    "subtitle-split",
    "truncated",
)
DOI_VARIANTS = ("url", "prefix", "upper")

_ASCII_FOLD = str.maketrans(
    {
        "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss", "æ": "ae", "đ": "d", "ı": "i",
        "α": "alpha", "β": "beta", "γ": "gamma", "–": "-", "’": "'", "“": '"', "”": '"',
    }
)  # fmt: skip
_LATEX = {
    "α": "$\\alpha$", "β": "$\\beta$", "γ": "$\\gamma$", "–": "--", "ø": "{\\o}", "ł": "{\\l}",
    "ß": "{\\ss}", "ı": "{\\i}", "“": "``", "”": "''",
}  # fmt: skip
_LATEX_ACCENTS = {
    "\u0301": "'", "\u0300": "`", "\u0308": '"', "\u0302": "^", "\u0303": "~", "\u030b": "H",
    "\u030c": "v", "\u0327": "c", "\u0328": "k", "\u030a": "r",
}  # fmt: skip
_PUNCTUATION = str.maketrans({":": "", ",": "", "’": "", "'": "", "“": "", "”": "", "-": " "})


def _strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_ASCII_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _latex_char(char: str) -> str:
    if char in _LATEX:
        return _LATEX[char]
    decomposed = unicodedata.normalize("NFD", char)
    if len(decomposed) == 2 and decomposed[1] in _LATEX_ACCENTS:
        accent = _LATEX_ACCENTS[decomposed[1]]
        if accent.isalpha():
            return f"{{\\{accent}{{{decomposed[0]}}}}}"
        return f"{{\\{accent}{decomposed[0]}}}"
    return char


def _emphasise(title: str, rng: random.Random, before: str, after: str) -> str:
    """Mark up one content word, as publishers italicise species and terms."""
    words = title.split(" ")
    long_words = [i for i, w in enumerate(words) if len(w) > 4] or [0]
    i = rng.choice(long_words)
    words[i] = f"{before}{words[i]}{after}"
    return " ".join(words)


def _case(title: str, rng: random.Random) -> str:
    style = rng.randrange(3)
    if style == 0:
        return title.upper()
    if style == 1:
        return title.lower()
    return " ".join(w[:1].upper() + w[1:] for w in title.split(" "))


def _punctuation(title: str, rng: random.Random) -> str:
    stripped = title.translate(_PUNCTUATION)
    return stripped if stripped != title and rng.random() < 0.7 else title + "."


def _html(title: str, rng: random.Random) -> str:
    encoded = "".join(c if ord(c) < 128 else f"&#{ord(c)};" for c in title)
    return _emphasise(encoded, rng, "<i>", "</i>") if encoded == title else encoded


def _latex(title: str, rng: random.Random) -> str:
    encoded = "".join(_latex_char(c) for c in title)
    return _emphasise(encoded, rng, "\\emph{", "}") if encoded == title else encoded


def _truncate(title: str, limit: int) -> str:
    cut = title[:limit].rsplit(" ", 1)[0]
    return cut + "..."


def vary_title(rng: random.Random, title: str, subtitle: str | None) -> tuple[str, str, str | None]:
    """Pick a variant that changes this title and return (variant name, title, subtitle)."""
    kinds = ["case", "punctuation", "html", "latex"]
    if not title.isascii():
        kinds.append("diacritics")
    if subtitle is not None or ": " in title:
        kinds.append("subtitle-split")
    if len(title) > 48:
        kinds.append("truncated")
    kind = rng.choice(kinds)
    if kind == "case":
        return kind, _case(title, rng), subtitle
    if kind == "punctuation":
        return kind, _punctuation(title, rng), subtitle
    if kind == "html":
        return kind, _html(title, rng), subtitle
    if kind == "latex":
        return kind, _latex(title, rng), subtitle
    if kind == "diacritics":
        return kind, _strip_diacritics(title), subtitle and _strip_diacritics(subtitle)
    if kind == "subtitle-split":
        if subtitle is not None:
            return kind, f"{title}: {subtitle}", None
        head, tail = title.split(": ", 1)
        return kind, head, tail
    return kind, _truncate(title, rng.randrange(30, 46)), None


def vary_doi(rng: random.Random, doi: str) -> tuple[str, str]:
    """Pick a DOI variant and return (variant name, DOI as the source writes it)."""
    kind = rng.choice(DOI_VARIANTS)
    if kind == "upper" and doi.upper() == doi:
        kind = "url"
    if kind == "url":
        return kind, ("https://doi.org/" if rng.random() < 0.8 else "http://dx.doi.org/") + doi
    if kind == "prefix":
        return kind, ("doi:" if rng.random() < 0.8 else "DOI: ") + doi
    return kind, doi.upper()
