"""Identifiers that look and validate like real ones, so that normalisers and checksum tests in the
pipeline meet the same shapes they will meet in production."""

from __future__ import annotations

import random

ORCID_BLOCKS: tuple[tuple[int, int], ...] = (
    (15_000_000, 35_000_000),
    (900_000_000_000, 900_100_000_000),
)
"""The 15-digit bases ORCID assigns from (orcid-api.md 2.5), without the check digit."""


def orcid_check_digit(base: str) -> str:
    """ISO/IEC 7064 MOD 11-2 over the first 15 digits, as ORCID computes it (orcid-api.md 2.5)."""
    total = 0
    for char in base:
        if char != "-":
            total = (total + int(char)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def is_valid_orcid(orcid: str) -> bool:
    if len(orcid) != 19 or orcid[4] != "-" or orcid[9] != "-" or orcid[14] != "-":
        return False
    digits = orcid.replace("-", "")
    if not digits[:15].isdigit():
        return False
    return orcid_check_digit(digits[:15]) == digits[15]


def format_orcid(base: int) -> str:
    digits = f"{base:015d}"
    full = digits + orcid_check_digit(digits)
    return f"{full[0:4]}-{full[4:8]}-{full[8:12]}-{full[12:16]}"


def new_orcid(rng: random.Random, used: set[str]) -> str:
    """A fresh iD from one of the assigned blocks; most from the older block, as in real data."""
    low, high = ORCID_BLOCKS[0] if rng.random() < 0.8 else ORCID_BLOCKS[1]
    while True:
        orcid = format_orcid(rng.randrange(low, high))
        if orcid not in used:
            used.add(orcid)
            return orcid


def break_checksum(orcid: str, rng: random.Random) -> str:
    """The same iD with a wrong last character: the typo Pure accepts and ORCID does not."""
    wrong = rng.choice([c for c in "0123456789X" if c != orcid[-1]])
    return orcid[:-1] + wrong


def issn_check_digit(first7: str) -> str:
    total = sum(int(d) * w for d, w in zip(first7, range(8, 1, -1), strict=True))
    result = (11 - total % 11) % 11
    return "X" if result == 10 else str(result)


def new_issn(rng: random.Random) -> str:
    first7 = f"{rng.randrange(1_000_000, 9_999_999):07d}"
    return f"{first7[:4]}-{first7[4:]}{issn_check_digit(first7)}"


def isbn13_check_digit(first12: str) -> str:
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return str((10 - total % 10) % 10)


def new_isbn13(rng: random.Random, prefix: str) -> str:
    """An ISBN-13 under a publisher prefix such as "978-3-030", hyphenated as printed."""
    group_and_publisher = prefix.replace("-", "")
    title_len = 12 - len(group_and_publisher)
    title = f"{rng.randrange(10**title_len):0{title_len}d}"
    check = isbn13_check_digit(group_and_publisher + title)
    return f"{prefix}-{title}-{check}"


def new_pmid(rng: random.Random, year: int) -> str:
    """PMIDs grow with time, so a work's PMID agrees roughly with its year."""
    base = 8_000_000 + max(0, year - 1995) * 1_000_000
    return str(base + rng.randrange(1_000_000))


def new_eid(rng: random.Random, year: int) -> str:
    """Scopus EIDs: 2-s2.0-85… for records loaded since about 2017, 2-s2.0-84… before."""
    head = "85" if year >= 2017 else "84"
    return f"2-s2.0-{head}{rng.randrange(10**9):09d}"


def new_arxiv(rng: random.Random, year: int, month: int) -> str:
    """New-style arXiv ids (YYMM.NNNNN since 2015) with a version suffix."""
    digits = 5 if year >= 2015 else 4
    number = rng.randrange(1, 10**digits)
    version = rng.choice((1, 1, 2, 2, 3))
    return f"{year % 100:02d}{month:02d}.{number:0{digits}d}v{version}"
