"""A night rewrites only the researchers' files whose content changed: the others are linked
from the previous report, byte for byte what writing them again would give."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.publish.report.data import read_report_data
from pipeline.publish.report.researchers import Office, collect_actions, write_researcher_files
from tests.simulated import World

pytestmark = pytest.mark.world("published")


def _files(folder: Path) -> dict[str, Path]:
    return {str(f.relative_to(folder)): f for f in folder.rglob("*") if f.is_file()}


def test_unchanged_researchers_files_are_linked_and_changed_ones_written(
    world: World, tmp_path: Path
) -> None:
    data = read_report_data(world.engine, world.run_id)
    office = Office.of(world.settings)
    researchers = collect_actions(data, world.settings.default_language)
    first = write_researcher_files(data, researchers, tmp_path / "first", office)
    assert first.rewritten == first.researchers > 2

    # The next night: one researcher has one work fewer on a list, another one more.
    changed = [r for r in researchers if r.hidden or r.to_import][:2]
    assert len(changed) == 2
    again = collect_actions(data, world.settings.default_language)
    by_folder = {r.folder: r for r in again}
    one, two = (by_folder[r.folder] for r in changed)
    if one.hidden:
        one.hidden.pop()
    else:
        one.to_import.pop()
    if two.hidden:
        two.hidden.append(two.hidden[0])
    else:
        two.to_import.append(two.to_import[0])
    second = write_researcher_files(data, again, tmp_path / "second", office, tmp_path / "first")
    assert second.rewritten == 2

    old, new = _files(tmp_path / "first"), _files(tmp_path / "second")
    for name, file in new.items():
        folder, _, inside = name.partition("/")
        if not inside or inside.startswith("."):
            continue  # the index and the digests: always written
        if folder in (one.folder, two.folder):
            assert name not in old or not file.samefile(old[name]), name
        else:
            assert file.samefile(old[name]), name
    # Written again from scratch, every file comes out the same as the linked one.
    third = write_researcher_files(data, again, tmp_path / "third", office)
    for name, file in _files(tmp_path / "third").items():
        assert file.read_bytes() == new[name].read_bytes(), name
    assert third.rewritten == third.researchers
