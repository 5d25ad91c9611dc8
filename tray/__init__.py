"""garde-ia tray application (pystray). Never imports mitmproxy, Presidio or spaCy."""
