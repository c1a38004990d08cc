"""Events (sự kiện), DOMAIN.md section 4 and seeds 000 and 002.

An :class:`Event` is a ceremony (lễ phát động), a "Ngày hội toàn dân bảo vệ ANTQ" or
a review conference, with its programme (chương trình), invitee groups (thành phần)
expanded to personal invitations, and tasks (phân công nhiệm vụ). A
:class:`RolloutPlan` is the campaign-level order that every commune in scope holds
its own event (seed 002): each unit registers its event before a deadline and
reports its results after it.
"""

from datetime import timedelta
from decimal import Decimal
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.text import fold
from core.uploads import random_name
from orgunits.models import AdminUnit, Organisation


class EventKind(models.TextChoices):
    LAUNCH = "launch", _("Launch ceremony (lễ phát động)")
    FESTIVAL = "festival", _("National security festival day (Ngày hội)")
    REVIEW = "review", _("Review conference (sơ kết, tổng kết)")
    OTHER = "other", _("Other event")


class EventStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    INVITATIONS_SENT = "invitations_sent", _("Invitations sent")
    HELD = "held", _("Held")
    REPORTED = "reported", _("Results reported")


# Without a date of its own, invitees answer by this many days before the event.
RSVP_DAYS_BEFORE = 3


class PointCategory(models.TextChoices):
    CENTRAL = "central", _("Central-level point")
    PROVINCIAL = "provincial", _("Provincial point")
    STRENGTHENING = "strengthening", _("Point to strengthen the movement")
    NONE = "none", _("Not a point event")


class EventQuerySet(models.QuerySet):
    def search(self, text: str) -> "EventQuerySet":
        return self.filter(search_key__contains=fold(text))


