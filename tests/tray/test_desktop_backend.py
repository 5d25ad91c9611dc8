"""Which pystray backend the tray asks for: the one with a menu when the desktop allows it, else X11, said once."""

import sys

import pytest

from tray import desktop


@pytest.fixture
def linux(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("PYSTRAY_BACKEND", raising=False)
    return monkeypatch


def test_a_desktop_session_with_the_indicator_gets_the_menu(
    linux: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    linux.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/run/user/1000/bus")
    assert desktop.indicator_unavailable() is None  # PyGObject and Debian's typelib are installed
    assert desktop.choose_backend() == "appindicator"
    assert capsys.readouterr().err == ""


def test_without_a_session_bus_x11_is_used_and_said_once(
    linux: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    linux.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    assert desktop.choose_backend() == "xorg"
    said = capsys.readouterr().err
    assert said.count("\n") == 1 and said.startswith(
        "garde-ia : menu de l'icône indisponible sur ce bureau (pas de bus de session D-Bus)"
    )
    assert "les pages locales" in said and "gir1.2-ayatanaappindicator3-0.1" in said


def test_the_users_choice_is_kept(linux: pytest.MonkeyPatch) -> None:
    linux.setenv("PYSTRAY_BACKEND", "gtk")
    assert desktop.choose_backend() == "gtk"


def test_a_missing_typelib_is_named(linux: pytest.MonkeyPatch) -> None:
    linux.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/run/user/1000/bus")
    linux.setattr(desktop, "INDICATOR_TYPELIBS", (("NoSuchIndicator", "0.1"),))
    assert desktop.indicator_unavailable() == "gir1.2-ayatanaappindicator3-0.1 absent"
