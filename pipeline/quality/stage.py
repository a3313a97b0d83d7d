"""The validate stage: check the batch, keep what was found, and stop a broken batch here.

It runs after matching and before publishing. Its figures are stored first, so even a run that
fails validation leaves them for people to read; then every suite runs in one GX checkpoint,
every outcome goes to `ops.validation_results`, Data Docs are updated, and a failed critical
expectation raises `ValidationFailed`, after dropping the watermarks the run moved. The publish
stage refuses a run whose validate stage did not succeed, so that exception is what keeps a
broken batch out of every report and push.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote, quote_plus

from pipeline.context import StageContext
from pipeline.probes import probe
from pipeline.quality import batch, results
from pipeline.quality.results import ValidateSummary, ValidationFailed
from pipeline.staging.watermarks import forget_watermarks_of_run


class ValidationNotRun(RuntimeError):
    """GX could not run the checks at all (the database went away, a table is missing)."""


def prepare() -> None:
    """Import Great Expectations (seconds of CPU) ahead of the stage, e.g. while a night is
    still waiting for ORCID, so the validate stage does not pay for it after the extraction."""
    from pipeline.quality import context, suites  # noqa: F401


def run(ctx: StageContext) -> ValidateSummary:
    """Validate the staged and matched batch of the run; raise `ValidationFailed` when a
    critical expectation failed. Warnings are stored and counted, never raised."""
    # GX takes seconds to import; the rest of the pipeline (and its command line) need not.
    from pipeline.quality import context as gx_project
    from pipeline.quality.suites import build_suites

    engine, settings, run_id = ctx.engine, ctx.settings, ctx.run_id
    baseline = batch.last_published(engine, run_id)
    batch.store(engine, run_id, batch.measure(engine))
    suites = build_suites(settings, run_id, baseline, next_year=dt.date.today().year + 1)
    url = engine.url.render_as_string(hide_password=False)
    password = engine.url.password
    with gx_project.quiet():
        try:
            project = gx_project.open_context(settings.data_dir, settings.data_docs_dir, url)
            try:
                checkpoint, registered = gx_project.register(project, suites)
                outcome = gx_project.run(project, checkpoint, run_id)
                data_docs = str(gx_project.index_page(project))
            finally:
                gx_project.close(project)
        except Exception as error:
            # GX's errors may quote the connection string; the password must not travel on.
            message = f"{type(error).__name__}: {error}"
            if password:
                for written in {str(password), quote_plus(str(password)), quote(str(password))}:
                    message = message.replace(written, "***")
            raise ValidationNotRun(f"the checks could not run: {message}") from None
    found = results.outcomes(registered, outcome.run_results.values())
    results.store(engine, run_id, found)
    probe("validate")
    summary = results.summarise(found, data_docs)
    failures = [o for o in found if o.severity == "critical" and not o.success]
    if failures:
        # What this batch staged cannot be trusted, and records it emptied would not look
        # changed to an incremental read: the next run reads the sources in full again.
        forget_watermarks_of_run(engine, run_id)
        raise ValidationFailed(failures, summary)
    return summary
