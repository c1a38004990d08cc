"""Year-end assessment: computed from the accepted values, entered by hand, and the
province distribution against the campaign's distribution targets (seed 003)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from campaigns.models import Classification, DistributionTarget
from orgunits.models import AdminLevel
from reports import selectors, services
from reports.models import AssessmentSource
from tests.conftest import make_unit

from .helpers import SEPT, accept, submit

C = Classification


def test_computed_from_accepted_values(tree, plan, admin_user):
    accept(submit(plan, tree.commune, admin_user, num=9, den=10, count=1, yes=True), admin_user)
    accept(
        submit(plan, tree.other_commune, admin_user, num=1, den=10, count=0, yes=True), admin_user
    )
    mine = services.assessment_compute(plan.campaign, tree.commune, 2024, user=admin_user)
    assert (mine.score, mine.classification, mine.safe_recognised) == (
        Decimal("100.00"),
        C.EXCELLENT,
        True,
    )
    theirs = services.assessment_compute(plan.campaign, tree.other_commune, 2024, user=admin_user)
    assert (theirs.score, theirs.classification, theirs.safe_recognised) == (
        Decimal("33.33"),
        C.WEAK,
        False,
    )
    # A decided (entered) assessment is never overwritten by a computation.
    services.assessment_enter(
        plan.campaign,
        tree.other_commune,
        2024,
        user=admin_user,
        classification=C.AVERAGE,
        safe_recognised=False,
    )
    again = services.assessment_compute(plan.campaign, tree.other_commune, 2024, user=admin_user)
    assert (again.classification, again.source) == (C.AVERAGE, AssessmentSource.ENTERED)


def test_an_agency_in_the_unit_does_not_count_in_its_score(tree, plan, admin_user):
    """A school located in the commune reports for itself: its values (here all missing
    the target) are not the commune's."""
    from campaigns.models import Comparator
    from orgunits.models import OrganisationKind
    from reports.models import ExpectedReport
    from tests.conftest import make_org
    from tests.factories import IndicatorFactory

    school = make_org("T-THPT9", "Trường THCS An Bình", OrganisationKind.SCHOOL, tree.commune)
    ind = IndicatorFactory(
        campaign=plan.campaign,
        code="A9",
        order=9,
        comparator=Comparator.GTE,
        target_value=Decimal(90),
        applies_to=["agency"],
    )
    services.expected_reports_generate(plan.campaign)
    accept(submit(plan, tree.commune, admin_user, num=9, den=10, count=1, yes=True), admin_user)
    row = ExpectedReport.objects.get(organisation=school, period_start=SEPT)
    school_report = services.report_save(
        row,
        user=admin_user,
        version=0,
        narrative="",
        values={ind.pk: {"numerator": 1, "denominator": 10}},
        submit=True,
    )
    accept(school_report, admin_user)
    assert school_report.values.get().met is False
    mine = services.assessment_compute(plan.campaign, tree.commune, 2024, user=admin_user)
    assert (mine.score, mine.classification) == (Decimal("100.00"), C.EXCELLENT)


def test_entry_rules(tree, plan, admin_user):
    with pytest.raises(ValidationError) as exc:
        services.assessment_enter(
            plan.campaign,
            tree.commune,
            2025,
            user=admin_user,
            classification=C.GOOD,
            safe_recognised=True,
            score=Decimal(101),
        )
    assert exc.value.message_dict == {"score": ["Điểm phải từ 0 đến 100."]}


def test_distribution_against_targets(tree, plan, admin_user, province_staff, client_for):
    for order, (cls, share) in enumerate(((C.AVERAGE, 80), (C.GOOD, 50), (C.EXCELLENT, 30))):
        DistributionTarget.objects.create(
            campaign=plan.campaign,
            order=order,
            classification=cls,
            or_better=True,
            min_share=Decimal(share),
        )
    units = [tree.commune, tree.other_commune] + [
        make_unit(tree.district, f"T-A{i}", f"A{i}", "xã", AdminLevel.COMMUNE) for i in range(3)
    ]
    for unit, cls in zip(units, [C.EXCELLENT, C.EXCELLENT, C.GOOD, C.AVERAGE, C.WEAK], strict=True):
        services.assessment_enter(
            plan.campaign,
            unit,
            2025,
            user=admin_user,
            classification=cls,
            safe_recognised=cls in (C.EXCELLENT, C.GOOD),
        )
    rows, total, safe = selectors.classification_distribution(plan.campaign, tree.province, 2025)
    assert (total, safe) == (5, 3)
    got = {r.classification: (r.count, r.share, r.cumulative_share, r.target_met) for r in rows}
    assert got[C.EXCELLENT] == (2, Decimal("40.0"), Decimal("40.0"), True)
    assert got[C.GOOD] == (1, Decimal("20.0"), Decimal("60.0"), True)
    assert got[C.AVERAGE] == (1, Decimal("20.0"), Decimal("80.0"), True)
    assert got[C.WEAK] == (1, Decimal("20.0"), Decimal("100.0"), None)
    body = (
        client_for(province_staff)
        .get(reverse("reports:assessments"), {"campaign": plan.campaign.pk, "year": 2025})
        .content.decode()
    )
    assert "Xuất sắc" in body and "An toàn về an ninh, trật tự" in body


def test_assessments_page_lists_best_first(
    tree, plan, admin_user, province_staff, client_for, django_assert_max_num_queries
):
    """Best class first, then the higher score, then the name; unscored rows after."""
    entries = [  # (name, class, score) entered in a scrambled order
        ("Bốn", C.GOOD, Decimal(75)),
        ("Một", C.EXCELLENT, Decimal(91)),
        ("Năm", C.WEAK, None),
        ("Hai", C.EXCELLENT, Decimal(95)),
        ("Ba", C.GOOD, None),
        ("Sáu", C.GOOD, Decimal(80)),
    ]
    for i, (name, cls, score) in enumerate(entries):
        unit = make_unit(tree.district, f"T-O{i}", name, "xã", AdminLevel.COMMUNE)
        services.assessment_enter(
            plan.campaign,
            unit,
            2025,
            user=admin_user,
            classification=cls,
            score=score,
            safe_recognised=False,
        )
    rows = selectors.assessments_in(province_staff, plan.campaign, tree.province, 2025)
    assert [a.unit.name for a in rows] == ["Hai", "Một", "Sáu", "Bốn", "Ba", "Năm"]
    client = client_for(province_staff)
    url = reverse("reports:assessments")
    with django_assert_max_num_queries(20):
        body = client.get(url, {"campaign": plan.campaign.pk, "year": 2025}).content.decode()
    assert "&larr; Tổng hợp báo cáo" in body  # back to the reporting dashboard, by its name
    table = body[body.index('data-testid="assessments"') :]
    positions = [table.index(f"Xã {name}<") for name in ("Hai", "Một", "Sáu", "Bốn", "Ba", "Năm")]
    assert positions == sorted(positions)
