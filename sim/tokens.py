"""The researcher tokens of a simulated institution, as the pipeline stores and imports them."""

from __future__ import annotations

from pipeline.sources.orcid.tokens import GrantedToken
from sim.model import Institution


def granted_tokens(institution: Institution) -> list[GrantedToken]:
    """What an ORCID integration's token export would list for this institution."""
    return [
        GrantedToken(
            orcid=token.orcid,
            access_token=token.access_token,
            refresh_token=token.refresh_token,
            scopes=tuple(token.scopes),
            expires_at=token.expires_at,
        )
        for token in institution.tokens
        if token.orcid is not None
    ]
