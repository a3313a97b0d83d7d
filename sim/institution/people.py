"""Organisational units, researchers, their ORCID records and the tokens they granted.

The ORCID iD problems are assigned in exact counts (at least one each) rather than drawn per
person, so that a small institution still contains every problem a test looks for.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import string
import unicodedata
import uuid
from dataclasses import dataclass

from sim.institution.config import InstitutionConfig
from sim.institution.identifiers import break_checksum, new_orcid
from sim.institution.vocabulary import FACULTIES, FAMILY_NAMES, GIVEN_NAMES
from sim.model import Author, MemberClient, OrcidRecord, OrcidToken, OrgUnit, Person

MEMBER_SCOPES = ["/read-limited", "/activities/update"]
TOKEN_LIFETIME = dt.timedelta(days=20 * 365)
"""ORCID's three-legged tokens last about twenty years."""


def new_uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


@dataclass(slots=True)
class Researcher:
    """A person with what the work generator needs to know about them beyond the `Person`."""

    person: Person
    field: str
    department_uuid: str
    career_start: int
    author: Author
    """Shared by every work they wrote; carries their true iD, which may differ from Pure's."""
    record: OrcidRecord | None
    """The active record that holds their works, or None if they have no usable record."""
    token: bool
    display_name: str


@dataclass(slots=True)
class People:
    org_units: list[OrgUnit]
    researchers: list[Researcher]
    by_department: dict[str, list[Researcher]]
    records: dict[str, OrcidRecord]
    tokens: list[OrcidToken]
    clients: list[MemberClient]


def build_org_units(rng: random.Random, name: str) -> tuple[list[OrgUnit], dict[str, str]]:
    """The university, its faculties and departments; returns the units and each department's
    field."""
    university = OrgUnit(new_uuid(rng), 10_000, name, "university", None)
    units = [university]
    fields: dict[str, str] = {}
    for faculty_name, departments in FACULTIES:
        faculty = OrgUnit(
            new_uuid(rng), 10_000 + len(units), faculty_name, "faculty", university.uuid
        )
        units.append(faculty)
        for department_name, field_name in departments:
            department = OrgUnit(
                new_uuid(rng), 10_000 + len(units), department_name, "department", faculty.uuid
            )
            units.append(department)
            fields[department.uuid] = field_name
    return units, fields


def _exact_count(share: float, population: int) -> int:
    return max(1, math.floor(share * population + 0.5)) if share > 0 else 0


def _problem_plan(rng: random.Random, config: InstitutionConfig) -> list[str]:
    """One ORCID-iD problem label per researcher, in exact counts, shuffled."""
    n = config.researchers
    shares = config.planting.orcid_problems
    plan: list[str] = []
    plan += ["shared"] * (2 * _exact_count(shares.shared / 2, n))
    plan += ["invalid-checksum"] * _exact_count(shares.invalid_checksum, n)
    plan += ["deprecated"] * _exact_count(shares.deprecated, n)
    plan += ["deactivated"] * _exact_count(shares.deactivated, n)
    missing = _exact_count(shares.missing, n)
    with_record = _exact_count(shares.missing_with_record, missing)
    plan += ["missing-with-record"] * with_record + ["missing"] * (missing - with_record)
    plan = plan[:n]
    plan += ["none"] * (n - len(plan))
    rng.shuffle(plan)
    return plan


def _moment(rng: random.Random, start: dt.datetime, end: dt.datetime) -> dt.datetime:
    span = int((end - start).total_seconds())
    return start + dt.timedelta(seconds=rng.randrange(max(span, 1)))


def _client_id(rng: random.Random) -> str:
    alphabet = string.ascii_uppercase + string.digits
    return "APP-" + "".join(rng.choice(alphabet) for _ in range(16))


def build_clients(rng: random.Random, name: str) -> list[MemberClient]:
    """The institution's own Pure integration first, then the auto-updaters seen on records."""
    names = (f"{name} Pure", "Crossref", "DataCite", "Scopus - Elsevier")
    return [MemberClient(_client_id(rng), new_uuid(rng), n) for n in names]


