"""The staff area: queues, casework and the unacceptable-behaviour process.

`views` declares the blueprint; the other modules add their routes to it when imported.
"""

from portal.staff.views import bp
from portal.staff import (  # noqa: F401  (each registers its routes on bp)
    case_views, complaint_views, conduct_step_views, conduct_views, customer_views,
)

__all__ = ["bp"]
