"""The home page's "Việc chờ bạn xử lý": plans a leader may sign and issue, and award
proposals at a stage the user's roles move on, with links; nothing for roles that have
nothing to do, nor for another province's leader.
"""

import pytest
from django.urls import reverse
from lxml import html as lxml_html

from accounts.models import RoleCode
from awards.models import BatchStatus
from campaigns.models import CampaignStatus
from tests.conftest import make_user
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db


def todo(client):  # type: ignore[no-untyped-def]
    """(line, count, link) of the to-do panel, or None when there is none."""
    doc = lxml_html.fromstring(client.get(reverse("core:home")).content.decode())
    panel = doc.xpath("//*[@data-testid='todo']")
    if not panel:
        return None
    return [
        (
            " ".join(a.xpath("./span[1]")[0].text_content().split()),
            int(a.xpath("./span[2]")[0].text_content()),
            a.get("href"),
        )
        for a in panel[0].xpath(".//a")
    ]


def move(batch, status):  # type: ignore[no-untyped-def]
    batch.status = status
    batch.save(update_fields=["status"])  # a save: cached pages go stale as after a step


def test_a_plan_waiting_for_signature_is_the_issuers_leaders_to_do(
    tree, award, leader, commune_officer, client_for
):
    assert todo(client_for(leader)) is None
    plan = CampaignFactory(issuer=tree.ubnd, status=CampaignStatus.AWAITING_SIGNATURE)
    assert todo(client_for(leader)) == [
        (
            "Kế hoạch chờ ký ban hành",
            1,
            reverse("campaigns:campaign_detail", args=[plan.pk]),
        )
    ]
    CampaignFactory(issuer=tree.ubnd, status=CampaignStatus.AWAITING_SIGNATURE)
    [(_line, count, link)] = todo(client_for(leader))
    assert count == 2 and link.endswith("?status=awaiting_signature")
    # A commune officer cannot sign; another province's leader does not see the plans.
    assert todo(client_for(commune_officer)) is None
    far = make_user("far-leader", tree.far_org, RoleCode.LEADER)
    assert todo(client_for(far)) is None


def test_award_proposals_show_at_the_stage_each_role_moves_on(
    tree, award, build, leader, appraiser, province_staff, commune_officer, client_for, no_reports
):
    batch = build([tree.police], [tree.person])
    move(batch, BatchStatus.UNDER_APPRAISAL)
    appraisal = reverse("awards:queue", args=["appraisal"])
    line = "Hồ sơ đề nghị khen thưởng chờ kiểm tra, thẩm định"
    assert todo(client_for(appraiser)) == [(line, 1, appraisal)]
    assert todo(client_for(province_staff)) == [(line, 1, appraisal)]
    assert todo(client_for(leader)) is None
    move(batch, BatchStatus.LEADER_APPROVAL)
    assert todo(client_for(leader)) == [
        ("Danh sách khen thưởng chờ bạn phê duyệt", 1, reverse("awards:queue", args=["approval"]))
    ]
    assert todo(client_for(appraiser)) is None
    assert todo(client_for(commune_officer)) is None
    # A council member sees a vote only for a council they sit on.
    outsider = make_user("member", tree.ubnd, RoleCode.COUNCIL_MEMBER)
    batch.council = award.council
    batch.save(update_fields=["council"])
    move(batch, BatchStatus.COUNCIL_VOTE)
    assert todo(client_for(award.members[0])) == [
        (
            "Đề nghị khen thưởng chờ Hội đồng của bạn biểu quyết",
            1,
            reverse("awards:queue", args=["council"]),
        )
    ]
    assert todo(client_for(outsider)) is None
