"""The checks behind ``nox -s docs -- --system-torch / --wheelhouse``: bad input stops with
one message that names what is missing and the command that fixes it."""

import stat

import pytest
from helpers.project import REPO

from primer.build.requirements import (
    MAKE_WHEELHOUSE,
    check_wheelhouse,
    install_from,
    pins,
    system_torch,
    take_options,
    versions,
)
from primer.build.wheelhouse import compatible_platforms


def test_session_options_are_taken_out_and_the_rest_passes_through():
    options, rest = take_options(
        ["-D", "x=1", "--system-torch", "--wheelhouse", "wh", "examples/a", "-v"],
        {"--system-torch": "python3", "--wheelhouse": None},
    )
    assert options == {"--system-torch": "python3", "--wheelhouse": "wh"}
    assert rest == ["-D", "x=1", "examples/a", "-v"]
    assert take_options(["--system-torch=/opt/py"], {"--system-torch": "python3"})[0] == {
        "--system-torch": "/opt/py"
    }
    with pytest.raises(ValueError, match="--wheelhouse needs a value"):
        take_options(["--wheelhouse"], {"--wheelhouse": None})


def fake_python(tmp_path, script: str):
    """An executable that answers the torch probe as ``script`` says."""
    path = tmp_path / "python"
    path.write_text(f"#!/bin/sh\n{script}\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return str(path)


def test_system_torch_below_the_floor_is_refused_naming_both_versions(tmp_path):
    python = fake_python(tmp_path, 'echo "2.5.1 0.20.1 3.11"')
    floor = versions(REPO / "requirements-floor.txt")
    with pytest.raises(SystemExit) as stop:
        system_torch(python)
    message = str(stop.value)
    assert f"has torch 2.5.1, older than {floor['torch']}" in message
    assert f"install torch>={floor['torch']}" in message and "leave out --system-torch" in message


def test_system_torch_missing_is_refused_with_the_import_error(tmp_path):
    python = fake_python(
        tmp_path, "echo \"ModuleNotFoundError: No module named 'torch'\" >&2; exit 1"
    )
    with pytest.raises(SystemExit, match="cannot import torch .ModuleNotFoundError.*install torch"):
        system_torch(python)
    with pytest.raises(SystemExit, match="cannot run .*nowhere"):
        system_torch(str(tmp_path / "nowhere"))


def test_system_torch_at_the_floor_is_accepted(tmp_path):
    floor = versions(REPO / "requirements-floor.txt")
    python = fake_python(tmp_path, f'echo "{floor["torch"]}+cu124 {floor["torchvision"]} 3.12"')
    assert system_torch(python) == (
        f"torch {floor['torch']}+cu124, torchvision {floor['torchvision']}, Python 3.12"
    )


def test_a_wheelhouse_missing_a_wheel_is_named_with_the_command_that_fills_it(tmp_path):
    (tmp_path / "sphinx-8.2.3-py3-none-any.whl").touch()
    (tmp_path / "jieba-0.42.1.tar.gz").touch()
    (tmp_path / "mnist").mkdir()
    check_wheelhouse(str(tmp_path), ["sphinx==8.2.3", "jieba==0.42.1"])
    with pytest.raises(SystemExit) as stop:
        check_wheelhouse(str(tmp_path), ["sphinx==8.2.3", "myst-nb==1.4.0", "sphinx==8.2.4"])
    assert (
        f"has no file for: myst-nb==1.4.0, sphinx==8.2.4. Make it again with: {MAKE_WHEELHOUSE}"
        in str(stop.value)
    )


def test_a_missing_wheelhouse_folder_is_named(tmp_path):
    with pytest.raises(SystemExit, match="no such folder.*nox -s wheelhouse"):
        install_from(str(tmp_path / "nowhere"))
    assert install_from(str(tmp_path))[:1] == ["--no-index"]


def test_the_floor_and_the_pins_name_torch_and_torchvision():
    for file in ("requirements.txt", "requirements-floor.txt"):
        assert {"torch", "torchvision"} <= set(versions(REPO / file)), file
    assert "torch==" not in " ".join(pins(REPO / "requirements.txt", ("torch", "torchvision")))


def test_manylinux_platforms_expand_to_the_older_tags_that_run_there():
    tags = compatible_platforms("manylinux_2_28_x86_64")
    assert tags[0] == "manylinux_2_28_x86_64" and "manylinux_2_17_x86_64" in tags
    assert "manylinux2014_x86_64" in tags and "manylinux_2_29_x86_64" not in tags
    assert compatible_platforms("macosx_11_0_arm64") == ["macosx_11_0_arm64", "any"]
