"""The `pure-orcid` command: a thin layer over `pipeline` that turns its errors into messages."""

from __future__ import annotations

import functools
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from typing import Literal, ParamSpec, TypeVar

import click
from sqlalchemy import Engine

from pipeline import db, lock, runs
from pipeline.config import SettingsError, get_settings
from pipeline.db.embedded import stop_embedded
from pipeline.db.migrate import SchemaOutOfDate, new_revision
from pipeline.inspect import KINDS, Kind, as_json_line, inspect_file
from pipeline.sources.limits import InputError, check_encoding
from pipeline.sources.model import RecordError
from pipeline.stages import STAGES

P = ParamSpec("P")
R = TypeVar("R")


class ConfigurationError(click.ClickException):
    """A setting to fix (a credential a server refused, a variable missing): exit status 2,
    as for a wrong option, since running again unchanged cannot help."""

    exit_code = 2


def _verbose() -> bool:
    """`pure-orcid -v …`: tracebacks shown instead of one-line messages."""
    context = click.get_current_context(silent=True)
    return bool(context and context.find_root().params.get("verbose"))


def friendly_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Configuration, schema and input problems are the user's to fix: say what in one line,
    without a traceback (`-v` shows it). For every command that uses the pipeline, contributed
    ones included."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except SettingsError as error:
            if _verbose():
                raise
            raise ConfigurationError(str(error)) from None
        except (SchemaOutOfDate, lock.DatabaseBusy, ValueError) as error:
            if _verbose():
                raise
            raise click.ClickException(str(error)) from None
        except OSError as error:
            if _verbose():
                raise
            raise click.ClickException(_os_problem(error)) from None

    return wrapper


def _os_problem(error: OSError) -> str:
    """`path: No such file or directory`, without Python's `[Errno 2]`."""
    where = error.filename if error.filename is not None else None
    reason = error.strerror or str(error)
    return f"{where}: {reason}" if where else reason


@contextmanager
def database(command: str | None = None) -> Iterator[Engine]:
    """The database at this version's schema, with the runs whose process died closed first.
    A command that writes what runs read names itself (`command`) and holds the database for
    its duration: it stops at once, saying who holds it, if another command does."""
    engine = db.get_engine()
    with lock.exclusive(engine, command) if command else nullcontext():
        db.require_head(engine)
        from pipeline.lifecycle import close_dead_runs

        close_dead_runs(engine, get_settings())
        yield engine


COMMANDS_GROUP = "pure_orcid.commands"
"""The entry points through which other packages add commands: the simulators add `sim` and
`demo` (pyproject.toml), installed with the extra `pure-orcid-sync[sim]`."""


