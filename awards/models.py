"""Awards (khen thưởng), DOMAIN.md section 5 and seed 003 section III.

The catalogue (:class:`AwardForm`), the campaign's rules (:class:`Criterion`,
:class:`Quota`, :class:`QuotaAllocation`) and the proposal path: a proposing unit builds
a :class:`NominationBatch` (đợt đề nghị) of :class:`Nomination` rows with a dossier of
:class:`DossierDocument` files; it is appraised per nominee, voted on by a
:class:`Council` (:class:`CouncilVote`), approved by the leader, numbered in a
:class:`Decision`, and finally kept as :class:`AwardRecord` rows (the award history).

Every rule that spans rows lives in ``awards/services.py``; the status path is the
``TRANSITIONS`` table there.
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.text import fold
from orgunits.models import AdminUnit, Organisation
from people.models import PositionRank


class AwardLevel(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")
    PROVINCE = "province", _("Province")
    PROVINCIAL_POLICE = "provincial_police", _("Provincial police")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")


class SubjectScope(models.TextChoices):
    COLLECTIVE = "collective", _("Collectives")
    INDIVIDUAL = "individual", _("Individuals")
    BOTH = "both", _("Collectives and individuals")


class NomineeKind(models.TextChoices):
    COLLECTIVE = "collective", _("Collective")
    INDIVIDUAL = "individual", _("Individual")


class DossierKind(models.TextChoices):
    PROPOSAL = "proposal", _("Proposal letter (tờ trình)")
    LIST = "list", _("List of nominees (danh sách)")
    COUNCIL_MINUTES = "council_minutes", _("Minutes of the emulation council meeting")
    ACHIEVEMENT_REPORT = "achievement_report", _("Achievement report (per nominee)")
    TITLE_COPY = "title_copy", _("Copies of titles received this year")


# Drafted by the portal from the batch itself; never uploaded.
GENERATED_KINDS = (DossierKind.PROPOSAL, DossierKind.LIST)
# One per nominee rather than one per batch.
PER_NOMINEE_KINDS = (DossierKind.ACHIEVEMENT_REPORT,)
# "(nếu có)": listed in the checklist but never missing.
OPTIONAL_KINDS = (DossierKind.TITLE_COPY,)

DEFAULT_DOSSIER = [k.value for k in DossierKind]


class AwardForm(models.Model):
    """A form of award (hình thức khen thưởng): Bằng khen, Giấy khen, Kỷ niệm chương…"""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=300)
    certificate_title = models.CharField(
        _("title on the certificate"), max_length=60, blank=True, help_text=_("e.g. BẰNG KHEN")
    )
    authority = models.CharField(
        _("issuing authority"),
        max_length=200,
        help_text=_("e.g. Chủ tịch Ủy ban nhân dân tỉnh"),
    )
    level = models.CharField(_("level"), max_length=20, choices=AwardLevel.choices)
    subject = models.CharField(
        _("awarded to"), max_length=12, choices=SubjectScope.choices, default=SubjectScope.BOTH
    )
    dossier_items = models.JSONField(
        _("dossier checklist"),
        default=list,
        blank=True,
        help_text=_("The documents a proposal for this form must contain."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)
    owner_unit = models.ForeignKey(
        AdminUnit,
        verbose_name=_("owned by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="award_forms",
        help_text=_(
            "Empty: the national catalogue, edited by administrators only. A province: "
            "edited by that province's staff."
        ),
    )
    service_rule = models.BooleanField(
        _("requires years of security-team service"),
        default=False,
        help_text=_(
            "Individuals need the years below in grassroots security teams "
            "(Kỷ niệm chương “Bảo vệ an ninh Tổ quốc”)."
        ),
    )
    min_service_years_male = models.PositiveSmallIntegerField(
        _("years of service required (men)"), default=15
    )
    min_service_years_female = models.PositiveSmallIntegerField(
        _("years of service required (women)"), default=10
    )
    posting_days = models.PositiveSmallIntegerField(
        _("public posting (working days)"),
        null=True,
        blank=True,
        help_text=_("Leave empty to use the council's. 0: no public posting before the decision."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("award form")
        verbose_name_plural = _("award forms")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        valid = set(DossierKind.values)
        unknown = [item for item in self.dossier_items or [] if item not in valid]
        if unknown:
            raise ValidationError(
                {"dossier_items": _("Unknown dossier items: %(items)s") % {"items": unknown}},
                code="unknown_dossier_item",
            )

    def allows(self, kind: str) -> bool:
        return self.subject == SubjectScope.BOTH or self.subject == kind

    @property
    def dossier_labels(self) -> list[str]:
        return [str(DossierKind(k).label) for k in self.dossier_items if k in DossierKind.values]


class AutoCheck(models.TextChoices):
    NONE = "none", _("Confirmed by the proposing unit")
    SAFE_ANTT = "safe_antt", _("Recognised “An toàn về an ninh, trật tự” this year")
    CLASSIFIED_GOOD = "classified_good", _("Movement classified Khá or better this year")
    NO_DUPLICATE = "no_duplicate", _("No award of the same form this year")
    SECURITY_SERVICE = "security_service", _("Years of service in security teams")


class Criterion(models.Model):
    """A criterion (tiêu chuẩn) of a campaign for one category of subjects."""

    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="award_criteria",
    )
    category = models.ForeignKey(
        "campaigns.SubjectCategory",
        verbose_name=_("subject category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="award_criteria",
    )
    category_code = models.CharField(
        _("category code"),
        max_length=30,
        help_text=_("The subject category this criterion applies to."),
    )
    subject = models.CharField(_("subject"), max_length=12, choices=NomineeKind.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("text"))
    auto_check = models.CharField(
        _("checked"), max_length=20, choices=AutoCheck.choices, default=AutoCheck.NONE
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["campaign", "category_code", "order", "pk"]
        indexes = [models.Index(fields=["campaign", "category_code"])]

    def __str__(self) -> str:
        return self.text[:80]

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.category_id and not self.category_code:
            self.category_code = self.category.code
        super().save(*args, **kwargs)


class Quota(models.Model):
    """How many may be proposed for one form in one campaign (seed 003 III.3)."""

    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="award_quotas",
    )
    form = models.ForeignKey(
        AwardForm, verbose_name=_("award form"), on_delete=models.PROTECT, related_name="quotas"
    )
    max_collectives = models.PositiveIntegerField(_("maximum collectives"))
    max_individuals = models.PositiveIntegerField(_("maximum individuals"))
    leader_cap_percent = models.DecimalField(
        _("leaders at most (percent of individuals)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(40),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    leader_rank_threshold = models.PositiveSmallIntegerField(
        _("leaders are from rank"),
        choices=PositionRank.choices,
        default=PositionRank.DEPUTY_HEAD_DIVISION,
        help_text=_("Positions at or above this rank count as leaders for the cap."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    submission_deadline = models.DateField(
        _("dossier deadline"),
        null=True,
        blank=True,
        help_text=_("Proposing units submit their dossiers by the end of this day."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        ordering = ["campaign", "form__order"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "form"], name="award_quota_unique")
        ]

    def __str__(self) -> str:
        return f"{self.form} – {self.campaign}"


class QuotaAllocation(models.Model):
    """The share of a quota given to one proposing organisation (seed 003 IV.1)."""

    quota = models.ForeignKey(
        Quota, verbose_name=_("quota"), on_delete=models.CASCADE, related_name="allocations"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("proposing organisation"),
        on_delete=models.PROTECT,
        related_name="award_allocations",
    )
    collectives = models.PositiveIntegerField(_("collectives"), default=0)
    individuals = models.PositiveIntegerField(_("individuals"), default=0)
    submission_deadline = models.DateField(
        _("dossier deadline"),
        null=True,
        blank=True,
        help_text=_("Leave empty to use the quota's deadline."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quota allocation")
        verbose_name_plural = _("quota allocations")
        ordering = ["quota", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["quota", "organisation"], name="award_allocation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.collectives} / {self.individuals}"

    @property
    def effective_deadline(self) -> date | None:
        """The unit's own deadline, else the quota's."""
        return self.submission_deadline or self.quota.submission_deadline


class BatchStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_APPRAISAL = "under_appraisal", _("Under appraisal")
    COUNCIL_VOTE = "council_vote", _("Council vote")
    LEADER_APPROVAL = "leader_approval", _("Awaiting leader approval")
    APPROVED = "approved", _("Approved")
    DECISION_ISSUED = "decision_issued", _("Decision issued")
    CERTIFICATES_PRINTED = "certificates_printed", _("Certificates printed")
    AWARDED = "awarded", _("Awarded")


# Statuses in which a batch's nominees hold quota places.
QUOTA_HOLDING = [s for s in BatchStatus.values if s != BatchStatus.DRAFT]


class NominationBatch(models.Model):
    """A proposal (đợt đề nghị) of one proposing unit for one form in one campaign."""

    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        related_name="nomination_batches",
    )
    form = models.ForeignKey(
        AwardForm, verbose_name=_("award form"), on_delete=models.PROTECT, related_name="batches"
    )
    proposer = models.ForeignKey(
        Organisation,
        verbose_name=_("proposing organisation"),
        on_delete=models.PROTECT,
        related_name="nomination_batches",
    )
    unit = models.ForeignKey(
        AdminUnit,
        verbose_name=_("administrative unit"),
        on_delete=models.PROTECT,
        related_name="nomination_batches",
        editable=False,
        help_text=_("The proposer's unit, kept on the row for scoped queries."),
    )
    year = models.PositiveSmallIntegerField(_("award year"))
    title = models.CharField(_("title"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=24, choices=BatchStatus.choices, default=BatchStatus.DRAFT
    )
    copies = models.PositiveSmallIntegerField(_("number of copies"), default=2)
    return_reason = models.TextField(_("reason for return"), blank=True)
    council = models.ForeignKey(
        "Council",
        verbose_name=_("council"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="batches",
    )
    voting_closed = models.BooleanField(_("voting closed"), default=False)
    posted_on = models.DateField(_("posted publicly from"), null=True, blank=True)
    posting_ends_on = models.DateField(_("posted publicly until"), null=True, blank=True)
    public_token = models.UUIDField(
        _("public link"),
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text=_("The address of the public page; random, so lists cannot be guessed."),
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nomination batch")
        verbose_name_plural = _("nomination batches")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["campaign", "form", "status"])]

    def __str__(self) -> str:
        return self.title or f"{self.form} – {self.proposer}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.proposer_id:
            self.unit_id = self.proposer.unit_id
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("awards:batch_detail", args=[self.pk])


class AppraisalStatus(models.TextChoices):
    PENDING = "pending", _("Not appraised")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")


class CouncilResult(models.TextChoices):
    PENDING = "pending", _("Not voted")
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Not passed")


class Nomination(models.Model):
    """One nominee of a batch: a collective (organisation or unit) or an individual."""

    batch = models.ForeignKey(
        NominationBatch,
        verbose_name=_("batch"),
        on_delete=models.CASCADE,
        related_name="nominations",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=NomineeKind.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    admin_unit = models.ForeignKey(
        AdminUnit,
        verbose_name=_("administrative unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    category = models.ForeignKey(
        "campaigns.SubjectCategory",
        verbose_name=_("subject category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="nominations",
    )
    category_code = models.CharField(_("category code"), max_length=30, blank=True)
    achievement = models.TextField(_("summary of achievements"), blank=True)
    is_leader = models.BooleanField(
        _("leader (deputy head of division or above)"),
        default=False,
        help_text=_("Counts towards the cap on leaders."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    appraisal_status = models.CharField(
        _("appraisal"),
        max_length=10,
        choices=AppraisalStatus.choices,
        default=AppraisalStatus.PENDING,
    )
    appraisal_reason = models.TextField(_("appraisal note"), blank=True)
    council_result = models.CharField(
        _("council vote"),
        max_length=8,
        choices=CouncilResult.choices,
        default=CouncilResult.PENDING,
    )
    votes_yes = models.PositiveSmallIntegerField(_("votes in favour"), null=True, blank=True)
    struck = models.BooleanField(_("struck by the leader"), default=False)
    strike_reason = models.TextField(_("reason for striking"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["batch", "kind", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                name="nomination_one_nominee",
                condition=(
                    Q(
                        kind="individual",
                        person__isnull=False,
                        organisation__isnull=True,
                        admin_unit__isnull=True,
                    )
                    | Q(kind="collective", person__isnull=True, organisation__isnull=False)
                    & Q(admin_unit__isnull=True)
                    | Q(kind="collective", person__isnull=True, organisation__isnull=True)
                    & Q(admin_unit__isnull=False)
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.nominee_name

    @property
    def nominee(self):  # type: ignore[no-untyped-def]
        return self.person or self.organisation or self.admin_unit

    @property
    def nominee_name(self) -> str:
        nominee = self.nominee
        if nominee is None:
            return ""
        if isinstance(nominee, AdminUnit):
            return nominee.full_name
        return str(nominee)

    @property
    def nominee_unit(self) -> AdminUnit | None:
        if self.person_id:
            return self.person.unit
        if self.organisation_id:
            return self.organisation.unit
        return self.admin_unit

    @property
    def is_in_play(self) -> bool:
        """Still proposed: not returned at appraisal, not failed at the vote, not struck."""
        return (
            self.appraisal_status != AppraisalStatus.RETURNED
            and self.council_result != CouncilResult.FAILED
            and not self.struck
        )


class CriterionAnswer(models.Model):
    """The proposing unit's answer to one criterion for one nominee."""

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("nomination"), on_delete=models.CASCADE, related_name="answers"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="answers"
    )
    met = models.BooleanField(_("met"), default=False)
    note = models.CharField(_("evidence or note"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion answer")
        verbose_name_plural = _("criterion answers")
        constraints = [
            models.UniqueConstraint(fields=["nomination", "criterion"], name="award_answer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.nomination}: {self.criterion} = {self.met}"


def dossier_upload_to(instance: "DossierDocument", filename: str) -> str:
    # The stored name is random: a user's file name never reaches the file system.
    import uuid

    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"awards/{instance.batch_id}/{uuid.uuid4().hex}.{ext}"


class DossierDocument(models.Model):
    """An uploaded document of a batch's dossier (hồ sơ)."""

    batch = models.ForeignKey(
        NominationBatch,
        verbose_name=_("batch"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    nomination = models.ForeignKey(
        Nomination,
        verbose_name=_("nominee"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="documents",
    )
    kind = models.CharField(_("kind"), max_length=24, choices=DossierKind.choices)
    file = models.FileField(_("file"), upload_to=dossier_upload_to)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
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
        verbose_name = _("dossier document")
        verbose_name_plural = _("dossier documents")
        ordering = ["batch", "kind", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"


class Council(models.Model):
    """An emulation and commendation council (Hội đồng Thi đua - Khen thưởng)."""

    name = models.CharField(_("name"), max_length=300)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="award_councils",
    )
    unit = models.ForeignKey(
        AdminUnit,
        verbose_name=_("administrative unit"),
        on_delete=models.PROTECT,
        related_name="award_councils",
        editable=False,
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members"),
        related_name="award_councils",
        blank=True,
    )
    threshold_percent = models.DecimalField(
        _("pass threshold (percent of all members)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(50),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    strictly_more = models.BooleanField(
        _("strictly more than the threshold"),
        default=True,
        help_text=_("Default: more than half of all members."),
    )
    posting_days = models.PositiveSmallIntegerField(
        _("public posting (working days)"),
        default=5,
        help_text=_(
            "The list of nominees passed by the council is posted publicly for this many "
            "working days before the decision. 0: no posting."
        ),
    )
    # The member list is kept in each history row: who sat on the council when it voted.
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        verbose_name = _("council")
        verbose_name_plural = _("councils")
        ordering = ["unit__path", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.organisation_id:
            self.unit_id = self.organisation.unit_id
        super().save(*args, **kwargs)

    def passes(self, yes: int, members: int) -> bool:
        """Counted against all members, not those who voted (DOMAIN.md section 5)."""
        if members <= 0:
            return False
        if self.strictly_more:
            return yes * 100 > self.threshold_percent * members
        return yes * 100 >= self.threshold_percent * members


class CouncilVote(models.Model):
    """A member's yes/no on one nominee; secret from other members until voting closes."""

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("nomination"), on_delete=models.CASCADE, related_name="votes"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="award_votes",
    )
    approve = models.BooleanField(_("in favour"))
    cast_at = models.DateTimeField(_("cast"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("council vote")
        verbose_name_plural = _("council votes")
        constraints = [
            models.UniqueConstraint(fields=["nomination", "member"], name="award_vote_unique")
        ]

    def __str__(self) -> str:
        return f"{self.member} – {self.nomination}"


class Decision(models.Model):
    """The award decision (quyết định khen thưởng) of a batch, numbered from the register."""

    batch = models.OneToOneField(
        NominationBatch,
        verbose_name=_("batch"),
        on_delete=models.PROTECT,
        related_name="decision",
    )
    issuer = models.ForeignKey(
        Organisation,
        verbose_name=_("issuing organisation"),
        on_delete=models.PROTECT,
        related_name="award_decisions",
    )
    type_code = models.CharField(_("document type code"), max_length=10, default="QĐ")
    number = models.PositiveIntegerField(_("number"))
    number_year = models.PositiveSmallIntegerField(_("year of the number"))
    symbol = models.CharField(_("symbol"), max_length=40)
    issued_on = models.DateField(_("date of issue"))
    signer_authority = models.CharField(_("signing authority"), max_length=200, blank=True)
    signer_name = models.CharField(_("signer"), max_length=120)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("award decision")
        verbose_name_plural = _("award decisions")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "symbol", "number", "number_year"],
                name="award_decision_number_unique",
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"{self.number:02d}/{self.symbol}"

    @property
    def signer_lines(self) -> list[str]:
        return [line.strip() for line in self.signer_authority.splitlines() if line.strip()]


class AwardRecord(models.Model):
    """One award received: the history per person and per unit over the years.

    Rows come from issued decisions, or are entered for awards given outside the
    portal (``reference`` then holds the decision's number and date).
    """

    form = models.ForeignKey(
        AwardForm, verbose_name=_("award form"), on_delete=models.PROTECT, related_name="records"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="award_records",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="award_records",
    )
    admin_unit = models.ForeignKey(
        AdminUnit,
        verbose_name=_("administrative unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="award_records",
    )
    unit = models.ForeignKey(
        AdminUnit,
        verbose_name=_("unit of the nominee"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        help_text=_("Where the nominee belongs, kept on the row for scoped queries."),
    )
    nominee_name = models.CharField(_("nominee"), max_length=300)
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="award_records",
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="records",
    )
    nomination = models.OneToOneField(
        Nomination,
        verbose_name=_("nomination"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="record",
    )
    reference = models.CharField(_("decision reference"), max_length=120, blank=True)
    awarded_on = models.DateField(_("handed over on"), null=True, blank=True)
    search_key = models.CharField(max_length=320, db_index=True, editable=False)
    history = HistoricalRecords(excluded_fields=["search_key"])

    class Meta:
        verbose_name = _("award record")
        verbose_name_plural = _("award records")
        ordering = ["-year", "nominee_name", "pk"]
        constraints = [
            # One achievement, one award: the same form twice in a year is refused by the
            # database too, whatever path the second row takes.
            models.UniqueConstraint(
                fields=["form", "year", "person"],
                condition=Q(person__isnull=False),
                name="award_record_person_unique",
            ),
            models.UniqueConstraint(
                fields=["form", "year", "organisation"],
                condition=Q(organisation__isnull=False),
                name="award_record_org_unique",
            ),
            models.UniqueConstraint(
                fields=["form", "year", "admin_unit"],
                condition=Q(admin_unit__isnull=False),
                name="award_record_unit_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nominee_name}: {self.form} {self.year}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        nominee = self.person or self.organisation or self.admin_unit
        if nominee is not None:
            if not self.nominee_name:
                self.nominee_name = (
                    nominee.full_name if isinstance(nominee, AdminUnit) else str(nominee)
                )
            if not self.unit_id:
                self.unit_id = nominee.pk if isinstance(nominee, AdminUnit) else nominee.unit_id
        self.search_key = fold(self.nominee_name)
        super().save(*args, **kwargs)


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("Unresolved")
    RESOLVED = "resolved", _("Resolved")


class Objection(models.Model):
    """An objection (ý kiến phản ánh) from the public to a posted list of nominees."""

    batch = models.ForeignKey(
        NominationBatch,
        verbose_name=_("batch"),
        on_delete=models.CASCADE,
        related_name="objections",
    )
    nomination = models.ForeignKey(
        Nomination,
        verbose_name=_("about nominee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="objections",
    )
    name = models.CharField(_("your name"), max_length=120)
    contact = models.CharField(
        _("phone or email"),
        max_length=200,
        help_text=_("So that the council can answer you; it is not published."),
    )
    text = models.TextField(_("objection"), max_length=3000)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN
    )
    resolution = models.TextField(_("how it was resolved"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["batch", "created_at", "pk"]
        indexes = [models.Index(fields=["batch", "status"])]

    def __str__(self) -> str:
        return f"{self.name}: {self.text[:60]}"


EVENT_LABELS = {
    "created": _("proposal created"),
    "transition": _("status changed"),
    "nominee_added": _("nominee added"),
    "nominee_removed": _("nominee removed"),
    "document_uploaded": _("document uploaded"),
    "document_deleted": _("document deleted"),
    "accepted": _("accepted at appraisal"),
    "returned": _("returned at appraisal"),
    "voted": _("voted"),
    "struck": _("struck off the list"),
    "posted": _("list posted publicly"),
    "objection_resolved": _("objection resolved"),
}


class BatchEvent(models.Model):
    """The audit trail of a batch: every transition and per-nominee action, with who and why."""

    batch = models.ForeignKey(
        NominationBatch, verbose_name=_("batch"), on_delete=models.CASCADE, related_name="events"
    )
    nomination = models.ForeignKey(
        Nomination,
        verbose_name=_("nominee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=40)
    from_status = models.CharField(_("from"), max_length=24, blank=True)
    to_status = models.CharField(_("to"), max_length=24, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("batch event")
        verbose_name_plural = _("batch events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.batch}: {self.action}"

    @property
    def action_label(self) -> str:
        return str(EVENT_LABELS.get(self.action, self.action))

    @property
    def to_status_label(self) -> str:
        return str(BatchStatus(self.to_status).label) if self.to_status else ""
