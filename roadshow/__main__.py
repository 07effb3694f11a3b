"""python -m roadshow: init, import, export, metrics, users and slides on ROADSHOW_DATABASE_URL."""
from __future__ import annotations

import argparse
import getpass
import json
import sys
import unicodedata
from datetime import date
from decimal import Decimal
from pathlib import Path

from . import metrics
from .database import database_url, get_engine, is_empty, migrate
from .i18n import DEFAULT_LANG, LANGS, fmt_rate, label, t
from .auth import Actor, AuthError
from .codes import Category, Role, Stage
from .exchange.exports import export_ledger
from .exchange.reading import FileRefused
from . import accounts, services


def _init(args) -> int:
    engine = get_engine()
    migrate(engine)
    services.ensure_streets(engine)
    if args.demo:
        from .demo import create_demo_accounts, load_demo
        if is_empty(engine):
            load_demo(engine)
            print("demo data loaded: plan year 2018, 235 projects")
        else:
            print("database already holds projects; demo data not loaded")
        if created := create_demo_accounts(engine):
            print(f"demo accounts created: {created} (see README)")
    print(f"database ready: {engine.url.render_as_string(hide_password=True)}")
    return 0


def _cli_actor(role: str) -> Actor:
    """Whoever runs the CLI has the machine, hence the database: they act as the role the command needs."""
    return Actor(f"cli:{getpass.getuser()}", role)


def _import(args) -> int:
    migrate()
    try:
        result = services.import_projects(_cli_actor(Role.dispatcher), Path(args.file), lang=args.lang,
                                          dry_run=args.dry_run)
    except FileRefused as error:
        print(error, file=sys.stderr)
        return 2
    if not result.ok:
        print(t("import.rejected", args.lang, count=len(result.errors)), file=sys.stderr)
        for e in result.errors:
            print(t("import.row_error", args.lang, row=e.row, column=e.column, message=e.message), file=sys.stderr)
        return 1
    print(t("import.dry_run", args.lang) if args.dry_run else result.summary(args.lang))
    return 0


def _read_password(args) -> str:
    """From a prompt (asked twice) or the first line of stdin; never from an argument."""
    if sys.stdin.isatty():
        first = getpass.getpass(t("cli.password", args.lang))
        if first != getpass.getpass(t("cli.password_again", args.lang)):
            raise AuthError("cli.password_mismatch")
        return first
    return sys.stdin.readline().rstrip("\n")


def _users(args) -> int:
    migrate()
    admin = _cli_actor(Role.admin)
    try:
        if args.action == "add":
            accounts.add_user(admin, args.username, _read_password(args), args.role, args.name or "", args.street,
                              district=args.district)
        elif args.action == "set-password":
            accounts.set_password(admin, args.username, _read_password(args))
        elif args.action == "disable":
            accounts.set_disabled(admin, args.username, True)
        elif args.action == "enable":
            accounts.set_disabled(admin, args.username, False)
        elif args.action == "unlock":
            accounts.unlock(admin, args.username)
        else:
            for u in accounts.users(admin).itertuples():
                state = "disabled" if u.disabled else "active"
                print(f"{u.username:<16}{u.role:<12}{(u.street or u.district or ''):<8}{state:<10}{u.display_name}")
            return 0
    except AuthError as error:
        print(t(error.key, args.lang, **error.params), file=sys.stderr)
        return 1
    print(t("cli.done", args.lang))
    return 0


def _export(args) -> int:
    count = export_ledger(Path(args.file), plan_year=args.plan_year, lang=args.lang)
    print(f"{count} projects written to {args.file}")
    return 0


def _json_default(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(type(value))


def _metrics(args) -> int:
    engine = get_engine()
    year = args.plan_year or metrics.latest_plan_year(engine)
    if year is None:
        print("no projects in the database", file=sys.stderr)
        return 1
    as_of = args.as_of or metrics.default_as_of(year)
    filters = metrics.Filters(tuple(s.removesuffix("街道") for s in args.street), tuple(args.category),
                              tuple(args.stage), args.city_key, tuple(args.city), tuple(args.district))
    figures = metrics.report(engine, year, as_of, filters)
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, default=_json_default))
        return 0
    lang = args.lang
    lines = [
        (t("filter.plan_year", lang), year), (t("filter.as_of", lang), as_of),
        (t("kpi.projects", lang), figures["projects"]),
        *((label("stage", k, lang), v) for k, v in figures["by_stage"].items()),
        (t("kpi.total_investment", lang), figures["total_investment_wan"]),
        (t("kpi.annual_plan", lang), figures["annual_plan_wan"]),
        (t("kpi.started", lang), figures["started"]),
        (t("kpi.started_investment", lang), figures["started_investment_wan"]),
        (t("kpi.continuing_resumed", lang), figures["continuing_resumed"]),
        (t("kpi.resumption_rate", lang), fmt_rate(figures["resumption_rate"])),
        (t("kpi.new_started", lang), figures["new_started"]),
        (t("kpi.new_start_rate", lang), fmt_rate(figures["new_start_rate"])),
        (t("kpi.completed", lang), figures["completed_wan"]),
        (t("kpi.completion_rate", lang), fmt_rate(figures["completion_rate"])),
        *((t("kpi.started", lang) + " · " + label("category", k, lang), v)
          for k, v in figures["started_by_category"].items()),
    ]
    width = max(_width(name) for name, _ in lines) + 2
    for name, value in lines:
        if isinstance(value, Decimal):
            value = f"{value:,} {t('unit.wan', lang)}"
        print(name + " " * (width - _width(name)) + str(value))
    return 0


