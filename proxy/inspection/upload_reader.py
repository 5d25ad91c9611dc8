"""Read the files of one request off the event loop, in their own worker thread, with a timeout.

File reading is CPU-bound and runs on untrusted input: it gets its own single worker so that a
slow document never holds up the charter check of other requests, and the request is blocked
(never forwarded unread) when reading fails or takes too long.
"""

import asyncio
from concurrent.futures import ThreadPoolExecutor

from proxy.inspection.files import FileContent, FileLimits, read_file
from proxy.inspection.formats.uploads import Upload


def read_uploads(uploads: list[Upload], limits: FileLimits) -> list[FileContent]:
    """Read each upload (raises FileError for the first one that cannot be read safely)."""
    return [read_file(u.data, u.name, u.declared_type, limits) for u in uploads]


class UploadReader:
    """Runs :func:`read_uploads` in a dedicated worker thread."""

    def __init__(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="garde-ia-files")

    async def read(
        self, uploads: list[Upload], limits: FileLimits, timeout: float
    ) -> list[FileContent]:
        """The uploads' contents; TimeoutError when reading takes longer than ``timeout``."""
        loop = asyncio.get_running_loop()
        work = loop.run_in_executor(self._executor, read_uploads, uploads, limits)
        return await asyncio.wait_for(work, timeout=timeout)

    def close(self) -> None:
        """Stop the worker thread."""
        self._executor.shutdown(wait=False, cancel_futures=True)
