"""Command-line tasks: `flask --app portal init | create-staff | demo | overdue | send-mail | digest | store ...`."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from portal import store
from portal.clock import today as clock_today
from portal.data import get_profile, get_store
from portal.domain.complaints.kinds import OWED_ACKNOWLEDGEMENT, OWED_ACTION, OWED_REPLY
from portal.domain.roles import Role


@click.command("init")
@with_appcontext
def init_command() -> None:
    """Create the instance folder and an empty store."""
    click.echo(f"Instance folder: {current_app.instance_path}")
    click.echo(f"Data:            {store.describe(get_store())}")
    click.echo(f"Landlord:        {get_profile().name} ({get_profile().slug})")


@click.command("create-staff")
@with_appcontext
@click.option("--email", required=True, help="Sign-in email address.")
@click.option("--name", required=True, help="Full name, as it appears on letters.")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]), help="Staff rank.")
@click.option("--landlord", default=None, help="Landlord slug (default: the configured one).")
@click.password_option(help="Password (asked for when not given).")
def create_staff_command(email: str, name: str, role: str, landlord: str | None, password: str) -> None:
    """Add a member of staff who can sign in to the staff area."""
    from portal.accounts import create_user

    profile = get_profile(landlord)
    if len(password) < 12:
        raise click.BadParameter("use at least 12 characters", param_hint="--password")
    try:
        user_id = create_user(kind="staff", email=email, name=name, password=password,
                              landlord=profile.slug, role=role, by="flask create-staff")
    except store.Duplicate:
        raise click.BadParameter(f"{email} already has an account", param_hint="--email") from None
    click.echo(f"Created {user_id}: {name} <{email}>, {profile.title(Role(role))} at {profile.name}.")


@click.command("demo")
@with_appcontext
@click.option("--reset/--keep", default=True, help="Start from an empty store (default) or add to it.")
@click.option("--build/--no-build", "build_site", default=True, help="Build the policy site first.")
def demo_command(reset: bool, build_site: bool) -> None:
    """Load demo tenants, staff and complaints at every stage, and build the policy site."""
    from portal.demo import DEMO_PASSWORD, load_demo

    if build_site:
        _build_site()
    if reset:
        current_app.extensions["store"] = store.emptied(get_store())
    people = load_demo(clock_today())
    click.echo(f"Demo data loaded for {get_profile().name}. Every account's password is: {DEMO_PASSWORD}")
    for email, what in people:
        click.echo(f"  {email:<34} {what}")
    click.echo("Run the portal with:  .venv/bin/flask --app portal run   then open http://127.0.0.1:5000/")


def _build_site() -> None:
    from portal.documents.published import copy_published
    from portal.documents.report import problems, summary
    from portal.documents.site import build

    out = Path(current_app.config["SITE_DIR"])
    click.echo(f"Building the policy site into {out} ...")
    published = Path(current_app.instance_path) / "published"
    report = build(Path(current_app.config["CONTENT_DIR"]), out, published=published)
    click.echo(summary(report))
    copy_published(published, out)
    if not report.ok:
        raise click.ClickException("the policy site did not build:\n" + problems(report))


@click.command("overdue")
@with_appcontext
def overdue_command() -> None:
    """List everything owed to customers that is past its date, most overdue first (from the summary rows)."""
    from portal.data import fresh_store
    from portal.domain.calendar import calendar_for

    today, profile = clock_today(), get_profile()
    calendar = calendar_for(profile.nation)
    late = []
    for row in fresh_store(profile.slug).summaries.open(profile.slug):
        owed = [(row.due(queue), queue) for queue in store.QUEUES if row.due(queue)]
        if owed and min(owed)[0] < today:
            on, queue = min(owed)
            late.append((calendar.working_days_between(on, today), row.id, _OWED[queue], on))
    for days, case_id, what, on in sorted(late, key=lambda item: (-item[0], item[1])):
        click.echo(f"{case_id:<18} {what:<28} due {on.isoformat()}  {days} working day(s) late")
    click.echo(f"{len(late)} overdue.")


_OWED = {"ack1": OWED_ACKNOWLEDGEMENT[1], "reply1": OWED_REPLY[1], "ack2": OWED_ACKNOWLEDGEMENT[2],
         "reply2": OWED_REPLY[2], "actions": OWED_ACTION}


@click.group("store")
def store_group() -> None:
    """Look after the store: rebuild the read model, migrate a database's schema, copy to PostgreSQL."""


@store_group.command("migrate")
@with_appcontext
def migrate_command() -> None:
    """Create or upgrade the PostgreSQL schema (PORTAL_DATABASE_URL); safe to run again."""
    url = current_app.config["DATABASE_URL"]
    if not url:
        click.echo("The embedded store (no PORTAL_DATABASE_URL) has no schema to migrate.")
        return
    try:
        applied = store.migrate(url)
    except store.StoreError as exc:
        raise click.ClickException(str(exc)) from None
    for name in applied:
        click.echo(f"Applied {name}")
    click.echo("The schema is up to date." if applied else "The schema was already up to date.")


