from tests.web.test_tenant_protocol import *  # noqa
from portal.domain.protocol import IssueLimit
def test_dbg(world, tess):
    tenant_id, client = tess
    world.complaint(tenant_id)
    world.protocol(tenant_id, issues_per_period=IssueLimit(1, 4))
    sent = make_complaint(client, {"topic": {"topic": "new_issue"}}, send=False)
    print(sent.status_code, sent.headers.get("Location"), text_of(sent)[-3000:])
