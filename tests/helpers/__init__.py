"""What the tests share, as plain functions and constants (the fixtures are in conftest.py),
one module per concern:

``project``  the project's paths and settings; ``report``  the run's summary and skipping
when a tool is missing; ``files``  test files and build logs; ``tiny_site``  the small site
the build tests build; ``pages``  the built site's pages and addresses; ``checks``  checks
read on the built site; ``server``  a local web server like GitHub Pages; ``browser``
watched headless Chromium tabs; ``node``  the Node tools package.json pins.
"""