class _WithContributedCommands(click.Group):
    """The pipeline's own commands, and those of the entry points, each imported only when it is
    run or listed: the pipeline neither imports nor needs them.

    Whatever a command did not foresee still ends in one line naming the error, never a
    traceback, unless `-v` asks for it."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except Exception as error:
            if ctx.params.get("verbose"):
                raise
            raise click.ClickException(
                f"{type(error).__name__}: {error} (pure-orcid -v … shows where it happened)"
            ) from None

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *_contributed()})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        own = super().get_command(ctx, name)
        if own is not None:
            return own
        entry_point = _contributed().get(name)
        if entry_point is None:
            return None
        try:
            return entry_point.load()
        except ImportError as error:
            return _not_installed(name, entry_point, error)


@functools.cache
def _contributed() -> dict[str, EntryPoint]:
    return {entry_point.name: entry_point for entry_point in entry_points(group=COMMANDS_GROUP)}


def _not_installed(name: str, entry_point: EntryPoint, error: ImportError) -> click.Command:
    """A stand-in for a contributed command whose package or extra is missing: whatever it is
    given, it says in one line what to install."""
    distribution = entry_point.dist.name if entry_point.dist else "pure-orcid-sync"
    requirement = f"{distribution}[{','.join(entry_point.extras)}]"
    message = (
        f"`pure-orcid {name}` needs {requirement}, which is not installed here "
        f"(no module {error.name!r}): pip install '{requirement}'"
    )

    def refuse() -> None:
        raise click.ClickException(message)

    return click.Command(
        name,
        callback=refuse,
        short_help=f"(needs {requirement}, not installed)",
        add_help_option=False,
        context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
    )


@click.group(cls=_WithContributedCommands)
@click.option("-v", "--verbose", is_flag=True, help="Show tracebacks instead of one-line errors.")
def main(verbose: bool) -> None:
    """Reconcile research outputs between Elsevier Pure and ORCID, staged in PostgreSQL."""


@main.group("db")
def db_group() -> None:
    """The staging database: where it is and its schema version."""


@db_group.command("url")
@click.option("--show-password", is_flag=True, help="Print the password instead of ***.")
@friendly_errors
def db_url(show_password: bool) -> None:
    """Print the database URL in use (DATABASE_URL, or the embedded server), for psql too."""
    click.echo(db.display_url(db.database_url(get_settings()), show_password=show_password))


@db_group.command("upgrade")
@click.argument("revision", default="head")
@friendly_errors
def db_upgrade(revision: str) -> None:
    """Apply the migrations up to REVISION (default: the latest)."""
    engine = db.get_engine()
    with lock.exclusive(engine, "db upgrade"):
        db.upgrade(engine, revision)
        click.echo(f"database schema at {db.current_revision(engine)}")


@db_group.command("downgrade")
@click.argument("revision")
@friendly_errors
def db_downgrade(revision: str) -> None:
    """Revert the migrations down to REVISION ("base" removes everything the pipeline made)."""
    engine = db.get_engine()
    with lock.exclusive(engine, "db downgrade"):
        db.downgrade(engine, revision)
        click.echo(f"database schema at {db.current_revision(engine) or 'base'}")


@db_group.command("current")
@friendly_errors
def db_current() -> None:
    """Print the schema revision of the database and the one this version needs."""
    current = db.current_revision(db.get_engine())
    click.echo(f"database: {current or 'base'}; this version needs: {db.head_revision()}")


@db_group.command("revision")
@click.argument("message")
@friendly_errors
def db_revision(message: str) -> None:
    """Create an empty migration file (for developers)."""
    new_revision(db.get_engine(), message)


@db_group.command("psql", context_settings={"ignore_unknown_options": True})
@click.argument("psql_args", nargs=-1, type=click.UNPROCESSED)
@friendly_errors
def db_psql(psql_args: tuple[str, ...]) -> None:
    """Open psql (shipped with the embedded server) on the database in use; extra arguments
    are passed on, e.g. `pure-orcid db psql -c 'SELECT * FROM reporting.run_history'`."""
    from pipeline.db.embedded import psql_command

    command, environment = psql_command(db.database_url(get_settings()), psql_args)
    raise SystemExit(subprocess.call(command, env=environment))  # noqa: S603


@db_group.command("stop")
def db_stop() -> None:
    """Stop the embedded PostgreSQL server, if it runs (a DATABASE_URL server is not touched)."""
    stopped = stop_embedded(get_settings().data_dir)
    click.echo("embedded server stopped" if stopped else "no embedded server was running")


ENCODING_HELP = (
    "The file's encoding; by default UTF-8 (with or without a byte-order mark) or, after a "
    "byte-order mark, UTF-16."
)


def _encoding(ctx: click.Context, parameter: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return check_encoding(value)
    except InputError as error:
        raise click.BadParameter(str(error).split(": ", 1)[1], ctx, parameter) from None


@main.command("import-bibtex")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--person", "person_id", required=True, help="The researcher's Pure UUID or ORCID iD."
)
@click.option("--encoding", callback=_encoding, help=ENCODING_HELP)
@friendly_errors
def import_bibtex_command(file: Path, person_id: str, encoding: str | None) -> None:
    """Stage one researcher's BibTeX file; broken entries are reported with their line. A file
    with no readable entry, or a person Pure does not hold, is refused (exit status 1)."""
    from pipeline.extract.bibtex import import_bibtex, staged_person
    from pipeline.lifecycle import close_run
    from pipeline.sources.bibtex import parse_bibtex_file

    parsed = parse_bibtex_file(file, owner_id=person_id, encoding=encoding)
    with database("import-bibtex") as engine:
        if not staged_person(engine, person_id):
            raise click.ClickException(
                f"--person {person_id}: no researcher with this Pure UUID or ORCID iD among "
                "the persons staged from Pure (run `pure-orcid run --only extract-pure` first)"
            )
        run_id = runs.start_run(engine, trigger="import-bibtex", parameters={"file": file.name})
        try:
            summary = runs.run_stage(
                engine,
                run_id,
                "import-bibtex",
                lambda: import_bibtex(engine, run_id, file, person_id, parsed, encoding),
            )
        except Exception as error:
            close_run(engine, get_settings(), run_id, "failed", runs.failure(error))
            raise
        close_run(engine, get_settings(), run_id, "succeeded")
        errors = runs.record_errors(engine, run_id)
    for error in errors:
        click.echo(f"error: {error}", err=True)
    click.echo(
        f"{summary['works']} works staged from {file.name} for {person_id}, "
        f"{summary['errors']} entries could not be read, {summary['warnings']} warnings"
    )
    if summary["works"] == 0:
        raise click.ClickException(f"{file.name}: none of its entries could be read")


@main.command("inspect")
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--encoding", callback=_encoding, help=ENCODING_HELP)
@friendly_errors
def inspect(kind: Kind, file: Path, encoding: str | None) -> None:
    """Print the records the pipeline reads from a saved response or file, one JSON line each;
    records it cannot read go to standard error (and the exit status is 1)."""
    failed = False
    for record in inspect_file(kind, file, encoding):
        if isinstance(record, RecordError):
            named = str(record) if file.name in record.record_id else f"{file.name}: {record}"
            click.echo(f"error: {named}", err=True)
            failed = True
        else:
            click.echo(as_json_line(record))
    if failed:
        raise SystemExit(1)


@main.command("link")
@click.argument("left", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument(
    "right", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--out", "out_path", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--encoding", callback=_encoding, help=f"Of both input files. {ENCODING_HELP}")
@click.option(
    "--one-to-one",
    is_flag=True,
    help="Link each row to at most one row of the other file (neither file holds a work twice).",
)
@friendly_errors
def link_command(
    left: Path, right: Path | None, out_path: Path, encoding: str | None, one_to_one: bool
) -> None:
    """Link two CSV files of bibliographic records (or find the duplicates in one) with the
    pipeline's own normalisation and scoring; writes left_id,right_id,score.

    Columns: id, title, authors, venue, year and optionally doi (header case does not matter).
    Every pair of rows that are the same work is written, also when a file holds a work more
    than once (the same-work rows of each file are clustered, and clusters linked).
    Rows that cannot be read are listed with their line, the rest linked (exit status 1).
    """
    from pipeline.link_csv import link_csv_files

    summary = link_csv_files(left, right, out_path, encoding, one_to_one=one_to_one)
    for rejected in summary.rejected:
        click.echo(f"error: {rejected}", err=True)
    sizes = f"{summary.left_records}" + (
        f" x {summary.right_records}" if summary.right_records is not None else ""
    )
    click.echo(f"{summary.links} pairs from {sizes} records in {summary.seconds:.1f} s: {out_path}")
    if summary.rejected:
        raise click.ClickException(f"{len(summary.rejected)} rows could not be read (above)")


@main.group("alerts")
def alerts_group() -> None:
    """Notices of failed and abandoned runs (ALERT_WEBHOOK_URL, ALERT_EMAIL_TO)."""


@alerts_group.command("prefect")
@friendly_errors
def alerts_prefect() -> None:
    """Create on the Prefect server (PREFECT_API_URL) the automation that posts to
    ALERT_WEBHOOK_URL when a deployment's run fails, crashes or times out."""
    from flows.automation import NAME, install_automation

    automation_id = install_automation(get_settings())
    click.echo(f"automation {NAME!r} ({automation_id}) posts to ALERT_WEBHOOK_URL")


