"""Reading time of hostile input, to show it stays linear up to the limits
(`pipeline.sources.limits`) and that what is over them is refused quickly.

A BibTeX file with one huge title (0.1, 1 and 5 MB of words, plain and with LaTeX in it) beside
one ordinary entry, read by `parse_bibtex_file` exactly as `import-bibtex` reads it; a title
just under the limit, which is decoded; a JSON document nested 100,000 deep and a CSV row with a
cell of 5 MB. Prints seconds and seconds per MB for each, and what became of the huge entry.

    .venv/bin/python bench/hostile_input.py
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pipeline.link_csv import read_records
from pipeline.sources.bibtex import parse_bibtex_file
from pipeline.sources.limits import MAX_TITLE_CHARS, InputError
from pipeline.sources.model import RecordError
from pipeline.sources.pure import parse_ws_jsonl

ORDINARY = "@article{ok, title={An ordinary title}, author={Lee, Ann}, year={2020}}\n"


def _bibtex(folder: Path, name: str, title: str) -> Path:
    path = folder / name
    path.write_text("@article{huge, title={" + title + "}, year={2020}}\n" + ORDINARY)
    return path


def _timed(label: str, size: int, read: Callable[[], str]) -> None:
    began = time.perf_counter()
    outcome = read()
    seconds = time.perf_counter() - began
    per_mb = seconds / (size / 1e6)
    print(f"{label:<44} {size / 1e6:6.2f} MB {seconds:7.3f} s {per_mb:6.3f} s/MB  {outcome}")


def _bibtex_outcome(path: Path) -> Callable[[], str]:
    def read() -> str:
        first, second = parse_bibtex_file(path)
        if isinstance(first, RecordError):
            return f"refused: {first.field}: {first.message[:60]}…; other entry read"
        return f"read ({len(first.title or '')} chars); other entry {type(second).__name__}"

    return read


def main() -> None:
    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory)
        for megabytes in (0.1, 1, 5):
            words = int(megabytes * 1e6 / 5)
            plain = _bibtex(folder, f"plain-{megabytes}.bib", "word " * words)
            _timed("BibTeX title, plain words", plain.stat().st_size, _bibtex_outcome(plain))
            latex = _bibtex(folder, f"latex-{megabytes}.bib", "{\\'e}t\\\"u " * (words // 2))
            _timed("BibTeX title, LaTeX accents", latex.stat().st_size, _bibtex_outcome(latex))
        under = _bibtex(folder, "under.bib", ("{\\'e}t\\\"u " * MAX_TITLE_CHARS)[:MAX_TITLE_CHARS])
        _timed(
            "BibTeX title at the limit, LaTeX decoded", under.stat().st_size, _bibtex_outcome(under)
        )

        deep = folder / "deep.json"
        deep.write_text("[" * 100_000 + "]" * 100_000)

        def read_deep() -> str:
            with deep.open() as handle:
                [error] = list(parse_ws_jsonl(handle))
            return f"refused: {error}"

        _timed("JSON nested 100,000 deep", deep.stat().st_size, read_deep)

        csv = folder / "rows.csv"
        csv.write_text('id,title\n1,"' + "x" * 5_000_000 + '"\n2,Ordinary\n')

        def read_csv() -> str:
            try:
                read = read_records(csv, "left")
            except InputError as error:
                return f"refused: {error}"
            return f"{len(read.records)} read, refused: {read.rejected[0]}"

        _timed("CSV cell of 5 MB", csv.stat().st_size, read_csv)


if __name__ == "__main__":
    main()
