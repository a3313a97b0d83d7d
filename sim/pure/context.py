"""What a renderer needs besides the record itself: the related records and where it is served."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sim.model import OrgUnit, Person, PureOutput
from sim.pure.errors import WS_PREFIX


@dataclass(frozen=True, slots=True)
class RenderContext:
    persons: Mapping[str, Person]
    org_units: Mapping[str, OrgUnit]
    base_url: str
    """Scheme and host the request came in on, so links in responses point back at this server."""
    zone: dt.tzinfo
    """The instance's local time zone: Pure prints local times with their offset."""
    institution_name: str

    @property
    def ws_base(self) -> str:
        return f"{self.base_url}{WS_PREFIX}"

    def portal_url(self, collection: str, uuid: str) -> str:
        return f"{self.base_url}/en/{collection}/{uuid}"

    def output_org_uuids(self, output: PureOutput) -> list[str]:
        """The output's organisational units: those of its internal authors, in author order."""
        seen: dict[str, None] = {}
        for person_uuid in output.person_uuids:
            person = self.persons.get(person_uuid)
            if person is not None:
                seen.update(dict.fromkeys(u for u in person.org_unit_uuids if u in self.org_units))
        return list(seen)

    def managing_org_uuid(self, output_orgs: list[str]) -> str | None:
        """The first author's unit (`output_orgs` is `output_org_uuids`' answer, which the
        renderers already hold), else the university itself, as Pure requires one."""
        if output_orgs:
            return output_orgs[0]
        roots = [u.uuid for u in self.org_units.values() if u.parent_uuid is None]
        return roots[0] if roots else None
