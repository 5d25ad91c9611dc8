"""mitmproxy addons of garde-ia: thin glue between mitmproxy flows and the anonymizer."""
