"""The Great Expectations project: where it lives, how it reaches the database, where Data Docs
go, and one checkpoint that runs every suite.

The project is a file context under `data_dir/gx`, so every run's validation results stay on
disk and Data Docs show the history of runs, not just the last one. Its objects (data source,
assets, suites, validation definitions, checkpoint) are written again on every run from
`suites`, so the files never drift from the code and a fresh data directory needs no set-up.

The database URL holds a password. GX writes its data sources into `great_expectations.yml`, so
the data source names an environment-style variable (`${PURE_ORCID_GX_DATABASE_URL}`) and the
URL itself is handed to the context in memory (`runtime_environment`): it is never written to
disk, nor set in the process environment where child processes would inherit it.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import great_expectations as gx
from great_expectations.core.run_identifier import RunIdentifier
from great_expectations.data_context.types.resource_identifiers import ExpectationSuiteIdentifier

from pipeline.quality.checks import Asset, Registered, Suite
from pipeline.quality.suites import gx_sql

if TYPE_CHECKING:
    from great_expectations.checkpoint.checkpoint import CheckpointResult
    from great_expectations.data_context import FileDataContext
    from great_expectations.datasource.fluent import SQLDatasource


URL_VARIABLE = "PURE_ORCID_GX_DATABASE_URL"
DATASOURCE = "pure_orcid"
SITE = "pure_orcid"
CHECKPOINT = "pure_orcid_validate"
BATCH = "whole"
HISTORY_RUNS = 60
"""Checks whose results Data Docs keep: two months of nightly runs, enough to see a trend."""
RESULT_FORMAT = {"result_format": "COMPLETE", "partial_unexpected_count": 20}
"""COMPLETE, so `UnexpectedRowsExpectation` returns the rows it found; GX fetches at most 200
unexpected values or rows per expectation whatever the format, so a batch that fails wholesale
stays a small result."""


@contextmanager
def quiet() -> Iterator[None]:
    """GX without its chatter: its INFO logs, and its hint that a PostgreSQL-specific data
    source exists (that one refuses the embedded server's socket URL, so the generic SQL data
    source is the one that works everywhere). Progress bars are switched off in the project's
    own settings (`open_context`)."""
    logger = logging.getLogger("great_expectations")
    level = logger.level
    logger.setLevel(max(level, logging.WARNING))
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="You are using a generic SQLDatasource")
            yield
    finally:
        logger.setLevel(level)


def open_context(data_dir: Path, data_docs: Path, database_url: str) -> FileDataContext:
    """The project under `data_dir/gx`, created on first use, with its settings made ours (and
    opened again when they had to change: GX reads some of them only when it opens)."""
    for _ in range(2):
        context = gx.get_context(
            mode="file",
            project_root_dir=data_dir,
            runtime_environment={URL_VARIABLE: database_url},
        )
        if not _configure(context, data_docs):
            break
    return context


def _configure(context: FileDataContext, docs: Path) -> bool:
    """No progress bars, no config-variables file, and one Data Docs site, in the reports
    folder; whether anything had to change. Written back only then, so an unchanged project's
    settings file is left alone.

    The config-variables file is where GX would look for `${...}` values besides the process
    environment and `runtime_environment`; nothing of ours is there, and GX reads and parses it
    again on every settings lookup, hundreds of times a run."""
    site = {
        "class_name": "SiteBuilder",
        "show_how_to_buttons": False,
        "store_backend": {
            "class_name": "TupleFilesystemStoreBackend",
            "base_directory": str(docs.resolve()),
        },
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
    }
    config = context.variables.config
    changed = False
    if config.progress_bars != {"globally": False, "metric_calculations": False}:
        config.progress_bars = {"globally": False, "metric_calculations": False}
        changed = True
    if config.analytics_enabled is not False:
        config.analytics_enabled = False
        changed = True
    if config.config_variables_file_path is not None:
        config.config_variables_file_path = None
        changed = True
    sites = dict(config.data_docs_sites or {})
    if sites != {SITE: site}:
        config.data_docs_sites = {SITE: site}
        changed = True
    if changed:
        context.variables.save()
    return changed


def register(
    context: FileDataContext, suites: Sequence[Suite]
) -> tuple[gx.Checkpoint, list[Registered]]:
    """Write the data source, its assets, the suites and one validation definition per suite,
    and the checkpoint that runs them all; with each check and the id GX gave its expectation,
    which is how its result is found again."""
    datasource = context.data_sources.add_or_update_sql(
        DATASOURCE, connection_string="${" + URL_VARIABLE + "}"
    )
    definitions = []
    registered: list[Registered] = []
    batches: dict[str, gx.core.batch_definition.BatchDefinition] = {}
    for suite in suites:
        if suite.asset.name not in batches:
            batches[suite.asset.name] = _asset(datasource, suite.asset)
        stored = context.suites.add_or_update(
            gx.ExpectationSuite(
                name=suite.name, expectations=[check.expectation for check in suite.checks]
            )
        )
        registered.extend(_pair(suite, stored.expectations))
        definitions.append(
            context.validation_definitions.add_or_update(
                gx.ValidationDefinition(
                    name=suite.name, data=batches[suite.asset.name], suite=stored
                )
            )
        )
    checkpoint = context.checkpoints.add_or_update(
        gx.Checkpoint(
            name=CHECKPOINT,
            validation_definitions=definitions,
            actions=[],
            result_format=RESULT_FORMAT,
        )
    )
    return checkpoint, registered


def _pair(suite: Suite, stored: Sequence[gx.expectations.Expectation]) -> list[Registered]:
    """Each check with the id GX gave its expectation, refusing anything but the same
    expectations in the same order (a mismatch would attach results to the wrong check)."""
    given = [(c.expectation.expectation_type, c.expectation.description) for c in suite.checks]
    kept = [(e.expectation_type, e.description) for e in stored]
    if given != kept or any(e.id is None for e in stored):
        raise RuntimeError(f"GX did not store suite {suite.name} as given")
    return [(suite, check, str(e.id)) for check, e in zip(suite.checks, stored, strict=True)]


def _asset(datasource: SQLDatasource, asset: Asset) -> gx.core.batch_definition.BatchDefinition:
    if asset.name in datasource.get_asset_names():
        datasource.delete_asset(asset.name)
    if asset.query is not None:
        added = datasource.add_query_asset(asset.name, query=gx_sql(asset.query))
    else:
        added = datasource.add_table_asset(
            asset.name, table_name=asset.table or "", schema_name=asset.schema
        )
    return added.add_batch_definition_whole_table(BATCH)


def run(context: FileDataContext, checkpoint: gx.Checkpoint, run_id: int) -> CheckpointResult:
    """Run every suite under the pipeline's run id, so Data Docs name the run people know, then
    bring Data Docs up to date in one build.

    One build, not GX's `UpdateDataDocsAction` (which rebuilds the index page once per suite,
    reading every stored result each time): it renders this run's pages and the index once. A
    fresh Data Docs folder (the first run, or the reports folder moved or emptied) is built whole
    from the stored results instead.
    """
    fresh = not index_page(context).exists()
    result = checkpoint.run(run_id=RunIdentifier(run_name=f"run-{run_id}"))
    forgot = _forget_old_runs(context)
    if fresh:
        context.build_data_docs(site_names=[SITE])
    else:
        pages: list[Any] = list(result.run_results)
        pages += [
            ExpectationSuiteIdentifier(name=r.suite_name) for r in result.run_results.values()
        ]
        context.build_data_docs(site_names=[SITE], resource_identifiers=pages)
    if forgot:
        # GX removes the files of forgotten results and pages, not the folders they were in.
        store = Path(context.validation_results_store.store_backend.full_base_directory)
        _remove_empty_folders(store)
        _remove_empty_folders(index_page(context).parent / "validations")
    return result


def _forget_old_runs(context: FileDataContext) -> bool:
    """Keep the results of the last `HISTORY_RUNS` checks: building the index reads every stored
    result, so an unbounded history would make each night slower than the one before. The pages
    of forgotten results are removed by that same index build. Whether any was forgotten."""
    store = context.validation_results_store
    keys = store.list_keys()
    checks = sorted({key.run_id for key in keys}, key=lambda run: run.run_time, reverse=True)
    kept = set(checks[:HISTORY_RUNS])
    old = [key for key in keys if key.run_id not in kept]
    for key in old:
        store.remove_key(key)
    return bool(old)


def _remove_empty_folders(root: Path) -> None:
    """Folders under `root` left empty, deepest first; `root` itself stays."""
    if not root.is_dir():
        return
    for folder in sorted((p for p in root.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
        if not any(folder.iterdir()):
            folder.rmdir()


def index_page(context: FileDataContext) -> Path:
    site = (context.variables.config.data_docs_sites or {})[SITE]
    return Path(site["store_backend"]["base_directory"]) / "index.html"


def close(context: FileDataContext) -> None:
    """Close the data source's connections now rather than whenever they are collected: a
    nightly process lives on, and a test drops its database right after. GX holds two engines:
    the data source's own, and the one its execution engine built from the same URL."""
    datasource = context.data_sources.all().get(DATASOURCE)
    execution = getattr(datasource, "_execution_engine", None)
    for engine in (getattr(datasource, "_engine", None), getattr(execution, "engine", None)):
        if engine is not None:
            engine.dispose()
