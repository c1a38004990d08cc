"""Demo reports for the Đăk Nông campaign (seed 001) across Gia Nghĩa's eight wards.

The communes report monthly (and the recognised model of 4.2 once a phase), from
August 2024 until the wards were merged on 1/7/2025. Deterministic (values derived from
the codes, no randomness) and idempotent (upserts; a second run writes nothing). Most
reports are accepted on time; some were late, some wait for review, some were returned
and some never came, so the dashboards show something real:

- phường Nghĩa Đức (user ``xa``): May 2025 returned with a reason, June 2025 still due;
- phường Nghĩa Thành (user ``xa2``): May 2025 waiting for review, June 2025 a draft;
- xã Đắk R'Moan misses three months and its phase-2 report; the others a month or two.

The wards' 64 security teams report their good deeds (4.7) monthly, filled by their
ward's police (Nghĩa Đức's owe June 2025, one was returned in May). Bình Phước's 2023
plan (seed 003) gets its communes' and agencies' yearly reports; the school (user
``truong``) has not reported, the Ban Thi đua - Khen thưởng waits for ``tinhbp``.
"""

import hashlib
from copy import copy
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import F

from campaigns.models import Classification, Comparator, Frequency, IndicatorKind
from core.demo import upsert
from notifications.models import Notification
from orgunits.models import AdminUnit

from . import cache as dashboard_cache
from .models import (
    Assessment,
    AssessmentSource,
    ExpectedReport,
    IndicatorValue,
    Report,
    ReportingLevel,
    ReportStatus,
)
from .services import (
    achieved_value,
    expected_reports_generate,
    indicators_for,
    review_notice,
)

GIA_NGHIA_CODE = "660"

# Periods are keyed "YYYY-MM" (months) or "P1"/"P2" (phases). Whatever is not listed
# here is accepted on time.
SCENARIOS: dict[str, dict[str, str]] = {
    "24611": {"2024-10": "late", "2025-05": "returned", "2025-06": "due"},  # Nghĩa Đức (xa)
    "24612": {"2024-12": "late", "2025-05": "submitted", "2025-06": "draft"},  # Nghĩa Thành
    "24614": {"2024-08": "late", "2025-01": "late", "2025-06": "submitted", "P2": "submitted"},
    "24615": {"2025-03": "missing", "2025-06": "late_submitted"},
    "24617": {"2024-09": "late", "2025-02": "late", "2025-06": "missing", "P2": "returned"},
    "24618": {
        "2024-11": "missing",
        "2024-12": "missing",
        "2025-04": "late",
        "2025-06": "missing",
        "P2": "missing",
    },
    "24619": {"2025-06": "submitted"},
    "24620": {"2024-08": "late", "2024-10": "late", "2025-06": "returned"},
}
# The security teams (4.7, monthly): Nghĩa Đức's teams owe June 2025 (user ``xa`` fills
# them), one of its teams was returned in May; Đắk R'Moan's teams missed two months.
TEAM_SCENARIOS: dict[tuple[str, str], str] = {
    ("24611", "2025-06"): "due",
    ("TBV-24611-03", "2025-05"): "returned",
    ("24612", "2025-06"): "submitted",
    ("24618", "2024-12"): "missing",
    ("24618", "2025-06"): "missing",
    ("24614", "2025-01"): "late",
    ("TBV-24620-05", "2025-03"): "late",
}
TEAM_RETURN_REASON = (
    "Việc tốt báo cáo chưa có xác nhận của Trưởng thôn, tổ dân phố; đề nghị bổ sung."
)
TEAM_NARRATIVE = [
    "Tổ tham gia tuần tra đêm cùng Công an phường; giúp người dân tìm lại tài sản bị thất lạc.",
    "Tổ vận động các hộ gia đình ký cam kết phòng, chống tội phạm; hỗ trợ xử lý va chạm giao "
    "thông, đưa người bị nạn đi cấp cứu.",
    "Tổ phát hiện, báo tin kịp thời một vụ trộm cắp tài sản; nhắc nhở thanh thiếu niên tụ tập "
    "gây mất trật tự.",
]
# Seed 003 (Bình Phước, 2023), by commune or organisation code.
SEED003_SCENARIOS: dict[str, str] = {
    "25216": "late",
    "25432": "submitted",
    "25441": "missing",
    "BTDKT-70": "submitted",
    "CTY-DORUCO": "late",
    "THPT-QT-70": "due",
}
# Seed 003's registration targets: a commune counts the areas and bodies it manages, a
# residential area or an agency counts itself (1 of 1).
SELF_COUNTED_003 = ("3.4c", "3.4d")
SEED003_NARRATIVE = [
    "Tổ chức tuyên truyền, phổ biến Kế hoạch đến toàn thể cán bộ, người lao động; đăng ký và "
    "duy trì tiêu chuẩn “An toàn về an ninh, trật tự”.",
    "Xây dựng và duy trì mô hình “tự quản, tự phòng, tự bảo vệ về an ninh, trật tự”; phối hợp "
    "với Công an địa phương nắm tình hình nội bộ.",
]
STATUS = {
    "accepted": ReportStatus.ACCEPTED,
    "late": ReportStatus.ACCEPTED,
    "submitted": ReportStatus.SUBMITTED,
    "late_submitted": ReportStatus.SUBMITTED,
    "returned": ReportStatus.RETURNED,
    "draft": ReportStatus.DRAFT,
}
RETURN_REASONS = [
    "Tỷ lệ nguồn tin chưa khớp với sổ theo dõi của Công an phường; đề nghị kiểm tra lại số liệu.",
    "Thiếu biên bản ghi nhận mô hình của Công an cấp huyện; đề nghị bổ sung minh chứng.",
]
NARRATIVES = [
    "Duy trì tuần tra, nắm tình hình tại các tổ dân phố; tiếp nhận và chuyển kịp thời "
    "nguồn tin do Nhân dân cung cấp.",
    "Phối hợp tuyên truyền phòng cháy, chữa cháy; rà soát nhân khẩu, tạm trú, tạm vắng "
    "trên địa bàn phụ trách.",
    "Hỗ trợ phân luồng giao thông dịp lễ, tết; vận động người chấp hành xong án phạt tù "
    "tái hòa nhập cộng đồng.",
]
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


