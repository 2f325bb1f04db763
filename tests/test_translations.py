"""The zh_CN catalogs translate every message of the current sources, nothing fuzzy."""

import pytest
from helpers.project import DOCS

from primer.build.site import missing_translations
from primer.i18n.zh_check import untranslated

CATALOGS = sorted((DOCS / "locales" / "zh_CN" / "LC_MESSAGES").rglob("*.po"))


@pytest.mark.parametrize("po", CATALOGS, ids=lambda p: p.name)
def test_catalog_is_complete(po):
    unfinished = untranslated(po)
    assert not unfinished, "Translate (see CONTRIBUTING.md):\n" + "\n".join(unfinished)


@pytest.mark.slow
def test_every_current_message_is_translated():
    problems = missing_translations()
    assert not problems, "Run `nox -s gettext`, then translate:\n" + "\n".join(problems)
