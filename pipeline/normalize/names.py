"""The comparable form of person names, for co-author overlap and for telling researchers apart.

Sources disagree on how a name is written: Pure has "Family, Given" and `B{\\"u}lthoff` in its
BibTeX, ORCID's credit names are "Given Family", PubMed writes "Family GH", Scopus
"Family, G.H.", and Dutch records sort "Kampen, N.G. van". What stays the same is the family
name with its particles, which `family_key` reduces to letters and digits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pipeline.normalize.titles import plain_text, text_key

PARTICLES = frozenset({
    "van", "von", "vom", "zu", "zum", "zur", "de", "der", "den", "des", "del", "della", "delle",
    "dello", "di", "da", "das", "dos", "du", "do", "le", "la", "les", "lo", "ten", "ter", "te",
    "op", "het", "in", "'t", "’t", "bin", "ibn", "al", "el",
})  # fmt: skip
"""Lower-case words that belong to the family name ("van Kampen", "de la Cruz", "al Haddad")
when they stand before it; a Dutch sorted name moves them after the given names."""

_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
"""Generational suffixes: part of how a person is addressed, not of the family name."""

_INITIALS = re.compile(r"[^\W\d_]|[A-Z]{2,3}|(?:[^\W\d_]\.-?)+[^\W\d_]?")
"""A token of initials: "G", "G.", "GH", "G.H.", "J.-P."; undotted, at most three capitals,
so that a family name in capitals ("DUPONT") is not read as initials."""

_SPACES = re.compile(r"\s+")
_LIST_SEPARATOR = re.compile(r"\s*;\s*|\s*\n\s*")
_AND = re.compile(r"\s+(?:and|&)\s+|\s*&\s*")
_ET_AL = re.compile(r"[\s,]*(?:\bet\s*al\b\.?|\band\s+others\b)\s*$", re.IGNORECASE)


def _is_initials(token: str) -> bool:
    return _INITIALS.fullmatch(token) is not None


def _split_particles(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Given-first tokens → (given, family): the last token, with the particles before it.

    Within a name particles are recognised in any case ("Jan Van Kampen", as Flemish writes).
    """
    start = len(tokens) - 1
    while start > 0 and tokens[start - 1].lower() in PARTICLES:
        start -= 1
    if start == 0 and len(tokens) > 1 and tokens[0] not in PARTICLES:
        start = 1  # "Le Wang": a capitalised first word is a given name, not a particle
    return tokens[:start], tokens[start:]


def person_name_parts(display_name: str) -> tuple[str, str]:
    """(given names, family name) of a name as any source displays it; "" where one is absent.

    Reads "Family, Given", "Given Family", "G. Family", "Family GH" (initials after, as PubMed
    writes) and Dutch "Family, Given van"; generational suffixes (Jr., III) are dropped.
    Markup is decoded first, so `B{\\"u}lthoff` reads as "Bülthoff".
    """
    text = _SPACES.sub(" ", plain_text(display_name).replace("{", "").replace("}", "")).strip()
    if "," in text:
        parts = [p.strip() for p in text.split(",")]
        parts = [p for p in parts if p and p.lower() not in _SUFFIXES]
        if not parts:
            return "", ""
        family = " ".join(t for t in parts[0].split() if t.lower() not in _SUFFIXES)
        given = " ".join(parts[1:])
        given_tokens = given.split()
        moved: list[str] = []
        while len(given_tokens) > 1 and given_tokens[-1] in PARTICLES:
            moved.insert(0, given_tokens.pop())
        return " ".join(given_tokens), " ".join([*moved, family])
    tokens = [t for t in text.split(" ") if t and t.lower() not in _SUFFIXES]
    if not tokens:
        return "", ""
    if len(tokens) == 1:
        return "", tokens[0]
    if (
        _is_initials(tokens[-1])
        and not _is_initials(tokens[0])
        and not all(t.isupper() for t in tokens)
    ):
        first_initials = len(tokens) - 1
        while first_initials > 1 and _is_initials(tokens[first_initials - 1]):
            first_initials -= 1
        return " ".join(tokens[first_initials:]), " ".join(tokens[:first_initials])
    given, family = _split_particles(tokens)
    return " ".join(given), " ".join(family)


