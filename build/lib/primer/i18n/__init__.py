"""Checks of the Chinese translation: catalogs, terms and the built pages."""
