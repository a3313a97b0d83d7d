"""The matcher's thresholds and weights, each with the reason for its default.

The defaults are set on principle and checked on the synthetic institution, never fitted to a
benchmark's labels: a benchmark that the defaults were tuned on would stop measuring anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class MatchConfig:
    assignment: Literal["one-to-one", "same-work-groups"] = "one-to-one"
    """How links between two tables are chosen (see `pipeline.match.cluster.assign`).
    "one-to-one": each record gets at most its best partner, right when neither table holds a
    work twice (two bibliographies, DBLP-ACM). "same-work-groups": a record may link to several
    records of the other table when those are the same work as each other, right for Pure
    against ORCID, where one work is an ORCID work per source and Pure outputs are entered
    twice. It is not the default because recurring titles (columns, editorials) make records of
    one table look like one work when they are not."""

    year_window: int = 2
    """Candidates may differ by this many years. Online-first and print years differ by one,
    a conference paper and its journal write-up by one or two; a missing year never excludes."""

    title_floor: float = 0.85
    """Without a shared identifier, the titles must agree at least this much (after
    normalisation, which has already removed case, markup, accents and punctuation): what is
    left is wording, and other fields may confirm a title but never stand in for one. 0.85
    allows about one changed word in a ten-word title."""

    threshold: float = 0.85
    """The weighted score a title-based pair needs to be linked."""

    reworded_title_floor: float = 0.8
    """The title floor when every other field confirms the pair: all co-authors of the shorter
    list found in the other, the same year, the same venue, no type disagreement, and a title
    that does not recur. Two sources often word one title differently ("B2B" /
    "business-to-business", "a framework for change diagnosis" / "for diagnosing changes");
    the same people publishing two works with titles this close in one venue in one year is
    far rarer. 0.8 allows about two changed words in a ten-word title."""

    specific_title_min_words: int = 5
    """From how many words an (almost) identical title (similarity at least
    `labelled_title_similarity`) names one work rather than a kind of
    piece ("Editorial", "Book review column", "Reminiscences on influential papers"). Such a
    title in the same venue and year is linked even when the author lists disagree, because
    author lists are the field sources get wrong most: a consortium listed by its members on
    one side and its steering group on the other, a book review credited to the book's
    authors."""

    labelled_title_similarity: float = 0.9
    """The share of their similarity credited to titles that agree only once a genre label
    ("- Book Review", "(Panel Abstract)", "Tutorial:") or a bracketed aside is removed from one
    or both: less than a missing subtitle (0.95), because a label is information: "(demo
    abstract)" on one record and not the other is as likely the demo and the paper of one
    project as one piece written two ways."""

    main_title_similarity: float = 0.95
    """Title similarity credited when one record lacks the other's subtitle (main titles equal):
    less than a full match, so the other fields must not disagree."""

    truncated_title_similarity: float = 0.95
    """Title similarity credited when one title is the other cut short at a word boundary."""

    extended_title_similarity: float = 0.9
    """Title similarity credited when one title is the other's beginning, whole words, without
    an ellipsis or separator ("… Web Servers" / "… Web Servers (PAWS 2000, held with …)"): the
    weakest title rule, so co-authors and year must agree for the pair to reach the threshold."""

    main_title_min_words: int = 3
    """A shorter main title ("Introduction", "Editorial note") names too many works to stand
    for a title whose subtitle is missing."""

    weight_title: float = 0.55
    weight_authors: float = 0.25
    """Co-author surnames: the strongest evidence after the title that two same-titled records
    are one work (two "Editorial"s by different people are not)."""
    weight_year: float = 0.10
    weight_type: float = 0.05
    weight_venue: float = 0.05
    """Venue is weak evidence and counts only when it agrees: the same venue is written in many
    forms ("SIGMOD Record", "ACM SIGMOD", "Proc. SIGMOD"), so disagreement says little."""

    venue_agreement: float = 0.8
    """Venue similarity from which the venues count as the same. Without an identifier, records
    whose years differ are linked only when their venues agree: the same title and authors a
    year apart are as often a conference paper and its journal version, or a yearly column, as
    one work with an online-first year, and the venue is what tells them apart."""

    year_scores: tuple[float, ...] = (1.0, 0.5, 0.2)
    """Year evidence by distance 0, 1, 2…; beyond the tuple, 0."""

    partial_authors_credit: float = 0.8
    """The co-author overlap credited when the lists share at least two people, if the
    overlap itself is lower: two of five authors kept by a scraped page support the pair, they
    do not contradict it. (A list cut to its first author, "Lee et al.", agrees fully anyway,
    since the overlap is counted over the shorter list.)"""

    distinctive_title_margin_bits: float = 20.0
    """How much rarer than one in the records at hand a title's words must be, in bits, for
    the title alone to carry a link when neither authors nor year can confirm it. A title's
    information is the sum over its words of log2(records / records holding the word),
    counted on the records being linked (`pipeline.match.score.TitleRarity`), so "Editorial"
    or "A survey of databases" carry little and a long title of rare words much. The title
    must carry log2(records) bits to be expected once among the records, and this margin on
    top makes a chance match about a million times less likely than that (words of one field
    are not independent, so the margin is generous). Short or common titles need agreeing
    authors and year."""

    rarity_min_titles: int = 1000
    """From how many distinct titles word frequencies say how rare a title is; among fewer
    (a researcher's own list, a small file) every word looks rare or common by accident, and
    a title of `specific_title_min_words` words or more counts as distinctive."""

    ambiguity_margin: float = 0.05
    """Title similarities this close are equally good evidence: a typo, a title cut short or a
    subtitle left out (credited 0.95) make differences this small. A record linked by title to
    two records that are different works, with title similarities this close and no other
    field preferring one of them, is linked to neither (see `pipeline.match.link`)."""
