"""Secrets out of text that is kept: ORCID's OAuth errors quote the token they refuse
("Invalid access token: 1f0c…"), and such a text must reach no table, log line or exception.

Known secrets are replaced wherever they occur; anything shaped like a token (a UUID, which is
what ORCID issues, or a long unbroken run of letters and digits mixed) is replaced as well, for
the secret nobody told this function about. ORCID iDs, paths and words are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

REDACTED = "[redacted]"
_TOKEN_SHAPED = re.compile(
    r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"
    r"|(?=[A-Za-z0-9_\-~+]*[0-9])(?=[A-Za-z0-9_\-~+]*[A-Za-z])[A-Za-z0-9_\-~+]{24,}=*"
)


def redact(text: str, secrets: Iterable[str | None] = ()) -> str:
    """`text` without the `secrets` and without anything shaped like a token."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    return _TOKEN_SHAPED.sub(REDACTED, text)