@main.group("tokens")
def tokens_group() -> None:
    """Researchers' ORCID tokens, stored encrypted."""


@tokens_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@friendly_errors
def tokens_import(file: Path) -> None:
    """Store tokens from a CSV (orcid, access_token, refresh_token, scope, expires_at)."""
    from pipeline.sources.orcid.tokens import read_token_file, store_tokens, token_cipher

    with database("tokens import") as engine:
        stored = store_tokens(engine, token_cipher(get_settings()), read_token_file(file))
    click.echo(f"{stored} tokens stored")


@tokens_group.command("rotate-key")
@click.option(
    "--new-key",
    envvar="ORCID_TOKEN_NEW_KEY",
    show_envvar=True,
    help="The Fernet key to encrypt the tokens with from now on; better given in the "
    "environment than on the command line, where the shell's history keeps it.",
)
@friendly_errors
def tokens_rotate_key(new_key: str | None) -> None:
    """Re-encrypt every stored token under a new key, in one transaction.

    The old key is the configured one (ORCID_TOKEN_KEY, its Prefect block, or the key file).
    A token it cannot decrypt stops the rotation before anything changes, naming its ORCID iD.
    """
    from pipeline.sources.orcid.tokens import MAKE_A_KEY, KeyRotationError, rotate_token_key

    if not new_key:
        raise KeyRotationError(
            f"ORCID_TOKEN_NEW_KEY (or --new-key) is not set: give the new key; {MAKE_A_KEY}"
        )
    with database("tokens rotate-key") as engine:
        rotation = rotate_token_key(engine, get_settings(), new_key)
    done = f"{rotation.tokens} tokens re-encrypted under the new key"
    if rotation.key_file is not None:
        click.echo(f"{done}; the key file {rotation.key_file} now holds it (keep a copy)")
    else:
        click.echo(
            f"{done}; now set ORCID_TOKEN_KEY (or the Prefect Secret block ORCID_TOKEN_KEY_BLOCK "
            "names) to the new key: until then runs cannot read the stored tokens"
        )


