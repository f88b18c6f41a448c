"""The HTML presenter: the page and its data file, private and replaced whole; right-to-left languages
set right to left, checked in headless Chromium's own DOM when Chromium is installed."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess

import pytest

from kursrom.core.presenter_html import DATA, HtmlPresenter
from kursrom.store import live
from kursrom.store.presenter import projection_now, set_choice


def chromium() -> str | None:
    return next((found for name in ("chromium", "chromium-browser", "google-chrome")
                 if (found := shutil.which(name))), None)


def test_the_page_is_private_and_rewritten_only_on_a_change(demo_store, running, catalog, add_item, clock, tmp_path):
    sort = add_item(catalog, "norsk-arbeidskultur")
    live.go_to(demo_store, running.id, sort.id)
    page = HtmlPresenter(tmp_path / "presenter")
    assert page.show(projection_now(demo_store, running.id, clock.now()))
    assert not page.show(projection_now(demo_store, running.id, clock.now())), "nothing changed, nothing written"
    for path in (page.page, page.folder / DATA):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(page.folder).st_mode) == 0o700
    set_choice(demo_store, running.id, content="statement", item_id=sort.id, statement=0)
    assert page.show(projection_now(demo_store, running.id, clock.now()))
    script = (page.folder / DATA).read_text("utf-8")
    assert script.startswith("kursromPresenter(") and "focus" in script, "the statement is on the table"
    assert sorted(p.name for p in page.folder.iterdir()) == ["presenter-data.js", "presenter.html"], "no leftovers"


def test_arabic_is_set_right_to_left_in_chromium(demo_store, running, catalog, add_item, clock, tmp_path):
    browser = chromium()
    if browser is None:
        pytest.skip("Chromium is not installed (apt-get install chromium); the DOM check needs it.")
    sort = add_item(catalog, "norsk-arbeidskultur")
    live.go_to(demo_store, running.id, sort.id)
    set_choice(demo_store, running.id, content="statement", item_id=sort.id, statement=0, languages=("ar", "uk"))
    page = HtmlPresenter(tmp_path / "presenter")
    page.show(projection_now(demo_store, running.id, clock.now()))
    result = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files",
         "--virtual-time-budget=3000", "--dump-dom", page.page.resolve().as_uri()],
        capture_output=True, text=True, timeout=120, env={**os.environ, "HOME": str(tmp_path)})
    dom = result.stdout
    assert '<main id="presenter"' in dom, result.stderr[-2000:]
    arabic = catalog.exercise("norsk-arbeidskultur").translations["ar"]
    assert '<section class="version" lang="ar" dir="rtl">' in dom
    assert '<section class="version" lang="uk" dir="ltr">' in dom
    assert '<section class="version" lang="nb" dir="ltr">' in dom
    start = dom.index('lang="ar" dir="rtl"')
    assert arabic["title"] in dom[start:dom.index("</section>", start)], "the Arabic texts are in that section"