@store_group.command("copy")
@click.option("--to", "to", required=True, metavar="postgresql://...", help="An empty (or new) PostgreSQL database.")
@with_appcontext
def copy_command(to: str) -> None:
    """Copy this store, every record and letter, into PostgreSQL; verify counts and checksums."""
    try:
        mine, theirs = store.copy_store(get_store(), to)
    except store.StoreError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Copied {store.describe(get_store())} to {store.where(to)}:")
    click.echo(f"  {'collection':<17} {'records':>8}  {'sha256 here':<16}  {'sha256 there':<16}")
    for a, b in zip(mine, theirs):
        mark = "same" if a == b else "DIFFERENT"
        click.echo(f"  {a.collection:<17} {a.count:>8}  {a.sha256[:16]}  {b.sha256[:16]}  {mark}")
    if mine != theirs:
        raise click.ClickException("the copy does not match the store it came from")
    click.echo("Every collection matches. Set PORTAL_DATABASE_URL to use the copy.")


@store_group.command("rebuild")
@with_appcontext
def rebuild_command() -> None:
    """Recompute every summary row from the events, with the profiles and calendar as they are now."""
    from portal.data import all_profiles, row_version
    from portal.projections import rebuild

    done = rebuild(get_store(), all_profiles(), row_version)
    click.echo(f"Rebuilt the summary rows of {done.complaints} complaint(s) and {done.conduct_files} conduct file(s).")


@store_group.command("check")
@with_appcontext
def check_command() -> None:
    """Read every file: parse, counts, ids, indexes, and each summary row against a fresh fold (exit 1 if wrong)."""
    from portal.data import all_profiles, row_version
    from portal.projections import check_rows
    from portal.store.check import check_files

    if current_app.config["DATABASE_URL"]:  # the database keeps its own files whole: check the rows
        problems = check_rows(get_store(), all_profiles(), row_version)
        for line in problems:
            click.echo(line)
        if problems:
            raise click.ClickException(f"{len(problems)} problem(s) found in the {store.describe(get_store())}")
        click.echo(f"The {store.describe(get_store())} is whole: every summary row matches its events.")
        return
    folder = Path(current_app.config["DATA_DIR"])
    try:
        opened = store.Store(folder)
    except store.Damaged as exc:
        raise click.ClickException(f"the store in {folder} cannot be opened: {exc}") from None
    with opened:
        problems = check_files(opened)
        if not problems:
            problems = check_rows(opened, all_profiles(), row_version)
    for line in problems:
        click.echo(line)
    if problems:
        raise click.ClickException(f"{len(problems)} problem(s) found in {folder}")
    click.echo(f"The store in {folder} is whole: every file read, every summary row matches its events.")


@store_group.command("backup")
@with_appcontext
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path))
def backup_command(dest: Path) -> None:
    """Take a consistent snapshot of the store into DEST (a new folder), safe while the server writes."""
    from portal.store.backup import backup

    _refuse_on_a_database("back up")
    try:
        done = backup(Path(current_app.config["DATA_DIR"]), dest)
    except store.StoreError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Backed up {done.files} file(s), {done.bytes / 1e6:.1f} MB, into {dest}.")


@store_group.command("restore")
@with_appcontext
@click.argument("src", type=click.Path(exists=True, file_okay=False, path_type=Path))
def restore_command(src: Path) -> None:
    """Bring a backup SRC back into the configured data folder, which must be empty (stop the server first)."""
    from portal.store.backup import restore

    _refuse_on_a_database("restore")
    folder = Path(current_app.config["DATA_DIR"])
    live = current_app.extensions.get("store")
    if live is not None:
        live.close()  # this process opened the (empty) folder: let go of it before filling it
    try:
        done = restore(src, folder)
    except store.StoreError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Restored {done.files} file(s), {done.bytes / 1e6:.1f} MB, into {folder}. "
               f"Run `flask --app portal store check` before starting the server.")


def _refuse_on_a_database(what: str) -> None:
    if current_app.config["DATABASE_URL"]:
        raise click.ClickException(f"PostgreSQL keeps this store: {what} it with pg_dump / pg_restore (see the README)")


@click.command("send-mail")
@with_appcontext
def send_mail_command() -> None:
    """Render any letter a crash left behind, then send every email whose time has come (for cron)."""
    from portal import dispatch

    counts = dispatch.run_outbox()
    click.echo(", ".join(f"{n} {state}" for state, n in sorted(counts.items())) or "Nothing to send.")


@click.group("import")
def import_group() -> None:
    """Bring records in from other systems."""


@import_group.command("customers")
@with_appcontext
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would be created, updated and refused; store nothing.")
@click.option("--landlord", default=None, help="Landlord slug (default: the configured one).")
def import_customers_command(csv_file: Path, dry_run: bool, landlord: str | None) -> None:
    """Import customers and their homes from a housing system's CSV export (see README)."""
    from portal.staff.imports import apply_import, describe, plan_import

    profile = get_profile(landlord)
    try:
        text = csv_file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise click.ClickException(f"{csv_file} is not UTF-8 text: save it from the housing system as CSV (UTF-8)")
    plan = plan_import(text, profile.slug)
    if dry_run or not plan.ok:
        for line in describe(plan):
            click.echo(line)
        if not plan.ok:
            raise click.ClickException("nothing was imported: mend the rows above and run it again")
        click.echo("Dry run: nothing was stored.")
        return
    done = apply_import(plan, landlord=profile.slug, by="flask import customers", source=csv_file.name)
    for line in describe(done):
        click.echo(line)
    click.echo(f"Imported {csv_file.name} for {profile.name}.")