def family_key(name: str) -> str:
    """A family name reduced to what every source agrees on: "van Kampen", "Van Kampen" and
    "vanKampen" are all `vankampen`, "Bülthoff" and `B{\\"u}lthoff` are `bulthoff`.

    Particles stay in (they are part of the name, and dropping them would make "de Vries" and
    "Vries" one person); hyphens and spaces go, because sources disagree about both.
    """
    return text_key(name).replace(" ", "")


def initials_key(given: str) -> str:
    """The initials of given names, lower case and without diacritics: "Jean-Pierre" → "jp",
    "G.H." → "gh", "Émile" → "e". A run of capitals such as "GH" is read as initials."""
    text = plain_text(given)
    initials: list[str] = []
    for token in re.split(r"[\s.\-‐–]+", text):
        if not token:
            continue
        if token.isupper() and len(token) <= 3:
            initials.extend(token)
        elif token.lower() not in PARTICLES:
            initials.append(token[0])
    return text_key("".join(initials)).replace(" ", "")


def split_author_list(text: str) -> list[str]:
    """One string of authors → one string per author, in order.

    Separators are, in turn: semicolons or line breaks; "and" / "&"; then commas. "and" is
    BibTeX's separator between every two authors ("Vossen, Gottfried and Weske, Mathias"), but
    in prose it only comes before the last one ("Gottfried Vossen, Mathias Weske and John
    Smith"), where commas separate the others. Commas also separate a family name from its
    given names ("Vossen, Gottfried"), and in Scopus's "Vossen, G., Weske, M." every second
    piece is initials. "et al." and BibTeX's "and others" are dropped. Markup is decoded first,
    so the strings returned are plain text.
    """
    text = plain_text(text.replace("\n", ";")).replace("{", "").replace("}", "")
    text = _ET_AL.sub("", _SPACES.sub(" ", text)).strip()
    names: list[str] = []
    for group in _LIST_SEPARATOR.split(text):
        chunks = [c for c in _AND.split(group) if c.strip(" ,")]
        prose = len(chunks) == 2 and "," in chunks[0] and "," not in chunks[1]
        for chunk in chunks:
            if len(chunks) > 1 and not prose:
                names.extend(_initial_pairs(_comma_pieces(chunk)) or [chunk.strip(" ,")])
            else:
                names.extend(_split_commas(_comma_pieces(chunk)))
    return names


def _comma_pieces(chunk: str) -> list[str]:
    """The comma-separated pieces of a chunk, a suffix kept with its name ("King Jr.")."""
    pieces: list[str] = []
    for piece in (p.strip() for p in chunk.split(",")):
        if pieces and piece.lower() in _SUFFIXES:
            pieces[-1] = f"{pieces[-1]} {piece}"
        elif piece:
            pieces.append(piece)
    return pieces


def _initial_pairs(pieces: list[str]) -> list[str]:
    """ "Vossen, G., Weske, M." → ["Vossen, G.", "Weske, M."]; [] when it is not that form."""
    if len(pieces) < 2 or len(pieces) % 2:
        return []
    if not all(all(_is_initials(t) for t in pieces[i].split()) for i in range(1, len(pieces), 2)):
        return []
    return [f"{pieces[i]}, {pieces[i + 1]}" for i in range(0, len(pieces), 2)]


def _split_commas(pieces: list[str]) -> list[str]:
    if len(pieces) <= 1:
        return pieces
    pairs = _initial_pairs(pieces)
    if pairs:
        return pairs
    family = [t for t in pieces[0].split() if t.lower() not in _SUFFIXES]
    if len(pieces) == 2 and all(t.lower() in PARTICLES for t in family[:-1]):
        return [f"{pieces[0]}, {pieces[1]}"]  # "Vossen, Gottfried", "De Breuker, Roeland"
    return pieces


def author_keys(names: Iterable[str] | str) -> list[str]:
    """The family keys of an author list, in order and without repeats, for co-author overlap.

    Takes display names, or one author-list string, which is split with `split_author_list`.
    """
    if isinstance(names, str):
        names = split_author_list(names)
    keys: dict[str, None] = {}
    for name in names:
        key = family_key(person_name_parts(name)[1])
        if key:
            keys[key] = None
    return list(keys)