@main.group("orcid")
def orcid_group() -> None:
    """What the load stage pushes to researchers' ORCID records."""


@orcid_group.command("allow-push")
@click.argument("orcid")
@click.argument("pure_uuid")
@friendly_errors
def orcid_allow_push(orcid: str, pure_uuid: str) -> None:
    """Let the next run push Pure output PURE_UUID to ORCID iD ORCID again. A work the
    researcher deleted from their record is otherwise never pushed again."""
    from pipeline.load.orcid import allow_push
    from pipeline.normalize.identifiers import orcid as valid_orcid

    orcid_id = valid_orcid(orcid)
    if orcid_id is None:
        raise click.BadParameter(f"{orcid!r} is not an ORCID iD", param_hint="ORCID")
    with database("orcid allow-push") as engine:
        person = allow_push(engine, orcid_id, pure_uuid)
    if person is None:
        raise click.ClickException(
            f"{orcid_id} has no work of Pure output {pure_uuid} that the researcher deleted"
        )
    click.echo(f"{pure_uuid} may be pushed to {orcid_id} again by the next run (for {person})")


@main.command("run")
@click.option("--trigger", default="manual", help="Recorded with the run, e.g. 'schedule'.")
@click.option(
    "--full", is_flag=True, help="Read everything, not only what changed (finds missed deletions)."
)
@click.option(
    "--only",
    type=click.Choice(list(STAGES)),
    multiple=True,
    help="Run only these stages (repeatable); by default all of them, in order.",
)
@click.option(
    "--resume",
    "resume",
    type=int,
    is_flag=False,
    flag_value=0,
    default=None,
    metavar="[RUN_ID]",
    help="Continue a failed or abandoned run (default: the latest) from its first unfinished "
    "stage, with the parameters it was started with.",
)
@click.option(
    "--apply-orcid",
    is_flag=True,
    help="Push missing works to researchers' ORCID records (default: only say what it would).",
)
@click.option("--apply-pure", is_flag=True, help="Write to Pure (default: only say what it would).")
@friendly_errors
def run(
    trigger: str,
    full: bool,
    only: tuple[str, ...],
    resume: int | None,
    apply_orcid: bool,
    apply_pure: bool,
) -> None:
    """Run the nightly flow once, now. One run at a time per database: a second one stops at
    once, saying which holds it."""
    if resume is not None and (full or only or apply_orcid or apply_pure):
        raise click.UsageError(
            "--resume continues a run with its own parameters: drop --full/--only/--apply-*"
        )
    apply = [name for name, wanted in (("orcid", apply_orcid), ("pure", apply_pure)) if wanted]
    engine = db.get_engine()
    # Held before Prefect starts (seconds), so a second run stops at once; the flow takes the
    # same lock again, which also covers runs a Prefect worker starts.
    with lock.exclusive(engine, "run"):
        from pipeline.preflight import check_sources

        reads = set(only or STAGES) if resume is None else set(STAGES)
        check_sources(get_settings(), pure="extract-pure" in reads, orcid="extract-orcid" in reads)
        from flows.nightly import configured_nightly
        from pipeline.orphans import watch_for_orphans

        watch_for_orphans()
        try:
            with _bars_instead_of_info() if sys.stdout.isatty() else nullcontext():
                run_id = configured_nightly(get_settings())(
                    trigger=trigger,
                    mode="full" if full else "incremental",
                    stages=list(only) or None,
                    resume=None if resume is None else (resume or "latest"),
                    apply=apply or None,
                )
        except runs.NotResumable as error:
            raise click.ClickException(str(error)) from None
        except Exception as error:
            raise click.ClickException(
                f"the run failed: {type(error).__name__}: {error} "
                "(what it did is in reporting.run_history; `pure-orcid run --resume` continues it)"
            ) from None
    from pipeline.load import describe

    for line in describe(engine, run_id):
        click.echo(line)
    click.echo(f"run {run_id} succeeded")


