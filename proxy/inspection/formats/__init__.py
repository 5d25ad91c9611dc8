"""Payload adapters: pure functions from a request body to the user's texts and back.

Nothing here imports mitmproxy: every adapter is tested on plain bytes (``tests/data/payloads``).
"""
