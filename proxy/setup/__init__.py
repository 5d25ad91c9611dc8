"""``garde-ia setup``: this device's CA, the browsers' trust stores, the PAC file, and their undoing.

Everything setup changes is written down in ``GARDE_IA_HOME/setup-record.json`` so that
``garde-ia setup --undo`` removes exactly that, and nothing else. Importing this package stays
light: mitmproxy is loaded only when the CA must be created.
"""
