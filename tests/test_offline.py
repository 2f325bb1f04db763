"""The site to take away (``nox -s package``): the wheel installs with no package index into
a fresh virtual environment and serves every page of both languages from 127.0.0.1 with
nothing fetched elsewhere; Chinese search and math work offline; each language's zip holds
its pages, works opened from the disk as its README says, and carries the licence."""

from __future__ import annotations

import re
import subprocess
import urllib.error
import urllib.request
import venv
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest
from helpers.project import REPO

from primer.build import package as packaging

LANGUAGES = ("en", "zh_CN")
MATH_PAGE = "examples/01-fundamentals/02_autograd.html"


@pytest.fixture(scope="module")
def dist(site, tmp_path_factory):
    folder = tmp_path_factory.mktemp("dist")
    assert packaging.main(["--site", str(site.root), "--dist", str(folder)]) == 0
    return folder


def only(folder: Path, pattern: str) -> Path:
    found = sorted(folder.glob(pattern))
    assert len(found) == 1, f"{folder}: {pattern}: {found}"
    return found[0]


@pytest.fixture(scope="module")
def served(dist, tmp_path_factory):
    """The wheel installed with ``pip --no-index`` into a new venv, serving on a free port."""
    environment = tmp_path_factory.mktemp("reader") / "venv"
    venv.EnvBuilder(with_pip=True).create(environment)
    python = environment / "bin" / "python"
    wheel = only(dist, "*.whl")
    subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--no-index", str(wheel)], check=True
    )
    server = subprocess.Popen(
        [python, "-m", "pytorch_primer", "--no-browser", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    banner = [server.stdout.readline() for _ in range(3)]
    url = re.search(r"serving (http://127\.0\.0\.1:\d+/)", "".join(banner))
    assert url, f"the server printed {banner}"
    yield url[1], "".join(banner)
    server.terminate()
    server.wait(timeout=10)
    server.stdout.close()


def test_the_wheel_holds_no_mathjax_and_carries_the_licence(dist):
    """The pages carry their formulas as SVG: the wheel needs no MathJax."""
    names = zipfile.ZipFile(only(dist, "*.whl")).namelist()
    assert not [n for n in names if "mathjax" in n.lower()]
    metadata = [n for n in names if n.endswith(".dist-info/METADATA")]
    assert metadata and any(n.endswith(".dist-info/LICENSE") for n in names)
    assert "pytorch_primer/site/LICENSE.txt" in names


def test_the_server_says_what_copy_it_is_and_how_to_update_it(served):
    _, banner = served
    assert re.search(r"built \d{4}-\d\d-\d\d from commit [0-9a-f]{12}", banner), banner
    assert "pip install --upgrade pytorch-primer" in banner


def test_the_server_serves_only_the_site(served):
    url, _ = served
    for outside in ("build.json", "__main__.py", "../build.json", "%2e%2e/build.json"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(url + outside, timeout=10)
        refused.value.close()
        assert refused.value.code == 404, outside
    with pytest.raises(urllib.error.HTTPError) as refused:  # no folder listings either
        urllib.request.urlopen(url + "en/_static/", timeout=10)
    refused.value.close()


def test_every_page_loads_offline_in_both_languages(served, site, tabs):
    url, _ = served
    tab = tabs()
    for page in site.all_pages():
        tab.open(url + page, wait_until="load")
    tab.assert_clean()


def test_math_shows_offline(served, tabs):
    url, _ = served
    for language in LANGUAGES:
        tab = tabs()
        page = tab.open(f"{url}{language}/{MATH_PAGE}")
        assert page.locator("div.math > svg + math").count() >= 1
        assert page.locator("div.math > svg").first.bounding_box()["height"] > 0
        tab.assert_clean()


@pytest.mark.parametrize(("language", "term"), [("zh_CN", "张量"), ("en", "tensor")])
def test_search_works_offline(served, tabs, language, term):
    url, _ = served
    tab = tabs()
    page = tab.open(f"{url}{language}/search.html?q={quote(term)}")
    page.wait_for_selector("#search-results ul.search li", timeout=20_000)
    tab.assert_clean()


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_zip_holds_its_language_readme_and_licence(dist, site, language):
    archive = zipfile.ZipFile(only(dist, f"*-{language}-*.zip"))
    names = archive.namelist()
    top = names[0].split("/")[0]
    pages = {n.removeprefix(f"{top}/") for n in names if n.endswith(".html")}
    assert {f"{language}/{page}" for page in site.pages(language)} <= pages
    readme = archive.read(f"{top}/README.txt").decode()
    assert ("构建于" in readme) == (language == "zh_CN")
    assert f"{top}/LICENSE.txt" in names
    assert not [n for n in names if "mathjax" in n.lower()]


@pytest.fixture(scope="module")
def unzipped(dist, tmp_path_factory):
    folder = tmp_path_factory.mktemp("unzipped")
    zipfile.ZipFile(only(dist, "*-en-*.zip")).extractall(folder)
    return only(folder, "*") / "en"


def test_a_zip_opened_from_the_disk_shows_math_and_searches(unzipped, new_context):
    """What README.txt promises for file://: math renders and search lists the pages,
    without their excerpts (Sphinx's search fetches each result page for its excerpt,
    which a browser refuses from the disk: those are the only errors); nothing is asked
    of any server."""
    context = new_context()
    fetched = []
    context.route("http*://**", lambda route: (fetched.append(route.request.url), route.abort()))
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    page.goto((unzipped / MATH_PAGE).as_uri())
    assert page.locator("div.math > svg").first.bounding_box()["height"] > 0
    page.goto((unzipped / "search.html").as_uri() + "?q=tensor")
    page.wait_for_selector("#search-results ul.search li", timeout=20_000)
    assert not fetched, fetched
    assert {str(error) for error in errors} <= {"Failed to fetch"}, errors


def test_build_info_names_a_date_version_and_the_commit():
    info = packaging.build_info(None)
    assert re.fullmatch(r"\d{4}\.\d{1,2}\.\d{1,2}", info["version"])
    assert re.fullmatch(r"[0-9a-f]{12}|unknown", info["commit"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", info["date"])


def test_each_home_page_links_its_languages_zip_as_the_deploy_publishes_it(site):
    deploy = (REPO / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8")
    assert 'offline/pytorch-primer-"$language".zip' in deploy
    for language in LANGUAGES:
        home = (site.root / language / "index.html").read_text(encoding="utf-8")
        assert f'{packaging.PUBLISHED}pytorch-primer-{language}.zip"' in home, language
