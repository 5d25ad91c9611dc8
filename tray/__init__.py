"""The volunteer's tray icon: starts and watches the guard, shows its state, opens the local pages.

Stays light: it never imports mitmproxy, Presidio or spaCy (``tests/test_layering.py`` checks it).
"""
