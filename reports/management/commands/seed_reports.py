"""Seed a year of monthly reports for every commune below a unit, fast, for benchmarks.

On top of ``seed_national`` (3,300 communes): one national campaign with 20 commune
indicators reported monthly over 12 months, its schedule (39,600 expected reports, made
by ``expected_reports_generate`` as in real use), then reports and indicator values for
most of them: accepted on time mostly, some late, some waiting for review, some returned,
some drafts and some never sent. Figures are derived from the ids (no randomness), so two
runs give the same database.

Reports and values go in with PostgreSQL ``COPY`` (about 730,000 rows in seconds; other
databases use ``bulk_create``). Like ``seed_national`` they are synthetic and write no
audit-history rows. The command ends with ``VACUUM ANALYZE`` (ENGINEERING.md: queries
were 10-500x slower until then). A second run finds the campaign and changes nothing.
"""

import csv
import hashlib
import io
import time
from datetime import date, datetime, timedelta
from datetime import time as dtime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from campaigns.models import (
    Aggregation,
    Campaign,
    CampaignKind,
    CampaignStatus,
    Comparator,
    Frequency,
    Indicator,
    IndicatorKind,
)
from core.text import fold
from orgunits.models import AdminLevel, AdminUnit, Organisation, OrganisationKind
from reports import cache as dashboard_cache
from reports.models import ExpectedReport, IndicatorValue, Report, ReportStatus
from reports.services import achieved_value, expected_reports_generate

TITLE = "Phong trào thi đua bảo vệ an ninh, trật tự ở cơ sở (dữ liệu mẫu đo hiệu năng)"
ISSUER_CODE = "N-BCA"
BATCH = 20_000
R, C, B = IndicatorKind.RATIO, IndicatorKind.COUNT, IndicatorKind.BOOLEAN
# (kind, comparator, target, aggregation): 10 ratios, 6 counts, 4 yes/no.
SHAPES = [
    (R, Comparator.GTE, 80, Aggregation.SUM_RATIO),
    (R, Comparator.EQ, 100, Aggregation.SUM_RATIO),
    (R, Comparator.GT, 90, Aggregation.SUM_RATIO),
    (R, Comparator.GTE, 70, Aggregation.SUM_RATIO),
    (R, Comparator.EQ, 100, Aggregation.SUM_RATIO),
    (C, Comparator.GTE, 1, Aggregation.SHARE_MEETING),
    (C, Comparator.EQ, 0, Aggregation.ALL),
    (B, Comparator.EQ, 1, Aggregation.ALL),
    (R, Comparator.GTE, 80, Aggregation.SUM_RATIO),
    (R, Comparator.GTE, 95, Aggregation.SUM_RATIO),
    (C, Comparator.EQ, 0, Aggregation.ALL),
    (C, Comparator.GTE, 2, Aggregation.SHARE_MEETING),
    (B, Comparator.EQ, 1, Aggregation.ALL),
    (R, Comparator.EQ, 100, Aggregation.SUM_RATIO),
    (R, Comparator.GT, 85, Aggregation.SUM_RATIO),
    (C, Comparator.EQ, 0, Aggregation.ALL),
    (B, Comparator.EQ, 1, Aggregation.ALL),
    (R, Comparator.GTE, 60, Aggregation.SUM_RATIO),
    (C, Comparator.GTE, 1, Aggregation.SHARE_MEETING),
    (B, Comparator.EQ, 1, Aggregation.ALL),
]


def _n(*parts: Any) -> int:
    return int(hashlib.blake2b("|".join(map(str, parts)).encode(), digest_size=4).hexdigest(), 16)


def scenario(expected_id: int) -> tuple[str | None, bool]:
    """(status or None when nothing was sent, on time) of an expected report."""
    n = _n("s", expected_id) % 100
    if n < 6:
        return None, False
    if n < 9:
        return ReportStatus.DRAFT, False
    status = (
        ReportStatus.SUBMITTED
        if n < 17
        else ReportStatus.RETURNED
        if n < 21
        else ReportStatus.ACCEPTED
    )
    return status, _n("t", expected_id) % 100 >= 12


