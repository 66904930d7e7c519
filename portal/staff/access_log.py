"""Every staff page that shows a customer's records notes who looked, what and when (UK GDPR accountability).

One hook after each staff request, so no view can forget: it works out whose records the
page showed from the route's own arguments (a customer, a case or a letter).
"""

from __future__ import annotations

from flask import Response, current_app, request
from flask_login import current_user

from portal import clock
from portal.data import get_store
from portal.store import StoreError

# What a page shows, in words, for the log (any other page on a case or customer: its endpoint's words).
PAGE_WORDS = {"customer": "customer record", "edit_customer": "customer record (change form)",
              "case": "complaint", "letter": "letter", "conduct_file": "conduct file",
              "log_complaint": "customer record (logging a complaint)",
              "log_service_request": "customer record (logging a service request)"}


def _whose(view_args: dict) -> tuple[str, str]:
    """(customer id, the record's id) of the page's record, or ("", "") for a page about nobody in particular."""
    store = get_store()
    if view_args.get("case_id"):
        record = store.complaints.get(view_args["case_id"])
        return (record.customer_id, record.id) if record else ("", "")
    if view_args.get("letter_id"):
        meta = store.letters.get(view_args["letter_id"])
        return (meta["customer_id"], meta["id"]) if meta else ("", "")
    if view_args.get("customer_id"):
        return view_args["customer_id"], view_args["customer_id"]
    return "", ""


def page_words(endpoint: str) -> str:
    """A logged page in words: 'complaint', 'letter', 'acknowledge (complaint)'."""
    name = endpoint.removeprefix("staff.")
    return PAGE_WORDS.get(name, name.replace("_", " "))


def record_view(response: Response) -> Response:
    """After a staff page that showed someone's records was sent whole (200 to a GET), note the view."""
    if request.method != "GET" or response.status_code != 200 or not request.endpoint:
        return response
    if not getattr(current_user, "is_authenticated", False) or not current_user.is_staff:
        return response
    try:
        customer_id, ref = _whose(request.view_args or {})
        if customer_id:
            get_store().access.record(customer_id=customer_id, by=current_user.id, ref=ref,
                                      what=request.endpoint.removeprefix("staff."),
                                      at=clock.now_utc().isoformat(timespec="seconds"))
    except StoreError as exc:  # a view that cannot be logged is not shown; error handlers miss this hook
        return current_app.make_response(current_app.handle_user_exception(exc))
    return response


def access_log_for(customer_id: str, newest: int = 100) -> dict:
    """The latest views of a customer's records, with staff names, for the customer page (managers)."""
    store = get_store()
    try:
        views = store.access.for_customer(customer_id, newest=newest)
    except StoreError as error:
        return {"rows": [], "problem": f"The access log cannot be read: {error}"}
    names: dict[str, str] = {}
    for view in views:
        if view["by"] not in names:
            names[view["by"]] = (store.users.get(view["by"]) or {}).get("name", view["by"])
    return {"rows": [{**view, "name": names[view["by"]], "what": page_words(view["what"])} for view in views],
            "problem": ""}
