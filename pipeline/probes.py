"""Named points in the middle of each stage where a run can be made to stop and wait, so that a
test (or an operator rehearsing a failure) can kill it exactly there rather than at a moment a
timer guesses: with `PURE_ORCID_PROBE=<point>` set, the process that reaches `<point>` writes
its process id to the file `PURE_ORCID_PROBE_FILE` names and sleeps until it is killed.

The points: `extract-pure` (units and persons staged, research outputs not yet read),
`extract-orcid` (researchers' works staged, their record status and removals not yet
settled), `match` (a batch's links written,
the previous run's not yet dropped), `validate` (results stored, the stage not yet closed) and
`publish` (lists copied and the report written beside its place, nothing committed or moved),
`load-orcid-intent` (the intents of a bulk POST to ORCID committed, the POST not sent) and
`load-orcid-posted` (ORCID answered the POST, its put-codes not recorded).
Unset, a probe costs one dictionary lookup.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

PROBE = "PURE_ORCID_PROBE"
PROBE_FILE = "PURE_ORCID_PROBE_FILE"


def probe(point: str) -> None:
    """Stop here for good if this is the point asked for."""
    if os.environ.get(PROBE) != point:
        return
    signal = os.environ.get(PROBE_FILE)
    if signal:
        Path(signal).write_text(str(os.getpid()), encoding="ascii")
    while True:  # in short naps, so that a stage's timeout can stop it
        time.sleep(0.5)
