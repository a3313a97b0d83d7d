"""Pure outputs and ORCID works derived from one true work, with the planted cases applied.

Conventions the simulators and the pipeline rely on:

- A Pure output holds the DOI bare unless a DOI variant is planted; its `additional_ids` use Pure's
  `idSource` names: `PubMed`, `Scopus` (the EID without its `2-s2.0-` prefix, as Pure stores it),
  `arXiv`, and `ORCID` with value `/<orcid>/work/<put-code>` on outputs imported from ORCID.
- A work the institution's Pure client pushed to ORCID carries the Pure UUID as an external id of
  type `source-work-id`, relationship `self`: the ORCID type meant for a source's own record id.
- ISSNs and a chapter's book ISBN are `part-of` ids, so ORCID never groups works by them.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random

from sim.institution.config import InstitutionConfig
from sim.institution.people import Researcher, new_uuid
from sim.institution.variants import vary_doi, vary_title
from sim.model import (
    ExternalId,
    MemberClient,
    OrcidVisibility,
    OrcidWork,
    PublicationStatus,
    PureOutput,
    PureVisibility,
    PureWorkflowStep,
    TrueWork,
)

CROSSREF_TYPES = frozenset(
    {"journal-article", "review", "conference-paper", "book", "edited-book", "book-chapter"}
)
DATACITE_PREFIXES = ("10.5281/", "10.48550/", "10.4121/", "10.17026/")
SOURCE_PURE, SOURCE_CROSSREF, SOURCE_DATACITE, SOURCE_SCOPUS, SOURCE_RESEARCHER = range(5)
NO_TAGS: tuple[str, ...] = ()


class Renderer:
    """Writes Pure outputs and ORCID works; owns the Pure id and ORCID put-code sequences."""

    def __init__(
        self, rng: random.Random, config: InstitutionConfig, clients: list[MemberClient]
    ) -> None:
        self.rng = rng
        self.config = config
        self.planting = config.planting
        self.now = config.now
        self.clients = clients
        self.pure_ids = itertools.count(100_000)
        self.put_code = 10_000_000
        self.pure_outputs: list[PureOutput] = []
        self.year_starts = {
            year: dt.datetime(year, 1, 1, tzinfo=dt.UTC) for year in range(1980, self.now.year + 1)
        }
        self.issn_ids: dict[str, ExternalId] = {}

    def _after(self, year: int, days: int) -> dt.datetime:
        """A moment within `days` after the start of `year`, never after the snapshot."""
        moment = self.year_starts[year] + dt.timedelta(seconds=self.rng.randrange(days * 86_400))
        return min(moment, self.now)

    def _title(self, work: TrueWork, tags: list[str]) -> tuple[str, str | None]:
        if self.rng.random() >= self.planting.variants.title:
            return work.title, work.subtitle
        kind, title, subtitle = vary_title(self.rng, work.title, work.subtitle)
        tags.append(f"title:{kind}")
        return title, subtitle

    def _doi(self, doi: str, tags: list[str]) -> str:
        if self.rng.random() >= self.planting.variants.doi:
            return doi
        kind, value = vary_doi(self.rng, doi)
        tags.append(f"doi:{kind}")
        return value

    # Pure

    def pure_output(self, work: TrueWork, person_uuids: list[str]) -> PureOutput:
        rng = self.rng
        states = self.planting.pure
        tags: list[str] = []
        workflow: PureWorkflowStep = "approved"
        if rng.random() < states.not_validated:
            workflow = "forValidation" if rng.random() < 0.67 else "entryInProgress"
            tags.append("pure:not-validated")
        visibility: PureVisibility = "FREE"
        roll = rng.random()
        if roll < states.campus:
            visibility = "CAMPUS"
            tags.append("pure:campus")
        elif roll < states.campus + states.backend:
            visibility = "BACKEND"
            tags.append("pure:backend")
        status: PublicationStatus = "published"
        roll = rng.random()
        if roll < states.in_press:
            status = "inpress"
            tags.append("pure:in-press")
        elif roll < states.in_press + states.submitted:
            status = "submitted"
            tags.append("pure:submitted")
        elif roll < states.in_press + states.submitted + states.epub:
            status = "epub"
        title, subtitle = self._title(work, tags)
        doi = self._doi(work.doi, tags) if work.doi else None
        created = self._after(work.year, 700)
        modified = min(created + dt.timedelta(days=rng.randrange(1500)), self.now)
        output = PureOutput(
            uuid=new_uuid(rng),
            pure_id=next(self.pure_ids),
            true_work_id=work.id,
            type=work.type,
            title=title,
            subtitle=subtitle,
            year=work.year,
            month=work.month,
            day=work.day,
            publication_status=status,
            workflow_step=workflow,
            visibility=visibility,
            person_uuids=person_uuids,
            authors=list(work.authors),
            venue=work.venue,
            issn=work.issn,
            isbns=[work.isbn] if work.isbn else [],
            doi=doi,
            additional_ids=self._pure_ids(work),
            language=work.language,
            created=created,
            modified=modified,
            planted=tags,
        )
        self.pure_outputs.append(output)
        return output

    @staticmethod
    def _pure_ids(work: TrueWork) -> list[ExternalId]:
        ids = []
        if work.pmid:
            ids.append(ExternalId("PubMed", work.pmid))
        if work.eid:
            ids.append(ExternalId("Scopus", work.eid.removeprefix("2-s2.0-")))
        if work.arxiv:
            ids.append(ExternalId("arXiv", work.arxiv))
        return ids

    def pure_duplicate(self, work: TrueWork, original: PureOutput) -> None:
        """The same work entered a second time by one of its authors, by hand."""
        rng = self.rng
        bare = rng.random() < self.planting.duplicates.without_ids
        tags = ["pure:duplicate", *(["no-identifiers"] if bare else [])]
        kind, title, subtitle = vary_title(rng, work.title, work.subtitle)
        tags.append(f"title:{kind}")
        created = min(original.created + dt.timedelta(days=rng.randrange(1, 900)), self.now)
        self.pure_outputs.append(
            PureOutput(
                uuid=new_uuid(rng),
                pure_id=next(self.pure_ids),
                true_work_id=work.id,
                type=work.type,
                title=title,
                subtitle=subtitle,
                year=work.year,
                month=None,
                day=None,
                publication_status="published",
                workflow_step="forValidation" if rng.random() < 0.5 else "approved",
                visibility="FREE",
                person_uuids=[rng.choice(original.person_uuids)],
                authors=list(work.authors),
                venue=work.venue,
                issn=None if bare else work.issn,
                isbns=[] if bare or not work.isbn else [work.isbn],
                doi=None if bare or not work.doi else self._doi(work.doi, tags),
                additional_ids=[],
                language=work.language,
                created=created,
                modified=created,
                planted=tags,
            )
        )

    # ORCID

    def _sources(self, work: TrueWork, pushable: bool) -> list[int]:
        """Which clients wrote this work to one record: an automated source where the work's
        identifiers allow one, the institution's Pure if the researcher let it, else the
        researcher by hand; sometimes several at once, grouped by their shared DOI."""
        rng = self.rng
        states = self.planting.orcid
        automated = []
        if work.doi:
            if work.doi.startswith(DATACITE_PREFIXES):
                automated.append(SOURCE_DATACITE)
            elif work.type in CROSSREF_TYPES:
                automated.append(SOURCE_CROSSREF)
        if work.eid:
            automated.append(SOURCE_SCOPUS)
        if pushable and rng.random() < states.pushed_by_pure:
            sources = [SOURCE_PURE]
        elif automated and rng.random() < 0.45:
            sources = [rng.choice(automated)]
        else:
            sources = [SOURCE_RESEARCHER]
        if work.doi and rng.random() < states.multi_source:
            extra = [s for s in (*automated, SOURCE_RESEARCHER) if s not in sources]
            if extra:
                sources += rng.sample(extra, rng.randint(1, min(3, len(extra))))
        return sources

    def orcid_works(
        self,
        work: TrueWork,
        researcher: Researcher,
        pure: PureOutput | None,
        version_of_doi: str | None,
    ) -> list[OrcidWork]:
        """The works one researcher's record holds for this true work, one per source."""
        record = researcher.record
        if record is None:
            return []
        pushable = (
            researcher.token
            and pure is not None
            and pure.workflow_step == "approved"
            and pure.visibility == "FREE"
            and pure.publication_status in ("published", "epub")
        )
        sources = self._sources(work, pushable)
        group_tags = ("orcid:multi-source",) if len(sources) > 1 else NO_TAGS
        created = self._after(work.year, 900)
        made = [
            self._orcid_work(
                work, record.orcid, researcher, source, pure, version_of_doi, created, group_tags
            )
            for source in sources
        ]
        if self.rng.random() < self.planting.duplicates.orcid:
            made.append(self._orcid_duplicate(work, record.orcid, researcher, created))
        record.works.extend(made)
        return made

    def _next_put_code(self) -> int:
        self.put_code += 1 + self.rng.getrandbits(4)
        return self.put_code

    def _visibility(self, tags: list[str]) -> OrcidVisibility:
        roll = self.rng.random()
        orcid = self.planting.orcid
        if roll < orcid.limited:
            tags.append("orcid:limited")
            return "limited"
        if roll < orcid.limited + orcid.private:
            tags.append("orcid:private")
            return "private"
        return "public"

    def _orcid_work(
        self,
        work: TrueWork,
        orcid: str,
        researcher: Researcher,
        source: int,
        pure: PureOutput | None,
        version_of_doi: str | None,
        created: dt.datetime,
        group_tags: tuple[str, ...],
    ) -> OrcidWork:
        tags = [*group_tags]
        ids: list[ExternalId] = []
        if work.doi:
            ids.append(ExternalId("doi", self._doi(work.doi, tags)))
        if version_of_doi:
            ids.append(ExternalId("doi", version_of_doi, "version-of"))
        if work.arxiv and source in (SOURCE_DATACITE, SOURCE_RESEARCHER):
            ids.append(ExternalId("arxiv", work.arxiv))
        if work.eid and source in (SOURCE_SCOPUS, SOURCE_PURE):
            ids.append(ExternalId("eid", work.eid))
        if work.pmid and source != SOURCE_DATACITE:
            ids.append(ExternalId("pmid", work.pmid))
        if work.isbn:
            relationship = "part-of" if work.type == "book-chapter" else "self"
            ids.append(ExternalId("isbn", work.isbn, relationship))
        if work.issn and source == SOURCE_CROSSREF:
            ids.append(self._issn_id(work.issn))
        if source == SOURCE_PURE:
            assert pure is not None
            ids.append(ExternalId("source-work-id", pure.uuid))
            tags.append("orcid:pushed-by-pure")
        if source == SOURCE_RESEARCHER:
            client_id, source_name = None, researcher.display_name
        else:
            client = self.clients[source]
            client_id, source_name = client.client_id, client.name
        title, subtitle = self._title(work, tags)
        visibility = self._visibility(tags)
        return OrcidWork(
            put_code=self._next_put_code(),
            orcid=orcid,
            true_work_id=work.id,
            type=work.type,
            title=title,
            subtitle=subtitle,
            journal_title=work.venue,
            year=work.year,
            month=work.month,
            day=work.day,
            external_ids=ids,
            contributors=list(work.authors),
            visibility=visibility,
            source_client_id=client_id,
            source_name=source_name,
            created=created,
            last_modified=min(created + dt.timedelta(days=self.rng.randrange(800)), self.now),
            planted=tags,
        )

    def _issn_id(self, issn: str) -> ExternalId:
        found = self.issn_ids.get(issn)
        if found is None:
            found = self.issn_ids[issn] = ExternalId("issn", issn, "part-of")
        return found

    def _orcid_duplicate(
        self, work: TrueWork, orcid: str, researcher: Researcher, created: dt.datetime
    ) -> OrcidWork:
        """The researcher entering a work again by hand, e.g. from a BibTeX import: without
        identifiers ORCID cannot group it with the original."""
        rng = self.rng
        tags = ["orcid:duplicate"]
        ids: list[ExternalId] = []
        if work.doi is None or rng.random() < self.planting.duplicates.without_ids:
            tags.append("no-identifiers")
        else:
            ids.append(ExternalId("doi", self._doi(work.doi, tags)))
        kind, title, subtitle = vary_title(rng, work.title, work.subtitle)
        tags.append(f"title:{kind}")
        moment = min(created + dt.timedelta(days=rng.randrange(1, 1500)), self.now)
        return OrcidWork(
            put_code=self._next_put_code(),
            orcid=orcid,
            true_work_id=work.id,
            type=work.type if rng.random() < 0.7 else "other",
            title=title,
            subtitle=subtitle,
            journal_title=work.venue if rng.random() < 0.5 else None,
            year=work.year,
            month=None,
            day=None,
            external_ids=ids,
            contributors=[researcher.author],
            visibility=self._visibility(tags),
            source_client_id=None,
            source_name=researcher.display_name,
            created=moment,
            last_modified=moment,
            planted=tags,
        )
