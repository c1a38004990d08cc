"""Campaigns (phong trào thi đua) and their plans (KẾ HOẠCH), DOMAIN.md section 2.

A :class:`Campaign` row *is* the plan document plus the movement it launches. Its
structured parts (phases, content items with indicators, assignments, recipients,
basis references) are rows of their own; everything the structure does not cover
lives in :class:`PlanSection`, an ordered outline of free-text sections, so any real
plan fits and prints again in its own order.

Once issued, the content is frozen. A change is a new revision: the issued content
is kept as an immutable :class:`PlanRevision` snapshot and the plan goes back to
draft with ``revision + 1`` (a revised plan is a new document with a new number).
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.text import fold
from orgunits.models import AdminLevel, AdminUnit, Organisation


class CampaignKind(models.TextChoices):
    REGULAR = "regular", _("Regular (yearly)")
    THEMATIC = "thematic", _("Thematic (for a period)")


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AWAITING_SIGNATURE = "awaiting_signature", _("Awaiting signature")
    ISSUED = "issued", _("Issued")
    RUNNING = "running", _("Running")
    CLOSED = "closed", _("Closed")


FROZEN_STATUSES = (CampaignStatus.ISSUED, CampaignStatus.RUNNING, CampaignStatus.CLOSED)


class CampaignQuerySet(models.QuerySet):
    def search(self, text: str) -> "CampaignQuerySet":
        return self.filter(search_key__contains=fold(text))


class Campaign(models.Model):
    """A campaign and its plan document (kế hoạch)."""

    # --- who and where --------------------------------------------------------
    issuer = models.ForeignKey(
        Organisation,
        verbose_name=_("issuing organisation"),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    unit = models.ForeignKey(
        AdminUnit,
        verbose_name=_("administrative unit"),
        on_delete=models.PROTECT,
        related_name="campaigns",
        editable=False,
        help_text=_("The issuer's unit, kept on the row for scoped queries."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("The higher-level plan this one implements."),
    )
    cascade_level = models.CharField(
        _("level that makes implementing plans"),
        max_length=12,
        choices=AdminLevel.choices,
        blank=True,
        help_text=_("Lower units at this level are expected to issue their own plans."),
    )

    # --- the document ------------------------------------------------------------
    type_code = models.CharField(_("document type code"), max_length=10, default="KH")
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    number_year = models.PositiveSmallIntegerField(_("year of the number"), null=True, blank=True)
    symbol = models.CharField(
        _("symbol"), max_length=40, blank=True, help_text=_("e.g. KH-UBND; set from the issuer.")
    )
    issued_on = models.DateField(_("date of issue"), null=True, blank=True)
    place = models.CharField(
        _("place name on the document"), max_length=80, help_text=_("e.g. Đăk Nông")
    )
    parent_organ_line = models.CharField(
        _("parent organ line"),
        max_length=200,
        blank=True,
        help_text=_("Printed above the issuing organ in the header, if any."),
    )
    title = models.CharField(_("summary (trích yếu)"), max_length=500)
    preamble = models.TextField(
        _("preamble"), blank=True, help_text=_("The opening paragraphs after the basis.")
    )
    theme = models.CharField(_("theme (chủ đề)"), max_length=500, blank=True)
    closing = models.TextField(_("closing paragraph"), blank=True)
    archive_note = models.CharField(
        _("archive line"), max_length=100, default="VT", help_text=_("After 'Lưu:', e.g. VT, NC.")
    )
    signer_authority = models.CharField(
        _("signing authority"),
        max_length=200,
        blank=True,
        help_text=_("One title per line, e.g. 'KT. CHỦ TỊCH' then 'PHÓ CHỦ TỊCH'."),
    )
    signer_name = models.CharField(_("signer"), max_length=120, blank=True)
    award_text = models.TextField(
        _("award standards and forms (text)"),
        blank=True,
        help_text=_("Free text until the awards module holds the structured rules."),
    )

    # --- the movement ------------------------------------------------------------------
    kind = models.CharField(_("kind"), max_length=10, choices=CampaignKind.choices)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    awards_per_phase = models.BooleanField(_("awards after each phase"), default=False)

    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CampaignStatus.choices,
        default=CampaignStatus.DRAFT,
    )
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    return_reason = models.TextField(_("reason for return"), blank=True)
    search_key = models.CharField(max_length=600, db_index=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["search_key"])

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="campaign_period_ordered", condition=Q(end_date__gte=models.F("start_date"))
            ),
            models.UniqueConstraint(
                fields=["issuer", "symbol", "number", "number_year"],
                condition=Q(number__isnull=False),
                name="campaign_number_unique",
            ),
        ]
        indexes = [models.Index(fields=["status", "start_date"])]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.issuer_id:
            self.unit_id = self.issuer.unit_id
            if not self.symbol:
                self.symbol = f"{self.type_code}-{self.issuer.doc_code}".rstrip("-")
        self.search_key = fold(f"{self.title} {self.reference} {self.theme}")
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("The campaign cannot end before it starts.")},
                code="invalid_period",
            )

    @property
    def reference(self) -> str:
        """ "591/KH-UBND", or "/KH-UBND" while no number is given."""
        number = f"{self.number:02d}" if self.number else ""
        return f"{number}/{self.symbol}"

    @property
    def year(self) -> int:
        return (self.issued_on or self.start_date).year

    @property
    def is_frozen(self) -> bool:
        return self.status in FROZEN_STATUSES

    @property
    def signer_lines(self) -> list[str]:
        return [line.strip() for line in self.signer_authority.splitlines() if line.strip()]


class CampaignChild(models.Model):
    """Abstract base of the rows that make up a plan (ordered, belong to a campaign)."""

    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "pk"]


class BasisReference(CampaignChild):
    """A căn cứ: a higher document, possibly a campaign held in the portal."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="basis")
    text = models.TextField(_("text"))
    ref_campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("refers to campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referenced_by",
    )
    history = HistoricalRecords()

    class Meta(CampaignChild.Meta):
        verbose_name = _("basis reference")
        verbose_name_plural = _("basis references")

    def __str__(self) -> str:
        return self.text[:80]


