"""The WS 5.24 change feed: `/changes/{date|resumptionToken}`.

Pure numbers every change with a sequence number and answers a fixed window of 100 numbers per
call; `count` is how many of those the API key may see, so a window full of changes to
confidential content comes back with `count: 0` and `moreChanges: true` (observed at UMN, four such
pages in a row). The resumption token is base64 JSON `{"sequenceNumber": N}`. On the last page
the token is the start of that page again, as in the UMN fixture, so a harvester that resumes
from it sees the tail once more and must keep only the highest version per uuid.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from bisect import bisect_left
from dataclasses import dataclass, replace
from typing import Any, Literal

from sim.pure.vocabulary import PERSON_FAMILY, RO_FAMILY

WINDOW = 100
"""Sequence numbers per response; pureapi notes that `size` is ignored for changes."""

ChangeType = Literal["CREATE", "UPDATE", "DELETE"]
Family = Literal["ResearchOutput", "Person"]

_FAMILIES: dict[str, str] = {"ResearchOutput": RO_FAMILY, "Person": PERSON_FAMILY}


@dataclass(frozen=True, slots=True)
class Change:
    at: dt.datetime
    uuid: str
    change_type: ChangeType
    family: Family
    version: int
    visible: bool = True
    """False for changes on content the API key cannot see: they use up sequence numbers only."""

    def as_json(self) -> dict[str, Any]:
        return {
            "uuid": self.uuid,
            "changeType": self.change_type,
            "family": _FAMILIES[self.family],
            "familySystemName": self.family,
            "version": self.version,
        }


class BadChangesKey(ValueError):
    """Neither a date nor a token this server issued: the WS answers 404."""


def encode_token(sequence: int) -> str:
    payload = json.dumps({"sequenceNumber": sequence}, separators=(",", ":"))
    return base64.b64encode(payload.encode()).decode()


def decode_token(token: str) -> int:
    padded = token + "=" * (-len(token) % 4)
    try:
        sequence = json.loads(base64.b64decode(padded, validate=True))["sequenceNumber"]
    except (binascii.Error, ValueError, KeyError, TypeError) as error:
        raise BadChangesKey(token) from error
    if not isinstance(sequence, int) or sequence < 0:
        raise BadChangesKey(token)
    return sequence


def parse_date(text: str, zone: dt.tzinfo) -> dt.datetime | None:
    """`yyyy-MM-dd` or `yyyy-MM-dd_HH-mm-ss` in the instance's time zone, else None."""
    for fmt in ("%Y-%m-%d", "%Y-%m-%d_%H-%M-%S"):
        try:
            return dt.datetime.strptime(text, fmt).replace(tzinfo=zone)
        except ValueError:
            continue
    return None


@dataclass(frozen=True, slots=True)
class ChangePage:
    items: list[Change]
    resumption_sequence: int
    more: bool


class ChangeLog:
    """An append-only, time-ordered log; sequence number = position + 1."""

    def __init__(self, changes: list[Change]) -> None:
        self._changes = sorted(changes, key=lambda c: c.at)
        self._times = [c.at for c in self._changes]

    def append(self, change: Change) -> None:
        """Later events always sort last: the sim clock may not move, the log must not reorder."""
        if self._times and change.at < self._times[-1]:
            change = replace(change, at=self._times[-1])
        self._changes.append(change)
        self._times.append(change.at)

    def first_sequence_since(self, moment: dt.datetime) -> int:
        return bisect_left(self._times, moment) + 1

    def page(self, start: int) -> ChangePage:
        start = max(start, 1)
        window = self._changes[start - 1 : start - 1 + WINDOW]
        more = start - 1 + WINDOW < len(self._changes)
        return ChangePage(
            items=[c for c in window if c.visible],
            resumption_sequence=start + WINDOW if more else start,
            more=more,
        )

    def page_for(self, key: str, zone: dt.tzinfo) -> ChangePage:
        moment = parse_date(key, zone)
        return self.page(self.first_sequence_since(moment) if moment else decode_token(key))
