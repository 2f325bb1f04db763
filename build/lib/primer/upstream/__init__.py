"""Workarounds of upstream bugs, each a Sphinx extension named for what it works around.

``tests/test_upstream.py`` holds one sentinel test per workaround: it fails the day the
upstream package fixes the problem, and names the workaround that can then go.
"""
