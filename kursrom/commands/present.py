"""`kursrom present`: the room's view, in a second window on the same database, following the running
session; with `--html`, also as a local web page for a browser on the projector."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from kursrom.i18n import _


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "present", help=_("show the room's view (a projector or a shared screen): follows the running session"))
    parser.add_argument("--demo", action="store_true", help=_("use the demo database (as `kursrom demo` does)"))
    parser.add_argument("--session", type=int, metavar="ID",
                        help=_("show this session (default: the running one, or today's next)"))
    parser.add_argument("--html", action="store_true",
                        help=_("also keep a web page up to date, to open full screen in a browser"))
    parser.add_argument("--no-window", action="store_true",
                        help=_("only the web page: no view in this terminal (stop with ctrl+c)"))
    parser.add_argument("--out", type=Path, metavar=_("FOLDER"),
                        help=_("where the web page is written (default: a private folder in your data folder)"))
    parser.set_defaults(func=run)


def html_folder(args: argparse.Namespace) -> Path:
    from kursrom.paths import ensure_private_dir, user_data_dir

    if args.out is not None:
        return args.out.expanduser()
    return ensure_private_dir(user_data_dir()) / "presenter"  # the data folder is the owner's only, too


def run(args: argparse.Namespace) -> int:
    from kursrom.commands.common import CommandError, check_database_file, db_path, load_catalog, run_textual
    from kursrom.paths import demo_db_path

    path = (args.db or demo_db_path()).expanduser() if args.demo else db_path(args)
    if not path.exists():
        raise CommandError(_("There is no database at {path}; create a round first.").format(path=path))
    if args.out is not None and args.out.exists() and not args.out.is_dir():
        raise CommandError(_("{path} is a file, not a folder.").format(path=args.out))
    check_database_file(path)
    html = None
    if args.html or args.no_window:
        from kursrom.core.presenter_html import HtmlPresenter

        html = HtmlPresenter(html_folder(args))
        print(_("The web presenter is {url}: open it in a browser on the projector, full screen (F11).").format(
            url=html.page.resolve().as_uri()), flush=True)
    if args.no_window:
        return follow_in_html(path, html, args.session)
    catalog = load_catalog(args)

    def open_existing():  # noqa: ANN202 - runs in the app's worker thread
        from kursrom.store.db import open_store

        return open_store(path)

    from kursrom.app import PresenterMode, make_app

    return run_textual(make_app(catalog, opener=open_existing, presenter=PresenterMode(args.session, html)))


def follow_in_html(path: Path, html, session_id: int | None, *, rounds: int | None = None) -> int:  # noqa: ANN001
    """Keep the web page up to date until ctrl+c (or for `rounds` looks, for tests)."""
    from kursrom.core.presenter import POLL_SECONDS
    from kursrom.core.timing import RunAnchor
    from kursrom.store.db import open_store
    from kursrom.store.presenter import projection_now

    store = open_store(path)
    anchor = RunAnchor(store.clock)
    done = 0
    try:
        while rounds is None or done < rounds:
            html.show(projection_now(store, session_id, anchor.now()))
            done += 1
            time.sleep(POLL_SECONDS)
    except KeyboardInterrupt:
        return 0
    finally:
        store.close()
    return 0