class SectionKind(models.TextChoices):
    TEXT = "text", _("Free text")
    PHASES = "phases", _("Period and phases")
    CONTENTS = "contents", _("Content items")
    ASSIGNMENTS = "assignments", _("Assignments")
    THEME = "theme", _("Theme")
    AWARDS = "awards", _("Award standards and forms")


class PlanSection(CampaignChild):
    """One node of the plan's outline, in document order.

    ``number`` is the printed label ("I.", "2.", "2.1.", "a)"); ``title`` the bold
    heading; ``body`` free text (paragraphs; lines starting "- " or "+ " are
    bullets; ``*italic*`` and ``**bold**``). A section of a structured kind prints
    its rows (phases, content items, assignments) after its body.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="subsections"
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=SectionKind.choices, default=SectionKind.TEXT
    )
    number = models.CharField(_("number"), max_length=12, blank=True)
    title = models.CharField(_("heading"), max_length=500, blank=True)
    inline_title = models.BooleanField(
        _("heading on the same line as the text"),
        default=False,
        help_text=_("As in '1. Thời gian: …' rather than a heading on its own line."),
    )
    body = models.TextField(_("text"), blank=True)
    history = HistoricalRecords()

    class Meta(CampaignChild.Meta):
        verbose_name = _("plan section")
        verbose_name_plural = _("plan sections")

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()


class Phase(CampaignChild):
    """An emulation phase (đợt thi đua)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="phases")
    name = models.CharField(_("name"), max_length=100)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    dedication = models.TextField(_("dedication"), blank=True)
    history = HistoricalRecords()

    class Meta(CampaignChild.Meta):
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [
            models.CheckConstraint(
                name="phase_period_ordered", condition=Q(end_date__gte=models.F("start_date"))
            )
        ]

    def __str__(self) -> str:
        return self.name


