"""Forms, criteria and quotas pages: province staff of the issuing area only."""

import pytest
from django.urls import reverse

from awards.models import AwardForm, Criterion, Quota, QuotaAllocation

pytestmark = pytest.mark.django_db


def test_staff_edits_criteria_quota_and_allocation(tree, award, client_for, province_staff):
    client = client_for(province_staff)
    rules = reverse("awards:campaign_rules", args=[award.campaign.pk])
    page = client.get(rules)
    assert page.status_code == 200
    criteria = list(Criterion.objects.filter(campaign=award.campaign))
    data = {
        "criteria-TOTAL_FORMS": str(len(criteria) + 1),
        "criteria-INITIAL_FORMS": str(len(criteria)),
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
    }
    for i, c in enumerate(criteria):
        data.update(
            {
                f"criteria-{i}-id": c.pk,
                f"criteria-{i}-category": c.category_id,
                f"criteria-{i}-subject": c.subject,
                f"criteria-{i}-order": c.order,
                f"criteria-{i}-text": c.text,
                f"criteria-{i}-auto_check": c.auto_check,
            }
        )
    n = len(criteria)
    data.update(
        {
            f"criteria-{n}-category": award.cat_collective.pk,
            f"criteria-{n}-subject": "collective",
            f"criteria-{n}-order": 9,
            f"criteria-{n}-text": "Được xếp loại phong trào Khá trở lên",
            f"criteria-{n}-auto_check": "classified_good",
        }
    )
    assert client.post(rules, data).status_code == 302
    added = Criterion.objects.get(text="Được xếp loại phong trào Khá trở lên")
    assert added.category_code == "tt-cax"

    quota_url = reverse("awards:quota_detail", args=[award.quota.pk])
    response = client.post(
        quota_url, {"organisation": tree.police.pk, "collectives": 31, "individuals": 0}
    )
    assert "Tổng chỉ tiêu phân bổ vượt chỉ tiêu: 31/30 tập thể và 0/15 cá nhân." in (
        response.content.decode()
    )
    assert not QuotaAllocation.objects.exists()
    client.post(quota_url, {"organisation": tree.police.pk, "collectives": 5, "individuals": 2})
    assert QuotaAllocation.objects.get().collectives == 5

    other = AwardForm.objects.create(
        code="gk", name="Giấy khen", authority="Giám đốc Công an tỉnh", level="provincial_police"
    )
    create = reverse("awards:quota_create", args=[award.campaign.pk])
    dup = client.post(
        create,
        {
            "form": award.form.pk,
            "max_collectives": 1,
            "max_individuals": 1,
            "leader_cap_percent": 40,
            "leader_rank_threshold": 10,
        },
    )
    assert "Phong trào này đã có chỉ tiêu cho hình thức này." in dup.content.decode()
    client.post(
        create,
        {
            "form": other.pk,
            "max_collectives": 5,
            "max_individuals": 5,
            "leader_cap_percent": 40,
            "leader_rank_threshold": 10,
        },
    )
    assert Quota.objects.filter(campaign=award.campaign).count() == 2


def test_commune_officer_cannot_manage_rules(tree, award, client_for, commune_officer):
    client = client_for(commune_officer)
    assert client.get(reverse("awards:campaign_rules", args=[award.campaign.pk])).status_code == 404
    assert client.get(reverse("awards:form_create")).status_code == 403
    quota_url = reverse("awards:quota_detail", args=[award.quota.pk])
    assert client.get(quota_url).status_code == 200  # the quota of the province is public
    response = client.post(
        quota_url, {"organisation": tree.police.pk, "collectives": 1, "individuals": 1}
    )
    assert response.status_code == 403
    assert not QuotaAllocation.objects.exists()


def test_forms_catalogue(client_for, province_staff, award):
    client = client_for(province_staff)
    response = client.post(
        reverse("awards:form_create"),
        {
            "code": "knc",
            "name": "Kỷ niệm chương “Bảo vệ an ninh Tổ quốc”",
            "authority": "Bộ trưởng Bộ Công an",
            "level": "ministry",
            "subject": "individual",
            "dossier_items": ["proposal", "list", "achievement_report"],
            "order": 5,
            "active": "on",
            "service_rule": "on",
            "min_service_years_male": 15,
            "min_service_years_female": 10,
        },
    )
    assert response.status_code == 302
    form = AwardForm.objects.get(code="knc")
    assert form.dossier_items == ["proposal", "list", "achievement_report"]
    # Province staff add to their own province's catalogue, never the national one.
    assert form.owner_unit == province_staff.organisation.unit.province
    page = client.get(reverse("awards:form_list")).content.decode()
    assert "Kỷ niệm chương “Bảo vệ an ninh Tổ quốc”" in page
