"""Helpers for the reports tests."""

from datetime import date

from campaigns.models import Frequency
from reports import services
from reports.models import ExpectedReport

SEPT = date(2024, 9, 1)


def expected_for(plan, unit, start=SEPT, frequency=Frequency.MONTHLY):  # type: ignore[no-untyped-def]
    """The unit's own row (an agency or team located in the unit has rows of its own)."""
    return ExpectedReport.objects.get(
        campaign=plan.campaign,
        unit=unit,
        organisation__isnull=True,
        frequency=frequency,
        period_start=start,
    )


def values(plan, num=8, den=10, count=1, yes=True):  # type: ignore[no-untyped-def]
    return {
        plan.ratio.pk: {"numerator": num, "denominator": den},
        plan.count.pk: {"count": count},
        plan.yes.pk: {"boolean": yes},
    }


def form_data(plan, version=0, action="save", num="8", den="10", count="1", yes="1", **extra):  # type: ignore[no-untyped-def]
    data = {
        "version": str(version),
        "narrative": "Tình hình ổn định",
        f"{plan.ratio.pk}-numerator": num,
        f"{plan.ratio.pk}-denominator": den,
        f"{plan.ratio.pk}-note": "",
        f"{plan.count.pk}-count": count,
        f"{plan.count.pk}-note": "",
        f"{plan.yes.pk}-boolean": yes,
        f"{plan.yes.pk}-note": "",
        "action": action,
    }
    data.update(extra)
    return data


def submit(plan, unit, user, start=SEPT, **kw):  # type: ignore[no-untyped-def]
    expected = expected_for(plan, unit, start)
    report = getattr(expected, "report", None)
    return services.report_save(
        expected,
        user=user,
        version=report.version if report else 0,
        narrative="",
        values=values(plan, **kw),
        submit=True,
    )


def accept(report, user):  # type: ignore[no-untyped-def]
    from reports.models import ReportStatus

    return services.report_transition(
        report, ReportStatus.ACCEPTED, user=user, version=report.version
    )


def extra_district(tree, plan, code="T-D2", name="Hồ Tây", commune=("T-C3", "Phú Mỹ")):  # type: ignore[no-untyped-def]
    """A second district with one commune, with its expected reports."""
    from orgunits.models import AdminLevel
    from tests.conftest import make_unit

    district = make_unit(tree.province, code, name, "huyện", AdminLevel.DISTRICT)
    c = make_unit(district, commune[0], commune[1], "xã", AdminLevel.COMMUNE)
    services.expected_reports_generate(plan.campaign)
    return district, c
