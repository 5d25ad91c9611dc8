"""Issue 11 (uploads): a ZIP archive is read member by member, never passed unread."""

import pytest

from anonymizer.decision import Decision
from proxy.config.policy import load_policy
from proxy.inspection.files.errors import FileError
from proxy.inspection.files.reader import read_file
from proxy.inspection.files.verdict import FileContext, judge_file
from tests.support import documents as d


def test_the_members_of_an_archive_are_read_with_their_names() -> None:
    data = d.zip_of(
        {"notes/liste.txt": b"Jean Dupont, 06 12 34 56 78", "cr.docx": d.docx_bytes(d.NEUTRAL)}
    )
    content = read_file(data, "dossier.zip")
    assert content.kind == "archive" and content.readable and content.unread_parts == 0
    assert (
        content.text is not None
        and "notes/liste.txt" in content.text
        and "Jean Dupont" in content.text
    )
    assert "cr.docx" in content.text and d.NEUTRAL[0] in content.text


def test_unreadable_members_are_counted_and_nested_archives_not_opened() -> None:
    inner = d.zip_of({"secret.txt": b"Jean Dupont"})
    content = read_file(
        d.zip_of({"photo.png": d.png_bytes(), "inner.zip": inner, "a.txt": b"bonjour"}), "x.zip"
    )
    assert content.unread_parts == 2 and content.text is not None
    assert (
        "Jean Dupont" not in content.text
        and "inner.zip" in content.text
        and "bonjour" in content.text
    )


def test_a_member_that_lies_about_its_type_blocks_the_archive() -> None:
    with pytest.raises(FileError):
        read_file(d.zip_of({"photo.png": b"Jean Dupont habite ici"}), "x.zip")


def context(status: str) -> FileContext:
    return FileContext(load_policy(), status, "Outil", ("Le Chat",), {})  # type: ignore[arg-type]


def test_unread_members_follow_the_policy_for_unreadable_files() -> None:
    content = read_file(d.zip_of({"photo.png": d.png_bytes(), "a.txt": b"bonjour"}), "x.zip")
    clean = Decision("allow", "x")
    assert judge_file(content, clean, False, context("approved")).action == "allow"
    assert judge_file(content, clean, False, context("tolerated")).action == "block"
