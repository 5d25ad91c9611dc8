"""garde-ia application core: command line, settings, policy and catalog loading, storage, reports.

Importing this package has no side effect: no file is read, no database opened, no model loaded.
"""
