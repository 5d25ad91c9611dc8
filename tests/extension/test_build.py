"""The extension package: catalogued hosts only, loopback API only, no remote code, both locales complete, reproducible zips."""

import importlib.util
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from proxy.config.catalog import host_matches, load_catalog
from tests.support.paths import ROOT

EXTENSION = ROOT / "extension"
SOURCE = EXTENSION / "src"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        [sys.executable, str(EXTENSION / "build.py"), "--out", str(out)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return out


def manifest(built: Path, browser: str) -> dict[str, Any]:
    found: dict[str, Any] = json.loads((built / browser / "manifest.json").read_text())
    return found


@pytest.mark.parametrize("browser", ["chromium", "firefox"])
def test_permissions_are_the_catalogued_pages_and_the_loopback_api(
    built: Path, browser: str
) -> None:
    found = manifest(built, browser)
    assert found["manifest_version"] == 3
    assert found["permissions"] == ["storage"]
    assert found["host_permissions"] == ["http://127.0.0.1/*", "http://localhost/*"]
    assert "optional_permissions" not in found and "optional_host_permissions" not in found
    catalog = load_catalog()
    (scripts,) = found["content_scripts"]
    assert scripts["js"] == ["tools.js", "content.js"] and scripts["run_at"] == "document_start"
    for pattern in scripts["matches"]:
        host = re.fullmatch(r"https://([a-z0-9.-]+)/.*\*", pattern)
        assert host, pattern
        assert catalog.tool_for_host(host.group(1)) is not None, (
            f"{pattern} is not a catalogued AI tool"
        )
    for needed in (
        "https://chatgpt.com/*",
        "https://chat.mistral.ai/*",
        "https://claude.ai/*",
        "https://gemini.google.com/*",
        "https://copilot.microsoft.com/*",
    ):
        assert needed in scripts["matches"]


def test_each_browser_its_background(built: Path) -> None:
    assert manifest(built, "chromium")["background"] == {"service_worker": "background.js"}
    firefox = manifest(built, "firefox")
    assert firefox["background"] == {"scripts": ["background.js"]}
    assert firefox["browser_specific_settings"]["gecko"]["data_collection_permissions"] == {
        "required": ["none"]
    }


def test_selectors_data_names_catalogued_tools_and_their_own_hosts() -> None:
    data = json.loads((EXTENSION / "data" / "tools.json").read_text())
    catalog = {tool.id: tool for tool in load_catalog().tools}
    for tool_id, entry in data["tools"].items():
        for page in entry["pages"]:
            assert any(host_matches(p, page.split("/")[0]) for p in catalog[tool_id].hosts), (
                tool_id,
                page,
            )
    for tool_id in ("chatgpt", "le_chat", "claude", "gemini", "copilot"):
        assert data["tools"][tool_id]["input"] and data["tools"][tool_id]["send"]
    assert (
        "textarea" in data["generic"]["input"]
        and "[contenteditable='true']" in data["generic"]["input"]
    )


def test_no_remote_code_no_analytics() -> None:
    for script in SOURCE.glob("*.js"):
        code = script.read_text()
        assert not re.search(r"\beval\(|new Function\(|importScripts\(|\.innerHTML\s*=", code), (
            script.name
        )
        for url in re.findall(r"https?://[^\s\"'`]+", code):
            assert url.startswith(("http://127.0.0.1", "http://localhost")), (script.name, url)
    html = (SOURCE / "popup.html").read_text()
    assert re.findall(r"<script[^>]*>", html) == ['<script src="popup.js">']
    assert (
        "script-src 'self'"
        in json.loads((SOURCE / "manifest.json").read_text())["content_security_policy"][
            "extension_pages"
        ]
    )


def test_french_first_and_english_complete() -> None:
    french = json.loads((SOURCE / "_locales/fr/messages.json").read_text())
    english = json.loads((SOURCE / "_locales/en/messages.json").read_text())
    assert json.loads((SOURCE / "manifest.json").read_text())["default_locale"] == "fr"
    assert french.keys() == english.keys()
    used = set()
    for name in ("content.js", "popup.js"):
        used |= set(re.findall(r"""\bt\(\s*"([A-Za-z]+)\"""", (SOURCE / name).read_text()))
    used |= set(re.findall(r'data-i18n="([A-Za-z]+)"', (SOURCE / "popup.html").read_text()))
    used |= set(
        re.findall(
            r'(?<!type: )"(unavailable[A-Z][a-z]+|popup[A-Z][A-Za-z]+|status[A-Z][a-z]+|tool[A-Z][A-Za-z]+)"',
            (SOURCE / "popup.js").read_text(),
        )
    )
    assert used and used <= french.keys(), sorted(used - french.keys())
    for key, entry in french.items():
        assert entry["message"] != english[key]["message"] or key in {"popupProtection"}, key


@pytest.mark.parametrize("browser", ["chromium", "firefox"])
def test_zips_are_the_folders_and_reproducible(built: Path, browser: str, tmp_path: Path) -> None:
    (archive,) = built.glob(f"garde-ia-{browser}-*.zip")
    with zipfile.ZipFile(archive) as opened:
        names = opened.namelist()
        assert (
            "manifest.json" in names
            and "_locales/fr/messages.json" in names
            and "tools.js" in names
        )
        assert not any(n.startswith(("node_modules", ".")) for n in names)
        assert b'"test": false' in opened.read("tools.js")
    again = subprocess.run(
        [sys.executable, str(EXTENSION / "build.py"), "--browser", browser, "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert again.returncode == 0
    assert (tmp_path / archive.name).read_bytes() == archive.read_bytes()


def test_a_page_outside_the_catalog_stops_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = importlib.util.spec_from_file_location(
        "garde_ia_extension_build", EXTENSION / "build.py"
    )
    assert spec and spec.loader
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    data = json.loads((EXTENSION / "data" / "tools.json").read_text())
    data["tools"]["chatgpt"]["pages"].append("evil.example")
    bad = tmp_path / "tools.json"
    bad.write_text(json.dumps(data))
    monkeypatch.setattr(build, "DATA", bad)
    with pytest.raises(build.BuildError, match="evil.example"):
        build.load_tools()


def test_web_ext_lint_passes_for_firefox(built: Path) -> None:
    web_ext = EXTENSION / "node_modules" / ".bin" / "web-ext"
    if not web_ext.exists():
        pytest.skip("cd extension && npm ci (web-ext, version figée dans package-lock.json)")
    done = subprocess.run(
        [
            str(web_ext),
            "lint",
            "--source-dir",
            str(built / "firefox"),
            "--output",
            "json",
            "--no-input",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(done.stdout)
    assert report["summary"] == {"errors": 0, "notices": 0, "warnings": 0}, report
