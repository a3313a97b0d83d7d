"""The part of ORCID's Solr search the pipeline relies on: which records changed since a date
(`profile-last-modified-date:[2024-01-01T00:00:00Z TO *]`, shared/reference/orcid-api.md §3),
optionally narrowed to a list of iDs (`orcid:(A OR B)`), with AND/OR/NOT and parentheses.

Any other field is refused with a 400 naming it, so a query the simulator cannot answer fails
loudly instead of silently matching nothing. The default operator is OR, as in Solr.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from sim.orcid import errors
from sim.orcid.errors import OrcidApiError


@dataclass(frozen=True, slots=True)
class Doc:
    orcid: str
    modified: dt.datetime


Predicate = Callable[[Doc], bool]
_FIELD = re.compile(r"[\w\-.*]+")


def _fail(detail: str) -> OrcidApiError:
    return OrcidApiError(errors.bad_search(detail))


def _date(text: str, now: dt.datetime) -> dt.datetime | None:
    if text == "*":
        return None
    if text.upper() == "NOW":
        return now
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise _fail(f"Invalid date '{text}' in the search query") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


class _Parser:
    def __init__(self, query: str, now: dt.datetime) -> None:
        self.text = query
        self.pos = 0
        self.now = now

    def parse(self) -> Predicate:
        predicate = self._or()
        self._space()
        if self.pos != len(self.text):
            raise _fail(f"Cannot parse the search query at '{self.text[self.pos :]}'")
        return predicate

    def _space(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def _word(self, *words: str) -> bool:
        self._space()
        for word in words:
            end = self.pos + len(word)
            if self.text[self.pos : end] == word and (
                end == len(self.text) or self.text[end].isspace() or self.text[end] == "("
            ):
                self.pos = end
                return True
        return False

    def _or(self) -> Predicate:
        terms = [self._and()]
        while True:
            self._space()
            if self.pos == len(self.text) or self.text[self.pos] == ")":
                break
            self._word("OR", "||")
            terms.append(self._and())
        return terms[0] if len(terms) == 1 else lambda d: any(t(d) for t in terms)

    def _and(self) -> Predicate:
        terms = [self._unary()]
        while self._word("AND", "&&"):
            terms.append(self._unary())
        return terms[0] if len(terms) == 1 else lambda d: all(t(d) for t in terms)

    def _unary(self) -> Predicate:
        negate = self._word("NOT")
        if not negate and self.text.startswith(("-", "!"), self.pos):
            self.pos += 1
            negate = True
        elif not negate and self.text.startswith("+", self.pos):
            self.pos += 1
        inner = self._primary()
        return (lambda d: not inner(d)) if negate else inner

    def _primary(self) -> Predicate:
        self._space()
        if self.text.startswith("(", self.pos):
            self.pos += 1
            inner = self._or()
            self._expect(")")
            return inner
        match = _FIELD.match(self.text, self.pos)
        if not match:
            raise _fail(f"Cannot parse the search query at '{self.text[self.pos :]}'")
        self.pos = match.end()
        self._expect(":")
        return self._clause(match.group())

    def _expect(self, char: str) -> None:
        self._space()
        if not self.text.startswith(char, self.pos):
            raise _fail(f"Expected '{char}' in the search query at position {self.pos}")
        self.pos += 1

    def _until(self, closers: str) -> str:
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] not in closers:
            self.pos += 1
        return self.text[start : self.pos]

    def _clause(self, field: str) -> Predicate:
        opener = self.text[self.pos : self.pos + 1]
        if opener in ("[", "{"):
            self.pos += 1
            low_text, _, high_text = self._until("]}").partition(" TO ")
            closer = self.text[self.pos : self.pos + 1]
            self._expect(closer or "]")
            return self._range(field, opener == "[", low_text.strip(), high_text.strip(), closer)
        if opener == "(":
            self.pos += 1
            values = [v.strip('"') for v in self._until(")").split() if v not in ("OR", "||")]
            self._expect(")")
            alternatives = [self._equals(field, v) for v in values]
            return lambda d: any(a(d) for a in alternatives)
        if opener == '"':
            self.pos += 1
            value = self._until('"')
            self._expect('"')
            return self._equals(field, value)
        return self._equals(field, self._until(" \t\n)"))

    def _equals(self, field: str, value: str) -> Predicate:
        if field == "*" and value == "*":
            return lambda d: True
        if field == "orcid":
            wanted = value.upper()
            return lambda d: d.orcid == wanted
        if field == "profile-last-modified-date":
            moment = _date(value, self.now)
            return lambda d: moment is None or d.modified == moment
        raise _fail(f"The simulator does not index the field '{field}'")

    def _range(
        self, field: str, include_low: bool, low_text: str, high_text: str, closer: str
    ) -> Predicate:
        if field != "profile-last-modified-date":
            raise _fail(f"The simulator cannot search a range on the field '{field}'")
        low, high = _date(low_text, self.now), _date(high_text, self.now)
        include_high = closer == "]"

        def within(d: Doc) -> bool:
            if low is not None and (d.modified < low or (d.modified == low and not include_low)):
                return False
            return high is None or d.modified < high or (d.modified == high and include_high)

        return within


def compile_query(query: str, now: dt.datetime) -> Predicate:
    if not query.strip():
        raise _fail("The search query is empty")
    return _Parser(query, now).parse()
