"""The staff area: queues, casework and the unacceptable-behaviour process."""

from portal.staff.views import bp

__all__ = ["bp"]
