"""The comparable form of person names, for co-author overlap and for telling researchers apart.

Sources disagree on how a name is written: Pure has "Family, Given" and `B{\\"u}lthoff` in its
BibTeX, ORCID's credit names are "Given Family", PubMed writes "Family GH", Scopus
"Family, G.H.", and Dutch records sort "Kampen, N.G. van". What stays the same is the family
name with its particles, which `family_key` reduces to letters and digits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

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


def _plain(text: str) -> str:
    """A name or author list as plain text: markup decoded, BibTeX's protecting braces
    (`{van Kampen}`) dropped, spaces collapsed."""
    return _SPACES.sub(" ", plain_text(text).replace("{", "").replace("}", "")).strip()


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
    text = _plain(display_name)
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
    text = _ET_AL.sub("", _plain(text.replace("\n", ";"))).strip()
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


_CORPORATE_WORDS = frozenset({
    "corporate", "team", "group", "consortium", "collaboration", "committee", "council",
    "university", "univ", "institute", "institut", "instituut", "laboratory", "laboratories",
    "lab", "labs", "department", "dept", "centre", "center", "society", "association",
    "foundation", "organisation", "organization", "agency", "ministry", "network", "project",
    "initiative", "investigators", "inc", "ltd", "llc", "gmbh", "corporation", "corp",
    "company", "alliance", "federation", "school", "college", "hospital", "taskforce",
})  # fmt: skip
"""Words that make an author an organisation rather than a person ("The Access Team", "CORPORATE
National Technical Univ. of Athens", "ATLAS Collaboration"). ACM marks such authors with
CORPORATE; other sources do not mark them at all."""

_CORPORATE_NOISE = frozenset({"corporate", "the", "of", "and", "for", "on", "in", "at", "de"})
"""Words left out when two organisation names are compared: ACM's marker and function words."""


@dataclass(frozen=True, slots=True)
class AuthorName:
    """One author reduced to what tells two spellings of a person apart, or not.

    `family` is the whole family key (`family_key`; for an organisation, its significant words
    run together); `surnames` its words without particles,
    because Spanish and Portuguese names carry two surnames of which a source may keep one,
    both, or both hyphenated ("Berzal Galiano", "García-Pérez"); `words` every word of the name,
    because a source that reads "Given Family" cannot tell a second surname from a middle
    name, nor (in "Wang Le") which word is the family name; `initials` those of the given names.
    """

    family: str
    surnames: frozenset[str]
    words: frozenset[str]
    initials: str
    corporate: bool = False


def _words(text: str) -> list[str]:
    return [w for w in text_key(text).split() if w not in PARTICLES]


PLACEHOLDER_WORDS = frozenset({
    "n", "a", "na", "none", "null", "nil", "unknown", "anonymous", "anon", "anonym", "various",
    "author", "authors", "no", "name", "available", "not", "given", "admin", "administrator",
    "staff", "tba", "tbd", "et", "al", "others", "s", "sn", "editor", "editors", "ed", "eds",
    "missing", "undefined", "unspecified", "nobody", "user",
})  # fmt: skip
"""Words that stand where no name is known ("N/A", "Anonymous", "[No author name available]",
"[s.n.]", "Unknown"): a name made of these alone names nobody."""

_HOST = re.compile(
    r"(?:https?://|www\.|@)|^[\w-]{2,}(?:\.[\w-]+)*\.(?:com|net|org|edu|gov|info|io|ac\.[a-z]{2})$",
    re.IGNORECASE,
)
"""A web address or host name, which scrapers put in the author field ("researchgate.net")."""

PERSON_MAX_WORDS = 5
"""A person's name has at most this many words besides particles ("María José García
Fernández"); longer text in an author field is a sentence or an affiliation."""


def _not_a_person(plain: str, words: list[str]) -> bool:
    """Whether an author field entry cannot be a person's name: a placeholder, a web address,
    digits, or more words than a name has. Judged on what a name looks like, so that junk
    author lists count as unknown rather than as authors who disagree."""
    return (
        all(w in PLACEHOLDER_WORDS for w in words)
        or any(_HOST.search(token) for token in plain.split())
        or any(c.isdigit() for c in plain)
        or len([w for w in words if w not in PARTICLES]) > PERSON_MAX_WORDS
    )


@lru_cache(maxsize=200_000)
def author_name(name: str) -> AuthorName | None:
    """An `AuthorName` of one name as any source writes it; None when there is no name ("?",
    "", "et al.", "N/A", "www.example.org", see `_not_a_person`). One word in capitals of
    three letters or more ("IEEE", "NASA") is an organisation. Cached: the same co-authors
    recur on every work of a researcher."""
    plain = _plain(name)
    words = text_key(plain).split()
    if not any(w.isalpha() for w in words):
        return None
    corporate = any(w in _CORPORATE_WORDS for w in words)
    if not corporate and _not_a_person(plain, words):
        return None
    acronym = len(words) == 1 and len(plain) >= 3 and plain.isalpha() and plain.isupper()
    if acronym or (corporate and (len(words) > 2 or "," not in plain)):
        kept = [w for w in words if w not in _CORPORATE_NOISE]
        return AuthorName("".join(kept), frozenset(kept), frozenset(kept), "", corporate=True)
    given, family = person_name_parts(plain)
    key = family_key(family)
    if not key:
        return None
    surnames = frozenset(_words(family)) or frozenset([key])
    return AuthorName(
        family=key,
        surnames=surnames,
        words=surnames | frozenset(_words(given)),
        initials=initials_key(given),
    )


def author_names(names: Iterable[str] | str) -> tuple[AuthorName, ...]:
    """The `AuthorName`s of an author list (display names, or one string split with
    `split_author_list`), in order, without repeats."""
    if isinstance(names, str):
        names = split_author_list(names)
    found: dict[AuthorName, None] = {}
    for name in names:
        parsed = author_name(name)
        if parsed is not None:
            found[parsed] = None
    return tuple(found)


TYPO_MIN_LENGTH = 4
"""Shorter surnames ("Li", "Wu", "Ng") are one letter from too many others to allow a typo."""

TYPO_SIMILARITY = 85
"""Edit similarity (0–100) from which two long surnames are one surname with a typo
("Rosneblatt" / "Rosenblatt")."""


def same_author(a: AuthorName, b: AuthorName) -> bool:
    """Whether two names can be one person, as far as names can tell.

    - Equal family keys, or long ones one typo apart: as before, given names are not required
      to agree, since one source often has initials only and the other none at all.
    - One name's surnames all among the other's words, and its first initial among the
      initials of the other's remaining words: "J. García-Pérez" / "Juan García Pérez",
      "Fernando Berzal" / "Fernando Berzal Galiano" (a second surname dropped), "Wang Le" /
      "Le Wang" (name order). Requiring the initial keeps "Maria Berzal" apart from
      "Fernando Berzal Galiano", where "Berzal" may be a given name.
    - Organisations only match organisations, on one name's words all being the other's, or
      one's letters running on in the other's ("Fox Development Team" / "CORPORATE Fox
      Development Team Microsoft", "Times-Ten Team" / "The TimesTen Team").
    """
    if a.corporate or b.corporate:
        return (
            a.corporate
            and b.corporate
            and (a.words <= b.words or b.words <= a.words or a.family in b.family
                 or b.family in a.family)
        )  # fmt: skip
    if a.family == b.family:
        return True
    if (
        len(a.family) >= TYPO_MIN_LENGTH
        and len(b.family) >= TYPO_MIN_LENGTH
        and fuzz.ratio(a.family, b.family, score_cutoff=TYPO_SIMILARITY)
    ):
        return True
    for one, other in ((a, b), (b, a)):
        if _run_together(one, other):
            return True
        if one.surnames <= other.words:
            rest = other.words - one.surnames
            if not one.initials or not rest or any(w[0] == one.initials[0] for w in rest):
                return True
    return False


def _run_together(one: AuthorName, other: AuthorName) -> bool:
    """ "AnnaSmith" or "SmithAnna" for "Anna Smith": one word without initials that is the
    other's family name with a given name run on before or after it."""
    if one.initials or len(one.surnames) != 1 or len(other.family) < 2 or not other.initials:
        return False
    whole = one.family
    if whole.endswith(other.family):
        rest = whole[: -len(other.family)]
    elif whole.startswith(other.family):
        rest = whole[len(other.family) :]
    else:
        return False
    return len(rest) >= 2 and rest[0] == other.initials[0]


def shared_authors(a: Sequence[AuthorName], b: Sequence[AuthorName]) -> tuple[int, int] | None:
    """(authors of the shorter list that the other list names too, length of the shorter
    list): shared over shorter is the co-author overlap, since one source may list only the
    researcher. None when the lists cannot be compared: one is empty, or one names only
    organisations and the other only persons, since "The Access Team" says who was responsible,
    not who wrote it, and disagrees with no person's name."""
    people = [x for x in a if not x.corporate], [y for y in b if not y.corporate]
    if not people[0] or not people[1]:
        if not a or not b or any(people):
            return None
        people = (list(a), list(b))
    shorter, longer = sorted(people, key=len)
    families = {y.family for y in longer}
    shared = 0
    for x in shorter:
        if x.family in families or any(same_author(x, y) for y in longer):
            shared += 1
    return shared, len(shorter)
