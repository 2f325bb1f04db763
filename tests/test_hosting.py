"""What hosting the site needs from the repository: the licence, the deploy workflow (checked
by actionlint, pinned in requirements.txt) and site-wide pages that agree with SITE_URL."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from helpers.files import write
from helpers.project import DOCS, REPO, SITE_URL
from helpers.report import require

from primer.sphinxext.hosting import root_page_problems

WORKFLOWS = REPO / ".github" / "workflows"


def test_licence_says_what_applies_to_what():
    text = " ".join((REPO / "LICENSE").read_text(encoding="utf-8").split())
    for words in (
        "MIT License",
        "Permission is hereby granted, free of charge",
        "Creative Commons Attribution 4.0 International (CC BY 4.0)",
        "https://creativecommons.org/licenses/by/4.0/legalcode",
        "MNIST is not part of this repository",
        "Yann LeCun",
        "Corinna Cortes",
        "Creative Commons Attribution-Share Alike 3.0",
    ):
        assert words in text, f"LICENSE does not say {words!r}"


def test_root_pages_agree_with_site_url():
    """404.html and the sitemap index are copied as they are: the build checks their site
    address, and the check finds a mismatch."""
    root = DOCS / "_root"
    assert root_page_problems(root, SITE_URL) == []
    moved = root_page_problems(root, "https://example.org/primer/")
    wanted = (
        '404.html does not contain <base href="/primer/">',
        "sitemap.xml does not contain <loc>https://example.org/primer/en/sitemap.xml</loc>",
    )
    assert all(any(text in problem for problem in moved) for text in wanted), moved


def actionlint() -> str | None:
    """actionlint from this Python's environment (requirements.txt pins it), else PATH."""
    here = Path(sys.executable).parent
    return shutil.which("actionlint", path=f"{here}{os.pathsep}{os.environ.get('PATH', '')}")


def run_actionlint(*files: Path) -> subprocess.CompletedProcess:
    tool = actionlint()
    require(tool is not None, "actionlint is not installed (pip install -r requirements.txt)")
    return subprocess.run(
        [tool, "-no-color", *map(str, files)], capture_output=True, text=True, timeout=120
    )


def test_workflows_pass_actionlint():
    workflows = sorted(WORKFLOWS.glob("*.yml"))
    assert workflows, f"no workflow in {WORKFLOWS}"
    run = run_actionlint(*workflows)
    assert run.returncode == 0, run.stdout + run.stderr


def test_actionlint_finds_a_broken_workflow(tmp_path):
    broken = write(
        tmp_path / ".github" / "workflows" / "broken.yml",
        """
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - run: echo "${{ github.no_such_context }}"
        """,
    )
    run = run_actionlint(broken)
    assert run.returncode != 0 and "no_such_context" in run.stdout, run.stdout + run.stderr


def test_deploy_workflow_publishes_the_built_site_to_gh_pages():
    workflow = yaml.safe_load((WORKFLOWS / "deploy.yml").read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as True
    assert triggers["push"]["branches"] == ["main"] and "workflow_dispatch" in triggers
    assert workflow["permissions"]["contents"] == "write"
    steps = workflow["jobs"]["deploy"]["steps"]
    python = next(s["with"]["python-version"] for s in steps if "setup-python" in s.get("uses", ""))
    assert python == "3.11"
    runs = "\n".join(step.get("run", "") for step in steps)
    assert "pip install nox && nox -s docs -- --merge shards/shard-*" in runs
    publish = next(s for s in steps if "gh-pages" in s.get("name", ""))
    assert publish["working-directory"] == "docs/_build/html"
    assert "git push --force" in publish["run"] and "gh-pages" in publish["run"]
    assert "touch .nojekyll" in publish["run"], "Jekyll would drop _static/ and _downloads/"
    cached = {s["with"]["path"] for s in steps if s.get("uses", "").startswith("actions/cache@")}
    assert cached == {"~/.cache/uv", "data"}


def test_deploy_workflow_publishes_only_a_site_that_passed_lint_and_the_tests():
    """Lint and the tests run on the built site before the publishing step, which runs only
    when every step before it succeeded (no ``if:`` of its own), and no example executes
    twice (``--no-build``)."""
    steps = yaml.safe_load((WORKFLOWS / "deploy.yml").read_text(encoding="utf-8"))["jobs"][
        "deploy"
    ]["steps"]
    runs = [step.get("run", "") for step in steps]

    def first(command: str) -> int:
        return next(i for i, run in enumerate(runs) if command in run)

    build, lint = first("nox -s docs -- --merge"), first("nox -s lint")
    tests, publish = first("nox -s tests -- --no-build"), first("git push --force")
    assert build < lint < publish and build < tests < publish
    assert "if" not in steps[publish] and not any("continue-on-error" in s for s in steps)
    assert steps[tests]["env"]["PRIMER_REQUIRE_BROWSER"] == "1"


def test_deploy_workflow_merges_what_every_shard_executed():
    jobs = yaml.safe_load((WORKFLOWS / "deploy.yml").read_text(encoding="utf-8"))["jobs"]
    assert jobs["deploy"]["needs"] == "shard"
    shard = jobs["shard"]
    numbers = shard["strategy"]["matrix"]["shard"]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 2
    runs = "\n".join(step.get("run", "") for step in shard["steps"])
    assert 'nox -s docs -- --shard "${{ matrix.shard }}/${{ strategy.job-total }}"' in runs
    upload = next(s for s in shard["steps"] if "upload-artifact" in s.get("uses", ""))
    assert (
        upload["with"]["path"]
        == "docs/_build/shard-${{ matrix.shard }}-of-${{ strategy.job-total }}"
    )
    assert upload["with"]["include-hidden-files"] is True, "myst-nb's .jupyter_cache"
    download = next(s for s in jobs["deploy"]["steps"] if "download-artifact" in s.get("uses", ""))
    assert download["with"] == {"pattern": "shard-*", "path": "shards"}
