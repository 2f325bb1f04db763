"""The benchmarks: the seed recipes, running recipes as processes, the reports.

``benchmarks/mnist.py`` runs the site's downloaded MNIST script and the seed recipes of
``benchmarks/recipes/`` as separate processes; ``benchmarks/docs_build.py`` reads the build's
own execution records. These tests run tiny scripts and the seed recipes on tiny data as
real processes and check the parsing, the alternation, the medians and the JSON layout.
Nothing here measures time.
"""

from __future__ import annotations

import importlib.util
import json
import os
import struct
import sys
from pathlib import Path

import pytest
import torch
from helpers.project import REPO

from primer.check import gpu_report

RECIPES_DIR = REPO / "benchmarks" / "recipes"


def import_script(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


bench = import_script("bench_mnist", REPO / "benchmarks" / "mnist.py")
docs_build = import_script("bench_docs_build", REPO / "benchmarks" / "docs_build.py")
sys.modules.setdefault("mnist", bench)  # benchmarks/study.py imports it by that name
study = import_script("bench_study", REPO / "benchmarks" / "study.py")


def write_fake_mnist(root: Path, train_count: int, test_count: int) -> None:
    """The four IDX files ``datasets.MNIST`` reads, with pixels 0, 1, 2, ... (mod 256)."""
    raw = root / "MNIST" / "raw"
    raw.mkdir(parents=True)
    for prefix, count in (("train", train_count), ("t10k", test_count)):
        pixels = bytes(i % 256 for i in range(count * 28 * 28))
        labels = bytes(i % 10 for i in range(count))
        header = struct.pack(">IIII", 0x803, count, 28, 28)
        (raw / f"{prefix}-images-idx3-ubyte").write_bytes(header + pixels)
        (raw / f"{prefix}-labels-idx1-ubyte").write_bytes(struct.pack(">II", 0x801, count) + labels)


# -- The seed recipes ---------------------------------------------------------------------------


@pytest.fixture()
def seed_recipes(monkeypatch):
    monkeypatch.syspath_prepend(str(RECIPES_DIR))  # the scripts import seed_loop beside them
    return (import_script("seed_cnn", RECIPES_DIR / "seed_cnn.py"),
            import_script("seed_mlp", RECIPES_DIR / "seed_mlp.py"))  # fmt: skip


def test_seed_cnn_works_with_its_padding_fix_only(seed_recipes):
    seed_cnn, _ = seed_recipes
    assert seed_cnn.SeedCNN()(torch.zeros(3, 1, 28, 28)).shape == (3, 10)
    with pytest.raises(RuntimeError, match="invalid for input of size"):
        seed_cnn.SeedCNN(padding=0)(torch.zeros(64, 1, 28, 28))
    assert (seed_cnn.BATCH_SIZE, seed_cnn.EPOCHS) == (64, 2)


def test_seed_mlp_maps_digits_to_ten_logits(seed_recipes):
    _, seed_mlp = seed_recipes
    assert seed_mlp.seed_mlp()(torch.zeros(2, 1, 28, 28)).shape == (2, 10)
    assert (seed_mlp.BATCH_SIZE, seed_mlp.EPOCHS, seed_mlp.LEARNING_RATE) == (20_000, 5, 0.001)


@pytest.mark.parametrize("script", ["seed_cnn.py", "seed_mlp.py"])
def test_seed_recipe_runs_as_a_process_and_prints_its_accuracy(script, tmp_path):
    write_fake_mnist(tmp_path / "data", train_count=96, test_count=30)
    env = {**os.environ, "PRIMER_DATA": str(tmp_path / "data")}
    run = bench.run_once(bench.Recipe("seed", RECIPES_DIR / script, script), env)
    assert 0 <= run["accuracy"] <= 1
    assert run["wall_s"] > 0


# -- Parsing what a script prints -----------------------------------------------------------


SITE_OUTPUT = """\
device: cpu | torch 2.14.1 | Python 3.11.7
epoch 1: mean loss 0.7000, test accuracy 98.10%
epoch 2: mean loss 0.5500, test accuracy 99.12%
time: 12.3 s (cpu)
test accuracy: 99.12% (9,912 of 10,000)
reloaded model: 99.12% (9,912 of 10,000)
"""


def test_parse_accuracy_takes_the_last_test_accuracy_line():
    assert bench.parse_accuracy(SITE_OUTPUT, Path("site.py")) == pytest.approx(0.9912)
    twice = "test accuracy: 97.5%\nmore training\ntest accuracy: 98.25 %\n"
    assert bench.parse_accuracy(twice, Path("x.py")) == pytest.approx(0.9825)


def test_parse_accuracy_without_the_line_names_the_script():
    output = SITE_OUTPUT.replace("test accuracy: ", "accuracy on the test set: ")
    with pytest.raises(bench.BenchmarkError, match=r"site\.py printed no line 'test accuracy"):
        bench.parse_accuracy(output, Path("site.py"))


# -- Finding the site's download ------------------------------------------------------------


def test_site_download_is_the_built_sites_copy(tmp_path):
    example = Path(bench.SITE_EXAMPLE)
    assert (REPO / example).is_file()
    with pytest.raises(bench.BenchmarkError, match=r"found 0: build the site first"):
        bench.site_download(tmp_path)
    download = tmp_path / "en" / "_downloads" / "0123abcd" / example.name
    download.parent.mkdir(parents=True)
    download.write_text("print('test accuracy: 99.5%')\n")
    (tmp_path / "en" / "_downloads" / "4567" / example.with_suffix(".ipynb").name).parent.mkdir()
    assert bench.site_download(tmp_path) == download
    site = bench.make_recipe("site", tmp_path)  # its final runs get the goal's budget
    assert (site.script, site.env) == (download, {"PRIMER_EPOCHS": str(bench.SITE_EPOCHS)})
    with pytest.raises(bench.BenchmarkError, match=r"does not exist: point SITE_EXAMPLE"):
        bench.site_download(tmp_path, "gallery/02-training/99_missing.py")


# -- Alternating real processes -------------------------------------------------------------

TINY_RECIPE = """\
import os, sys
name = {NAME}
# Leave a trace of the order of the runs and of what the working directory held.
with open(os.environ["BENCH_TRACE"], "a") as trace:
    seed, epochs = os.environ["PRIMER_FIRST_SEED"], os.environ.get("PRIMER_EPOCHS")
    trace.write(f"{name} {sorted(os.listdir('.'))} seed={seed} epochs={epochs}\\n")
print("training time: {LOOP} s")
print("test accuracy: {ACCURACY}%")
sys.exit({EXIT})
"""


def tiny_recipe(folder: Path, name: str, accuracy: float, exit_status: int = 0, loop=1.5, env=()):
    script = folder / f"{name}.py"
    script.write_text(
        TINY_RECIPE.replace("{NAME}", repr(name))
        .replace("{LOOP}", str(loop))
        .replace("{ACCURACY}", str(accuracy))
        .replace("{EXIT}", str(exit_status))
    )
    return bench.Recipe(name, script, f"tiny {name}", dict(env))


def test_alternate_runs_each_recipe_in_turn_in_an_empty_folder(tmp_path):
    """Round k runs every recipe with seed k - 1, each with its own environment on top."""
    site = tiny_recipe(tmp_path, "site", 99.4, env={"PRIMER_EPOCHS": "2"})
    recipes = [site, tiny_recipe(tmp_path, "seed-cnn", 98.5)]
    trace = tmp_path / "trace.txt"
    env = {**os.environ, "BENCH_TRACE": str(trace)}
    env.pop("PRIMER_EPOCHS", None)
    lines = []
    results = bench.alternate(recipes, runs=3, env=env, log=lines.append)
    assert trace.read_text().splitlines() == [
        line
        for seed in range(3)
        for line in (f"site [] seed={seed} epochs=2", f"seed-cnn [] seed={seed} epochs=None")
    ]
    assert [run["seed"] for run in results["site"]] == [0, 1, 2]
    assert [run["accuracy"] for run in results["site"]] == [0.994] * 3
    assert [run["accuracy"] for run in results["seed-cnn"]] == [0.985] * 3
    assert all(run["wall_s"] > 0 for runs in results.values() for run in runs)
    assert all(run["loop_s"] == 1.5 and run["load"] >= 0 for r in results.values() for run in r)
    assert len(lines) == 6 and lines[0].startswith("round 1/3  site")


def test_a_failing_recipe_stops_the_benchmark_with_its_output(tmp_path):
    recipe = tiny_recipe(tmp_path, "broken", 99.0, exit_status=3)
    env = {**os.environ, "BENCH_TRACE": str(tmp_path / "trace.txt")}
    with pytest.raises(bench.BenchmarkError, match=r"broken\.py failed with exit status 3"):
        bench.alternate([recipe], runs=1, env=env)


# -- The report -------------------------------------------------------------------------------

MACHINE = {"cpu_count": 2, "torch": "2.14.1", "device": "cpu"}


def runs(*triples):
    return [
        {"load": 1.0, "wall_s": wall, "loop_s": loop, "accuracy": accuracy}
        for wall, loop, accuracy in triples
    ]


def report_of(site_runs, seed_runs):
    recipes = [
        bench.Recipe("site", RECIPES_DIR / "site.py", "site"),
        bench.Recipe(bench.BASELINE, RECIPES_DIR / "seed_cnn.py", "seed CNN"),
    ]
    return bench.summarize(recipes, {"site": site_runs, bench.BASELINE: seed_runs}, MACHINE)


def test_summarize_pairs_the_runs_of_each_round():
    report = report_of(
        runs((30.0, 6.0, 0.9930), (10.0, 5.0, 0.9940), (20.0, 9.0, 0.9935)),
        runs((100.0, 60.0, 0.985), (90.0, 50.0, 0.986), (200.0, 100.0, 0.984)),
    )
    site, seed = report["recipes"]["site"], report["recipes"][bench.BASELINE]
    assert (site["median_wall_s"], site["median_loop_s"], site["accuracy"]) == (20.0, 6.0, 0.9935)
    assert (seed["median_wall_s"], seed["median_loop_s"], seed["accuracy"]) == (100.0, 60.0, 0.985)
    # Round by round: 6/60, 5/50, 9/100, whose median is 0.1; the ratio of the medians
    # (6/60) would be the same here, but the wall times show the difference: 0.3, 1/9, 0.1
    # have the median 1/9, while the medians' ratio is 0.2.
    loop_ratio = {"ratios": [0.1, 0.1, 0.09], "median": 0.1, "min": 0.09, "max": 0.1}
    assert site["loop_ratio"] == loop_ratio
    assert site["wall_ratio"]["median"] == pytest.approx(0.1111, abs=1e-4)
    assert seed["loop_ratio"]["ratios"] == [1.0, 1.0, 1.0]
    assert report["goal"] == {"min_accuracy": 0.993, "max_loop_ratio": 1 / 8, "met": True}
    assert site["script"] == "benchmarks/recipes/site.py"
    assert len(site["runs"]) == 3 and report["machine"] == MACHINE


def test_the_goal_takes_the_median_of_paired_ratios_not_the_ratio_of_medians():
    # Loop times 10, 12, 14 against 100, 90, 110: paired ratios 0.1, 0.133, 0.127 (median
    # 0.127, not met), though the medians' ratio 12/100 = 0.12 would meet the goal.
    report = report_of(
        runs((20.0, 10.0, 0.995), (20.0, 12.0, 0.995), (20.0, 14.0, 0.995)),
        runs((100.0, 100.0, 0.985), (100.0, 90.0, 0.985), (100.0, 110.0, 0.985)),
    )
    assert report["recipes"]["site"]["loop_ratio"]["median"] == pytest.approx(0.1273, abs=1e-4)
    assert not report["goal"]["met"]


@pytest.mark.parametrize(
    ("site_run", "reason"),
    [
        ((20.0, 10.0, 0.9929), "accuracy below 99.3 %"),
        ((20.0, 13.0, 0.995), "over 1/8 of the loop"),
    ],
)
def test_the_goal_is_not_met(site_run, reason):
    assert not report_of(runs(site_run), runs((100.0, 100.0, 0.985)))["goal"]["met"], reason


def test_the_report_is_written_as_json_and_printed_as_a_table(tmp_path):
    report = report_of(runs((20.0, 10.0, 0.9935)), runs((100.0, 100.0, 0.985)))
    path = bench.write_report(report, "mnist", tmp_path)
    assert path == tmp_path / "mnist.json"
    assert json.loads(path.read_text(encoding="utf-8")) == report
    lines = bench.format_table(report).splitlines()
    header = "recipe runs wall s loop s test acc loop / base wall / base"
    assert lines[0].split() == header.split()
    site_row = "site 1 20.0 10.0 99.35% 0.100 (0.100-0.100) 0.200 (0.200-0.200)"
    assert lines[2].split() == site_row.split()
    assert lines[3].split()[:6] == ["seed", "CNN", "1", "100.0", "100.0", "98.50%"]
    assert len({len(line) for line in lines}) == 1  # aligned columns


def test_the_study_reads_each_row_of_seeds_from_the_printed_tables():
    output = "\n".join([
        "lr                            seed=0  seed=1    mean      Δ",
        "0.001                         89.06%  90.14%  89.60%",
        "+ batch_norm=True             94.78%  95.02%  94.90%  +5.30  ✓",
        "Recipe(lr=0.01): seed=0 val accuracy 99.10% | training time: 7.0 s",
        "test accuracy: 99.30% (9,930 of 10,000)",
    ])  # fmt: skip
    rows = study.parse_rows(output, seeds=2)
    assert [(row["label"], row["seeds"], row["mean"]) for row in rows] == [
        ("0.001", [0.8906, 0.9014], 0.896),
        ("+ batch_norm=True", [0.9478, 0.9502], 0.949),
    ]
    assert rows[0]["std"] == pytest.approx(0.007637, abs=1e-6)
    assert study.parse_finals(output) == [
        {"recipe": "Recipe(lr=0.01)", "seed": 0, "val_accuracy": 0.991}
    ]


# -- The build's execution records ----------------------------------------------------------


def write_example(root: Path, name: str, cost: str | None) -> None:
    example = root / "docs" / "examples" / f"{name}.py"
    example.parent.mkdir(parents=True, exist_ok=True)
    example.write_text("print(1)\n")
    if cost is not None:
        example.with_suffix(".cost.json").write_text(cost)


def test_gallery_executions_read_sphinx_gallerys_cost_records(tmp_path):
    write_example(tmp_path, "01-basics/01_tensors", '{"memory": 0.0, "time": 1.5}')
    write_example(tmp_path, "02-training/03_cnn", '{"memory": 12.0, "time": 42.25}')
    write_example(tmp_path, "02-training/04_never_run", None)
    removed = tmp_path / "docs" / "examples" / "02-training" / "09_removed.cost.json"
    removed.write_text('{"memory": 0.0, "time": 9.0}')
    executions = docs_build.gallery_executions(tmp_path)
    assert [(e.kind, e.name, e.run_s) for e in executions] == [
        ("gallery", "01-basics/01_tensors", 1.5),
        ("gallery", "02-training/03_cnn", 42.25),
    ]


def test_a_broken_cost_record_names_the_file(tmp_path):
    write_example(tmp_path, "01-basics/01_tensors", '{"memory": 0.0}')
    with pytest.raises(SystemExit, match=r"01_tensors\.cost\.json: not a Sphinx-Gallery"):
        docs_build.gallery_executions(tmp_path)


def cache_execution(cache, uri: str, source: str, seconds: float) -> None:
    import nbformat
    from jupyter_cache.base import CacheBundleIn

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    bundle = CacheBundleIn(notebook, uri, data={"execution_seconds": seconds})
    cache.cache_notebook_bundle(bundle, check_validity=False)


def test_notebook_executions_read_the_latest_jupyter_cache_record_per_page(tmp_path):
    from jupyter_cache import get_cache

    cache = get_cache(tmp_path / docs_build.JUPYTER_CACHE)
    cache_execution(cache, str(tmp_path / "docs" / "install.md"), "print(1)", 4.0)
    cache_execution(cache, str(tmp_path / "docs" / "install.md"), "print(2)", 5.5)
    cache_execution(cache, "/elsewhere/docs/guide/why.md", "print(3)", 2.0)
    executions = docs_build.notebook_executions(tmp_path)
    assert [(e.kind, e.name, e.run_s) for e in executions] == [
        ("myst-nb", "guide/why.md", 2.0),
        ("myst-nb", "install.md", 5.5),
    ]
    assert docs_build.notebook_executions(tmp_path / "no-build") == []


def test_executed_between_picks_the_records_a_build_wrote():
    executions = [docs_build.Execution("gallery", "a", 1.0, written=100.0),
                  docs_build.Execution("myst-nb", "b.md", 2.0, written=200.0)]  # fmt: skip
    assert docs_build.executed_between(executions, 150.0, 250.0) == ["b.md"]
    assert docs_build.executed_between(executions, 250.0, 300.0) == []


def test_the_build_report_totals_and_json_layout(tmp_path):
    executions = [docs_build.Execution("gallery", "01/a", 1.25, written=1.0),
                  docs_build.Execution("gallery", "02/b", 2.5, written=1.0),
                  docs_build.Execution("myst-nb", "c.md", 4.0, written=1.0)]  # fmt: skip
    builds = [{"name": "cold", "wall_s": 99.0, "steal": 0.25, "executed": ["01/a", "02/b", "c.md"]},
              {"name": "no-change", "wall_s": 9.0, "steal": None, "executed": []}]  # fmt: skip
    budget = {"01/a": 2, "02/b": 2}  # c.md declares none
    report = docs_build.summarize(executions, builds, budget)
    assert report["total_run_s"] == {"gallery": 3.75, "myst-nb": 4.0, "all": 7.75}
    assert report["total_budget_s"] == {"gallery": 4, "myst-nb": 0, "all": 4}
    assert report["executions"][2] == {
        "kind": "myst-nb", "name": "c.md", "run_s": 4.0, "budget_s": None, "within_budget": None
    }  # fmt: skip
    assert [e["within_budget"] for e in report["executions"][:2]] == [True, False]
    assert report["over_budget"] == ["02/b"]
    assert report["builds"] == builds
    assert report["machine"]["cpu_count"] == os.cpu_count()
    path = docs_build.write_report(report, tmp_path)
    assert json.loads(path.read_text(encoding="utf-8")) == report
    text = docs_build.format_report(report)
    assert "total (all)" in text and "7.75" in text
    assert [line.split()[-2:] for line in text.splitlines()[2:4]] == [["2", "yes"], ["2", "NO"]]
    assert text.splitlines()[-2].split() == ["cold", "99.0", "25%", "3"]
    assert text.splitlines()[-1].split() == ["no-change", "9.0", "n/a", "0"]


def test_budgets_come_from_the_course_record(tmp_path):
    """The budget table reads each lesson's ``budget`` from the build's ``course.json``, by
    the name of the lesson's execution record."""
    record = tmp_path / docs_build.COURSE
    record.parent.mkdir(parents=True)
    lessons = [{"source": "docs/install.md", "budget_s": 6},
               {"source": "gallery/02-training/03_mnist_cnn.py", "budget_s": 18}]  # fmt: skip
    record.write_text(json.dumps({"home": "index.html", "lessons": lessons}), encoding="utf-8")
    assert docs_build.budgets(tmp_path) == {"install.md": 6, "02-training/03_mnist_cnn": 18}
    assert docs_build.budgets(tmp_path / "unbuilt") == {}


# -- tools/gpu_check.sh, run on the CPU build --------------------------------------------------


@pytest.mark.site
def test_gpu_check_reports_every_example_and_the_benchmarked_accuracy(site):
    """``gpu_check.sh --report-only`` on this machine's build prints what it would print on a
    GPU after its own build: a device line, one run time per example, their total, and the
    test accuracy of the page the MNIST benchmark measures, as that page shows it."""
    import subprocess

    run = subprocess.run(
        ["bash", str(REPO / "tools" / "gpu_check.sh"), "--report-only"],
        env={**os.environ, "PYTHON": sys.executable}, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].startswith("device: ") and f"torch {torch.__version__}" in lines[0]
    examples = sorted(REPO.glob("gallery/*/[0-9]*.py"))
    for example in examples:
        name = f"{example.parent.name}/{example.stem}"
        assert any(line.split("s  ", 1)[-1] == name for line in lines), f"no time for {name}"
    total = next(line for line in lines if line.endswith("s  all examples"))
    assert float(total.split()[0]) > 0
    page = Path(bench.SITE_EXAMPLE)
    html = site.root / "en" / "examples" / page.parent.name / f"{page.stem}.html"
    shown = gpu_report.ACCURACY.findall(html.read_text(encoding="utf-8"))
    assert shown, f"{html} shows no test accuracy"
    assert f"{page.parent.name}/{page.stem}: {shown[-1]}" in lines


def test_gpu_report_says_when_nothing_was_built(tmp_path):
    assert "the build did not run" in gpu_report.report(tmp_path)


def test_paired_ratios_are_taken_round_by_round():
    from primer.check.measure import paired_ratios

    ratios = paired_ratios([2.0, 9.0, 4.0], [4.0, 10.0, 2.0])
    assert ratios == {"ratios": [0.5, 0.9, 2.0], "median": 0.9, "min": 0.5, "max": 2.0}
    with pytest.raises(ValueError):
        paired_ratios([1.0], [1.0, 2.0])  # rounds must pair up


def test_steal_is_the_share_of_cpu_time_the_host_took(tmp_path):
    """``/proc/stat``'s first line: user nice system idle iowait irq softirq steal ..."""
    from primer.check.measure import cpu_ticks, format_share, steal_share

    stat = tmp_path / "stat"
    stat.write_text("cpu  100 0 50 800 0 0 0 50 0 0\ncpu0 1 2 3\n")
    before = cpu_ticks(str(stat))
    stat.write_text("cpu  160 0 70 860 0 0 0 110 0 0\ncpu0 1 2 3\n")
    after = cpu_ticks(str(stat))
    assert steal_share(before, after) == 0.3  # 60 of the 200 ticks that passed
    assert format_share(steal_share(before, after)) == "30%"
    assert cpu_ticks(str(tmp_path / "missing")) is None
    assert steal_share(None, after) is None and format_share(None) == "n/a"


# -- The faster-and-better chain, seed by seed (benchmarks/chain.py) --------------------------

chain_bench = import_script("bench_chain", REPO / "benchmarks" / "chain.py")


def test_the_chain_compares_each_step_with_the_one_before_seed_by_seed():
    step = chain_bench.compare([0.97, 0.98, 0.96, 0.99], [0.96, 0.96, 0.97, 0.97])
    assert step["mean_difference"] == pytest.approx(0.01)
    assert step["standard_error"] == pytest.approx(0.0070711, abs=1e-6)
    assert step["wins"] == 3
    line = chain_bench.format_step("+ batch_norm", [0.97, 0.98, 0.96, 0.99], step)
    assert line.endswith("97.50   1.29   +1.00 ± 0.71   3/4"), line


FAKE_PAGE = """\
import dataclasses
@dataclasses.dataclass(frozen=True)
class Recipe:
    lr: float = 1e-3
    batch_norm: bool = False
    label_smoothing: float = 0.0
    channels_last: bool = False
speed = {"channels_last": True}
# %%
# The noise, and the learning rate
raise SystemExit("the chain must not run the page's experiments")
CHANGES = {"batch_norm": True, "label_smoothing": 0.1}
"""


def test_the_chain_is_built_from_the_pages_own_code(tmp_path):
    """The chain executes the page's cells before its first experiment and adds its CHANGES
    in order; a page without them is named with what to do."""
    page = tmp_path / "page.py"
    page.write_text(FAKE_PAGE)
    namespace, changes = chain_bench.page_definitions(page)
    steps = chain_bench.chain(namespace, changes, lr=0.01)
    Recipe = namespace["Recipe"]
    assert steps == [
        Recipe(lr=0.01, channels_last=True),
        Recipe(lr=0.01, batch_norm=True, channels_last=True),
        Recipe(lr=0.01, batch_norm=True, label_smoothing=0.1, channels_last=True),
    ]
    page.write_text("print('no experiment here')\n")
    with pytest.raises(bench.BenchmarkError, match=r"page\.py: no section 'The noise"):
        chain_bench.page_definitions(page)


def test_the_real_page_has_what_the_chain_reads():
    source = (REPO / bench.SITE_EXAMPLE).read_text(encoding="utf-8")
    head, found, _ = source.partition(chain_bench.FIRST_EXPERIMENT)
    assert found and "def scores(" in head and "speed = " in head
    # The chain adds the page's last row itself, on the same condition: both must agree.
    assert 'if baseline.bfloat16:\n    CHANGES["bfloat16"] = False' in source
    changes = chain_bench.ast.literal_eval(chain_bench.CHANGES.search(source)[1])
    assert list(changes)[0] == "one_cycle"
