"""Reporting against a campaign's indicators (DOMAIN.md section 3).

:class:`ExpectedReport` rows are the schedule: one per (reporting unit, period) of a
campaign, with the due date and the last on-time date *stored*, so completeness,
timeliness and reminders never depend on when they are computed. A unit fills a
:class:`Report` for an expected row (values per indicator, narrative, evidence); the
parent level accepts or returns it. :class:`Assessment` is the year-end result per unit.

Dashboards group by keys kept on the rows (``unit_path``, ``level``, ``province``;
units never move, ENGINEERING.md), so they need no joins up the tree.
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from campaigns.models import Campaign, Classification, Frequency, Indicator, Phase
from orgunits.models import AdminLevel, AdminUnit, Organisation, OrganisationKind


class ReportingLevel(models.TextChoices):
    """Who reports: the administrative levels, and beside them the organisations that
    report for themselves (an agency, enterprise or school; a grassroots security team).

    An organisation's rows carry its unit's path, so scope and rollups up the tree treat
    them like the unit's own, while ``level`` keeps them apart in completeness and
    ranking.
    """

    NATION = AdminLevel.NATION.value, AdminLevel.NATION.label
    PROVINCE = AdminLevel.PROVINCE.value, AdminLevel.PROVINCE.label
    DISTRICT = AdminLevel.DISTRICT.value, AdminLevel.DISTRICT.label
    COMMUNE = AdminLevel.COMMUNE.value, AdminLevel.COMMUNE.label
    VILLAGE = AdminLevel.VILLAGE.value, AdminLevel.VILLAGE.label
    AGENCY = "agency", _("Agencies, enterprises, schools")
    TEAM = "team", _("Security teams")


# The organisation kinds that report for themselves, by reporting level (seed 003
# II.3.4: "cơ quan, doanh nghiệp, cơ sở giáo dục"; seed 001 4.7: "mỗi Tổ bảo vệ ANTT").
ORGANISATION_LEVEL_KINDS: dict[str, tuple[str, ...]] = {
    ReportingLevel.AGENCY: (
        OrganisationKind.DEPARTMENT,
        OrganisationKind.ENTERPRISE,
        OrganisationKind.SCHOOL,
    ),
    ReportingLevel.TEAM: (OrganisationKind.SECURITY_TEAM,),
}
ORGANISATION_LEVELS = tuple(ORGANISATION_LEVEL_KINDS)


def organisation_level(kind: str) -> str | None:
    """The reporting level of an organisation of ``kind`` that reports for itself."""
    for level, kinds in ORGANISATION_LEVEL_KINDS.items():
        if kind in kinds:
            return level
    return None


class ExpectedReport(models.Model):
    """A report a unit owes for one period, with its stored due dates."""

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="expected_reports",
    )
    unit = models.ForeignKey(
        AdminUnit,
        verbose_name=_("reporting unit"),
        on_delete=models.PROTECT,
        related_name="expected_reports",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("reporting organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="expected_reports",
    )
    # Denormalised from the unit (units never move) so dashboards filter and group
    # without joining the tree.
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    level = models.CharField(_("level"), max_length=12, choices=ReportingLevel.choices)
    province = models.ForeignKey(
        AdminUnit,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices)
    phase = models.ForeignKey(
        Phase,
        verbose_name=_("phase"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="expected_reports",
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    label = models.CharField(_("period"), max_length=100)
    due_date = models.DateField(_("due date"))
    last_on_time = models.DateField(
        _("last on-time date"), help_text=_("A report submitted by this day is on time.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("expected report")
        verbose_name_plural = _("expected reports")
        ordering = ["period_start", "unit_path"]
        constraints = [
            # A unit's own rows (no organisation), and an organisation's rows: one per
            # period each. Several organisations of one unit report side by side.
            models.UniqueConstraint(
                fields=["campaign", "unit", "frequency", "period_start"],
                condition=Q(organisation__isnull=True),
                name="expected_report_unique",
            ),
            models.UniqueConstraint(
                fields=["campaign", "organisation", "frequency", "period_start"],
                condition=Q(organisation__isnull=False),
                name="expected_report_organisation_unique",
            ),
            models.CheckConstraint(
                name="expected_report_period_ordered",
                condition=Q(period_end__gte=models.F("period_start")),
            ),
        ]
        indexes = [
            models.Index(fields=["campaign", "province", "level"]),
            models.Index(fields=["campaign", "period_start"]),
        ]

    def __str__(self) -> str:
        return f"{self.reporter_name} – {self.label}"

    @property
    def reporter_name(self) -> str:
        """Who reports: the organisation when it reports for itself, else the unit."""
        if self.organisation_id:
            return self.organisation.name
        return self.unit.full_name


class ReportStatus(models.TextChoices):
    # "Nháp", as the form's "Lưu nháp" says; a campaign's draft is a "Dự thảo".
    DRAFT = "draft", pgettext_lazy("report status", "Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")
    REOPENED = "reopened", _("Reopened")


EDITABLE_STATUSES = (ReportStatus.DRAFT, ReportStatus.RETURNED, ReportStatus.REOPENED)


class Report(models.Model):
    """What a unit reported for an expected report.

    ``version`` grows by one on every write; a write carrying an older version is
    refused (optimistic locking), so two people editing the same draft never
    overwrite each other silently.
    """

    expected = models.OneToOneField(
        ExpectedReport,
        verbose_name=_("expected report"),
        on_delete=models.CASCADE,
        related_name="report",
    )
    unit = models.ForeignKey(
        AdminUnit, verbose_name=_("reporting unit"), on_delete=models.PROTECT, related_name="+"
    )
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    narrative = models.TextField(_("narrative"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    first_submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True)
    on_time = models.BooleanField(
        _("on time"), null=True, help_text=_("Set once, at the first submission.")
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewer_unit_path = models.CharField(max_length=255, blank=True, editable=False)
    return_reason = models.TextField(_("reason for return"), blank=True)
    reopen_reason = models.TextField(_("reason for reopening"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["status", "unit_path"])]

    def __str__(self) -> str:
        return str(self.expected)

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def reporter_name(self) -> str:
        expected = self.expected
        return expected.organisation.name if expected.organisation_id else self.unit.full_name


class IndicatorValue(models.Model):
    """The value reported for one indicator: a ratio's parts, a count or yes/no."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="values"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="values"
    )
    numerator = models.BigIntegerField(_("numerator"), null=True, blank=True)
    denominator = models.BigIntegerField(_("denominator"), null=True, blank=True)
    count = models.BigIntegerField(_("count"), null=True, blank=True)
    boolean = models.BooleanField(_("yes / no"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    met = models.BooleanField(
        _("target met"), null=True, help_text=_("Against the indicator's target when saved.")
    )
    # Copied from the report so rollups group and filter without joins: the campaign and
    # the report's status (kept in step by the services on every status change) too, so
    # a province's dashboard reads one index range instead of joining 700,000 rows.
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="+", editable=False, db_index=False
    )
    status = models.CharField(
        max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT, editable=False
    )
    unit_path = models.CharField(max_length=255, editable=False)
    level = models.CharField(max_length=12, choices=ReportingLevel.choices, editable=False)
    period_start = models.DateField(editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="indicator_value_unique"),
            # The last line of defence; services give the Vietnamese messages.
            models.CheckConstraint(
                name="indicator_value_ratio_valid",
                condition=(
                    Q(numerator__isnull=True)
                    | Q(denominator__isnull=True)
                    | Q(
                        numerator__gte=0, denominator__gte=0, numerator__lte=models.F("denominator")
                    )
                ),
            ),
            models.CheckConstraint(
                name="indicator_value_count_valid",
                condition=Q(count__isnull=True) | Q(count__gte=0),
            ),
        ]
        indexes = [
            models.Index(fields=["indicator", "level", "period_start", "unit_path"]),
            # The rollups' covering index (campaign, status, level, path prefix, period,
            # with the summed columns) is PostgreSQL-only: migration 0002 creates it.
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.display}"

    @property
    def display(self) -> str:
        if self.numerator is not None and self.denominator is not None:
            return f"{self.numerator}/{self.denominator}"
        if self.count is not None:
            return str(self.count)
        if self.boolean is not None:
            return str(_("yes")) if self.boolean else str(_("no"))
        return ""


