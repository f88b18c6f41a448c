"""Reports as files: Markdown, one self-contained HTML file (inline CSS, charts as inline SVG, no
scripts, no network) or CSV, rendered with Jinja2 (the templates in kursrom/core/templates/) from the
dataclasses of `kursrom.core.reports`. Plain text in, text out: writing the files is
`kursrom.core.files`, and an export as a whole is `kursrom.store.exports`.
"""
