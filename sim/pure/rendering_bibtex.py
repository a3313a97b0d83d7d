"""A PureOutput as Pure's own BibTeX export (WS `rendering=BIBTEX`, portal "Export: BibTeX").

Reproduces the style seen in TU Delft's portal export: key = UUID without hyphens, values in
double quotes, `month` as a bare macro, names as "Given Family" unless a part has spaces, then
"{Family}, Given" with the multi-word parts braced, LaTeX escapes for accents, keys padded to the
longest key of the entry, and Pure's field order.
"""

from __future__ import annotations

import html
import unicodedata

from sim.model import Author, PureOutput
from sim.pure import vocabulary as vocab

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

_ACCENTS = {
    "\u0300": "`",
    "\u0301": "'",
    "\u0302": "^",
    "\u0308": '"',
    "\u0303": "~",
    "\u0304": "=",
    "\u0307": ".",
    "\u030a": "r ",
    "\u030c": "v ",
    "\u0327": "c ",
    "\u0328": "c ",
    "\u030b": "H ",
    "\u0306": "u ",
}
"""Combining mark → LaTeX accent command; letter commands need a space before their argument
(Pure writes "{\\c e}" for ę, as in the TU Delft file)."""

_LETTERS = {
    "ł": "{\\l}",
    "Ł": "{\\L}",
    "ø": "{\\o}",
    "Ø": "{\\O}",
    "ß": "{\\ss}",
    "æ": "{\\ae}",
    "Æ": "{\\AE}",
    "œ": "{\\oe}",
    "å": "{\\aa}",
    "Å": "{\\AA}",
    "ı": "{\\i}",
    "‘": "{\\textquoteleft}",
    "’": "{\\textquoteright}",
    "“": "{\\textquotedblleft}",
    "”": "{\\textquotedblright}",
    '"': '{"}',
}


def latex(text: str) -> str:
    """Escape accented Latin letters the way Pure does; other scripts pass through unchanged."""
    out: list[str] = []
    for char in text:
        if char in _LETTERS:
            out.append(_LETTERS[char])
            continue
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        if marks and base.isascii() and all(m in _ACCENTS for m in marks):
            escaped = base
            for mark in marks:
                escaped = f"\\{_ACCENTS[mark]}{escaped}"
            out.append("{" + escaped + "}")
        else:
            out.append(char)
    return "".join(out)


def author_name(author: Author) -> str:
    given, family = author.given_names.strip(), author.family_name.strip()
    if " " not in given and " " not in family:
        return latex(f"{given} {family}".strip())

    def part(value: str) -> str:
        return "{" + latex(value) + "}" if " " in value else latex(value)

    return f"{part(family)}, {part(given)}" if given else part(family)


def entry_key(uuid: str) -> str:
    return uuid.replace("-", "")


def render_entry(output: PureOutput, institution_name: str) -> str:
    out_type = vocab.OUTPUT_TYPES[output.type]
    title = f"{output.title}: {output.subtitle}" if output.subtitle else output.title
    fields: list[tuple[str, str]] = [
        ("title", f'"{latex(title)}"'),
        ("author", '"' + " and ".join(author_name(a) for a in output.authors) + '"'),
        ("year", f'"{output.year}"'),
    ]
    if output.month:
        fields.append(("month", _MONTHS[output.month - 1]))
        if output.day:
            fields.append(("day", f'"{output.day}"'))
    if output.doi:
        fields.append(("doi", f'"{output.doi}"'))
    fields.append(("language", f'"{vocab.language(output.language)[1]}"'))
    if output.isbns and not out_type.hosted_in_journal:
        fields.append(("isbn", f'"{output.isbns[0]}"'))
    if output.venue and out_type.hosted_in_journal:
        fields.append(("journal", f'"{latex(output.venue)}"'))
    elif output.venue and out_type.hosted_in_book:
        fields.append(("booktitle", f'"{latex(output.venue)}"'))
    if output.issn and out_type.hosted_in_journal:
        fields.append(("issn", f'"{output.issn}"'))
    if out_type.bibtex == "phdthesis":
        fields.append(("school", f'"{latex(institution_name)}"'))
    width = max(len(name) for name, _ in fields)
    lines = [f"@{out_type.bibtex}{{{entry_key(output.uuid)},"]
    lines += [f"  {name.ljust(width)} = {value}," for name, value in fields]
    lines.append("}")
    return "\n".join(lines)


def render_html(output: PureOutput, institution_name: str) -> str:
    """The entry inside the `rendering_bibtex` div that Pure portal scrapers read it from."""
    family = vocab.OUTPUT_TYPES[output.type].discriminator.lower()
    classes = f"rendering rendering_researchoutput rendering_bibtex rendering_{family}"
    entry = html.escape(render_entry(output, institution_name), quote=False)
    return f'<div class="{classes}">{entry}</div>'
