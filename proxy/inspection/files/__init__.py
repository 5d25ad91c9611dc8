"""Files sent to AI tools: recognised from their content, their text extracted safely, within caps.

Pure library code (no mitmproxy): :func:`read_file` says what a file is and gives its text, or
raises :class:`FileError`, which the guard turns into a block, never into an unread upload.
"""

from proxy.inspection.files.errors import FileError, FileProblem
from proxy.inspection.files.kinds import FileKind
from proxy.inspection.files.limits import FileLimits
from proxy.inspection.files.reader import FileContent, read_file

__all__ = ["FileContent", "FileError", "FileKind", "FileLimits", "FileProblem", "read_file"]
