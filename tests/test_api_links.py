"""Names in the examples' code link to the page of the official reference that documents
them (docs.pytorch.org), through intersphinx and the vendored inventories in docs/inventories
that primer.build.api_inventory derives from the references' own sources (``nox -s inventory``)."""

import zlib

import pytest
from helpers.files import write
from helpers.project import DOCS
from sphinx.util.inventory import InventoryFile

from primer.build.api_inventory import inventory_bytes, source_entries
from primer.build.site import LANGUAGES

INVENTORIES = DOCS / "inventories"
TORCH = "https://docs.pytorch.org/docs/stable/"
VISION = "https://docs.pytorch.org/vision/stable/"


def load(name: str, base: str) -> dict[str, str]:
    """Every object of a vendored inventory and its address, read as intersphinx reads it."""
    with open(INVENTORIES / name, "rb") as stream:
        inventory = InventoryFile.load(stream, base, lambda base, uri: base + uri)
    return {name: item.uri for objects in inventory.values() for name, item in objects.items()}


GENERATED = "generated"  # an autosummary entry: a page of its own, generated/<name>.html

#: Where a sample of names is documented: on a page of its own, or on the page named.
SAMPLE = {
    TORCH: {
        "torch.utils.data.DataLoader": "data.html",
        "torch.utils.data.TensorDataset": "data.html",
        "torch.utils.data.random_split": "data.html",
        "torch.nn.Conv2d": GENERATED,
        "torch.nn.CrossEntropyLoss": GENERATED,
        "torch.nn.functional.cross_entropy": GENERATED,
        "torch.optim.Adam": GENERATED,
        "torch.tensor": GENERATED,
        "torch.Tensor": "tensors.html",
        "torch.Tensor.backward": GENERATED,
        "torch.dtype": "tensor_attributes.html",
        "torch.Size": "size.html",
        "torch.accelerator.current_accelerator": GENERATED,
        "torch.distributed.init_process_group": "distributed.html",
        "torch.testing.assert_close": "testing.html",
    },
    VISION: {
        "torchvision.datasets.MNIST": GENERATED,
        "torchvision.transforms.v2.ToDtype": GENERATED,
        "torchvision.tv_tensors.Image": GENERATED,
    },
}
INVENTORY_OF = {TORCH: "torch.inv", VISION: "torchvision.inv"}

#: Members documented on their class's page (an ``autoclass`` with ``:members:``): {name: page}.
MEMBERS = {
    "torch.nn.Module.state_dict": "generated/torch.nn.Module.html",
    "torch.nn.Module.parameters": "generated/torch.nn.Module.html",
    "torch.nn.Module.eval": "generated/torch.nn.Module.html",
    "torch.nn.Sequential.append": "generated/torch.nn.Sequential.html",
    "torch.Size.numel": "size.html",
}


@pytest.mark.parametrize(
    ("base", "name"), [(base, name) for base, names in SAMPLE.items() for name in names]
)
def test_the_inventories_map_names_to_the_page_that_documents_them(base, name):
    page = SAMPLE[base][name]
    page = f"{GENERATED}/{name}.html" if page == GENERATED else page
    assert load(INVENTORY_OF[base], base).get(name) == f"{base}{page}#{name}"


@pytest.mark.parametrize("name", MEMBERS)
def test_members_map_to_their_anchor_on_the_class_page(name):
    assert load("torch.inv", TORCH).get(name) == f"{TORCH}{MEMBERS[name]}#{name}"


def test_inherited_members_stay_on_the_class_that_documents_them():
    """classtemplate.rst has no ``:inherited-members:``: ``Sequential.eval`` is ``Module.eval``."""
    assert "torch.nn.Sequential.eval" not in load("torch.inv", TORCH)


def test_a_module_maps_to_its_anchor():
    assert (
        load("torch.inv", TORCH)["torch.utils.data"] == TORCH + "data.html#module-torch.utils.data"
    )


def test_the_derivation_follows_what_sphinx_builds(tmp_path):
    """Directly documented objects stay on their page, autosummary entries with a toctree get
    their own page, class bodies name their members, ``:noindex:`` repeats are left out."""
    write(tmp_path / "data.md", "```{eval-rst}\n.. automodule:: pkg.data\n```\n\n"
          "```{eval-rst}\n.. autoclass:: Loader\n```\n")  # fmt: skip
    write(tmp_path / "named.rst", ".. currentmodule:: pkg\n\n.. class:: Tensor()\n   :noindex:\n\n"
          "   .. automethod:: rename\n")  # fmt: skip
    write(tmp_path / "tensors.rst", ".. currentmodule:: pkg\n\n.. class:: Tensor()\n\n"
          "   .. automethod:: view\n\n.. autosummary::\n    :toctree: generated\n\n"
          "    Tensor.to\n    nn.Conv2d\n    ~pkg.sub.helper\n\n"
          ".. autosummary::\n    :nosignatures:\n\n    listed_only\n")  # fmt: skip
    found = {name: entry.uri for name, entry in source_entries(tmp_path).items()}
    assert found == {
        "pkg.data.Loader": "data.html#pkg.data.Loader",
        "module:pkg.data": "data.html#module-pkg.data",
        "pkg.Tensor": "tensors.html#pkg.Tensor",
        "pkg.Tensor.view": "tensors.html#pkg.Tensor.view",
        "pkg.Tensor.rename": "named.html#pkg.Tensor.rename",
        "pkg.Tensor.to": "generated/pkg.Tensor.to.html#pkg.Tensor.to",
        "pkg.nn.Conv2d": "generated/pkg.nn.Conv2d.html#pkg.nn.Conv2d",
        "pkg.sub.helper": "generated/pkg.sub.helper.html#pkg.sub.helper",
    }
    written = inventory_bytes("pkg", list(source_entries(tmp_path).values()))
    body = zlib.decompress(written.split(b"zlib.\n", 1)[1]).decode()
    assert "pkg.nn.Conv2d py:class 1 generated/pkg.nn.Conv2d.html#$ -" in body.splitlines()