@contextmanager
def _bars_instead_of_info() -> Iterator[None]:
    """In a terminal, bars for the long stages; Prefect's informational lines, which would
    break them up, go to the run's log only (warnings and errors still show)."""
    import logging

    from prefect.logging.handlers import PrefectConsoleHandler

    from pipeline.progress import terminal_bars

    loggers = [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]
    consoles = {
        handler
        for logger in loggers
        if isinstance(logger, logging.Logger)
        for handler in logger.handlers
        if isinstance(handler, PrefectConsoleHandler)
    }
    levels = {handler: handler.level for handler in consoles}
    for handler in consoles:
        handler.setLevel(max(handler.level, logging.WARNING))
    try:
        with terminal_bars():
            yield
    finally:
        for handler, level in levels.items():
            handler.setLevel(level)


@main.command("report")
@click.option(
    "--run",
    "run_id",
    type=int,
    default=None,
    help="The run to report on (default: the latest run that published).",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder to write into (default: the reports folder's run-ID).",
)
@friendly_errors
def report(run_id: int | None, out_dir: Path | None) -> None:
    """Write the HTML report, the CSV/XLSX lists and the per-researcher files of a published
    run, again at any time, exactly as its reporting views show it."""
    from pipeline.publish.report import RunNotPublished, write_report

    with database() as engine:
        try:
            summary = write_report(engine, get_settings(), run_id, out_dir)
        except RunNotPublished as error:
            raise click.ClickException(str(error)) from None
    click.echo(
        f"report of run {summary.run_id}: {summary.researchers} researchers, "
        f"{summary.researchers_with_actions} with something to do, "
        f"{summary.works_missing_from_orcid} works missing from ORCID, "
        f"{summary.works_missing_from_pure} from Pure ({summary.seconds:.1f} s)"
    )
    click.echo(f"open {summary.index}")


@main.group("notify", invoke_without_command=True)
@click.option(
    "--run",
    "run_id",
    type=int,
    default=None,
    help="The run whose pages to send (default: the latest run that published).",
)
@click.option("--dry-run", is_flag=True, help="Say who would be e-mailed; send nothing.")
@click.pass_context
@friendly_errors
def notify_group(ctx: click.Context, run_id: int | None, dry_run: bool) -> None:
    """E-mail each researcher with something to do their page, and each faculty coordinator
    their faculty's page (at most once per NOTIFY_PERIOD_DAYS; never to who opted out)."""
    if ctx.invoked_subcommand is not None:
        return
    from pipeline.notify import MailServerError, notify
    from pipeline.publish.report import RunNotPublished

    with database() as engine:
        try:
            summary = notify(engine, get_settings(), run_id, dry_run=dry_run)
        except (RunNotPublished, MailServerError) as error:
            raise click.ClickException(str(error)) from None
    for planned in summary.planned:
        click.echo(
            f"{'would send' if dry_run else 'to'} {planned.kind} {planned.recipient} "
            f"<{planned.address}> ({planned.language})"
        )
    for address, reason in summary.failed:
        click.echo(f"refused: {address}: {reason}", err=True)
    for faculty in summary.unknown_faculties:
        click.echo(f"warning: FACULTY_COORDINATORS names {faculty!r}, not a faculty of run "
                   f"{summary.run_id}", err=True)  # fmt: skip
    verb = "would send" if dry_run else "sent"
    count = len(summary.planned) if dry_run else summary.sent
    click.echo(
        f"run {summary.run_id}: {verb} {count} e-mails "
        f"({summary.researchers_with_actions} researchers with something to do; not written to: "
        f"{summary.recently_sent} within the last {get_settings().notify_period_days} days, "
        f"{summary.opted_out} opted out, {summary.no_address} without an address in Pure)"
        + (f"; {len(summary.failed)} refused" if summary.failed else "")
    )
    if summary.failed:
        raise SystemExit(1)


@notify_group.command("opt-out")
@click.argument("who")
@friendly_errors
def notify_opt_out(who: str) -> None:
    """Never e-mail WHO again (a Pure UUID, e-mail address or ORCID iD)."""
    _preference(who, opted_out=True)


@notify_group.command("opt-in")
@click.argument("who")
@friendly_errors
def notify_opt_in(who: str) -> None:
    """E-mail WHO again, after they opted out."""
    _preference(who, opted_out=False)


@notify_group.command("language")
@click.argument("who")
@click.argument("language", type=click.Choice(["nl", "en"]))
@friendly_errors
def notify_language(who: str, language: Literal["nl", "en"]) -> None:
    """Write to WHO in LANGUAGE from now on, whatever Pure suggests."""
    _preference(who, language=language)


def _preference(
    who: str, *, opted_out: bool | None = None, language: Literal["nl", "en"] | None = None
) -> None:
    from pipeline.notify import PersonNotFound, set_preference

    with database() as engine:
        try:
            uuid, name = set_preference(engine, who, opted_out=opted_out, language=language)
        except PersonNotFound as error:
            raise click.ClickException(str(error)) from None
    wish = {True: "opted out", False: "opted in", None: f"written to in {language}"}[opted_out]
    click.echo(f"{name} ({uuid}): {wish}")
