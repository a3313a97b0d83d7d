"""Titles as people should read them: the markup sources put in a title (Crossref's `<i>`, JATS
tags, HTML entities, LaTeX from BibTeX imports) decoded with the matcher's own normaliser, and
italics kept as italics, so no page or e-mail ever shows `<i>marine</i>` or `\\emph{diabetes}`.

Everything else in a title is text: `<script>` stays the characters it is, escaped. A title is
shown on several pages (each language, the lists, the index) and decoding LaTeX costs
milliseconds, so each is decoded once.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markupsafe import Markup, escape

from pipeline.normalize.titles import display_text, has_latex

_OPEN, _CLOSE = "\ue000", "\ue001"
"""Private-use characters standing for the start and end of italics while the rest is decoded:
no source writes them, and the decoders leave them alone."""
_ITALIC_TAG = re.compile(r"<(/?)(?:i|em|italic)\s*>", re.IGNORECASE)
_ITALIC_COMMAND = re.compile(
    r"\\(?:emph|textit|textsl|it)\s*\{([^{}]*)\}|\{\\(?:em|it)\s+([^{}]*)\}"
)


def _mark_italics(title: str) -> str:
    if "<" in title:
        title = _ITALIC_TAG.sub(lambda m: _CLOSE if m.group(1) else _OPEN, title)
    if has_latex(title):
        title = _ITALIC_COMMAND.sub(lambda m: _OPEN + (m.group(1) or m.group(2)) + _CLOSE, title)
        # `\relax` (which decodes to nothing) keeps the rest of the title going through the
        # LaTeX decoder when its only command was the italics taken out.
        title = "\\relax{}" + title
    return title


@lru_cache(maxsize=1 << 16)
def title_text(title: str | None) -> str:
    """The title as plain text, for e-mails and anywhere markup cannot go."""
    if not title:
        return ""
    return display_text(title).replace(_OPEN, "").replace(_CLOSE, "")


@lru_cache(maxsize=1 << 16)
def title_html(title: str | None) -> Markup:
    """The title as safe HTML: its text escaped, its italics (balanced) as `<i>`."""
    if not title:
        return Markup("")
    text = display_text(_mark_italics(title))
    parts: list[str] = []
    depth = 0
    for piece in re.split(f"([{_OPEN}{_CLOSE}])", text):
        if piece == _OPEN:
            if depth == 0:
                parts.append("<i>")
            depth += 1
        elif piece == _CLOSE:
            if depth == 1:
                parts.append("</i>")
            depth = max(0, depth - 1)
        else:
            parts.append(str(escape(piece)))
    if depth:
        parts.append("</i>")
    return Markup("".join(parts))  # noqa: S704 - every piece of text is escaped above