#: A package whose classes the member rule is tried on.
FAKE_PACKAGE = """
class Base:
    def inherited(self):
        "Documented on Base."


class Layer(Base):
    def forward(self):
        "Documented."

    def undocumented(self):
        pass

    def _private(self):
        "Private."
"""


def test_members_follow_the_autoclass_options_of_page_and_template(tmp_path, monkeypatch):
    """``:members:`` lists the public members with a docstring that the class itself defines;
    ``:inherited-members:`` adds its bases' and ``:undoc-members:`` those without a docstring;
    a ``:template:`` is looked up in ``_templates`` as autosummary looks it up."""
    write(tmp_path / "code" / "fakepkg.py", FAKE_PACKAGE)
    monkeypatch.syspath_prepend(str(tmp_path / "code"))
    docs = tmp_path / "docs"
    write(docs / "_templates" / "members.rst", ".. autoclass:: {{ name }}\n    :members:\n")
    write(docs / "_templates" / "autosummary" / "everything.rst",
          ".. autoclass:: {{ name }}\n    :members:\n    :inherited-members:\n")  # fmt: skip
    write(docs / "nn.rst", ".. currentmodule:: fakepkg\n\n"
          ".. autosummary::\n    :toctree: generated\n    :template: members.rst\n\n    Layer\n\n"
          ".. autosummary::\n    :toctree: inherit\n    :template: everything\n\n    Layer\n\n"
          ".. autosummary::\n    :toctree: plain\n\n    Base\n\n"
          ".. autoclass:: Base\n   :members:\n   :undoc-members:\n")  # fmt: skip
    found = {name: entry.uri for name, entry in source_entries(docs).items()}
    members = {name: uri for name, uri in found.items() if name.count(".") == 2}
    assert members == {  # no undocumented or private member; Base's plain listing: none
        "fakepkg.Layer.forward": "generated/fakepkg.Layer.html#fakepkg.Layer.forward",
        "fakepkg.Layer.inherited": "inherit/fakepkg.Layer.html#fakepkg.Layer.inherited",
        "fakepkg.Base.inherited": "nn.html#fakepkg.Base.inherited",
    }


def test_a_folder_without_sources_is_named(tmp_path):
    with pytest.raises(SystemExit, match="no documented objects"):
        source_entries(tmp_path)


#: What each CNN page must link, by kind: any one name of each kind will do.
CNN_LINKS = {
    "layer": {"torch.nn.Conv2d", "torch.nn.Linear", "torch.nn.ReLU", "torch.nn.MaxPool2d"},
    "loss": {"torch.nn.CrossEntropyLoss", "torch.nn.functional.cross_entropy"},
    "optimizer": {"torch.optim.Adam", "torch.optim.AdamW", "torch.optim.SGD"},
    "data": {"torch.utils.data.DataLoader", "torch.utils.data.TensorDataset",
             "torchvision.datasets.MNIST", "torch.utils.data.random_split"},
}  # fmt: skip


def reference_links(site, path: str) -> dict[str, str]:
    """The names a page's code links to the official references: {name: address}."""
    soup = site.soup(path)
    return {
        link.get("title", ""): link["href"]
        for link in soup.select("div.highlight a[href]")
        if link["href"].startswith((TORCH, VISION))
    }


@pytest.mark.site
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("example", ["03_mnist_cnn", "04_faster_better"])
def test_the_cnn_pages_link_their_layers_loss_optimizer_and_data(site, language, example):
    links = reference_links(site, f"{language}/examples/02-training/{example}.html")
    for kind, names in CNN_LINKS.items():
        assert names & links.keys(), f"{example} ({language}) links no {kind}: {sorted(links)}"
    assert links["torch.nn.Conv2d"] == TORCH + "generated/torch.nn.Conv2d.html#torch.nn.Conv2d"
    assert links["torchvision.datasets.MNIST"].startswith(VISION + "generated/")
    assert links["torch.nn.Module.parameters"] == (
        TORCH + "generated/torch.nn.Module.html#torch.nn.Module.parameters"
    )


def test_the_examples_are_written_again_when_an_inventory_changes(tmp_path):
    from types import SimpleNamespace

    from primer.sphinxext.api_links import examples_if_an_inventory_changed as outdated

    inventory = write(tmp_path / "inventories" / "torch.inv", "first")
    app = SimpleNamespace(srcdir=tmp_path)
    env = SimpleNamespace(found_docs={"index", "examples/02-training/03_mnist_cnn"})
    assert outdated(app, env) == []  # a first build writes every page anyway
    assert outdated(app, env) == []
    inventory.write_text("second", encoding="utf-8")
    assert outdated(app, env) == ["examples/02-training/03_mnist_cnn"]
