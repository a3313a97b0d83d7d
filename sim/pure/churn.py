"""A night's worth of change in Pure, applied on demand so an incremental night can be measured:
`POST /__sim/churn?share=0.02` changes that share of the research outputs.

Changed outputs alternate between a corrected title and a deletion; each change goes into the
change feed, as Pure's own do, so an incremental read finds it.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace

from sim.pure.state import PureState

KINDS = ("retitled", "deleted")


def churn(state: PureState, share: float, seed: int) -> Counter[str]:
    """Change `share` of the outputs; returns how many of each change."""
    rng = random.Random(f"{seed}:pure-churn")  # noqa: S311  (a simulation, not a secret)
    outputs = state.outputs()
    chosen = rng.sample(outputs, round(share * len(outputs)))
    done: Counter[str] = Counter()
    for index, output in enumerate(chosen):
        kind = KINDS[index % len(KINDS)]
        if kind == "retitled":
            changed = replace(output, title=f"{output.title} (corrected)", modified=state.clock())
            state.update(changed, expected_version=None)
        else:
            state.delete(output.uuid)
        done[kind] += 1
    return done
