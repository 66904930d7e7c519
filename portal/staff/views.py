"""The staff blueprint: the door check, the work queues and search.

Other modules in this package add their routes to `bp` (complaint, customer, conduct
and letter views); `portal/staff/__init__.py` imports them all.
"""

from __future__ import annotations

from flask import Blueprint, request

from portal import casework, conductwork
from portal.data import fresh_store, get_store
from portal.domain.calendar import calendar_for
from portal.domain.complaints.kinds import Status
from portal.staff import context as ctx
from portal.staff import paging
from portal.staff import queues as q
from portal.staff import worklist as wl
from portal.staff.access_log import record_view
from portal.staff.matches import where_matched
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


@bp.route("/")
def queues():
    """The landing page and the one work list: every thing owed on every open case, soonest first.

    Read from the summary rows of the open cases and the conduct files' review rows (no case
    is folded); the filters pick lines by what, when, stage, owner, risk and adjustments, and
    `page` turns the pages of 50. Unfiltered, the page starts with the person's own sections.
    """
    profile, today, actor = ctx.profile(), ctx.today(), ctx.actor()
    store = fresh_store(profile.slug)
    open_rows = store.summaries.open(profile.slug)
    users = get_store().users
    names: dict[str, str] = {}

    def name_of(uid: str) -> str:
        if uid not in names:
            names[uid] = (users.get(uid) or {}).get("name", uid)
        return names[uid]
    owners = wl.owner_choices(open_rows, name_of)
    filters = wl.read_filters(request.args, dict(owners))
    newest_first = request.args.get("sort") == "-due"
    args = {**filters.as_args(), **({"sort": "-due"} if newest_first else {})}
    calendar = calendar_for(profile.nation)
    lines = wl.work_list(open_rows, conductwork.review_list(profile.slug, today), filters, actor.id, profile,
                         today, calendar, newest_first)
    page = paging.paginate(lines, request.args.get("page"))
    landing = _landing(open_rows, today, calendar) if filters == wl.Filters() and not newest_first else {}
    return ctx.page("staff/queues.html", title="My work", work=page, owed=wl.OWED, filters=filters, args=args,
                    what_choices=q.WHAT, when_choices=q.WHEN, stage_choices=q.STAGES, owner_choices=owners,
                    risk_choices=wl.RISKS, adjustment_choices=wl.ADJUSTMENTS, newest_first=newest_first,
                    owner_name=lambda uid: name_of(uid) if uid else "", names=q.QUEUE_NAMES, **landing)


def _landing(open_rows, today, calendar) -> dict:
    """The unfiltered landing page's own sections: waiting for you, my work, intake and (managers) the team."""
    actor, profile = ctx.actor(), ctx.profile()
    files = conductwork.landlord_files(profile.slug)
    names = {row.customer_id: row.customer_name for row in conductwork.conduct_rows(profile.slug)}
    users = get_store().users
    return {"waiting": waiting_for(actor, files, names, open_rows, profile, today),
            "mine": q.my_rows(open_rows, actor.id, today, calendar), "intake": q.intake_rows(open_rows),
            "team": q.workload(open_rows, today, lambda uid: (users.get(uid) or {}).get("name", uid))
            if actor.role.at_least(ASSIGNER) else None}


@bp.route("/search")
def search():
    """Find complaints by reference, name, address, postcode, phone or their own words, saying where each matched."""
    text = (request.args.get("q") or "").strip()[:200]
    slug = ctx.profile().slug
    results = paging.fetch_page(lambda offset, limit: casework.search_cases(text, slug, offset=offset, limit=limit),
                                request.args.get("page")) if text else paging.paginate([])
    return ctx.page("staff/search.html", title="Search complaints", text=text, results=results,
                    matched=lambda row: where_matched(row, text))


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
