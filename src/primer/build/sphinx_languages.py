"""Run one or several sphinx-builds, one per language, in one Python process.

``primer.build.site`` runs each language's build in a process of its own with this, all at
once (see ``primer.build.handoff``), so that what the builds import and execute stays out of
the caller (the tests call the build from pytest). Several languages in one process build in
turn, importing Sphinx and its extensions once.

``python -m primer.build.sphinx_languages '[["en", [SPHINX-BUILD ARGS...]], ["zh_CN", [...]]]'``

Builds the languages in order and stops at the first that fails. Exit status: 0 when all
succeeded, otherwise ``FAILED + i`` where ``i`` is the failed language's position.
"""

from __future__ import annotations

import json
import sys
import time

FAILED = 10


def build(language: str, args: list[str]) -> int:
    """One sphinx-build with its banner and its time; returns its exit status."""
    import sphinx.locale
    from sphinx.cmd.build import build_main

    # Sphinx keeps each catalog's translator in a module-level table; the next language must
    # load its own (Sphinx's own test fixtures clear it between applications the same way).
    # Upstream: related to sphinx-doc/sphinx#13448; tests/test_upstream.py says when it can go.
    sphinx.locale.translators.clear()
    print(f"\n=== sphinx-build {args[args.index('-b') + 1]} ({language}) ===", flush=True)
    started = time.perf_counter()
    status = build_main(args)
    print(f"=== {language}: {time.perf_counter() - started:.1f} s ===", flush=True)
    return status


def main(argv: list[str]) -> int:
    for position, (language, args) in enumerate(json.loads(argv[0])):
        if build(language, args) != 0:
            return FAILED + position
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
