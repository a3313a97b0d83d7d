"""Tests never read a developer's settings: no variable from the environment or `.env`, no
cached settings or engine from an earlier test, and a data folder of their own."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import config
from pipeline.db import engine as engine_module


def isolate(monkeypatch: pytest.MonkeyPatch, directory: Path) -> None:
    """Clear every setting (through `monkeypatch`, which puts them back), work in `directory`
    (no .env there) with the data folder inside it, and start with empty caches."""
    for name in [*config.Settings.model_fields, "PURE_ORCID_DATA_DIR"]:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.chdir(directory)
    monkeypatch.setenv("PURE_ORCID_DATA_DIR", str(directory / "var"))
    clear_caches()


def clear_caches() -> None:
    """Forget the cached settings, and close and forget the cached engine."""
    config.get_settings.cache_clear()
    if engine_module.get_engine.cache_info().currsize:
        engine_module.get_engine().dispose()
    engine_module.get_engine.cache_clear()
