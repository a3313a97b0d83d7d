"""Titles as people read them: the markup sources put in them decoded, italics kept as italics,
and everything else text."""

from __future__ import annotations

import pytest

from pipeline.publish.report.titles import title_html, title_text


@pytest.mark.parametrize(
    ("title", "html", "text"),
    [
        ("Life of <i>marine</i> snails", "Life of <i>marine</i> snails", "Life of marine snails"),
        ("<em>E. coli</em> in <I>vitro</I>", "<i>E. coli</i> in <i>vitro</i>", "E. coli in vitro"),
        (r"On \emph{diabetes} type~2", "On <i>diabetes</i> type 2", "On diabetes type 2"),
        (r"{\it Drosophila} genetics", "<i>Drosophila</i> genetics", "Drosophila genetics"),
        (r"L{\'e}vy and G\"odel", "Lévy and Gödel", "Lévy and Gödel"),
        ("Caf&amp;eacute; in H<sub>2</sub>O", "Café in H2O", "Café in H2O"),
        (
            r"Efficient $O(n \log n)$ sorting",
            "Efficient O(n log n) sorting",
            "Efficient O(n log n) sorting",
        ),
        (
            "The $100 laptop & a ~ tilde",
            "The $100 laptop &amp; a ~ tilde",
            "The $100 laptop & a ~ tilde",
        ),
        (
            "<script>alert(1)</script>",
            "&lt;script&gt;alert(1)&lt;/script&gt;",
            "<script>alert(1)</script>",
        ),
        ("<i>never closed", "<i>never closed</i>", "never closed"),
        ("closed </i> too often", "closed  too often", "closed  too often"),
        ("", "", ""),
        (None, "", ""),
    ],
)
def test_titles_lose_their_markup_but_keep_their_italics(
    title: str | None, html: str, text: str
) -> None:
    assert str(title_html(title)) == html
    assert title_text(title) == text
