"""The languages researchers and coordinators read their pages and e-mails in, from gettext
catalogues (`locale/<language>/LC_MESSAGES/messages.po`, the English texts of the templates as
message ids).

The catalogues are read from their `.po` sources when first needed and compiled in memory:
nothing has to be built after a checkout or an install, and a translator edits one file.
`make messages` extracts the templates' texts and merges them into the catalogues.
"""

from __future__ import annotations

import gettext
from functools import cache
from importlib.resources import files
from io import BytesIO
from typing import get_args

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from pipeline.config import Language

LANGUAGES: tuple[Language, ...] = get_args(Language)
SOURCE_LANGUAGE: Language = "en"
"""The templates are written in English: it needs no catalogue."""
DUTCH_SPEAKING = frozenset({"nl", "sr", "aw", "cw", "sx", "bq"})
"""Nationalities (country codes) whose holders are written to in Dutch unless they choose
otherwise: the Netherlands, the Dutch Caribbean and Suriname. (Belgium is left out: a
nationality does not say whether someone reads Dutch or French.)"""


@cache
def translations(language: Language) -> gettext.NullTranslations:
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    source = files("pipeline.publish.report") / "locale" / language / "LC_MESSAGES" / "messages.po"
    with source.open("rb") as po:
        catalog = read_po(po, locale=language)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def other_language(language: Language) -> Language:
    """The language a page links to beside its own."""
    return next(other for other in LANGUAGES if other != language)


def language_of(chosen: str | None, nationality: str | None, default: Language) -> Language:
    """A researcher's language: the one they chose; else Dutch for a Dutch-speaking
    nationality and English for any other recorded one; else the institution's default."""
    if chosen in LANGUAGES:
        return chosen  # type: ignore[return-value]
    if nationality:
        return "nl" if nationality.lower() in DUTCH_SPEAKING else "en"
    return default
