from flask import Blueprint
bp = Blueprint("staff", __name__)

@bp.route("/")
def queues():
    return "q"

@bp.route("/conduct")
def conduct_list():
    return "c"
