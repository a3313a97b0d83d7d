"""One pipeline command at a time per database: a second one stops at once and says who holds
the database; a holder that dies lets go; the commands that write what runs read take part."""

import subprocess
import sys
import textwrap
import time

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, create_engine

from pipeline import lock
from pipeline.cli import main


def _hold_in_another_process(database_url: str, what: str) -> subprocess.Popen[str]:
    """A process that holds the database (as `pure-orcid <what>` would) until its stdin closes."""
    code = textwrap.dedent(
        f"""
        import sys
        from sqlalchemy import create_engine
        from pipeline import lock
        engine = create_engine({database_url!r})
        with lock.exclusive(engine, {what!r}):
            print("held", flush=True)
            sys.stdin.read()
        """
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "held"
    return holder


def test_a_second_holder_is_refused_at_once_with_the_holder_and_since_when(
    engine: Engine, database_url: str
) -> None:
    holder = _hold_in_another_process(database_url, "run 42")
    try:
        began = time.monotonic()
        with pytest.raises(lock.DatabaseBusy) as refused, lock.exclusive(engine, "run"):
            pass
        assert time.monotonic() - began < 1
        message = str(refused.value)
        assert f"pure-orcid run 42 {lock.this_process().split('/')[0]}/{holder.pid}" in message
        assert "has held it since 20" in message
        assert "this command did nothing" in message
    finally:
        holder.communicate("")
    with lock.exclusive(engine, "run"):  # released with its holder
        pass


def test_the_lock_goes_with_a_killed_holder(engine: Engine, database_url: str) -> None:
    holder = _hold_in_another_process(database_url, "run")
    holder.kill()
    holder.wait()
    deadline = time.monotonic() + 10
    while True:
        try:
            with lock.exclusive(engine, "run"):
                break
        except lock.DatabaseBusy:
            assert time.monotonic() < deadline, "the dead holder's lock was never released"
            time.sleep(0.1)


def test_the_lock_is_re_entrant_within_a_process_and_checked_before_each_stage(
    engine: Engine, database_url: str
) -> None:
    with lock.exclusive(engine, "run"):
        with lock.exclusive(engine, "run"):  # the flow inside the command line
            lock.check(engine)
        lock.check(engine)  # still held after the inner block
    with pytest.raises(lock.LockLost):
        lock.check(engine)
    other = create_engine(database_url)  # another engine on the same database, same process
    try:
        with lock.exclusive(other, "run"):
            pass
    finally:
        other.dispose()


@pytest.mark.parametrize(
    "arguments",
    [["tokens", "import", "TOKENS"], ["import-bibtex", "BIB", "--person", "x"], ["db", "upgrade"]],
)
def test_commands_that_write_what_runs_read_take_the_lock(
    configured: str, tmp_path, arguments: list[str]
) -> None:
    tokens = tmp_path / "tokens.csv"
    tokens.write_text("orcid,access_token,refresh_token,scope,expires_at\n", encoding="utf-8")
    bib = tmp_path / "works.bib"
    bib.write_text("@article{k, title={T}, author={A, B}, year={2020}}\n", encoding="utf-8")
    arguments = [{"TOKENS": str(tokens), "BIB": str(bib)}.get(a, a) for a in arguments]
    holder = _hold_in_another_process(configured, "run 7")
    try:
        result = CliRunner().invoke(main, arguments)
    finally:
        holder.communicate("")
    assert result.exit_code == 1, result.output
    assert "the database is busy: pure-orcid run 7" in result.output