def period_key(expected: ExpectedReport, phase_numbers: dict[int, int]) -> str:
    if expected.frequency == Frequency.PHASE:
        return f"P{phase_numbers.get(expected.phase_id or 0, 0)}"
    return expected.period_start.strftime("%Y-%m")


def _values(ward: str, key: str, ind: Any) -> dict[str, Any]:
    """Plausible figures for one ward, period and indicator, mostly meeting the target."""
    n = _n(ward, key, ind.code)
    empty = {"numerator": None, "denominator": None, "count": None, "boolean": None}
    if ind.kind == IndicatorKind.RATIO:
        target = int(ind.target_value)
        if target >= 90:
            # Whole populations (households, force members): large denominators.
            den = 120 + n % 380 if ind.comparator == Comparator.GT else 24 + n % 30
        else:
            den = 6 + n % 25  # tips and incidents of a month
        if ind.comparator == Comparator.EQ and target == 100:
            num = den if n % 6 else den - 1 - n % 2
        else:
            share = (target + 3 + n % 12) / 100 if n % 7 else (target - 8) / 100
            num = min(den, round(den * share))
        return {**empty, "numerator": max(num, 0), "denominator": den}
    if ind.kind == IndicatorKind.COUNT:
        target = int(ind.target_value)
        if ind.comparator in (Comparator.EQ, Comparator.LTE, Comparator.LT) and target == 0:
            return {**empty, "count": 0 if n % 13 else 1}
        return {**empty, "count": target + n % 2 if n % 8 else max(target - 1, 0)}
    return {**empty, "boolean": bool(n % 9)}


