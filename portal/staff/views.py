"""The staff blueprint: the door check, the work queues and search.

Other modules in this package add their routes to `bp` (complaint, customer, conduct
and letter views); `portal/staff/__init__.py` imports them all.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, request

from portal import casework, conductwork
from portal.data import get_store
from portal.domain.complaints.kinds import Status
from portal.domain.conduct.fold import on_no_personal_contact_list, protocol_in_force
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


def _arg(name: str, options: tuple[tuple[str, str], ...], default: str) -> str:
    value = request.args.get(name, default)
    return value if value in dict(options) else default


def _page_of(rows, shown_alone: bool) -> paging.Page:
    """A queue's rows a page at a time when it is shown alone; its first page beside the others."""
    return paging.paginate(rows, request.args.get("page") if shown_alone else None)


@bp.route("/")
def queues():
    """The landing page: a table per queue of what is owed next, filtered and sorted by due date.

    With every queue showing, each table stops at its first page and links to the queue alone,
    where `page` turns the pages.
    """
    profile, today = ctx.profile(), ctx.today()
    what = _arg("what", q.WHAT, "all")
    when = _arg("when", q.WHEN, "all")
    stage = _arg("stage", q.STAGES, "any")
    newest_first = request.args.get("sort") == "-due"
    filters = {"what": what, "when": when, "stage": stage, **({"sort": "-due"} if newest_first else {})}
    cases = casework.all_cases(profile.slug, open_only=True)
    rows = q.case_rows(cases, today)
    reviews = conductwork.review_list(profile.slug, today)
    users = get_store().users
    names = {f.customer_id: (users.get(f.customer_id) or {}).get("name", "") for f, _ in reviews}
    rows += q.review_rows(reviews, names, today)
    grouped = q.pick(rows, what=what, when=when, stage=stage, today=today, newest_first=newest_first)
    tables = {key: _page_of(found, what == key) for key, found in grouped.items()}
    files = conductwork.all_conduct_files(profile.slug)
    names.update({f.customer_id: (users.get(f.customer_id) or {}).get("name", "") for f in files})
    waiting = waiting_for(ctx.actor(), files, names, cases, today)
    requests = None
    if what in ("all", q.REQUESTS):
        open_requests = [c for c in cases if c.state.status is Status.SERVICE_REQUEST]
        open_requests.sort(key=lambda c: (c.state.service_request_due or date.max, c.id))  # Torus 3.1: 48 hours
        if when == "overdue":
            open_requests = [c for c in open_requests if c.state.overdue(today)]
        requests = _page_of(open_requests, what == q.REQUESTS)
    return ctx.page("staff/queues.html", title="My work", tables=tables, names=q.QUEUE_NAMES,
                    what_choices=q.WHAT, when_choices=q.WHEN, stage_choices=q.STAGES,
                    what=what, when=when, stage=stage, newest_first=newest_first, filters=filters,
                    service_requests=requests, waiting=waiting,
                    **(_landing(cases, today) if (what, when, stage) == ("all", "all", "any") else {}))


def _landing(cases, today) -> dict:
    """The unfiltered landing page's own sections: my work, the intake list and (for managers) the team."""
    actor = ctx.actor()
    return {"mine": q.my_work(cases, actor.id, today), "intake": q.intake(cases),
            "team": q.workload(cases, today) if actor.role.at_least(ASSIGNER) else None}


@bp.route("/search")
def search():
    """Find complaints by reference, customer name or address, a page at a time."""
    text = (request.args.get("q") or "").strip()[:200]
    results = casework.search_cases(text, ctx.profile().slug) if text else []
    return ctx.page("staff/search.html", title="Search complaints", text=text,
                    results=paging.paginate(results, request.args.get("page")))


@bp.route("/conduct")
def conduct_list():
    """Every customer with a conduct file: open behaviour cases and protocols, with review dates."""
    profile, today = ctx.profile(), ctx.today()
    users = get_store().users
    files = []
    for file in conductwork.all_conduct_files(profile.slug):
        protocol = file.state.protocol
        live = protocol is not None and protocol.live_on(today)
        files.append({
            "file": file, "customer": users.get(file.customer_id) or {},
            "in_force": protocol_in_force(file.state, today) is not None, "live": live,
            "review_on": protocol.review_on if live else None,
            "no_contact": on_no_personal_contact_list(file.state, today),
            "open_case": file.state.open_case is not None,
        })
    files.sort(key=lambda f: (not f["live"], not f["open_case"], f["customer"].get("name", "")))
    return ctx.page("staff/conduct_list.html", title="Customer conduct", files=files)
