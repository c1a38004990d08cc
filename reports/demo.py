"""Demo reports for the Đăk Nông campaign (seed 001) across Gia Nghĩa's wards.

Deterministic (values derived from the codes, no randomness) and idempotent (upserts;
a second run writes nothing). Over the first periods of the campaign (per phase in the
campaigns demo; months if its indicators report monthly) most reports are accepted,
some late, some waiting for review, some returned and some not sent, so the dashboards
show something real. Phường Nghĩa Đức (user ``xa``) has one report returned and one
still due; phường Nghĩa Thành (user ``xa2``) has a draft.
"""

import hashlib
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings

from campaigns.models import Classification, IndicatorKind
from core.demo import upsert
from orgunits.models import AdminUnit

from .models import (
    Assessment,
    AssessmentSource,
    ExpectedReport,
    IndicatorValue,
    Report,
    ReportStatus,
)
from .services import (
    achieved_value,
    expected_reports_generate,
    finest_frequency,
    indicators_for,
)

GIA_NGHIA_CODE = "660"
PERIODS = 4  # the first periods of the campaign's finest frequency (months, or phases)

# (ward code, period index) -> scenario; the rest are accepted on time.
SCENARIOS = {
    ("24611", 0): "returned",  # Nghĩa Đức: returned (user xa fixes it) …
    ("24611", 1): "due",  # … and the next one not started yet
    ("24612", 1): "draft",  # Nghĩa Thành: a draft (user xa2)
    ("24614", 0): "late",
    ("24614", 1): "submitted",
    ("24615", 1): "missing",
    ("24617", 0): "late",
    ("24617", 1): "late_submitted",
    ("24618", 0): "missing",
    ("24618", 1): "missing",
    ("24619", 1): "submitted",
    ("24620", 0): "late",
}
CLASSES = {
    "24611": (Classification.EXCELLENT, True, "93.00"),
    "24612": (Classification.EXCELLENT, True, "91.50"),
    "24614": (Classification.GOOD, True, "84.00"),
    "24615": (Classification.GOOD, True, "78.00"),
    "24617": (Classification.GOOD, False, "72.50"),
    "24618": (Classification.AVERAGE, False, "61.00"),
    "24619": (Classification.EXCELLENT, True, "90.00"),
    "24620": (Classification.WEAK, False, "45.00"),
}


def _n(*parts: Any) -> int:
    """A stable pseudo-random number from the parts (same on every run)."""
    return int(hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:8], 16)


