"""The staff area: queues, casework and the unacceptable-behaviour process.

`views` declares the blueprint; the other modules add their routes to it when imported.
"""

from portal.staff.views import bp
from portal.staff import case_views, complaint_views, customer_views, import_views, outbox_views, post_views  # noqa: F401
from portal.staff import report_views  # noqa: F401
from portal.staff import evidence_views, extension_views, subject_access_views  # noqa: F401  (each registers its routes on bp)
from portal.staff.conduct import approval_views, step_views, views  # noqa: F401

__all__ = ["bp"]
