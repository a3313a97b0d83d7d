"""LaTeX → the Unicode text a reader sees: in BibTeX values, and in titles that other sources
copied from BibTeX imports (the title normaliser decodes them too).

Titles and names must compare equal whatever tool wrote them: Pure writes `B{\\"u}lthoff`,
Mendeley `{{Title}}`, Zotero `\\&`; matching only ever sees `Bülthoff`, `Title`, `&`.
"""

from __future__ import annotations

import re

from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from pipeline.sources.limits import MAX_DEPTH, MAX_TITLE_CHARS, braces_too_deep

_CONTEXT = get_default_latex_context_db()
# A \url in a note or title is text, not `<…>` as pylatexenc renders it by default; the text-mode
# names of ASCII characters BibTeX writers use are those characters (pylatexenc turns
# \textasciicircum into the modifier letter ˆ and drops the braces).
_CONTEXT.add_context_category(
    "bibtex",
    prepend=True,
    macros=[
        MacroTextSpec("url", "%s"),
        MacroTextSpec("textasciicircum", "^"),
        MacroTextSpec("textasciitilde", "~"),
        MacroTextSpec("textbraceleft", "{"),
        MacroTextSpec("textbraceright", "}"),
        MacroTextSpec("textbackslash", "\\"),
    ],
)
_DECODER = LatexNodes2Text(latex_context=_CONTEXT, math_mode="text")

_CEDILLA_ON_VOWEL = re.compile(r"\\c\s*(?:\{\s*([aeiouAEIOU])\s*\}|([aeiouAEIOU]))")
"""Pure writes `{\\c e}` for ę: it renders both the cedilla and the ogonek as `\\c`. No language
puts a cedilla under a vowel, Polish and Lithuanian put an ogonek there, so `\\c` on a vowel is
read as `\\k`; on a consonant (ç, ş) it stays a cedilla."""

_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\ufeff]")
"""Soft hyphens and zero-width marks: line-breaking hints that would break title comparison."""

_ESCAPED_PUNCTUATION = re.compile(r"\\([_%&#$~])")

_LATEX = re.compile(r"[\\{}$%~&#^_`]|--|''|[!?]`")
"""What the decoder would change besides whitespace: without any of it, the text is taken as it
is. The decoder costs tens of microseconds a character, so this keeps plain titles cheap."""


def to_text(value: str) -> str:
    """Decode LaTeX to Unicode, drop case-protecting braces, and collapse whitespace.

    Text too long or nested too deep to decode (longer than any title, braces deeper than
    `MAX_DEPTH`: the decoder recurses per level) loses its braces and nothing else; the
    parsers refuse such fields with a message, this only keeps every other caller safe."""
    if not _LATEX.search(value):
        return " ".join(_INVISIBLE.sub("", value).split())
    if len(value) > MAX_TITLE_CHARS or braces_too_deep(value, MAX_DEPTH):
        return " ".join(_INVISIBLE.sub("", value.replace("{", "").replace("}", "")).split())
    source = _CEDILLA_ON_VOWEL.sub(lambda m: "\\k{" + (m.group(1) or m.group(2)) + "}", value)
    text = _DECODER.latex_to_text(source)
    return " ".join(_INVISIBLE.sub("", text).split())


def verbatim(value: str) -> str:
    """A DOI, URL or ISBN as written, without the escapes and braces that tools add around it.

    These values are never run through the LaTeX decoder: `%2F` in a DOI would start a comment.
    """
    return _ESCAPED_PUNCTUATION.sub(r"\1", value).replace("{", "").replace("}", "").strip()
