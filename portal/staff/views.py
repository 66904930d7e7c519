"""The staff blueprint: the door check, the work queues and search.

Other modules in this package add their routes to `bp` (complaint, customer, conduct
and letter views); `portal/staff/__init__.py` imports them all.
"""

from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, request

from portal import casework, conductwork
from portal.data import fresh_store, get_store
from portal.domain.calendar import calendar_for
from portal.domain.complaints.kinds import Status
from portal.staff import context as ctx
from portal.staff import paging
from portal.staff import queues as q
from portal.staff.access_log import record_view
from portal.staff.permissions import guard
from portal.staff.waiting import waiting_for
from portal.domain.complaints.ownership import ASSIGNER

bp = Blueprint("staff", __name__)
bp.before_request(guard)
bp.after_request(record_view)


@bp.app_template_filter("status_label")
def status_label(status: str) -> str:
    """A summary row's status as staff read it."""
    return Status(status).label


def _arg(name: str, options: tuple[tuple[str, str], ...], default: str) -> str:
    value = request.args.get(name, default)
    return value if value in dict(options) else default


@bp.route("/")
def queues():
    """The landing page: a table per queue of what is owed next, filtered and sorted by due date.

    With every queue showing, each table stops at its first page and links to the queue alone,
    where `page` turns the pages. Every table is read a page at a time from the summary rows.
    """
    profile, today = ctx.profile(), ctx.today()
    what = _arg("what", q.WHAT, "all")
    when = _arg("when", q.WHEN, "all")
    stage = _arg("stage", q.STAGES, "any")
    newest_first = request.args.get("sort") == "-due"
    filters = {"what": what, "when": when, "stage": stage, **({"sort": "-due"} if newest_first else {})}
    store = fresh_store(profile.slug)
    open_rows = store.summaries.open(profile.slug)
    due_from, due_before = q.window(when, today)
    calendar = calendar_for(profile.nation)
    wanted = request.args.get("page")
    tables = {}
    for key, _ in q.QUEUES:
        if what not in ("all", key):
            continue
        raw = wanted if what == key else None
        if key == "referrals":  # few: the open flagged cases not yet referred, from their rows
            rows = [r for r in q.referral_rows(open_rows, profile, today, calendar)
                    if stage == "any" or str(r.stage) == stage]
            rows = [r for r in rows if q.matches_when(r.due, when, today)]
            rows.sort(key=lambda r: (r.due, r.ref), reverse=newest_first)
            tables[key] = paging.paginate(rows, raw)
            continue
        if key == "reviews":
            rows = [q.review_row(r, today) for r in conductwork.review_list(profile.slug, today)
                    if stage == "any" and q.matches_when(r.review_on, when, today)]
            rows.sort(key=lambda r: (r.due, r.ref), reverse=newest_first)
            tables[key] = paging.paginate(rows, raw)
            continue

        def fetch(offset: int, limit: int, key: str = key):
            return store.summaries.queue(profile.slug, key, stage=None if stage == "any" else int(stage),
                                         due_from=due_from, due_before=due_before, newest_first=newest_first,
                                         offset=offset, limit=limit)
        page = paging.fetch_page(fetch, raw)
        tables[key] = replace(page, rows=tuple(q.case_row(r, key, today, calendar) for r in page.rows))
    requests, request_dues = None, {}
    if what in ("all", q.REQUESTS):
        requests = paging.fetch_page(
            lambda offset, limit: store.summaries.with_status(
                profile.slug, Status.SERVICE_REQUEST.value, due_before=today if when == "overdue" else None,
                offset=offset, limit=limit),  # Torus 3.1: resolved within 48 hours, soonest first
            wanted if what == q.REQUESTS else None)
        request_dues = {row.id: q.request_due(row, today, calendar) for row in requests.rows}
    landing = _landing(open_rows, today, calendar) if (what, when, stage) == ("all", "all", "any") else {}
    return ctx.page("staff/queues.html", title="My work", tables=tables, names=q.QUEUE_NAMES,
                    what_choices=q.WHAT, when_choices=q.WHEN, stage_choices=q.STAGES,
                    what=what, when=when, stage=stage, newest_first=newest_first, filters=filters,
                    service_requests=requests, request_dues=request_dues, **landing)


def _landing(open_rows, today, calendar) -> dict:
    """The unfiltered landing page's own sections: waiting for you, my work, intake and (managers) the team."""
    actor, profile = ctx.actor(), ctx.profile()
    files = [conductwork.load_conduct(row.customer_id, profile) for row in conductwork.conduct_rows(profile.slug)]
    names = {row.customer_id: row.customer_name for row in conductwork.conduct_rows(profile.slug)}
    users = get_store().users
    return {"waiting": waiting_for(actor, files, names, (), today),
            "mine": q.my_rows(open_rows, actor.id, today, calendar), "intake": q.intake_rows(open_rows),
            "team": q.workload(open_rows, today, lambda uid: (users.get(uid) or {}).get("name", uid))
            if actor.role.at_least(ASSIGNER) else None}


@bp.route("/search")
def search():
    """Find complaints by reference, customer name or address, a page at a time."""
    text = (request.args.get("q") or "").strip()[:200]
    slug = ctx.profile().slug
    results = paging.fetch_page(lambda offset, limit: casework.search_cases(text, slug, offset=offset, limit=limit),
                                request.args.get("page")) if text else paging.paginate([])
    return ctx.page("staff/search.html", title="Search complaints", text=text, results=results)


@bp.route("/conduct")
def conduct_list():
    """Every customer with a conduct file: open behaviour cases and protocols, with review dates, a page at a time."""
    profile, today = ctx.profile(), ctx.today()
    files = [{"row": row, "in_force": row.in_force(today), "live": row.live_on(today),
              "review_on": row.review_on if row.live_on(today) else None,
              "no_contact": row.in_force(today) and row.no_personal_contact, "open_case": row.open_case}
             for row in conductwork.conduct_rows(profile.slug)]
    files.sort(key=lambda f: (not f["live"], not f["open_case"], f["row"].customer_name, f["row"].customer_id))
    return ctx.page("staff/conduct_list.html", title="Customer conduct",
                    files=paging.paginate(files, request.args.get("page")))
