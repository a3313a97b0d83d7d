"""The ORCID and Pure simulators over real HTTP on loopback, in background threads of this process.

Real sockets rather than in-process transports, because the pipeline's retry, timeout and
connection-pool code is only exercised by a real connection that can be slow, refused or cut.
Threads rather than subprocesses, so a test or the demo starts and stops both servers in well
under a second and can hand them an `Institution` object without serialising it.

Each server listens on a socket bound here, to a port the OS picks, so the URLs are known before
the server starts and two runs (or two test sessions) never fight over a port.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import uvicorn
from starlette.types import ASGIApp

from sim.faults import FaultProfile, fault_profile
from sim.middleware import (
    ORCID_EXEMPT_PREFIXES,
    CutConnectionLogFilter,
    FaultMiddleware,
    orcid_error_page,
    pure_error_page,
)
from sim.model import Institution
from sim.orcid import create_orcid_app
from sim.pure import create_pure_app
from sim.pure.errors import WS_PREFIX

LOOPBACK = "127.0.0.1"
STARTUP_TIMEOUT_SECONDS = 10.0
SHUTDOWN_TIMEOUT_SECONDS = 10.0


class SimulatorStartError(RuntimeError):
    """A simulator did not start listening; the message says which and why, if known."""


class _ServerThread:
    """One uvicorn server on a pre-bound loopback socket, run by `Server.run` in its own thread."""

    def __init__(self, app: ASGIApp, name: str) -> None:
        self.name = name
        self._socket = _listening_socket()
        self.port: int = self._socket.getsockname()[1]
        config = uvicorn.Config(
            app,
            log_config=None,  # leave the host process's logging alone
            access_log=False,
            lifespan="auto",
            timeout_graceful_shutdown=int(SHUTDOWN_TIMEOUT_SECONDS),
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._serve, name=name, daemon=True)
        self._exit_status: int | str | None = None

    def _serve(self) -> None:
        try:
            self._server.run(sockets=[self._socket])
        except SystemExit as exit_:
            # uvicorn's answer to an app whose startup failed; `start` reports it.
            self._exit_status = exit_.code

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def start(self) -> None:
        self._thread.start()
        deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
        while not self._server.started:
            if not self._thread.is_alive():
                raise SimulatorStartError(
                    f"{self.name} stopped while starting, exit status {self._exit_status} "
                    "(its log says why)"
                )
            if time.monotonic() > deadline:
                raise SimulatorStartError(f"{self.name} did not start within the time allowed")
            time.sleep(0.005)

    def stop(self) -> None:
        """Asks the server to finish; separate from `join` so several servers stop at once."""
        self._server.should_exit = True

    def join(self) -> None:
        """Waits for a graceful stop, then forces one: a hung client must not hang the caller."""
        if self._thread.ident is not None:
            self._thread.join(SHUTDOWN_TIMEOUT_SECONDS)
            if self._thread.is_alive():
                self._server.force_exit = True
                self._thread.join(SHUTDOWN_TIMEOUT_SECONDS)
        self._socket.close()


def _listening_socket() -> socket.socket:
    """A TCP socket named as such: asyncio sets TCP_NODELAY on accepted connections only when
    the protocol is IPPROTO_TCP, and without it every response waits 40 ms for a delayed ACK."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind((LOOPBACK, 0))
    sock.listen()
    return sock


@contextmanager
def _quiet_cut_connections() -> Iterator[None]:
    log_filter = CutConnectionLogFilter()
    logger = logging.getLogger("uvicorn.error")
    logger.addFilter(log_filter)
    try:
        yield
    finally:
        logger.removeFilter(log_filter)


@contextmanager
def _running(servers: list[_ServerThread]) -> Iterator[None]:
    with _quiet_cut_connections():
        try:
            for server in servers:
                server.start()
            yield
        finally:
            for server in servers:
                server.stop()
            for server in servers:
                server.join()


@contextmanager
def serving(app: ASGIApp, name: str = "app") -> Iterator[str]:
    """Serves any ASGI app on loopback while the block runs; yields its base URL (no slash)."""
    server = _ServerThread(app, name)
    with _running([server]):
        yield server.url


