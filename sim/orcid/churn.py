"""A night's worth of change on ORCID, applied on demand so the incremental extraction can be
measured: `POST /__sim/churn?share=0.02` changes that share of the active records.

Each changed record gets one change, in rotation: a work added, a work's title corrected, a
work deleted, or a work made private by the researcher. Every change moves the record's
last-modified date, as ORCID's does, so a search on `profile-last-modified-date` finds it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections import Counter

from sim.orcid.state import OrcidState, StoredWork

KINDS = ("added", "retitled", "deleted", "hidden")


def churn(state: OrcidState, share: float, now: dt.datetime, seed: int) -> Counter[str]:
    """Change `share` of the institution's researchers' active records (those whose iD Pure
    holds) that have works; returns how many of each change."""
    rng = random.Random(seed)  # noqa: S311  (a simulation, not a secret)
    records = state.institution.orcid_records
    held = {person.orcid for person in state.institution.persons if person.orcid}
    candidates = sorted(
        orcid
        for orcid in held
        if orcid in records and records[orcid].status == "active" and state.works(orcid)
    )
    chosen = rng.sample(candidates, round(share * len(candidates)))
    done: Counter[str] = Counter()
    for index, orcid in enumerate(chosen):
        kind = KINDS[index % len(KINDS)]
        works = state.works(orcid)
        victim = works[rng.randrange(len(works))]
        if kind == "added":
            work = dataclasses.replace(
                victim.work,
                put_code=state.new_put_code(),
                title=f"Addendum: {victim.work.title}",
                external_ids=[],
                true_work_id=-1,
                created=now,
                last_modified=now,
            )
            state.add(StoredWork(work), now)
        elif kind == "retitled":
            work = dataclasses.replace(
                victim.work, title=f"{victim.work.title} (corrected)", last_modified=now
            )
            state.replace(StoredWork(work, victim.extras), now)
        elif kind == "deleted":
            state.remove(orcid, victim.work.put_code, now)
        else:
            work = dataclasses.replace(victim.work, visibility="private", last_modified=now)
            state.replace(StoredWork(work, victim.extras), now)
        done[kind] += 1
    return done