def evidence_upload_to(instance: "Evidence", filename: str) -> str:
    """A random stored name: the user's file name never reaches the file system."""
    suffix = PurePath(filename).suffix.lower()
    return f"reports/evidence/{uuid.uuid4().hex}{suffix}"


class Evidence(models.Model):
    """A file attached to a report, stored privately and served by a scoped view."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to=evidence_upload_to, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class AssessmentSource(models.TextChoices):
    ENTERED = "entered", _("Entered")
    COMPUTED = "computed", _("Computed from the indicators")


class Assessment(models.Model):
    """A unit's year-end result: classification and "An toàn về ANTT" recognition."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="assessments"
    )
    unit = models.ForeignKey(
        AdminUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="assessments"
    )
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    level = models.CharField(_("level"), max_length=12, choices=AdminLevel.choices)
    province = models.ForeignKey(
        AdminUnit,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    classification = models.CharField(
        _("classification"), max_length=12, choices=Classification.choices, blank=True
    )
    safe_recognised = models.BooleanField(
        _("recognised “Safe in security and order”"), default=False
    )
    source = models.CharField(
        _("source"),
        max_length=10,
        choices=AssessmentSource.choices,
        default=AssessmentSource.ENTERED,
    )
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["year", "unit_path"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit", "year"], name="assessment_unique"),
            models.CheckConstraint(
                name="assessment_score_range",
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100),
            ),
        ]
        indexes = [models.Index(fields=["campaign", "province", "year"])]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}: {self.get_classification_display()}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.unit_id:
            self.unit_path = self.unit.path
            self.level = self.unit.level
            self.province_id = self.unit.province_id
        super().save(*args, **kwargs)
