"""The HTML presenter: a local page, opened full screen in a browser on the projector, that shows the
same participant-safe projection as the terminal presenter, with right-to-left languages set right
to left and type a browser shapes properly (a terminal neither joins nor reorders Arabic).

No server and no socket: kursrom rewrites two files in a private folder. `presenter.html` is the
page (with the content at the time it was written), and `presenter-data.js` holds the content as a
script call; the page loads that script again twice a second and swaps its content when it changed.
A page opened from a file may load a script from its own folder, while `fetch` of a file is refused.
"""

from __future__ import annotations

import hashlib
import json
from html import escape
from pathlib import Path

from kursrom.core.files import write_private
from kursrom.core.presenter import BREAK, ITEM, PAUSE, Projection, Version, headline
from kursrom.i18n import _

PAGE = "presenter.html"
DATA = "presenter-data.js"
#: How often the page looks for new content, in milliseconds.
POLL_MS = 500

_STYLE = """
html, body { margin: 0; height: 100%; background: #ffffff; color: #000000;
  font-family: "Noto Sans", "DejaVu Sans", "Segoe UI", Arial, sans-serif; }
#presenter { box-sizing: border-box; min-height: 100%; padding: 3vh 4vw; display: flex; flex-direction: column; }
.top { display: flex; justify-content: space-between; align-items: baseline; gap: 2vw;
  font-size: 2.2vw; color: #1a1a1a; border-bottom: 0.3vh solid #000; padding-bottom: 1vh; }
.timer { font-size: 6vw; font-weight: 700; font-variant-numeric: tabular-nums; color: #003087; }
.timer.over { color: #a4000f; }
.versions { --size: 1; display: grid; grid-template-columns: repeat(auto-fit, minmax(26vw, 1fr));
  gap: 2vh 3vw; margin-top: 2vh; }
.versions.n2 { --size: 0.75; }
.versions.n3 { --size: 0.6; }
.versions.n4 { --size: 0.5; }
.version h1 { font-size: calc(4vw * var(--size)); margin: 0 0 1.5vh 0; }
.version .prompt { font-size: calc(3vw * var(--size)); font-weight: 600; margin: 0 0 2vh 0; line-height: 1.3; }
.version .focus { font-size: calc(3.6vw * var(--size)); font-weight: 700; border: 0.4vh solid #003087;
  padding: 1.5vh 1.5vw; margin: 0 0 2vh 0; }
.version h2 { font-size: calc(2.4vw * var(--size)); margin: 1.5vh 0 0.5vh 0; }
.version ul { font-size: calc(2.6vw * var(--size)); margin: 0; padding-inline-start: 1.2em; line-height: 1.35; }
.version[dir="rtl"] { font-family: "Noto Naskh Arabic", "Noto Sans Arabic", "DejaVu Sans", Arial, sans-serif; }
.headline { flex: 1; display: flex; flex-direction: column; justify-content: center; align-items: center;
  text-align: center; }
.headline .big { font-size: 7vw; font-weight: 700; margin: 0; }
.headline .small { font-size: 3.4vw; margin: 2vh 0 0 0; }
.pause { background: #ffffff; }
"""

_SCRIPT = """
var shown = null;
function kursromPresenter(data) {
  if (data.version === shown) return;
  shown = data.version;
  document.getElementById("presenter").innerHTML = data.html;
  document.title = data.title;
}
function look() {
  var script = document.createElement("script");
  script.src = "%(data)s?t=" + Date.now();
  script.onload = script.onerror = function () { script.remove(); };
  document.head.appendChild(script);
}
setInterval(look, %(poll)d);
"""


def _version(version: Version) -> str:
    direction = "rtl" if version.rtl else "ltr"
    parts = [f'<section class="version" lang="{escape(version.lang)}" dir="{direction}">']
    if version.title:
        parts.append(f"<h1>{escape(version.title)}</h1>")
    if version.prompt:
        parts.append(f'<p class="prompt">{escape(version.prompt)}</p>')
    if version.focus:
        parts.append(f'<p class="focus">{escape(version.focus)}</p>')
    for block in version.blocks:
        if block.heading:
            parts.append(f"<h2>{escape(block.heading)}</h2>")
        parts.append("<ul>" + "".join(f"<li>{escape(line)}</li>" for line in block.lines) + "</ul>")
    parts.append("</section>")
    return "".join(parts)


def content_html(projection: Projection) -> str:
    """The page's content for a projection: what goes inside `<main id="presenter">`."""
    if projection.screen == PAUSE:
        return '<div class="pause"></div>'
    timer = ""
    if projection.timer:
        over = " over" if projection.timer_over else ""
        timer = f'<span class="timer{over}">{escape(projection.timer)}</span>'
    top = (f'<div class="top"><span>{escape(projection.theme)}</span>'
           f'<span>{escape(projection.course)}</span>{timer}</div>')
    if projection.screen == ITEM:
        count = min(len(projection.versions), 4)  # more languages, smaller type, all on one screen
        return (top + f'<div class="versions n{count}">' + "".join(map(_version, projection.versions))
                + "</div>")
    big, small = headline(projection)
    body = [f'<p class="big">{escape(big)}</p>' if big else "",
            f'<p class="small">{escape(small)}</p>' if small else ""]
    if projection.screen == BREAK:
        top = f'<div class="top"><span>{escape(projection.theme)}</span>{timer}</div>'
    return top + '<div class="headline">' + "".join(body) + "</div>"


def page_title(projection: Projection) -> str:
    return " – ".join(part for part in (projection.theme, projection.course) if part) or "kursrom"


def page_html(projection: Projection) -> str:
    """The whole page, with the content of `projection` in place (shown before the script runs)."""
    script = _SCRIPT % {"data": DATA, "poll": POLL_MS}
    without_script = escape(_("Turn on JavaScript to follow the session."))
    return (f'<!DOCTYPE html>\n<html lang="nb" dir="ltr">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(page_title(projection))}</title>\n<style>{_STYLE}</style>\n"
            f'<script>{script}</script>\n</head>\n<body>\n<main id="presenter" aria-live="polite">'
            f"{content_html(projection)}</main>\n<noscript>{without_script}"
            f"</noscript>\n</body>\n</html>\n")


def data_script(projection: Projection) -> str:
    html = content_html(projection)
    version = hashlib.sha256(html.encode("utf-8")).hexdigest()[:16]
    payload = json.dumps({"version": version, "html": html, "title": page_title(projection)}, ensure_ascii=True)
    # ensure_ascii keeps "</script>" and line separators harmless inside the script.
    return f"kursromPresenter({payload});\n"


class HtmlPresenter:
    """Keeps the page in `folder` up to date: call `show` with each new projection; it writes only
    when the content changed. Files are the owner's only (0600), replaced whole."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._written: str | None = None

    @property
    def page(self) -> Path:
        return self.folder / PAGE

    def show(self, projection: Projection) -> bool:
        script = data_script(projection)
        if script == self._written:
            return False
        write_private(self.folder / DATA, script.encode("utf-8"), force=True)
        write_private(self.page, page_html(projection).encode("utf-8"), force=True)
        self._written = script
        return True