def _at(day: date, hour: int) -> datetime:
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
    wards = {
        u.pk: u
        for u in AdminUnit.objects.filter(path__startswith=gn.path, depth=gn.depth + 1).order_by(
            "code"
        )
    }
    phase_numbers = {p.pk: i for i, p in enumerate(campaign.phases.all(), start=1)}
    officers = {
        u.organisation.unit_id: u
        for u in users.values()
        if getattr(u, "organisation", None) is not None
    }
    rows = (
        ExpectedReport.objects.filter(
            campaign=campaign, unit_id__in=list(wards), organisation__isnull=True
        )
        .select_related("campaign")
        .order_by("unit_path", "frequency", "period_start")
    )
    indicators = list(campaign.indicators.order_by("order", "pk"))
    for expected in rows:
        ward = wards[expected.unit_id]
        key = period_key(expected, phase_numbers)
        scenario = SCENARIOS.get(ward.code, {}).get(key, "accepted")
        if scenario in ("missing", "due"):
            # Nothing was sent (a report left by an older demo is removed).
            Report.objects.filter(expected=expected).delete()
            continue
        _report(expected, scenario, ward, key, officers.get(ward.pk), reviewer, indicators)
    # Values an older demo entered for indicators that changed frequency.
    IndicatorValue.objects.filter(
        report__expected__campaign=campaign, report__unit_id__in=list(wards)
    ).exclude(indicator__frequency=F("report__expected__frequency")).delete()
    year = campaign.end_date.year
    for ward in wards.values():
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
    _team_reports(campaign, gn, officers, reviewer, indicators)
    dashboard_cache.bump(campaign)  # figures written here bypass the services
    _seed003_reports(ctx)


def _team_reports(
    campaign: Any,
    gn: AdminUnit,
    officers: dict[int, Any],
    reviewer: Any,
    indicators: list[Any],
) -> None:
    """The 64 security teams' monthly good deeds (4.7), filled by their ward's police."""
    rows = (
        ExpectedReport.objects.filter(
            campaign=campaign, level=ReportingLevel.TEAM, unit_path__startswith=gn.path
        )
        .select_related("campaign", "organisation", "unit")
        .order_by("unit_path", "period_start")
    )
    wards = {
        u.path: u for u in AdminUnit.objects.filter(path__startswith=gn.path, depth=gn.depth + 1)
    }
    for expected in rows:
        ward = wards[expected.unit_path[: len(gn.path) + AdminUnit.steplen]]
        team = expected.organisation.code
        key = expected.period_start.strftime("%Y-%m")
        scenario = TEAM_SCENARIOS.get((ward.code, key), "accepted")
        scenario = TEAM_SCENARIOS.get((team, key), scenario)
        if scenario in ("missing", "due"):
            Report.objects.filter(expected=expected).delete()
            continue
        _report(
            expected,
            scenario,
            expected.unit,
            key,
            officers.get(ward.pk),
            reviewer,
            indicators,
            seed=team,
            narrative=TEAM_NARRATIVE,
        )


def _seed003_reports(ctx: dict[str, Any]) -> None:
    """Bình Phước 2023 (seed 003): the communes' and the agencies' yearly reports, so its
    dashboard has an agencies row; the school (user ``truong``) has not reported yet."""
    campaign = (ctx.get("campaigns") or {}).get("seed003")
    if campaign is None:
        return
    expected_reports_generate(campaign)
    users = ctx.get("users") or {}
    reviewer = users.get("tinhbp")
    indicators = list(campaign.indicators.order_by("order", "pk"))
    rows = ExpectedReport.objects.filter(campaign=campaign).select_related(
        "campaign", "organisation", "unit"
    )
    for expected in rows.order_by("unit_path", "pk"):
        who = expected.organisation.code if expected.organisation_id else expected.unit.code
        scenario = SEED003_SCENARIOS.get(who, "accepted")
        if scenario in ("missing", "due"):
            Report.objects.filter(expected=expected).delete()
            continue
        _report(
            expected,
            scenario,
            expected.unit,
            "2023",
            None,
            reviewer,
            indicators,
            seed=who,
            narrative=SEED003_NARRATIVE,
        )
    dashboard_cache.bump(campaign)


