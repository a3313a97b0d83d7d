"""Plausible titles for true works, drawn from one field's vocabulary."""

from __future__ import annotations

import random
import re

from sim.institution.vocabulary import (
    ADJECTIVES,
    ASPECTS,
    EPONYMS,
    FRAMES,
    SUBTITLES,
    Field,
)

SUBTITLE_SHARE = 0.2
_ARTICLE = re.compile(r"\b([Aa]) (?=[aeiou])")


def _topic(rng: random.Random, field: Field) -> str:
    topic = rng.choice(field.topics)
    if rng.random() < 0.3:
        return f"{rng.choice(field.qualifiers)} {topic}"
    return topic


def _sentence_case(text: str) -> str:
    """Capitalise the first letter, except a Greek one: "α-synuclein" stays lower case."""
    return text[0].upper() + text[1:] if text[0].isascii() else text


def _fill(frame: str, slots: dict[str, str]) -> str:
    return _ARTICLE.sub(r"\1n ", frame.format_map(slots))


def new_title(rng: random.Random, field: Field) -> tuple[str, str | None]:
    """A title and, for some works, a subtitle: the part a source may fold into the title."""
    topic = _topic(rng, field)
    topic2 = _topic(rng, field)
    while topic2 == topic:
        topic2 = _topic(rng, field)
    slots = {
        "adj": rng.choice(ADJECTIVES),
        "topic": topic,
        "topic2": topic2,
        "setting": rng.choice(field.settings),
        "method": rng.choice(field.methods),
        "aspect": rng.choice(ASPECTS),
        "eponym": rng.choice(EPONYMS),
    }
    title = _sentence_case(_fill(rng.choice(FRAMES), slots))
    if ": " in title or rng.random() >= SUBTITLE_SHARE:
        return title, None
    return title, _fill(rng.choice(SUBTITLES), slots)


def correction_title(title: str) -> str:
    return f"Correction to: {title}"


def reply_title(title: str, commenter: str) -> str:
    return f"Reply to {commenter}'s comment on “{title}”"
