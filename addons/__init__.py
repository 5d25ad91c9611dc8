"""garde-ia's mitmproxy addons: thin glue between mitmproxy hooks and the inspection code in ``proxy/``.

:func:`addons.order.build_addons` lists them in the order they run.
"""
