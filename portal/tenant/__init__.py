"""The tenant portal: complaints, letters, stage 2, contact arrangements and advocates."""

from portal.tenant import contact, details, evidence, intake, people, survey  # noqa: F401,E402  (each adds its routes to bp)
from portal.tenant.views import bp

__all__ = ["bp"]
