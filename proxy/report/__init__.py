"""The referent's review of the usage log: aggregation, rendering (table, CSV, HTML) and footprint.

Submodules are imported where they are used, so the proxy's writer can use the footprint estimate
without loading the report's rendering code.
"""
