from tests.support.databases import db_url, postgres_server  # noqa: F401  (fixtures)