class ContentItem(CampaignChild):
    """A numbered emulation content (nội dung thi đua) with its targets in the text."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="contents")
    number = models.CharField(_("number"), max_length=12, blank=True)
    title = models.CharField(_("title"), max_length=500, blank=True)
    text = models.TextField(_("text"), blank=True)
    history = HistoricalRecords()

    class Meta(CampaignChild.Meta):
        verbose_name = _("content item")
        verbose_name_plural = _("content items")

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()


class IndicatorKind(models.TextChoices):
    RATIO = "ratio", _("Ratio (%)")
    COUNT = "count", _("Count")
    BOOLEAN = "boolean", _("Yes / no")


class Comparator(models.TextChoices):
    GTE = "gte", "≥"
    GT = "gt", ">"
    EQ = "eq", "="
    LTE = "lte", "≤"
    LT = "lt", "<"


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    PHASE = "phase", _("Per phase")
    YEARLY = "yearly", _("Yearly")


class Aggregation(models.TextChoices):
    SUM_RATIO = "sum_ratio", _("Sum numerators and denominators, then the ratio")
    SUM = "sum", _("Sum")
    SHARE_MEETING = "share_meeting", _("Share of units meeting the target")
    ALL = "all", _("All units must meet it")


class AppliesTo(models.TextChoices):
    PROVINCE = "province", _("Provinces")
    DISTRICT = "district", _("Districts")
    COMMUNE = "commune", _("Communes")
    VILLAGE = "village", _("Villages and residential groups")
    AGENCY = "agency", _("Agencies, enterprises, schools")
    SECURITY_TEAM = "security_team", _("Security teams")


class Indicator(CampaignChild):
    """A target (chỉ tiêu): an indicator with a comparator and a value.

    ``target_value`` is a percentage (0–100) for ratios, a number for counts, and
    1 (yes) or 0 (no) for yes/no indicators.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="indicators")
    content_item = models.ForeignKey(
        ContentItem,
        verbose_name=_("content item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators",
    )
    parent_indicator = models.ForeignKey(
        "self",
        verbose_name=_("implements indicator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="child_indicators",
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("indicator"), max_length=300)
    kind = models.CharField(_("kind"), max_length=8, choices=IndicatorKind.choices)
    comparator = models.CharField(_("comparator"), max_length=3, choices=Comparator.choices)
    target_value = models.DecimalField(
        _("target"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    unit_label = models.CharField(_("unit of measure"), max_length=40, blank=True)
    numerator_label = models.CharField(_("numerator"), max_length=200, blank=True)
    denominator_label = models.CharField(_("denominator"), max_length=200, blank=True)
    applies_to = models.JSONField(_("applies to"), default=list, blank=True)
    frequency = models.CharField(_("reporting frequency"), max_length=10, choices=Frequency.choices)
    aggregation = models.CharField(
        _("aggregation up the tree"), max_length=14, choices=Aggregation.choices
    )
    history = HistoricalRecords()

    class Meta(CampaignChild.Meta):
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "code"], name="indicator_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.target_display}"

    @property
    def target_display(self) -> str:
        value = self.target_value.normalize() if self.target_value is not None else ""
        value_text = f"{value:f}" if value != "" else ""
        if self.kind == IndicatorKind.BOOLEAN:
            return str(_("yes")) if self.target_value else str(_("no"))
        suffix = "%" if self.kind == IndicatorKind.RATIO else f" {self.unit_label}".rstrip()
        return f"{self.get_comparator_display()} {value_text}{suffix}"

    @property
    def applies_to_display(self) -> str:
        """Who reports it, in words ("Xã, Cơ quan, doanh nghiệp, cơ sở giáo dục")."""
        labels = dict(AppliesTo.choices)
        return ", ".join(str(labels.get(code, code)) for code in self.applies_to or [])

    def is_met(self, value: Decimal | None) -> bool | None:
        """Whether an achieved value meets the target (``None`` when not reported)."""
        if value is None:
            return None
        target = self.target_value
        return {
            Comparator.GTE: value >= target,
            Comparator.GT: value > target,
            Comparator.EQ: value == target,
            Comparator.LTE: value <= target,
            Comparator.LT: value < target,
        }[Comparator(self.comparator)]


class Classification(models.TextChoices):
    EXCELLENT = "xuat_sac", _("Excellent (Xuất sắc)")
    GOOD = "kha", _("Good (Khá)")
    AVERAGE = "trung_binh", _("Average (Trung bình)")
    WEAK = "yeu", _("Weak (Yếu)")


CLASSIFICATION_RANK = {
    Classification.EXCELLENT: 4,
    Classification.GOOD: 3,
    Classification.AVERAGE: 2,
    Classification.WEAK: 1,
}


class DistributionTarget(CampaignChild):
    """A province-level distribution target: "80% at least Trung bình, 30% Xuất sắc"."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="distribution_targets"
    )
    classification = models.CharField(
        _("classification"), max_length=12, choices=Classification.choices
    )
    or_better = models.BooleanField(_("this class or better"), default=True)
    min_share = models.DecimalField(
        _("minimum share (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )
    applies_to = models.JSONField(_("applies to"), default=list, blank=True)
    history = HistoricalRecords()

    class Meta(CampaignChild.Meta):
        verbose_name = _("distribution target")
        verbose_name_plural = _("distribution targets")

    def __str__(self) -> str:
        """ "≥ 50% Khá trở lên" for a cumulative target, "≥ 30% Xuất sắc" for one class."""
        values = {
            "share": f"{self.min_share.normalize():f}".replace(".", ","),
            "class": self.get_classification_display(),
        }
        if self.or_better:
            return _("≥ %(share)s%% %(class)s or better") % values
        return _("≥ %(share)s%% %(class)s") % values


class Assignment(CampaignChild):
    """A task in "Tổ chức thực hiện": lead unit, cooperating units, text, deadline."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="assignments")
    number = models.CharField(_("number"), max_length=12, blank=True)
    title = models.CharField(
        _("heading"), max_length=300, blank=True, help_text=_("Printed in bold, if any.")
    )
    text = models.TextField(_("task"))
    lead = models.ForeignKey(
        Organisation,
        verbose_name=_("lead unit (chủ trì)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lead_assignments",
    )
    lead_text = models.CharField(
        _("lead (as written)"),
        max_length=300,
        blank=True,
        help_text=_("For groups such as 'UBND các huyện, thành phố'."),
    )
    cooperating = models.ManyToManyField(
        Organisation,
        verbose_name=_("cooperating units (phối hợp)"),
        blank=True,
        related_name="cooperating_assignments",
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    deliverable = models.CharField(_("deliverable"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta(CampaignChild.Meta):
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self) -> str:
        return f"{self.number} {self.lead or self.lead_text}".strip()


class Recipient(CampaignChild):
    """A line of "Nơi nhận" (the final "Lưu: …" line comes from the campaign)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="recipients")
    text = models.CharField(_("recipient"), max_length=300)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta(CampaignChild.Meta):
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")

    def __str__(self) -> str:
        return self.text


class SubjectKind(models.TextChoices):
    COLLECTIVE = "collective", _("Collective")
    INDIVIDUAL = "individual", _("Individual")


class SubjectCategory(CampaignChild):
    """A category of subjects (đối tượng): collectives or individuals of a kind."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="subjects")
    kind = models.CharField(_("kind"), max_length=10, choices=SubjectKind.choices)
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta(CampaignChild.Meta):
        verbose_name = _("subject category")
        verbose_name_plural = _("subject categories")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "code"], name="subject_code_unique")
        ]

    def __str__(self) -> str:
        return self.name


class PlanRevision(models.Model):
    """The frozen content of an issued plan, kept when a new revision starts."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="revisions")
    revision = models.PositiveSmallIntegerField(_("revision"))
    reference = models.CharField(_("number and symbol"), max_length=60)
    issued_on = models.DateField(_("date of issue"), null=True)
    content = models.JSONField(_("content"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("plan revision")
        verbose_name_plural = _("plan revisions")
        ordering = ["campaign", "revision"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "revision"], name="revision_unique")
        ]

    def __str__(self) -> str:
        return f"{self.reference} (r{self.revision})"
