"""Command-line tasks: `flask --app portal init | create-staff | demo | overdue`."""

from __future__ import annotations

import shutil
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from portal import store
from portal.clock import today as clock_today
from portal.data import get_profile, get_store
from portal.domain.roles import Role


@click.command("init")
@with_appcontext
def init_command() -> None:
    """Create the instance folder and an empty store."""
    click.echo(f"Instance folder: {current_app.instance_path}")
    click.echo(f"Data folder:     {get_store().folder}")
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
        data = Path(get_store().folder)
        get_store().close()
        shutil.rmtree(data, ignore_errors=True)
        current_app.extensions["store"] = store.Store(data)
    people = load_demo(clock_today())
    click.echo(f"Demo data loaded for {get_profile().name}. Every account's password is: {DEMO_PASSWORD}")
    for email, what in people:
        click.echo(f"  {email:<34} {what}")
    click.echo("Run the portal with:  .venv/bin/flask --app portal run   then open http://127.0.0.1:5000/")


def _build_site() -> None:
    from portal.documents.report import problems, summary
    from portal.documents.site import build

    out = Path(current_app.config["SITE_DIR"])
    click.echo(f"Building the policy site into {out} ...")
    report = build(Path(current_app.config["CONTENT_DIR"]), out)
    click.echo(summary(report))
    if not report.ok:
        raise click.ClickException("the policy site did not build:\n" + problems(report))


@click.command("overdue")
@with_appcontext
def overdue_command() -> None:
    """List everything owed to customers that is past its date, most overdue first."""
    from portal.casework import all_cases

    today = clock_today()
    late = []
    for case in all_cases(get_profile().slug, open_only=True):
        due = case.state.next_due(today)
        if due and due.overdue:
            late.append((due.working_days_late, case.id, due))
    for days, case_id, due in sorted(late, key=lambda item: (-item[0], item[1])):
        click.echo(f"{case_id:<18} {due.what:<28} due {due.on.isoformat()}  {days} working day(s) late")
    click.echo(f"{len(late)} overdue.")


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


def init_app(app: Flask) -> None:
    """Register the commands."""
    for command in (init_command, create_staff_command, demo_command, overdue_command):
        app.cli.add_command(command)
    app.cli.add_command(import_group)
