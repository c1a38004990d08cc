"""Kỷ niệm chương "Bảo vệ an ninh Tổ quốc": ≥ 15 years of team service for men, ≥ 10 for women."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards import services
from awards.models import (
    AutoCheck,
    AwardForm,
    AwardLevel,
    BatchStatus,
    Criterion,
    DossierKind,
    NomineeKind,
    SubjectScope,
)
from people.models import Gender, Person, TeamMembership, TeamRole
from people.selectors import security_service_days
from tests.awards.conftest import complete

pytestmark = pytest.mark.django_db


@pytest.fixture
def medal(db):  # type: ignore[no-untyped-def]
    return AwardForm.objects.create(
        code="knc-test",
        name="Kỷ niệm chương “Bảo vệ an ninh Tổ quốc”",
        authority="Bộ trưởng Bộ Công an",
        level=AwardLevel.MINISTRY,
        subject=SubjectScope.INDIVIDUAL,
        dossier_items=[DossierKind.ACHIEVEMENT_REPORT],
        service_rule=True,
    )


def served(tree, name: str, gender: str, *periods):  # type: ignore[no-untyped-def]
    p = Person.objects.create(
        full_name=name, gender=gender, organisation=tree.police, unit=tree.commune
    )
    for start, end in periods:
        TeamMembership.objects.create(
            person=p, team=tree.team, role=TeamRole.MEMBER, started_on=start, ended_on=end
        )
    return p


def medal_batch(tree, award, medal, user, people):  # type: ignore[no-untyped-def]
    batch = services.batch_create(
        campaign=award.campaign, form=medal, proposer=tree.police, user=user
    )
    for p in people:
        services.nomination_add(batch, user=user, person=p, category=award.cat_individual)
    complete(batch, user, award)
    return batch


def test_defaults_are_15_years_for_men_and_10_for_women(medal):
    assert (medal.min_service_years_male, medal.min_service_years_female) == (15, 10)


def test_overlapping_periods_count_once(tree):
    p = served(
        tree,
        "Hà Văn Bình",
        Gender.MALE,
        (date(2010, 1, 1), date(2015, 1, 1)),
        (date(2014, 1, 1), date(2016, 1, 1)),
        (date(2020, 1, 1), None),
    )
    assert security_service_days(p, date(2021, 1, 1)) == (
        (date(2016, 1, 1) - date(2010, 1, 1)).days + 366
    )


def test_short_service_blocks_with_the_years_found(
    tree, award, medal, commune_officer, no_reports, client_for
):
    year_end = date(award.campaign.year, 12, 31)
    man = served(tree, "Hà Văn Bình", Gender.MALE, (date(year_end.year - 12, 7, 1), None))
    woman = served(tree, "Lò Thị Mai", Gender.FEMALE, (date(year_end.year - 12, 7, 1), None))
    batch = medal_batch(tree, award, medal, commune_officer, [man, woman])
    with pytest.raises(ValidationError) as exc:
        services.batch_transition(batch, BatchStatus.SUBMITTED, user=commune_officer)
    assert exc.value.messages == [
        "Hà Văn Bình mới có 12,5 năm tham gia lực lượng bảo vệ an ninh, trật tự ở cơ sở; "
        "Kỷ niệm chương “Bảo vệ an ninh Tổ quốc” yêu cầu tối thiểu 15 năm đối với nam."
    ]
    assert exc.value.error_list[0].code == "service_too_short"
    page = client_for(commune_officer).get(reverse("awards:batch_detail", args=[batch.pk]))
    body = page.content.decode()
    assert "12,5 năm (yêu cầu tối thiểu 15 năm)" in body
    assert "12,5 năm (yêu cầu tối thiểu 10 năm)" in body
    # The thresholds are data on the form.
    medal.min_service_years_male = 12
    medal.save()
    services.batch_transition(batch, BatchStatus.SUBMITTED, user=commune_officer)


def test_no_service_at_all_blocks_a_woman(tree, award, medal, commune_officer, no_reports):
    woman = served(tree, "Lò Thị Mai", Gender.FEMALE)
    batch = medal_batch(tree, award, medal, commune_officer, [woman])
    with pytest.raises(ValidationError) as exc:
        services.batch_transition(batch, BatchStatus.SUBMITTED, user=commune_officer)
    assert exc.value.messages == [
        "Lò Thị Mai mới có 0,0 năm tham gia lực lượng bảo vệ an ninh, trật tự ở cơ sở; "
        "Kỷ niệm chương “Bảo vệ an ninh Tổ quốc” yêu cầu tối thiểu 10 năm đối với nữ."
    ]


def test_service_criterion_is_checked_from_data(tree, award, build, commune_officer):
    Criterion.objects.create(
        campaign=award.campaign,
        category=award.cat_individual,
        subject=NomineeKind.INDIVIDUAL,
        order=3,
        text="Có thời gian tham gia lực lượng bảo vệ ANTT đủ theo quy định",
        auto_check=AutoCheck.SECURITY_SERVICE,
    )
    man = served(tree, "Hà Văn Bình", Gender.MALE, (date(2000, 1, 1), None))
    batch = build([], [man, tree.person], done=False)
    checks = {
        n.person.full_name: [c for c in services.criteria_status(n) if c.from_data][-1].met
        for n in batch.nominations.select_related("person")
    }
    assert checks == {"Hà Văn Bình": True, "Nguyễn Văn An": False}