def value_of(ind: Indicator, expected_id: int) -> dict[str, Any]:
    n = _n(expected_id, ind.pk)
    out: dict[str, Any] = {"numerator": None, "denominator": None, "count": None, "boolean": None}
    if ind.kind == R:
        den = 5 + n % 60
        share = (int(ind.target_value) + n % 15 - 4) / 100
        out["denominator"] = den
        out["numerator"] = max(0, min(den, round(den * share)))
    elif ind.kind == C:
        target = int(ind.target_value)
        out["count"] = (0 if n % 11 else 1) if target == 0 else target + n % 3 - (n % 9 == 0)
    else:
        out["boolean"] = bool(n % 10)
    return out


class Command(BaseCommand):
    help = (
        "Create a national campaign with 20 monthly commune indicators and a year of reports "
        "for every commune (bulk inserts, for benchmarks). Idempotent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--root", default="VN", help="Code of the unit the campaign covers.")
        parser.add_argument("--months", type=int, default=12)
        parser.add_argument("--indicators", type=int, default=20)
        parser.add_argument("--start", default="2025-07-01", help="First month (YYYY-MM-DD).")

    def handle(self, *args: Any, **options: Any) -> None:
        months, n_ind = options["months"], options["indicators"]
        if not 1 <= months <= 60 or not 1 <= n_ind <= len(SHAPES):
            raise CommandError(f"--months 1..60 and --indicators 1..{len(SHAPES)}.")
        root = AdminUnit.objects.filter(code=options["root"]).first()
        if root is None:
            raise CommandError(f"No unit with code {options['root']}: run seed_national first.")
        started = time.perf_counter()
        campaign = Campaign.objects.filter(title=TITLE, unit=root).first()
        if campaign is not None and Report.objects.filter(expected__campaign=campaign).exists():
            self.stdout.write(f"Campaign {campaign.pk} already has reports: nothing to do.")
            return
        start = date.fromisoformat(options["start"])
        end = _add_months(start, months) - timedelta(days=1)
        with transaction.atomic():
            campaign = campaign or self.campaign(root, start, end, n_ind)
            t0 = time.perf_counter()
            n_expected = expected_reports_generate(campaign)
            self.stdout.write(
                f"  {n_expected} expected reports in {time.perf_counter() - t0:.1f} s"
            )
            t0 = time.perf_counter()
            n_reports, n_values = self.reports(campaign)
            dashboard_cache.bump(campaign)
            self.stdout.write(
                f"  {n_reports} reports and {n_values} values in {time.perf_counter() - t0:.1f} s"
            )
        self.vacuum_analyze()
        self.stdout.write(
            self.style.SUCCESS(
                f"seed_reports done: campaign {campaign.pk} in "
                f"{time.perf_counter() - started:.1f} s."
            )
        )

    def campaign(self, root: AdminUnit, start: date, end: date, n_ind: int) -> Campaign:
        issuer = Organisation.objects.filter(unit=root).order_by("pk").first()
        if issuer is None:
            name = "Bộ Công an"
            issuer = Organisation.objects.create(
                code=ISSUER_CODE,
                name=name,
                kind=OrganisationKind.MINISTRY,
                unit=root,
                doc_code="BCA",
                header_name=name.upper(),
                search_key=fold(name),
                valid_from=date(1976, 7, 2),
            )
        campaign = Campaign.objects.create(
            issuer=issuer,
            title=TITLE,
            kind=CampaignKind.THEMATIC,
            status=CampaignStatus.RUNNING,
            start_date=start,
            end_date=end,
            place="Hà Nội",
        )
        for i, (kind, comparator, target, aggregation) in enumerate(SHAPES[:n_ind], start=1):
            Indicator.objects.create(
                campaign=campaign,
                code=f"{i}",
                order=i,
                name=f"Chỉ tiêu mẫu số {i}",
                kind=kind,
                comparator=comparator,
                target_value=Decimal(target),
                unit_label="" if kind == R else "vụ",
                applies_to=["commune"],
                frequency=Frequency.MONTHLY,
                aggregation=aggregation,
            )
        return campaign

    def reports(self, campaign: Campaign) -> tuple[int, int]:
        indicators = list(campaign.indicators.order_by("order"))
        tz = ZoneInfo(settings.TIME_ZONE)
        now = datetime.now(tz)
        rows = list(
            ExpectedReport.objects.filter(campaign=campaign, level=AdminLevel.COMMUNE)
            .order_by("pk")
            .values_list("pk", "unit_id", "unit_path", "level", "period_start", "last_on_time")
        )
        report_rows = []
        for pk, unit_id, path, _level, _start, last in rows:
            status, on_time = scenario(pk)
            if status is None:
                continue
            sent = status != ReportStatus.DRAFT
            day = last - timedelta(days=_n("d", pk) % 5) if on_time else last + timedelta(days=3)
            at = datetime.combine(day, dtime(9, 0), tzinfo=tz) if sent else None
            reviewed = status in (ReportStatus.ACCEPTED, ReportStatus.RETURNED)
            report_rows.append(
                {
                    "expected_id": pk,
                    "unit_id": unit_id,
                    "unit_path": path,
                    "status": status,
                    "narrative": "",
                    "version": 1 + int(sent) + int(reviewed),
                    "first_submitted_at": at,
                    "on_time": on_time if sent else None,
                    "submitted_at": at,
                    "submitted_by_id": None,
                    "reviewed_at": at + timedelta(days=2) if reviewed and at else None,
                    "reviewed_by_id": None,
                    "reviewer_unit_path": path[: -AdminUnit.steplen] if reviewed else "",
                    "return_reason": "Số liệu chưa khớp" if status == ReportStatus.RETURNED else "",
                    "reopen_reason": "",
                    "created_at": now,
                    "updated_at": now,
                }
            )
        _insert(Report, report_rows)
        report_of = dict(
            Report.objects.filter(expected__campaign=campaign).values_list("expected_id", "pk")
        )
        n_values = 0
        chunk: list[dict[str, Any]] = []
        status_of = {r["expected_id"]: r["status"] for r in report_rows}
        for pk, _unit_id, path, level, period_start, _last in rows:
            report_id = report_of.get(pk)
            if report_id is None:
                continue
            for ind in indicators:
                data = value_of(ind, pk)
                chunk.append(
                    {
                        "report_id": report_id,
                        "indicator_id": ind.pk,
                        "campaign_id": campaign.pk,
                        "status": status_of[pk],
                        **data,
                        "note": "",
                        "met": ind.is_met(achieved_value(ind, data)),
                        "unit_path": path,
                        "level": level,
                        "period_start": period_start,
                    }
                )
            if len(chunk) >= BATCH:
                n_values += _insert(IndicatorValue, chunk)
                chunk = []
        n_values += _insert(IndicatorValue, chunk)
        return len(report_rows), n_values

    def vacuum_analyze(self) -> None:
        if connection.vendor != "postgresql":
            return
        tables = ", ".join(m._meta.db_table for m in (ExpectedReport, Report, IndicatorValue))
        t0 = time.perf_counter()
        with connection.cursor() as cursor:
            if connection.in_atomic_block:  # VACUUM cannot run in a transaction (tests)
                cursor.execute(f"ANALYZE {tables}")
            else:
                cursor.execute(f"VACUUM ANALYZE {tables}")
        self.stdout.write(f"  VACUUM ANALYZE {time.perf_counter() - t0:.1f} s")


def _add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    return date(day.year + index // 12, index % 12 + 1, 1)


def _insert(model: Any, rows: list[dict[str, Any]]) -> int:
    """Insert ``rows`` (dicts of column values): COPY on PostgreSQL, bulk_create elsewhere."""
    if not rows:
        return 0
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**r) for r in rows], batch_size=2000)
        return len(rows)
    columns = list(rows[0])
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for r in rows:
        writer.writerow(["\\N" if r[c] is None else _csv(r[c]) for c in columns])
    buffer.seek(0)
    table = model._meta.db_table
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv, NULL '\\N')"
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(sql, buffer)
    return len(rows)


def _csv(value: Any) -> Any:
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime):
        return value.isoformat()
    return value
