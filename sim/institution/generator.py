"""Builds one synthetic institution from a config, deterministically.

Each stage draws from its own `random.Random`, seeded from the config seed and the stage name, so
a change in how works are rendered does not reshuffle who the researchers are.
"""

from __future__ import annotations

import math
import random

from sim.institution import hard_negatives
from sim.institution.config import InstitutionConfig
from sim.institution.people import People, Researcher, build_people, new_uuid
from sim.institution.render import Renderer
from sim.institution.venues import build_venues
from sim.institution.works import WorkFactory
from sim.model import ExternalId, Institution, OrcidWork, TrueWork

COAUTHOR_COUNTS = (1, 1, 1, 1, 1, 1, 1, 2, 2, 3)
SAME_DEPARTMENT = 0.8
"""Share of institution co-authors drawn from the lead's own department."""


def _stage_rng(config: InstitutionConfig, stage: str) -> random.Random:
    """Reproducibility, not secrecy, is the point here: a seeded Mersenne Twister is right."""
    return random.Random(f"{config.seed}:{stage}")  # noqa: S311


class _Builder:
    def __init__(self, config: InstitutionConfig, people: People) -> None:
        self.config = config
        self.people = people
        self.rng = _stage_rng(config, "placement")
        self.factory = WorkFactory(
            _stage_rng(config, "works"),
            build_venues(_stage_rng(config, "venues")),
            config.name,
            config.now.year,
        )
        self.renderer = Renderer(_stage_rng(config, "render"), config, people.clients)
        self.true_works: dict[int, TrueWork] = {}
        self.own_client = people.clients[0].client_id

    def works_led(self) -> int:
        """A skewed, Lotka-like number of works: most researchers lead few, some lead hundreds."""
        sigma = self.config.works_sigma
        mu = math.log(self.config.mean_works) - sigma * sigma / 2
        drawn = int(self.rng.lognormvariate(mu, sigma) + 0.5)
        return min(self.config.max_works, max(1, drawn))

    def coauthors(self, lead: Researcher) -> list[Researcher]:
        rng = self.rng
        if rng.random() >= self.config.coauthored:
            return []
        chosen: list[Researcher] = []
        for _ in range(rng.choice(COAUTHOR_COUNTS)):
            if rng.random() < SAME_DEPARTMENT:
                pool = self.people.by_department[lead.department_uuid]
            else:
                pool = self.people.researchers
            candidate = pool[rng.randrange(len(pool))]
            if candidate is not lead and candidate not in chosen:
                chosen.append(candidate)
        return chosen

    def presence(self, lead: Researcher, forced: bool) -> str:
        """Where the work is recorded. Without an ORCID record the lead can only have it in Pure;
        hard negatives are forced into both systems so the matcher meets them."""
        if lead.record is None:
            return "pure-only"
        if forced:
            return "both"
        shares = self.config.planting.presence
        roll = self.rng.random() * (shares.both + shares.pure_only + shares.orcid_only)
        if roll < shares.both:
            return "both"
        return "pure-only" if roll < shares.both + shares.pure_only else "orcid-only"

    def place(
        self, work: TrueWork, lead: Researcher, coauthors: list[Researcher], forced: bool
    ) -> None:
        rng = self.rng
        planting = self.config.planting
        category = self.presence(lead, forced)
        work.planted.append(f"presence:{category}")
        if coauthors:
            work.planted.append("coauthored")
        pure = None
        if category != "orcid-only":
            person_uuids = [a.person_uuid for a in work.authors if a.person_uuid is not None]
            pure = self.renderer.pure_output(work, person_uuids)
        lead_works: list[OrcidWork] = []
        if category != "pure-only":
            version_of_doi = self.true_works[work.version_of].doi if work.version_of else None
            for author in (lead, *coauthors):
                if author.record is None:
                    continue
                if author is not lead and rng.random() >= planting.presence.coauthor_on_orcid:
                    continue
                made = self.renderer.orcid_works(work, author, pure, version_of_doi)
                if author is lead:
                    lead_works = made
        if pure is None:
            return
        if category == "both" and rng.random() < planting.pure.imported_from_orcid:
            imported = [w for w in lead_works if w.source_client_id != self.own_client]
            if imported:
                source = imported[0]
                pure.additional_ids.append(
                    ExternalId("ORCID", f"/{source.orcid}/work/{source.put_code}")
                )
                pure.planted.append("pure:imported-from-orcid")
        if rng.random() < planting.duplicates.pure:
            self.renderer.pure_duplicate(work, pure)

    def regular_works(self) -> None:
        for lead in self.people.researchers:
            for _ in range(self.works_led()):
                coauthors = self.coauthors(lead)
                work = self.factory.regular(lead, coauthors)
                self.true_works[work.id] = work
                self.place(work, lead, coauthors, forced=False)

    def hard_negative_sets(self) -> None:
        """Exact numbers of each case, at least one, led by researchers who have an ORCID record."""
        rates = self.config.planting.hard_negatives
        regular = len(self.true_works)
        eligible = [r for r in self.people.researchers if r.record is not None]
        if not eligible:
            return
        for case, rate in zip(
            hard_negatives.CASES,
            (rates.same_title, rates.correction, rates.reply, rates.book_chapters, rates.preprint),
            strict=True,
        ):
            for _ in range(max(1, round(rate * regular / 1000)) if rate > 0 else 0):
                lead = eligible[self.rng.randrange(len(eligible))]
                works = hard_negatives.make_set(self.factory, lead, case)
                for work in works:
                    self.true_works[work.id] = work
                for work in works:
                    self.place(work, lead, [], forced=True)


def generate_institution(config: InstitutionConfig | None = None) -> Institution:
    """The whole institution: same config, same institution, down to every UUID and put-code."""
    config = config or InstitutionConfig()
    people = build_people(_stage_rng(config, "people"), config)
    builder = _Builder(config, people)
    builder.regular_works()
    builder.hard_negative_sets()
    for record in people.records.values():
        if record.works:
            record.last_modified = max(
                record.last_modified, *(w.last_modified for w in record.works)
            )
    return Institution(
        seed=config.seed,
        name=config.name,
        org_units=people.org_units,
        persons=[r.person for r in people.researchers],
        true_works=builder.true_works,
        pure_outputs=builder.renderer.pure_outputs,
        orcid_records=people.records,
        clients=people.clients,
        tokens=people.tokens,
        pure_api_key=new_uuid(builder.rng),
    )
