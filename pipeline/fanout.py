"""Work spread over worker processes, for the stages whose Python work one process cannot spread
over cores: the ORCID extraction (parsing and staging, above about 70 requests/s) and matching
(normalising and scoring).

Workers are spawned, not forked (a forked child would inherit the parent's connections and
threads), and each opens its own engine to the same database, since connections cannot cross a
process boundary. Every share of the work returns the stage's summary; `merge` adds a share's
figures into the stage's own, by rules the summary's fields carry (`WHOLE`, `LARGEST`).
"""

from __future__ import annotations

import copy
import dataclasses
import itertools
import multiprocessing
import multiprocessing.connection
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine

Share = TypeVar("Share")
Summary = TypeVar("Summary")

_RULE = "fanout"
WHOLE = {_RULE: "whole"}
"""Field metadata: a figure of the whole stage (a count of researchers, the wall time), set by
the stage itself and left alone by `merge`."""
LARGEST = {_RULE: "largest"}
"""Field metadata: a figure that is the largest of the shares' (a peak), not their sum."""


def fan_out(
    engine: Engine,
    work: Callable[[Engine, Share], Summary],
    shares: Sequence[Share],
    processes: int,
) -> Iterator[Summary]:
    """`work(engine, share)` for every share, in `processes` worker processes (in this process,
    with `engine`, when there is only one); the results in the order of the shares, each as
    soon as it and those before it are done (so a stage can show its progress).

    `work` and the shares cross to the workers pickled: `work` must be a module-level function
    (or a `functools.partial` of one).
    """
    if processes <= 1:
        for share in shares:
            yield work(engine, share)
        return
    url = engine.url.render_as_string(hide_password=False)
    with ProcessPoolExecutor(
        processes,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(url,),
    ) as pool:
        yield from pool.map(_run_share, itertools.repeat(work), shares)


def merge(total: Any, part: Any) -> None:
    """Add a share's summary into the stage's: numbers add up, and dicts of numbers key by key;
    a field marked `WHOLE` keeps the stage's own value, one marked `LARGEST` the larger."""
    for field in dataclasses.fields(total):
        rule = field.metadata.get(_RULE)
        ours, theirs = getattr(total, field.name), getattr(part, field.name)
        if rule == "whole":
            continue
        if rule == "largest":
            setattr(total, field.name, max(ours, theirs))
        elif isinstance(ours, dict):
            for key, value in theirs.items():
                ours[key] = ours.get(key, 0) + value
        else:
            setattr(total, field.name, ours + theirs)


_worker_engine: Engine | None = None


def _start_worker(url: str) -> None:
    global _worker_engine  # one engine per worker process, made when it starts
    _worker_engine = create_engine(url, pool_pre_ping=True)
    threading.Thread(target=_exit_with_parent, name="parent-watch", daemon=True).start()


def _exit_with_parent() -> None:
    """A worker whose stage's process died (SIGKILL leaves the pool no time to stop it) stops
    at once rather than work on for nobody."""
    parent = multiprocessing.parent_process()
    if parent is not None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(1)


def _run_share(work: Callable[[Engine, Share], Summary], share: Share) -> Summary:
    assert _worker_engine is not None, "worker started without its engine"
    return work(_worker_engine, share)


def combined(parts: Sequence[Summary]) -> Summary:
    """The first part's summary with every other part merged into it (see `merge`)."""
    total = copy.deepcopy(parts[0])
    for part in parts[1:]:
        merge(total, part)
    return total
