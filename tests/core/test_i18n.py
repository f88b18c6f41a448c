"""The interface language: bokmål by default, English on request, and a catalogue that is complete."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kursrom.i18n import _, available_languages, detect_language, ngettext, set_language

ROOT = Path(__file__).resolve().parents[2]


def test_bokmal_is_the_default_and_english_is_on_request(monkeypatch):
    assert detect_language(None) == "nb"
    assert detect_language("en") == "en"
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert detect_language(None) == "en"
    monkeypatch.setenv("LANG", "nn_NO.UTF-8")
    assert detect_language(None) == "nb"
    monkeypatch.setenv("KURSROM_LANG", "en")
    assert detect_language(None) == "en"
    assert detect_language("nb") == "nb", "--lang beats the environment"


def test_unknown_language_on_request_is_an_error():
    with pytest.raises(ValueError):
        detect_language("klingon")


def test_translations_load_from_the_installed_package():
    assert "nb" in available_languages()
    set_language("nb")
    assert _("Help") == "Hjelp"
    assert ngettext("{count} problem found.", "{count} problems found.", 3) == "{count} feil funnet."
    set_language("en")
    assert _("Help") == "Help"


@pytest.mark.skipif(not (ROOT / "scripts" / "i18n.py").is_file(), reason="needs the source checkout")
def test_every_interface_string_has_a_bokmal_translation_and_the_mo_is_current():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "i18n.py"), "check"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
