"""The pipeline stands without the simulators: it never imports `sim`, `pure-orcid` works without
the `sim` extra, and the commands the extra adds say what to install when it is missing."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import main

ROOT = Path(__file__).resolve().parents[1]

EXTRA = ("sim", "fastapi", "starlette", "uvicorn")
"""The simulators and the packages only they need (pyproject.toml's `sim` extra)."""

WITHOUT_EXTRA = (
    "import sys\n"
    f"sys.modules.update(dict.fromkeys({EXTRA!r}))\n"
    "from pipeline.cli import main\n"
    "main(sys.argv[1:], prog_name='pure-orcid')\n"
)
"""`pure-orcid` in a process where importing any of them fails, as it does without the extra."""

MISSING = (
    "Error: `pure-orcid {command}` needs pure-orcid-sync[sim], which is not installed here "
    "(no module 'sim.cli'): pip install 'pure-orcid-sync[sim]'\n"
)


def _pure_orcid_without_extra(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_EXTRA, *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def _imports_sim(path: Path) -> bool:
    return any(name.split(".")[0] == "sim" for name in _imported_modules(path))


def test_the_pipeline_and_its_flows_never_import_the_simulators() -> None:
    """Imports inside functions count too: they run as soon as the function does."""
    assert _imports_sim(ROOT / "tests" / "simulated.py"), "the check must see a sim import"
    importers = [
        str(path.relative_to(ROOT))
        for package in ("pipeline", "flows")
        for path in sorted((ROOT / package).rglob("*.py"))
        if _imports_sim(path)
    ]
    assert importers == []


def test_without_the_extra_its_commands_say_what_to_install() -> None:
    for arguments, command in [
        (["sim", "serve", "--researchers", "100", "--tokens-file", "tokens.csv"], "sim"),
        (["sim", "--help"], "sim"),
        (["demo", "--researchers", "20"], "demo"),
    ]:
        result = _pure_orcid_without_extra(*arguments)
        assert (result.returncode, result.stdout) == (1, ""), result.stderr
        assert result.stderr == MISSING.format(command=command)


def test_without_the_extra_the_pipeline_commands_work(fixtures_dir: Path) -> None:
    listing = _pure_orcid_without_extra("--help")
    assert listing.returncode == 0, listing.stderr
    assert "sim            (needs pure-orcid-sync[sim], not installed)" in listing.stdout
    assert "run            Run the nightly flow once, now." in listing.stdout

    record = (
        fixtures_dir / "pure/ws524/umn/research_output/f145e583-7d49-415e-aefb-381905b58ae7.json"
    )
    inspected = _pure_orcid_without_extra("inspect", "pure-ws", str(record))
    assert inspected.returncode == 0, inspected.stderr
    assert '"source_record_id": "f145e583-7d49-415e-aefb-381905b58ae7"' in inspected.stdout


def test_with_the_extra_its_commands_are_part_of_pure_orcid() -> None:
    listing = CliRunner().invoke(main, ["--help"])
    assert "sim            Local simulators of Pure and ORCID" in listing.output

    serve = CliRunner().invoke(main, ["sim", "serve", "--help"])
    assert serve.exit_code == 0, serve.output
    assert "--tokens-file" in serve.output
    demo = CliRunner().invoke(main, ["demo", "--help"])
    assert demo.exit_code == 0, demo.output
    assert "--researchers" in demo.output
