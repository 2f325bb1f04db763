"""The environment doctor (docs/downloads/primer_doctor.py): what it decides about a setup,
that its advice names sections that exist, and that each language's download speaks it."""

import importlib.util
import re
import sys

import pytest
from helpers.project import REPO
from sphinx.errors import ExtensionError

from primer.check import doctor as doctor_check
from primer.sphinxext.script_downloads import in_language

SOURCE = REPO / "docs" / "downloads" / "primer_doctor.py"


@pytest.fixture
def doctor():
    """The doctor's source as a module, freshly loaded, so that tests can patch it."""
    spec = importlib.util.spec_from_file_location("primer_doctor", SOURCE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def floor_pins():
    lines = (REPO / "requirements-floor.txt").read_text().splitlines()
    return dict(line.split("==") for line in lines if "==" in line and not line.startswith("#"))


def test_the_doctors_floor_is_the_tested_floor(doctor):
    pins = floor_pins()
    assert pins["torch"] == doctor.TORCH_FLOOR, "update TORCH_FLOOR in the doctor"
    major, minor = doctor.version_tuple(pins["torchvision"])[:2]
    assert doctor.matching_torchvision(pins["torch"]) == (major, minor)


def test_the_pinned_pair_is_a_matched_pair(doctor):
    pins = dict(
        line.split("==")
        for line in (REPO / "requirements.txt").read_text().splitlines()
        if line.startswith(("torch==", "torchvision=="))
    )
    assert (
        doctor.matching_torchvision(pins["torch"]) == doctor.version_tuple(pins["torchvision"])[:2]
    )


def test_version_numbers_ignore_local_and_pre_release_parts(doctor):
    assert doctor.version_tuple("2.14.1+cu130") == (2, 14, 1)
    assert doctor.version_tuple("2.6.0a0+git1234") == (2, 6, 0)
    assert doctor.version_tuple("2.10.0") > doctor.version_tuple("2.6.0")


def run_checks(doctor, language="en", checks=("check_torch",)):
    report = doctor.Report(language)
    for name in checks:
        getattr(doctor, name)(report)
    return report


def test_an_unmatched_torchvision_stops_the_course_and_names_the_install_section(
    doctor, monkeypatch, capsys
):
    real_version = doctor.importlib.metadata.version
    monkeypatch.setattr(
        doctor.importlib.metadata,
        "version",
        lambda name: "0.21.0" if name == "torchvision" else real_version(name),
    )
    if doctor.version_tuple(__import__("torch").__version__)[:2] == (2, 6):
        pytest.skip("this torch is the one torchvision 0.21 is made for")
    report = run_checks(doctor)
    out = capsys.readouterr().out
    assert report.blocking == 1
    assert "torchvision 0.21.0 is made for torch 2.6" in out
    assert out.rstrip().endswith("/en/install.html#install-command")


def test_a_torch_older_than_the_floor_stops_the_course(doctor, monkeypatch, capsys):
    monkeypatch.setattr(doctor, "TORCH_FLOOR", "99.0.0")
    report = run_checks(doctor, language="zh_CN")
    out = capsys.readouterr().out
    assert report.blocking >= 1
    assert "比 99.0.0 旧" in out and "/zh_CN/install.html#install-command" in out


def test_no_virtual_environment_is_advice_that_does_not_stop_the_course(
    doctor, monkeypatch, capsys
):
    monkeypatch.setattr(sys, "prefix", sys.base_prefix)
    monkeypatch.delenv("CONDA_PREFIX", raising=False)
    report = run_checks(doctor, checks=("check_virtual_environment",))
    out = capsys.readouterr().out
    assert report.blocking == 0
    assert out.startswith("fix ") and "#venv" in out


def test_an_old_python_stops_the_course(doctor, monkeypatch, capsys):
    monkeypatch.setattr(
        doctor, "PYTHON_FLOOR", (sys.version_info.major, sys.version_info.minor + 1)
    )
    report = run_checks(doctor, checks=("check_python",))
    assert report.blocking == 1 and "#versions" in capsys.readouterr().out


def test_every_message_exists_in_both_languages_with_the_same_fields(doctor):
    english, chinese = doctor.MESSAGES["en"], doctor.MESSAGES["zh_CN"]
    assert english.keys() == chinese.keys()
    for key in english:
        fields = set(re.findall(r"\{(\w+)\}", english[key]))
        assert fields == set(re.findall(r"\{(\w+)\}", chinese[key])), key


def sections_named(code):
    return set(re.findall(r'report\.fix\(\s*"\w+",\s*"([\w-]+)"', code))


def test_every_section_the_doctor_names_is_on_the_install_page_in_both_languages(site):
    sections = sections_named(SOURCE.read_text(encoding="utf-8"))
    assert {"versions", "venv", "install-command", "china-mirror", "get-mnist"} <= sections
    for language in ("en", "zh_CN"):
        page = (site.root / language / "install.html").read_text(encoding="utf-8")
        missing = {s for s in sections if f'id="{s}"' not in page}
        assert not missing, f"{language}/install.html has no section {missing}"


def test_each_language_downloads_the_doctor_in_its_language(site):
    source = SOURCE.read_text(encoding="utf-8")
    english = doctor_check.download(site.root, "en").read_text(encoding="utf-8")
    chinese = doctor_check.download(site.root, "zh_CN").read_text(encoding="utf-8")
    assert english == source
    assert 'LANGUAGE = "zh_CN"' in chinese
    assert "这台电脑准备好学习" in chinese  # the docstring, translated from the page's catalog
    assert sections_named(chinese) == sections_named(source)  # only prose changed


def test_the_install_page_shows_the_doctors_report_from_the_build(site):
    for language in ("en", "zh_CN"):
        page = (site.root / language / "install.html").read_text(encoding="utf-8")
        assert "ok    torch " in page and "exit status: 0" in page, language


def test_offline_the_doctor_advises_a_mirror_and_mnist_by_hand_in_both_languages(site):
    """What ``nox -s compat`` runs on the oldest and the pinned torch, here on this one."""
    found = doctor_check.check(site.root, "en") + doctor_check.check(site.root, "zh_CN")
    assert not found


def test_the_check_notices_advice_in_the_wrong_language(site):
    install = site.root / "en" / "install.html"
    output = (
        "ok    torch 2.6.0\nok    torchvision 0.21.0 <-> torch 2.6\n"
        "fix   软件包索引没有响应\n      -> https://x/en/install.html#china-mirror\n"
        "fix   MNIST missing\n      -> https://x/en/install.html#get-mnist\n"
    )
    assert doctor_check.problems(output, install, "en") == [
        "advice not in en: fix   软件包索引没有响应"
    ]


def test_a_program_offered_in_chinese_without_a_language_line_stops_the_build():
    with pytest.raises(ExtensionError, match="no line LANGUAGE"):
        in_language("print('hello')\n", "zh_CN", lambda message: message, "tool.py")
    assert (
        in_language('LANGUAGE = "en"\n', "zh_CN", lambda m: m, "tool.py") == 'LANGUAGE = "zh_CN"\n'
    )
