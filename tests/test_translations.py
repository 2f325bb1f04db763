"""The zh_CN catalogs translate every message of the current sources, nothing fuzzy."""

import pytest
from babel.messages.pofile import read_po
from build_site import missing_translations
from conftest import DOCS

CATALOGS = sorted((DOCS / "locales" / "zh_CN" / "LC_MESSAGES").rglob("*.po"))


@pytest.mark.parametrize("po", CATALOGS, ids=lambda p: p.name)
def test_catalog_is_complete(po):
    with open(po, "rb") as stream:
        catalog = read_po(stream)
    unfinished = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
    assert not unfinished, f"{po.relative_to(DOCS)} leaves untranslated or fuzzy: {unfinished}"


@pytest.mark.slow
def test_every_current_message_is_translated():
    problems = missing_translations()
    assert not problems, "Run `nox -s gettext`, then translate:\n" + "\n".join(problems)
