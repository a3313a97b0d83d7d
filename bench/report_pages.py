"""Check every page of a written report as the acceptance of the people's pages asks, and time
the writing: each researcher's page in Dutch and in English, a page per faculty in both, and no
title on any page showing HTML tags, entities or LaTeX commands.

    .venv/bin/python bench/report_pages.py var/reports/run-1          # check a written report
    .venv/bin/python bench/report_pages.py var/reports/run-1 --write  # write it again first

Prints figures; exits 1 when a page is missing or a title shows markup.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

RAW_MARKUP = re.compile(r"</?[a-z]+[^>]*>|\\[A-Za-z]+|&(?:[a-z]+|#\d+);")


class Titles(HTMLParser):
    """The text of every element carrying `data-title`, and the page's language."""

    def __init__(self) -> None:
        super().__init__()
        self.titles: list[str] = []
        self.lang: str | None = None
        self._depth = 0
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "html":
            self.lang = names.get("lang")
        if self._depth:
            self._depth += tag not in ("br",)
        elif "data-title" in names:
            self._depth, self._text = 1, []

    def handle_endtag(self, tag: str) -> None:
        if self._depth:
            self._depth -= 1
            if not self._depth:
                self.titles.append("".join(self._text))

    def handle_data(self, data: str) -> None:
        if self._depth:
            self._text.append(data)


def check(folder: Path) -> int:
    researchers = [p for p in (folder / "researchers").iterdir() if p.is_dir()]
    missing = [
        f"{p.name}/actions.{language}.html"
        for p in researchers
        for language in ("nl", "en")
        if not (p / f"actions.{language}.html").is_file()
    ]
    pages = sorted(folder.rglob("*.html"))
    per_language = {"nl": 0, "en": 0}
    titles = raw = 0
    for page in pages:
        parser = Titles()
        parser.feed(page.read_text(encoding="utf-8"))
        if page.name.startswith("actions.") or page.name.endswith((".nl.html", ".en.html")):
            per_language[parser.lang or "?"] = per_language.get(parser.lang or "?", 0) + 1
            expected = page.name.split(".")[-2]
            if parser.lang != expected:
                missing.append(f"{page.relative_to(folder)} is lang={parser.lang}")
        for title in parser.titles:
            titles += 1
            if RAW_MARKUP.search(title):
                raw += 1
                print(f"raw markup: {page.relative_to(folder)}: {title!r}")
    faculties = len(list((folder / "faculties").glob("*.nl.html")))
    print(
        f"{len(pages)} HTML pages; {len(researchers)} researchers with a page, "
        f"{per_language['nl']} Dutch and {per_language['en']} English researcher/faculty pages; "
        f"{faculties} faculties with a page in each language; {titles} titles checked, "
        f"{raw} showing markup"
    )
    for problem in missing:
        print(f"missing: {problem}")
    return 1 if raw or missing else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="a run's report folder, e.g. var/reports/run-1")
    parser.add_argument("--write", action="store_true", help="write the report again, timed")
    args = parser.parse_args()
    if args.write:
        from pipeline.config import get_settings
        from pipeline.db import get_engine
        from pipeline.publish.report import write_report

        run_id = int(args.folder.name.removeprefix("run-"))
        began, cpu = time.perf_counter(), time.process_time()
        summary = write_report(get_engine(), get_settings(), run_id, args.folder)
        print(
            f"write_report: {time.perf_counter() - began:.1f} s "
            f"({time.process_time() - cpu:.1f} s CPU in this process), {summary.files} files, "
            f"{summary.bytes / 1e6:.1f} MB, {summary.researchers} researchers"
        )
    return check(args.folder)


if __name__ == "__main__":
    sys.exit(main())
