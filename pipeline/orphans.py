"""No process outlives the run that started it.

A run starts processes of its own: Prefect's temporary API server (when no PREFECT_API_URL is
set), and worker processes for the stages that fan out. When the run's process is killed with
SIGKILL, nothing in it gets to stop them: each would live on, holding its memory (three
temporary servers held 614 MiB) and, for a worker, perhaps a database connection.

So a run starts a small watchdog process first. It keeps a list of the run's descendants,
taken afresh four times a second, and waits on a pipe only the run holds open. When the run
ends, however it ends, the pipe closes, and the watchdog stops (SIGTERM, then SIGKILL after
five seconds) every process of its last list that still runs — psutil checks each one's start
time, so a process id the system has since given to another process is left alone. A process
that left the tree on its own before the end (the embedded PostgreSQL server, which detaches
when it starts) is not on the list. Worker processes also watch their parent themselves
(`pipeline.fanout`), which covers one started in the last quarter second.
"""

from __future__ import annotations

import atexit
import os
import subprocess
import sys

_WATCHDOG = r"""
import select, sys
import psutil

run = psutil.Process(int(sys.argv[1]))
me = psutil.Process()
latest = []
while True:
    ready, _, _ = select.select([sys.stdin], [], [], 0.25)
    if ready and not sys.stdin.buffer.read1(1):
        break
    try:
        latest = [p for p in run.children(recursive=True) if p.pid != me.pid]
    except psutil.NoSuchProcess:
        break
left = [p for p in latest if p.is_running()]
for p in left:
    try:
        p.terminate()
    except psutil.NoSuchProcess:
        pass
_, left = psutil.wait_procs(left, timeout=5)
for p in left:
    try:
        p.kill()
    except psutil.NoSuchProcess:
        pass
"""


_watchdog: subprocess.Popen[bytes] | None = None


def watch_for_orphans() -> None:
    """Start the watchdog of this process's descendants (once per process). It does its last
    sweep when the process ends: after Prefect's own exit handlers have stopped its temporary
    server and sent the last logs, or at once if the process is killed."""
    global _watchdog  # one per process, ended by the process's end
    if _watchdog is not None:
        return
    _watchdog = subprocess.Popen(  # noqa: S603  (our own interpreter and code)
        [sys.executable, "-c", _WATCHDOG, str(os.getpid())],
        stdin=subprocess.PIPE,
        start_new_session=True,  # a Ctrl-C meant for the run does not stop its watchdog first
    )
    # Registered before the run starts Prefect's server, so it runs after that server's own
    # exit handler (atexit runs the last registered first).
    atexit.register(_last_sweep, _watchdog)


def _last_sweep(watchdog: subprocess.Popen[bytes]) -> None:
    assert watchdog.stdin is not None
    watchdog.stdin.close()
    watchdog.wait()