def _report(
    expected: ExpectedReport,
    scenario: str,
    ward: AdminUnit,
    key: str,
    filler: Any,
    reviewer: Any,
    indicators: list[Any],
    *,
    seed: str = "",
    narrative: list[str] | None = None,
) -> None:
    """One demo report of ``expected`` (its unit ``ward``) in the state ``scenario``."""
    seed = seed or ward.code
    narratives = narrative or NARRATIVES
    n = _n(seed, key)
    late = scenario in ("late", "late_submitted")
    submitted_day = (
        expected.last_on_time + timedelta(days=2 + n % 6)
        if late
        else expected.due_date - timedelta(days=n % 4)
    )
    submitted_at = _at(submitted_day, 8 + n % 9)
    status = STATUS[scenario]
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
                f"{expected.reporter_name}, {expected.label.lower()}: "
                f"{narratives[n % len(narratives)]}"
            ),
            "version": 1 + int(sent) + int(reviewed),
            "first_submitted_at": submitted_at if sent else None,
            "on_time": (not late) if sent else None,
            "submitted_at": submitted_at if sent else None,
            "submitted_by": filler if sent else None,
            "reviewed_at": submitted_at + timedelta(days=1 + n % 3) if reviewed else None,
            "reviewed_by": reviewer if reviewed else None,
            "reviewer_unit_path": reviewer.scope_path if reviewed and reviewer else "",
            "return_reason": (
                (
                    TEAM_RETURN_REASON
                    if expected.level == ReportingLevel.TEAM
                    else RETURN_REASONS[int(expected.frequency == Frequency.PHASE)]
                )
                if status == ReportStatus.RETURNED
                else ""
            ),
        },
        clean=False,
    )
    _date_history(report, submitted_at if sent else None, filler, reviewer)
    if status == ReportStatus.RETURNED and filler is not None and reviewer is not None:
        _return_notice(report, filler, reviewer)
    for ind in indicators_for(expected, indicators):
        data = _values(seed, key, ind)
        if expected.level != ReportingLevel.COMMUNE and ind.code in SELF_COUNTED_003:
            # A residential area or an agency registers (and is recognised) for itself.
            registered = _n(seed, "registered") % 9 != 0
            recognised = registered and _n(seed, "recognised") % 4 != 0
            one = {"3.4c": (int(registered), 1), "3.4d": (int(recognised), int(registered))}
            num, den = one[ind.code]
            data = {**data, "numerator": num, "denominator": den}
        upsert(
            IndicatorValue,
            {"report": report, "indicator": ind},
            {
                **data,
                "note": "",
                "met": ind.is_met(achieved_value(ind, data)),
                "campaign": expected.campaign,
                "status": status,
                "unit_path": expected.unit_path,
                "level": expected.level,
                "period_start": expected.period_start,
            },
            clean=False,
        )


def _return_notice(report: Report, filler: Any, reviewer: Any) -> None:
    """The officer's notice of a returned demo report, as the review service writes it
    (once: a second load finds it), dated when the report was returned."""
    notice = review_notice(report, reviewer)
    if notice is None:
        return
    title, body, url = notice
    notice, created = Notification.objects.get_or_create(
        user=filler, url=url, title=title, defaults={"body": body}
    )
    if created:
        Notification.objects.filter(pk=notice.pk).update(created_at=report.reviewed_at)


def _date_history(
    report: Report, submitted_at: datetime | None, filler: Any, reviewer: Any
) -> None:
    """Date the report's history by its real steps: ``upsert`` saved it once, at load time
    and with no user, so the page would show today's date and no one. The submission by
    the unit's officer and the review by the province become two rows; a row of an older
    load is dropped. Rows of people's own actions (they have a user) are left alone, and
    a second load finds nothing to change. A draft has no step to date it by."""
    if submitted_at is None:
        return
    reviewed = report.reviewed_at is not None
    last_at = report.reviewed_at if reviewed else submitted_at
    loaded = list(
        report.history.filter(history_user__isnull=True, history_date__gt=last_at).order_by(
            "-history_date", "-history_id"
        )
    )
    if not loaded:
        return
    row, *older = loaded
    for old in older:
        old.delete()
    row.history_date = last_at
    row.history_user = reviewer if reviewed else filler
    if reviewed and not report.history.filter(status=ReportStatus.SUBMITTED).exists():
        sent = copy(row)
        sent.history_id = None
        sent.status = ReportStatus.SUBMITTED
        sent.version = row.version - 1
        sent.reviewed_at = sent.reviewed_by = None
        sent.reviewer_unit_path = sent.return_reason = ""
        sent.history_date = submitted_at
        sent.history_user = filler
        sent.history_type = "+"
        sent.save()
        row.history_type = "~"
    row.save()