def _values(ward: str, month: int, ind: Any) -> dict[str, Any]:
    n = _n(ward, month, ind.code)
    if ind.kind == IndicatorKind.RATIO:
        den = 20 + n % 40
        num = den - (n // 7) % 4 if n % 5 else den - (n // 11) % 12
        return {"numerator": max(num, 0), "denominator": den, "count": None, "boolean": None}
    if ind.kind == IndicatorKind.COUNT:
        target = int(ind.target_value)
        count = target if n % 6 else target + 1
        if ind.comparator in ("eq", "lte", "lt") and target == 0:
            count = 0 if n % 9 else 1
        return {"numerator": None, "denominator": None, "count": count, "boolean": None}
    return {"numerator": None, "denominator": None, "count": None, "boolean": bool(n % 7)}


def _at(day: Any, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=ZoneInfo(settings.TIME_ZONE))


def load(ctx: dict[str, Any]) -> None:
    campaign = (ctx.get("campaigns") or {}).get("seed001")
    if campaign is None:
        return  # the campaigns demo did not provide seed 001: nothing to report against
    expected_reports_generate(campaign)
    users = ctx.get("users") or {}
    reviewer = users.get("tinh")
    gn = AdminUnit.objects.filter(code=GIA_NGHIA_CODE).first()
    if gn is None:
        return
    wards = list(AdminUnit.objects.filter(path__startswith=gn.path, depth=gn.depth + 1))
    frequency = finest_frequency(campaign)
    months = list(
        ExpectedReport.objects.filter(
            campaign=campaign, frequency=frequency, unit_path__startswith=gn.path
        )
        .values_list("period_start", flat=True)
        .distinct()
        .order_by("period_start")
    )[:PERIODS]
    officers = {
        u.organisation.unit_id: u
        for u in users.values()
        if getattr(u, "organisation", None) is not None
    }
    for ward in wards:
        filler = officers.get(ward.pk)
        for m, start in enumerate(months):
            expected = ExpectedReport.objects.filter(
                campaign=campaign,
                unit=ward,
                frequency=frequency,
                period_start=start,
            ).first()
            if expected is None:
                continue
            scenario = SCENARIOS.get((ward.code, m), "accepted")
            if scenario in ("missing", "due"):
                continue
            _report(expected, scenario, ward, m, filler, reviewer)
    year = campaign.end_date.year
    for ward in wards:
        cls, safe, score = CLASSES.get(ward.code, (Classification.GOOD, False, "75.00"))
        upsert(
            Assessment,
            {"campaign": campaign, "unit": ward, "year": year},
            {
                "unit_path": ward.path,
                "level": ward.level,
                "province": ward.province,
                "classification": cls,
                "safe_recognised": safe,
                "score": Decimal(score),
                "source": AssessmentSource.ENTERED,
                "decided_by": reviewer,
            },
            clean=False,
        )


def _report(
    expected: ExpectedReport, scenario: str, ward: AdminUnit, m: int, filler: Any, reviewer: Any
) -> None:
    late = scenario in ("late", "late_submitted")
    submitted_day = (
        expected.last_on_time + timedelta(days=3)
        if late
        else expected.due_date - (timedelta(days=1 + m % 3))
    )
    submitted_at = _at(submitted_day, 9 + m)
    status = {
        "accepted": ReportStatus.ACCEPTED,
        "late": ReportStatus.ACCEPTED,
        "submitted": ReportStatus.SUBMITTED,
        "late_submitted": ReportStatus.SUBMITTED,
        "returned": ReportStatus.RETURNED,
        "draft": ReportStatus.DRAFT,
    }[scenario]
    sent = status != ReportStatus.DRAFT
    reviewed = status in (ReportStatus.ACCEPTED, ReportStatus.RETURNED)
    report = upsert(
        Report,
        {"expected": expected},
        {
            "unit": ward,
            "unit_path": ward.path,
            "status": status,
            "narrative": (
                f"Báo cáo kết quả thực hiện phong trào {expected.label.lower()} của "
                f"{ward.full_name.lower()}: duy trì tuần tra, nắm tình hình cơ sở, "
                "tuyên truyền Nhân dân cung cấp nguồn tin."
            ),
            "version": 1 + int(sent) + int(reviewed),
            "first_submitted_at": submitted_at if sent else None,
            "on_time": (not late) if sent else None,
            "submitted_at": submitted_at if sent else None,
            "submitted_by": filler if sent else None,
            "reviewed_at": submitted_at + timedelta(days=2) if reviewed else None,
            "reviewed_by": reviewer if reviewed else None,
            "reviewer_unit_path": reviewer.scope_path if reviewed and reviewer else "",
            "return_reason": (
                "Tỷ lệ nguồn tin chưa khớp với sổ theo dõi; đề nghị kiểm tra lại số liệu."
                if status == ReportStatus.RETURNED
                else ""
            ),
        },
        clean=False,
    )
    for ind in indicators_for(expected):
        data = _values(ward.code, m, ind)
        upsert(
            IndicatorValue,
            {"report": report, "indicator": ind},
            {
                **data,
                "note": "",
                "met": ind.is_met(achieved_value(ind, data)),
                "unit_path": expected.unit_path,
                "level": expected.level,
                "period_start": expected.period_start,
            },
            clean=False,
        )
