"""What the tests share, in one place (test packages import from here, never from each other or a conftest).

- ``paths``: the repository, the shared test data (tests/data), the screenshots folder.
- ``net``: ``free_port``.
- ``fakes``: the fake Guard (``FakeChecker``), the recording usage sink, an addon context, the pages' scanner stand-in.
- ``pipeline``: garde-ia's addons in the runner's order inside mitmproxy's test master, flows, and narrowing helpers.
- ``guard``: the real guard as a child process (``ProxyProcess``), its services mapped onto local upstreams.
- ``launcher``: the same runner and addons with the fake Guard and an injected fault (``python -m tests.support.launcher``).
- ``upstream``: the recording HTTPS upstream standing in for the AI services, and the tests' CA.
- ``system``: NSS databases (certutil), a throw-away PKI, a recording HTTPS server, the CLI as a real process.
- ``web``: the local pages' server (``Running``) and its shared fixtures; ``chromium``: Debian's Chromium.
- ``databases``: SQLite and PostgreSQL usage logs (fixtures); ``records``: usage records and dates.
- ``documents``: office, PDF and archive files built in memory; ``csv_rows``; ``frames``: Gemini frames read back.
"""