SLIDE_FORMATS = ("png", "pptx")


def _formats(text: str) -> tuple[str, ...]:
    formats = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    if not formats or set(formats) - set(SLIDE_FORMATS):
        raise argparse.ArgumentTypeError(f"choose from {','.join(SLIDE_FORMATS)}, e.g. png,pptx")
    return formats


def _slides(args) -> int:
    """The meeting's deck as numbered PNGs and/or a PPTX in --out, as meeting mode downloads it."""
    from .slides import deck as decks, files, render
    lang, out = args.lang, Path(args.out)
    migrate()
    try:
        render.check()  # before the queries: say at once what to install
        deck = decks.meeting_deck(get_engine(), lang, args.plan_year, args.as_of, args.meeting)
        slides = deck.slides
        progress = (lambda n: print(f"\r{n}/{len(slides)}", end="", file=sys.stderr)) if sys.stderr.isatty() else None
        pngs = files.images(slides, lang, done=progress)
        out.mkdir(parents=True, exist_ok=True)
        if "png" in args.format:
            for name, png in zip(files.file_names(slides), pngs):
                (out / name).write_bytes(png)
        if "pptx" in args.format:
            (out / f"roadshow-{deck.as_of.isoformat()}.pptx").write_bytes(files.pptx_of(deck, slides, pngs))
    except (decks.NoDeck, render.RenderUnavailable) as error:
        print(t(error.key, lang, **error.params), file=sys.stderr)
        return 1
    except OSError as error:
        print(t("slides.cannot_write", lang, out=out, error=error.strerror or error), file=sys.stderr)
        return 1
    print(t("slides.written", lang, count=len(slides), title=deck.title, day=deck.as_of.isoformat(), out=out))
    return 0


def _width(text: str) -> int:
    """Columns a text takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m roadshow", description=f"Roadshow (路演) on {database_url()}")
    parser.add_argument("--lang", choices=LANGS, default=DEFAULT_LANG, help="language of messages (zh)")
    commands = parser.add_subparsers(dest="command", required=True)
    init = commands.add_parser("init", help="create or migrate the schema")
    init.add_argument("--demo", action="store_true", help="load the 2018 demo data into an empty database")
    init.set_defaults(run=_init)
    imp = commands.add_parser("import", help="import a project ledger (xlsx or csv), all or nothing")
    imp.add_argument("file")
    imp.add_argument("--dry-run", action="store_true", help="check the file, write nothing")
    imp.set_defaults(run=_import)
    users = commands.add_parser("users", help="manage accounts: add, list, set-password, disable, enable, unlock")
    users.add_argument("action", choices=("add", "list", "set-password", "disable", "enable", "unlock"))
    users.add_argument("username", nargs="?")
    users.add_argument("--role", choices=[r.value for r in Role], default=Role.street.value)
    users.add_argument("--street", help="the street of a street official (营城子 or 营城子街道)")
    users.add_argument("--district", help="instead of a street, a whole district (甘井子区 or 大连市/甘井子区): "
                                          "a district official, or a district's leader")
    users.add_argument("--name", help="display name")
    users.set_defaults(run=_users)
    exp = commands.add_parser("export", help="export the project ledger (xlsx or csv)")
    exp.add_argument("file")
    exp.add_argument("--plan-year", type=int)
    exp.set_defaults(run=_export)
    met = commands.add_parser("metrics", help="the district's figures as of a date")
    met.add_argument("--as-of", type=date.fromisoformat, help="YYYY-MM-DD (default: today, capped to the year's end)")
    met.add_argument("--plan-year", type=int, help="default: the latest plan year in the database")
    met.add_argument("--json", action="store_true")
    met.add_argument("--city", action="append", default=[], help="only this city (repeatable)")
    met.add_argument("--district", action="append", default=[], help="only this district (repeatable)")
    met.add_argument("--street", action="append", default=[], help="only this street (repeatable)")
    met.add_argument("--category", action="append", default=[], choices=[c.value for c in Category])
    met.add_argument("--stage", action="append", default=[], choices=[s.value for s in Stage])
    met.add_argument("--city-key", action="store_true", help="only city-level key projects")
    met.set_defaults(run=_metrics)
    sl = commands.add_parser("slides", help="write a roadshow meeting's deck (numbered PNGs, PPTX) into a folder")
    sl.add_argument("--out", required=True, help="the folder to write into (created if missing)")
    sl.add_argument("--plan-year", type=int, help="default: the latest plan year in the database")
    sl.add_argument("--as-of", type=date.fromisoformat, help="YYYY-MM-DD (default: the meeting's day)")
    sl.add_argument("--meeting", type=int, help="the meeting's id (default: the plan year's latest meeting)")
    sl.add_argument("--format", type=_formats, default=SLIDE_FORMATS, help="png, pptx or png,pptx (default)")
    sl.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS, help="language of the slides (zh)")
    sl.set_defaults(run=_slides)
    args = parser.parse_args(argv)
    if args.command == "users" and args.action != "list" and not args.username:
        parser.error("users: a username is required")
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