@dataclass(frozen=True, slots=True)
class Simulators:
    """Where the running simulators listen and the credentials the institution was given."""

    orcid_url: str
    pure_url: str
    orcid_client_id: str
    orcid_client_secret: str = field(repr=False)
    pure_api_key: str = field(repr=False)
    orcid_faults: FaultMiddleware = field(repr=False, compare=False)
    pure_faults: FaultMiddleware = field(repr=False, compare=False)

    @property
    def orcid_public_api_url(self) -> str:
        return f"{self.orcid_url}/public/v3.0"

    @property
    def orcid_member_api_url(self) -> str:
        return f"{self.orcid_url}/v3.0"

    @property
    def orcid_token_url(self) -> str:
        return f"{self.orcid_url}/oauth/token"

    @property
    def pure_ws_url(self) -> str:
        return f"{self.pure_url}{WS_PREFIX}"

    @property
    def pure_api_url(self) -> str:
        return f"{self.pure_url}/ws/api"

    def environment(self) -> dict[str, str]:
        """The variables `pipeline.config.Settings` reads, pointing the pipeline at these servers.

        DATABASE_URL is not among them: the database is the pipeline's own business."""
        return {
            "PURE_WS_URL": self.pure_ws_url,
            "PURE_API_URL": self.pure_api_url,
            "PURE_API_KEY": self.pure_api_key,
            "ORCID_PUBLIC_API_URL": self.orcid_public_api_url,
            "ORCID_MEMBER_API_URL": self.orcid_member_api_url,
            "ORCID_TOKEN_URL": self.orcid_token_url,
            "ORCID_CLIENT_ID": self.orcid_client_id,
            "ORCID_CLIENT_SECRET": self.orcid_client_secret,
        }

    def set_faults(self, profile: FaultProfile) -> None:
        """Both servers as if restarted under `profile` (a storm over, say): the faults and
        what they broke are gone, Pure serves the generated institution again, and ORCID keeps
        what the pipeline did (writes, tokens issued by a refresh), as a real ORCID would."""
        self.orcid_faults.profile = profile
        self.pure_faults.profile = profile
        self.orcid_faults.app.state.sim.set_faults(profile)
        self.pure_faults.app.state.pure.reset(profile)

    def injected_faults(self) -> Counter[str]:
        """Transport faults injected so far by both servers, by kind."""
        return self.orcid_faults.injected + self.pure_faults.injected


@contextmanager
def running_simulators(
    institution: Institution,
    faults: FaultProfile | None = None,
    *,
    orcid_rate: float = 24.0,
    orcid_burst: int = 40,
    seed: int | None = None,
) -> Iterator[Simulators]:
    """Serves `institution` from both simulators, with the profile's faults, while the block runs.

    `orcid_rate` and `orcid_burst` are the member API's limits (requests a second, queue length
    before a 503); tests that hammer ORCID raise them rather than wait. `seed` picks which
    requests meet transport faults; by default the institution's own seed, so one number
    reproduces a whole run.
    """
    profile = faults or fault_profile("none")
    fault_seed = institution.seed if seed is None else seed
    orcid_faults = FaultMiddleware(
        create_orcid_app(institution, profile, rate=orcid_rate, burst=orcid_burst),
        profile,
        seed=fault_seed,
        error_page=orcid_error_page,
        exempt_prefixes=ORCID_EXEMPT_PREFIXES,
    )
    pure_faults = FaultMiddleware(
        create_pure_app(institution, profile),
        profile,
        seed=fault_seed,
        error_page=pure_error_page,
    )
    client = institution.clients[0]
    orcid = _ServerThread(orcid_faults, "orcid-simulator")
    pure = _ServerThread(pure_faults, "pure-simulator")
    sims = Simulators(
        orcid_url=orcid.url,
        pure_url=pure.url,
        orcid_client_id=client.client_id,
        orcid_client_secret=client.client_secret,
        pure_api_key=institution.pure_api_key,
        orcid_faults=orcid_faults,
        pure_faults=pure_faults,
    )
    with _running([orcid, pure]):
        yield sims