def build_people(rng: random.Random, config: InstitutionConfig) -> People:
    """Researchers with their ORCID situation: the iD Pure holds, the record that is really
    theirs (the `Author` carries its iD), and whether they let the institution write to it."""
    units, fields = build_org_units(rng, config.name)
    departments = list(fields)
    weights = [rng.uniform(0.4, 2.0) for _ in departments]
    siblings = {u.uuid: [d for d in units if d.parent_uuid == u.parent_uuid] for u in units}
    plan = _problem_plan(rng, config)
    used: set[str] = set()
    records: dict[str, OrcidRecord] = {}
    researchers: list[Researcher] = []
    by_department: dict[str, list[Researcher]] = {d: [] for d in departments}
    late = config.now - dt.timedelta(days=3 * 365)
    shared_holder: str | None = None
    addresses: set[str] = set()

    for index, problem in enumerate(plan):
        given, family = rng.choice(GIVEN_NAMES), rng.choice(FAMILY_NAMES)
        department = rng.choices(departments, weights)[0]
        org_unit_uuids = [department]
        if rng.random() < 0.1:
            other = rng.choice(siblings[department]).uuid
            if other != department:
                org_unit_uuids.append(other)
        true_orcid = None if problem == "missing" else new_orcid(rng, used)
        pure_orcid = true_orcid
        status = "deactivated" if problem == "deactivated" else "active"
        modified = _moment(rng, late, config.now)
        if true_orcid is not None:
            records[true_orcid] = OrcidRecord(
                true_orcid, given, family, status, None,
                modified if status == "deactivated" else None, modified, [],
            )  # fmt: skip
        if problem == "missing-with-record":
            problem, pure_orcid = "missing", None
        elif problem == "invalid-checksum" and true_orcid is not None:
            pure_orcid = break_checksum(true_orcid, rng)
        elif problem == "deprecated":
            pure_orcid = new_orcid(rng, used)
            records[pure_orcid] = OrcidRecord(
                pure_orcid, given, family, "deprecated", true_orcid, None, modified, []
            )
        elif problem == "shared":
            if shared_holder is None:
                shared_holder = true_orcid
            else:
                pure_orcid, shared_holder = shared_holder, None
        person = Person(
            uuid=new_uuid(rng),
            pure_id=5_000_000 + index,
            given_names=given,
            family_name=family,
            org_unit_uuids=org_unit_uuids,
            orcid=pure_orcid,
            orcid_problem=problem,  # type: ignore[arg-type]
            employee_id=f"{rng.randrange(10**6, 10**7)}",
            modified=modified,
        )
        _contact_details(person, config, addresses)
        record = records.get(true_orcid) if true_orcid else None
        researcher = Researcher(
            person=person,
            field=fields[department],
            department_uuid=department,
            career_start=min(config.now.year - 1, int(rng.triangular(1985, 2023, 2012))),
            author=Author(given, family, person.uuid, true_orcid),
            record=record if record is not None and record.status == "active" else None,
            token=False,
            display_name=f"{given} {family}",
        )
        researchers.append(researcher)
        by_department[department].append(researcher)

    clients = build_clients(rng, config.name)
    tokens = _grant_tokens(rng, config, researchers)
    return People(units, researchers, by_department, records, tokens, clients)


NATIONALITIES = (("nl", 62), ("be", 5), ("de", 7), ("gb", 4), ("it", 4), ("es", 3))
NATIONALITIES += (("cn", 4), ("in", 3), ("us", 3), (None, 5))
"""Nationalities in Pure and their weights, None for a person Pure records none for: mostly
Dutch, as at a Dutch university, with international staff."""
NO_EMAIL = 0.04
"""Share of people Pure lists no e-mail address for (left, or never entered)."""


def _contact_details(person: Person, config: InstitutionConfig, taken: set[str]) -> None:
    """An address like Dutch universities give (`j.de.vries@…`, numbered when taken) and a
    nationality. Drawn from the person's own uuid, not the institution's stream, so that the
    rest of the institution does not change with them."""
    rng = random.Random(person.uuid)  # noqa: S311 - a simulation, not a secret
    codes, weights = zip(*NATIONALITIES, strict=True)
    person.nationality = rng.choices(codes, weights)[0]
    if rng.random() < NO_EMAIL:
        return
    domain = "".join(c for c in config.name.lower().split()[0] if c.isalnum()) + ".example.nl"
    local = ".".join([_ascii(person.given_names)[:1], *_ascii(person.family_name).split()])
    address, number = f"{local}@{domain}", 2
    while address in taken:
        address, number = f"{local}{number}@{domain}", number + 1
    taken.add(address)
    person.email = address


def _ascii(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return "".join(c if c.isalnum() or c == " " else " " for c in folded.lower())


def _grant_tokens(
    rng: random.Random, config: InstitutionConfig, researchers: list[Researcher]
) -> list[OrcidToken]:
    """Only researchers whose Pure iD is sound can have connected Pure to ORCID: the OAuth flow
    itself writes the iD into Pure."""
    sound = [r for r in researchers if r.person.orcid_problem == "none"]
    granting = rng.sample(
        sound, min(len(sound), _exact_count(config.planting.orcid_problems.token, len(sound)))
    )
    granting.sort(key=lambda r: r.person.pure_id)
    tokens = []
    start = dt.datetime(2015, 1, 1, tzinfo=dt.UTC)
    for researcher in granting:
        researcher.token = True
        granted = _moment(rng, start, config.now)
        tokens.append(
            OrcidToken(
                access_token=new_uuid(rng),
                refresh_token=new_uuid(rng),
                orcid=researcher.person.orcid,
                scopes=list(MEMBER_SCOPES),
                expires_at=granted + TOKEN_LIFETIME,
            )
        )
    return tokens
