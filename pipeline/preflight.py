"""Before a night starts: are the sources reachable, and do they accept the credentials?

A wrong Pure API key or ORCID client secret would otherwise fail inside the flow, once per
retry of each task, each time with a traceback. Asked once up front, the answer is one line
naming the setting to fix and quoting the server; nothing has been staged yet.
"""

from __future__ import annotations

import asyncio

import httpx

from pipeline.config import CredentialError, Settings
from pipeline.sources.http.retry import RetriesExhausted
from pipeline.sources.orcid.client import OrcidError
from pipeline.sources.orcid.oauth import read_public_token
from pipeline.sources.pure.client import PureError, pure_client


def check_sources(settings: Settings, *, pure: bool, orcid: bool) -> None:
    """One small request to each source the night will read; CredentialError for the first
    that refuses or cannot be reached."""
    if pure:
        asyncio.run(_check_pure(settings))
    if orcid and settings.orcid_client_id and settings.has_secret("orcid_client_secret"):
        asyncio.run(_check_orcid(settings))


async def _check_pure(settings: Settings) -> None:
    address = "PURE_WS_URL" if settings.pure_interface == "ws524" else "PURE_API_URL"
    client = pure_client(settings)
    try:
        async for _ in client.pages("persons", page_size=1):
            break
    except PureError as error:
        setting = "PURE_API_KEY" if error.status in (401, 403) else address
        raise CredentialError(setting, f"Pure answered {error}") from None
    except (httpx.TransportError, RetriesExhausted) as error:
        raise CredentialError(address, f"Pure cannot be reached: {error}") from None
    finally:
        await client.aclose()


async def _check_orcid(settings: Settings) -> None:
    assert settings.orcid_client_id is not None
    try:
        await read_public_token(
            str(settings.orcid_token_url),
            settings.orcid_client_id,
            settings.secret("orcid_client_secret"),
        )
    except OrcidError as error:
        raise CredentialError("ORCID_CLIENT_ID/ORCID_CLIENT_SECRET", str(error)) from None
    except httpx.TransportError as error:
        raise CredentialError(
            "ORCID_TOKEN_URL", f"ORCID cannot be reached: {type(error).__name__}: {error}"
        ) from None
