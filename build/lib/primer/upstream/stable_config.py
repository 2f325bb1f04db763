"""Keep what Sphinx remembers of the configuration equal to what conf.py sets.

Sphinx pickles the configuration with its environment. The next build compares it with the
configuration as conf.py and the ``config-inited`` handlers leave it
(``BuildEnvironment._config_status`` in sphinx/environment/__init__.py), so a value that an
extension extends later, when the builder starts or while pages are built, differs on every
build: Sphinx reports "The configuration has changed (N options: ...)", and for a value of
the ``env`` kind it throws its environment away and reads every page again. (The eight values
this site's extensions changed are all of the ``html`` kind: the cost was that message on
every build, and the risk that the next such value re-reads and rewrites the whole site.)

Values that conf.py can state in full are stated there (see the comments in conf.py). The
ones below grow on every build whatever conf.py says: the folders that sphinx-copybutton and
sphinx-design append to ``html_static_path`` and the PyData theme to ``templates_path`` once
the builder exists, and the run-time state (source folder, builder, stale examples, titles)
that Sphinx-Gallery keeps in ``sphinx_gallery_conf``. Each is wrapped so that it pickles as
it stood after ``config-inited``; the build itself uses, and copies, its current value.

No upstream issue asks Sphinx to compare like with like; sphinx-doc/sphinx#14219 (merged
after 8.2) gives extensions ``app.add_static_dir()`` instead of appending to
``html_static_path``. Remove a name from ``GROWN_DURING_BUILD`` once its extension no longer
changes it (tests/test_rebuild.py fails when any value still does).
"""

import copy

#: Config values that extensions extend after ``config-inited``, the same way on every build.
GROWN_DURING_BUILD = ("html_static_path", "templates_path", "sphinx_gallery_conf")


class Configured:
    """A list or dict that pickles as ``configured``, and copies as it stands now."""

    base: type

    def __init__(self, value, configured):
        super().__init__(value)
        self.configured = configured

    def __reduce__(self):
        return self.base, (self.configured,)

    def __copy__(self):
        return self.base(self)

    def __deepcopy__(self, memo):
        return copy.deepcopy(self.base(self), memo)


class ConfiguredList(Configured, list):
    base = list


class ConfiguredDict(Configured, dict):
    base = dict


WRAPPERS = {list: ConfiguredList, dict: ConfiguredDict}


def note_configured_values(app, config) -> None:
    """Keep a copy of each value as conf.py and the ``config-inited`` handlers left it."""
    app.primer_configured = {
        name: copy.deepcopy(getattr(config, name))
        for name in GROWN_DURING_BUILD
        if type(getattr(config, name, None)) in WRAPPERS
    }


def wrap_configured_values(app) -> None:
    """Wrap each value before any ``builder-inited`` handler extends it.

    Not at ``config-inited``: loading the theme checks every value's type again, exactly.
    """
    for name, configured in app.primer_configured.items():
        value = getattr(app.config, name)
        setattr(app.config, name, WRAPPERS[type(value)](value, configured))


def setup(app):
    # After every other config-inited handler (Sphinx-Gallery fills its defaults at 10) and
    # before every builder-inited one (Sphinx-Gallery adds its run-time state at 10).
    app.connect("config-inited", note_configured_values, priority=999)
    app.connect("builder-inited", wrap_configured_values, priority=0)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