class Event(models.Model):
    kind = models.CharField(_("kind"), max_length=12, choices=EventKind.choices)
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text=_("The movement the event launches or celebrates."),
    )
    plan = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("plan organising the event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="planned_events",
        help_text=_("The KẾ HOẠCH that organises this event, e.g. 592/KH-UBND."),
    )
    rollout = models.ForeignKey(
        "RolloutPlan",
        verbose_name=_("roll-out plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    organiser = models.ForeignKey(
        Organisation,
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="organised_events",
    )
    host = models.ForeignKey(
        Organisation,
        verbose_name=_("host"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_events",
        help_text=_("The unit that receives the guests, if not the organiser."),
    )
    unit = models.ForeignKey(
        AdminUnit,
        verbose_name=_("administrative unit"),
        on_delete=models.PROTECT,
        related_name="events",
        editable=False,
        help_text=_("The organiser's unit, kept on the row for scoped queries."),
    )
    title = models.CharField(_("title"), max_length=400)
    starts_at = models.DateTimeField(_("start"))
    duration_hours = models.DecimalField(
        _("duration (hours)"),
        max_digits=5,
        decimal_places=1,
        default=Decimal(4),
        validators=[MinValueValidator(Decimal("0.5"))],
        help_text=_("Half a day is 4 hours."),
    )
    time_note = models.CharField(
        _("time as written in the plan"),
        max_length=300,
        blank=True,
        help_text=_("e.g. Dự kiến tổ chức ½ ngày trong tháng 9/2024 (có giấy mời sau)."),
    )
    venue = models.CharField(_("venue"), max_length=300)
    rsvp_by = models.DateField(
        _("answer invitations by"),
        null=True,
        blank=True,
        help_text=_("Invitees answer by the end of this day. Empty: 3 days before the event."),
    )
    expected_attendance = models.PositiveIntegerField(_("expected attendance"), default=0)
    status = models.CharField(
        _("status"), max_length=20, choices=EventStatus.choices, default=EventStatus.PLANNED
    )
    point_category = models.CharField(
        _("point category"),
        max_length=14,
        choices=PointCategory.choices,
        default=PointCategory.NONE,
    )
    banner_top = models.CharField(_("banner: organiser line"), max_length=300, blank=True)
    banner_middle = models.TextField(
        _("banner: event name and year"),
        blank=True,
        help_text=_("One line per banner line."),
    )
    banner_bottom = models.CharField(_("banner: place and date"), max_length=200, blank=True)
    slogans = models.TextField(_("slogans"), blank=True, help_text=_("One slogan per line."))
    dress_code = models.TextField(_("dress code"), blank=True)
    press_invited = models.BooleanField(_("press invited"), default=False)
    budget_source = models.CharField(_("budget source"), max_length=300, blank=True)
    budget_estimate = models.DecimalField(
        _("budget estimate (VND)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    result_summary = models.TextField(_("results"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    search_key = models.CharField(max_length=500, db_index=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["search_key"])

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["status", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.organiser_id:
            self.unit_id = self.organiser.unit_id
        self.search_key = fold(f"{self.title} {self.venue}")
        super().save(*args, **kwargs)

    @property
    def ends_at(self):  # type: ignore[no-untyped-def]
        return self.starts_at + timedelta(hours=float(self.duration_hours or 0))

    @property
    def rsvp_deadline(self):  # type: ignore[no-untyped-def]
        """The last day to answer: the organiser's date, else a few days before the event."""
        if self.rsvp_by:
            return self.rsvp_by
        if self.starts_at is None:
            return None
        return timezone.localdate(self.starts_at) - timedelta(days=RSVP_DAYS_BEFORE)

    def clean(self) -> None:
        super().clean()
        if self.rsvp_by and self.starts_at and self.rsvp_by > timezone.localdate(self.starts_at):
            raise ValidationError(
                {"rsvp_by": _("The answer date cannot be after the day of the event.")},
                code="rsvp_after_event",
            )

    @property
    def banner_lines(self) -> list[str]:
        return [line.strip() for line in self.banner_middle.splitlines() if line.strip()]

    @property
    def slogan_list(self) -> list[str]:
        return [line.strip() for line in self.slogans.splitlines() if line.strip()]


class ProgrammePart(models.TextChoices):
    CEREMONY = "ceremony", _("Ceremony part (phần lễ)")
    FESTIVAL = "festival", _("Festival part (phần hội)")


class ProgrammeItem(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="programme")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    part = models.CharField(
        _("part"), max_length=10, choices=ProgrammePart.choices, default=ProgrammePart.CEREMONY
    )
    title = models.CharField(_("item"), max_length=500)
    performer = models.CharField(
        _("performed by"), max_length=300, blank=True, help_text=_("A unit, a role or a person.")
    )
    performer_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("performing organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    performer_person = models.ForeignKey(
        "people.Person",
        verbose_name=_("performing person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    planned_time = models.TimeField(_("planned time"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programme item")
        verbose_name_plural = _("programme items")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def performer_label(self) -> str:
        if self.performer:
            return self.performer
        if self.performer_person_id:
            return str(self.performer_person)
        if self.performer_organisation_id:
            return str(self.performer_organisation)
        return ""


class ProtocolRank(models.IntegerChoices):
    """Where a group stands in protocol order: party and state leaders first."""

    CENTRAL = 5, _("Central guests")
    PROVINCIAL_PARTY = 10, _("Provincial party leaders")
    PROVINCIAL_STATE = 20, _("Provincial state leaders (HĐND, UBND)")
    PROVINCIAL_BODIES = 30, _("Provincial departments and mass organisations")
    DISTRICT = 40, _("District leaders")
    POLICE = 50, _("Police units")
    COMMUNE = 60, _("Commune level")
    GRASSROOTS = 70, _("Grassroots forces")
    PRESS = 80, _("Press")
    OTHER = 90, _("Other guests")


class InviteeGroup(models.Model):
    """A line of the thành phần: who is invited, who convenes them, how many."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="groups")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    description = models.CharField(_("description"), max_length=400)
    convening_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("convening organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("e.g. Công an tỉnh for 'do Công an tỉnh triệu tập'."),
    )
    convening_note = models.CharField(
        _("convening note"), max_length=200, blank=True, help_text=_("do Công an tỉnh triệu tập")
    )
    expected_count = models.PositiveIntegerField(_("expected count"), default=0)
    protocol_rank = models.PositiveSmallIntegerField(
        _("protocol rank"), choices=ProtocolRank.choices, default=ProtocolRank.OTHER
    )
    # Who the group is, for expansion from the person registry.
    match_kinds = models.CharField(
        _("organisation kinds to match"),
        max_length=200,
        blank=True,
        help_text=_("Comma-separated organisation kinds, e.g. commune_police."),
    )
    match_min_rank = models.PositiveSmallIntegerField(
        _("minimum position rank"), default=0, help_text=_("0 matches everyone.")
    )
    match_position = models.CharField(
        _("position contains"), max_length=100, blank=True, help_text=_("e.g. Trưởng")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("invitee group")
        verbose_name_plural = _("invitee groups")
        ordering = ["protocol_rank", "order", "pk"]

    def __str__(self) -> str:
        return self.description

    @property
    def kinds(self) -> list[str]:
        return [k.strip() for k in self.match_kinds.split(",") if k.strip()]


class RsvpStatus(models.TextChoices):
    PENDING = "pending", _("No answer yet")
    ACCEPTED = "accepted", _("Will attend")
    DECLINED = "declined", _("Will not attend")


class Invitation(models.Model):
    """A personal invitation (giấy mời) with its RSVP link and check-in QR code.

    Both tokens come from ``secrets.token_urlsafe(32)`` (256 bits) and are unique: a
    link identifies exactly one invitation and cannot be guessed.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitations")
    group = models.ForeignKey(
        InviteeGroup, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("group")
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations",
    )
    full_name = models.CharField(_("full name"), max_length=120)
    position = models.CharField(_("position"), max_length=200, blank=True)
    organisation_name = models.CharField(_("organisation"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    position_rank = models.PositiveSmallIntegerField(_("position rank"), default=0)
    protocol_order = models.PositiveIntegerField(_("order within the group"), default=0)
    rsvp_token = models.CharField(max_length=64, unique=True, editable=False)
    checkin_token = models.CharField(max_length=64, unique=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    rsvp_status = models.CharField(
        _("answer"), max_length=10, choices=RsvpStatus.choices, default=RsvpStatus.PENDING
    )
    rsvp_note = models.CharField(_("note"), max_length=500, blank=True)
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    attended_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["rsvp_token", "checkin_token"])

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["group__protocol_rank", "group__order", "protocol_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person"],
                condition=Q(person__isnull=False),
                name="invitation_person_once",
            )
        ]
        indexes = [models.Index(fields=["event", "rsvp_status"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def answered_late(self) -> bool:
        """Answered after the event's answer date (late answers are kept, marked late)."""
        if self.responded_at is None:
            return False
        deadline = self.event.rsvp_deadline
        return deadline is not None and timezone.localdate(self.responded_at) > deadline


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class EventTask(models.Model):
    """A line of the phân công nhiệm vụ; deadlines feed the reminders."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="tasks")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    assignee = models.ForeignKey(
        Organisation,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_tasks",
    )
    assignee_text = models.CharField(
        _("assignee (text)"), max_length=300, blank=True, help_text=_("When not one organisation.")
    )
    text = models.TextField(_("task"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("event task")
        verbose_name_plural = _("event tasks")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def assignee_label(self) -> str:
        return self.assignee_text or (str(self.assignee) if self.assignee_id else "")


class RolloutPlan(models.Model):
    """An order that events be held across communes (seed 002: 100% of communes)."""

    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rollouts",
    )
    organiser = models.ForeignKey(
        Organisation,
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="rollouts",
    )
    unit = models.ForeignKey(
        AdminUnit,
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        related_name="rollouts",
        help_text=_("Every commune in this area is expected to hold its event."),
    )
    title = models.CharField(_("title"), max_length=400)
    kind = models.CharField(
        _("kind of event"), max_length=12, choices=EventKind.choices, default=EventKind.FESTIVAL
    )
    require_all_communes = models.BooleanField(_("required at 100% of communes"), default=True)
    window_start = models.DateField(_("events from"))
    window_end = models.DateField(_("events until"))
    point_plan_deadline = models.DateField(
        _("deadline for the central point's draft plan"), null=True, blank=True
    )
    plan_deadline = models.DateField(_("deadline for district plans"), null=True, blank=True)
    registration_deadline = models.DateField(_("registration deadline"))
    report_deadline = models.DateField(_("results deadline"))
    published_at = models.DateTimeField(
        _("published"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Once published, every commune in the area owes its registration and results."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("roll-out plan")
        verbose_name_plural = _("roll-out plans")
        ordering = ["-window_start", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="rollout_window_ordered", condition=Q(window_end__gte=models.F("window_start"))
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.window_start and self.window_end and self.window_end < self.window_start:
            raise ValidationError(
                {"window_end": _("The period cannot end before it starts.")}, code="invalid_period"
            )


def plan_upload_to(instance: "Registration", filename: str) -> str:
    """A random stored name: the user's file name never reaches the file system."""
    return random_name(PurePosixPath(filename).suffix, "events/plans")


class Registration(models.Model):
    """One unit's event in a roll-out: its point category, registration and results."""

    rollout = models.ForeignKey(RolloutPlan, on_delete=models.CASCADE, related_name="registrations")
    host = models.ForeignKey(
        Organisation,
        verbose_name=_("host"),
        on_delete=models.PROTECT,
        related_name="rollout_registrations",
    )
    unit = models.ForeignKey(
        AdminUnit,
        verbose_name=_("administrative unit"),
        on_delete=models.PROTECT,
        related_name="rollout_registrations",
        editable=False,
    )
    category = models.CharField(
        _("point category"),
        max_length=14,
        choices=PointCategory.choices,
        default=PointCategory.NONE,
    )
    event = models.ForeignKey(
        Event,
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    planned_date = models.DateField(_("date of the event"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    plan_text = models.TextField(_("plan"), blank=True)
    plan_file = models.FileField(
        _("plan file"), upload_to=plan_upload_to, blank=True, max_length=200
    )
    registered_at = models.DateTimeField(_("registered"), null=True, blank=True)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    attendance = models.PositiveIntegerField(_("attendance"), null=True, blank=True)
    result_text = models.TextField(_("results"), blank=True)
    reported_at = models.DateTimeField(_("results reported"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("event registration")
        verbose_name_plural = _("event registrations")
        ordering = ["unit__path", "host__name"]
        constraints = [
            models.UniqueConstraint(fields=["rollout", "host"], name="registration_host_once")
        ]

    def __str__(self) -> str:
        return f"{self.host} – {self.rollout}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.host_id:
            self.unit_id = self.host.unit_id
        super().save(*args, **kwargs)
