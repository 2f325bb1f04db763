"""The hand-off between the two language builds (primer.build.handoff), piece by piece; the
tiny site's build (tests/test_fixture_build.py) shows the whole of it."""

import threading
import time
from types import SimpleNamespace

import pytest

from primer.build import handoff


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv(handoff.FOLDER, str(tmp_path))
    return tmp_path


def test_no_handoff_without_its_folder(monkeypatch):
    """Under sphinx-build or sphinx-autobuild the extension does nothing and waits for nothing."""
    monkeypatch.delenv(handoff.FOLDER, raising=False)
    monkeypatch.setenv(handoff.ROLE, handoff.FOLLOWER)
    assert handoff.handoff_folder(handoff.FOLLOWER) is None
    handoff.execute_notebooks_then_await_examples(SimpleNamespace())  # returns at once


def test_each_side_plays_only_its_role(folder, monkeypatch):
    monkeypatch.setenv(handoff.ROLE, handoff.LEADER)
    assert handoff.handoff_folder(handoff.LEADER) == folder
    assert handoff.handoff_folder(handoff.FOLLOWER) is None
    handoff.examples_executed(SimpleNamespace())
    assert (folder / handoff.EXAMPLES_DONE).is_file()


def test_waiting_ends_when_the_other_side_is_done(folder):
    def finish_later():
        time.sleep(0.3)
        handoff.done(folder, handoff.NOTEBOOKS_DONE)

    threading.Thread(target=finish_later).start()
    started = time.perf_counter()
    handoff.wait_for(folder, handoff.NOTEBOOKS_DONE, "the notebooks")
    assert 0.25 < time.perf_counter() - started < 5


def test_the_follower_hands_off_even_when_executing_fails(folder, monkeypatch):
    """A failure in the follower's share must not leave the leader waiting: the leader then
    executes the page itself and stops with myst-nb's message."""
    monkeypatch.setenv(handoff.ROLE, handoff.FOLLOWER)

    def fail(app):
        raise RuntimeError("kernel died")

    monkeypatch.setattr(handoff, "execute_notebooks", fail)
    with pytest.raises(RuntimeError, match="kernel died"):
        handoff.execute_notebooks_then_await_examples(SimpleNamespace())
    assert (folder / handoff.NOTEBOOKS_DONE).is_file()