@click.command("digest")
@with_appcontext
@click.option("--landlord", default=None, help="One landlord slug (default: every landlord).")
def digest_command(landlord: str | None) -> None:
    """Email staff what falls due tomorrow or is overdue, and tenants whose reply is late (daily, from cron)."""
    from portal import digest
    from portal.data import all_profiles

    profiles = [get_profile(landlord)] if landlord else list(all_profiles().values())
    for profile in profiles:
        counts = digest.run(profile, clock_today())
        click.echo(f"{profile.name}: {counts['items']} item(s) due or overdue; {counts['digests']} digest(s) and "
                   f"{counts['late replies']} late-reply notice(s) queued.")
    click.echo("Run `flask --app portal send-mail` (or leave it to the server) to send them.")


@click.group("retention", invoke_without_command=True)
@click.option("--dry-run", is_flag=True, help="List what falls due; change nothing.")
@click.option("--landlord", default=None, help="Landlord slug (default: the configured one).")
@click.pass_context
@with_appcontext
def retention_group(ctx: click.Context, dry_run: bool, landlord: str | None) -> None:
    """Anonymise personal data kept past the profile's retention period (run it from cron)."""
    if ctx.invoked_subcommand is not None:
        return
    from portal import retention
    from portal.clock import now_utc

    profile = get_profile(landlord)
    today = clock_today()
    if dry_run:
        plan = retention.plan_retention(profile.slug, today)
        verb = "would be anonymised"
    else:
        plan = retention.run_retention(profile.slug, today, now_utc(), by="flask retention")
        verb = "anonymised"
    click.echo(f"{profile.name}: cases that closed on or before {plan.cut_off.isoformat()} "
               f"({profile.retention_years} years) {verb}:")
    for case_id, closed in plan.complaints:
        click.echo(f"  complaint     {case_id:<18} last event {closed.isoformat()}")
    for customer_id, closed in plan.conduct_files:
        click.echo(f"  conduct file  {customer_id:<18} last event {closed.isoformat()}")
    for customer_id in plan.customers:
        click.echo(f"  customer      {customer_id}")
    for case_id in plan.held:
        click.echo(f"  kept by a legal hold: {case_id}")
    click.echo(f"{len(plan.complaints)} complaint(s), {len(plan.conduct_files)} conduct file(s), "
               f"{len(plan.customers)} customer(s).{' Dry run: nothing was changed.' if dry_run else ''}")


@retention_group.command("hold")
@click.argument("case_id")
@click.option("--reason", required=True, help="Why the case must be kept (a claim, a court order, ...).")
@click.option("--lift", is_flag=True, help="Lift the hold instead of placing it.")
@with_appcontext
def hold_command(case_id: str, reason: str, lift: bool) -> None:
    """Place (or lift) a legal hold: a held case and its customer are never anonymised."""
    from portal import retention

    record = get_store().complaints.get(case_id)
    if record is None:
        raise click.BadParameter(f"there is no complaint {case_id}", param_hint="CASE_ID")
    retention.set_hold(case_id, on=not lift, reason=reason.strip(), by="flask retention hold",
                       landlord=record.landlord)
    click.echo(f"Legal hold {'lifted from' if lift else 'placed on'} {case_id}.")


@click.group("export")
def export_group() -> None:
    """Take records out, for the landlord's own analysis or a move to another system."""


@export_group.command("complaints")
@with_appcontext
@click.option("--from", "start", required=True, type=click.DateTime(["%Y-%m-%d"]), help="First day received.")
@click.option("--to", "end", required=True, type=click.DateTime(["%Y-%m-%d"]), help="Last day received.")
@click.option("--landlord", default=None, help="Landlord slug (default: the configured one).")
@click.argument("out", type=click.Path(dir_okay=False, writable=True, path_type=Path))
def export_complaints_command(start, end, landlord: str | None, out: Path) -> None:
    """Every complaint received in the dates, with its summary row, as CSV (the whole store: `store backup`)."""
    from portal.exports import complaints_between, complaints_csv

    if end < start:
        raise click.BadParameter("the last day is before the first", param_hint="--to")
    rows = complaints_between(get_profile(landlord).slug, start.date(), end.date())
    out.write_text(complaints_csv(rows), encoding="utf-8")
    click.echo(f"Wrote {len(rows)} complaint(s) to {out}.")


def init_app(app: Flask) -> None:
    """Register the commands."""
    from portal.report_cli import report_group

    for command in (init_command, create_staff_command, demo_command, overdue_command, store_group,
                    send_mail_command, digest_command, report_group):
        app.cli.add_command(command)
    app.cli.add_command(import_group)
    app.cli.add_command(retention_group)
    app.cli.add_command(export_group)
