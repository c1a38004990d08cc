"""Deadlines, reminder rules, reminders and in-app notifications (issue 8).

A :class:`Deadline` is a row per (object, kind) that an owning app keeps up to date
through :func:`notifications.services.deadline_upsert`. Its :class:`Reminder` rows are
computed once from the stored ``due_at`` and the kind's :class:`ReminderRule`, one per
(recipient, stage); the beat sweep sends the due ones. ``Reminder`` carries the
exactly-once key ``(deadline, recipient, stage)``; an email goes out through an
:class:`OutboxMessage` whose unique key gives the SMTP ``Message-ID``.
"""

from datetime import time

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.models import HistoricalRecords

from accounts.models import RoleCode
from orgunits.models import AdminUnit, Organisation
from people.models import PositionRank


class DeadlineKind(models.TextChoices):
    CAMPAIGN_ASSIGNMENT = "campaign_assignment", _("Assignment in a plan")
    EXPECTED_REPORT = "expected_report", _("Expected report")
    EVENT_TASK = "event_task", _("Event task")
    EVENT_RSVP = "event_rsvp", _("Reply to an invitation")
    EVENT_REGISTRATION = "event_registration", _("Registration of a roll-out event")
    EVENT_REPORT = "event_report", _("Results of a roll-out event")
    AWARD_DOSSIER = "award_dossier", _("Award dossier")


class EscalationStep(models.TextChoices):
    REPORTER = "reporter", _("Responsible officers")
    HEAD = "head", _("Head of the unit")
    PARENT_STAFF = "parent_staff", _("Staff of the parent unit")
    PROVINCE_LEADER = "province_leader", _("Province leader")


DEFAULT_OFFSETS = [-7, -3, -1, 0]
DEFAULT_AUDIENCE = [RoleCode.COMMUNE_OFFICER.value, RoleCode.PROVINCE_STAFF.value]
DEFAULT_ESCALATION = [step.value for step in EscalationStep]
DEFAULT_PARENT_STAFF = [RoleCode.PROVINCE_STAFF.value, RoleCode.COMMUNE_OFFICER.value]


def default_offsets() -> list[int]:
    return list(DEFAULT_OFFSETS)


def default_audience() -> list[str]:
    return list(DEFAULT_AUDIENCE)


def default_escalation() -> list[str]:
    return list(DEFAULT_ESCALATION)


def default_parent_staff() -> list[str]:
    return list(DEFAULT_PARENT_STAFF)


def stage_label(stage: int) -> str:
    """ "7 days before", "on the day", "3 days overdue" (in the active language)."""
    if stage < 0:
        return ngettext("%(n)d day before", "%(n)d days before", -stage) % {"n": -stage}
    if stage == 0:
        return str(_("on the day"))
    return ngettext("%(n)d day overdue", "%(n)d days overdue", stage) % {"n": stage}


class Deadline(models.Model):
    """A stored due time with a responsible organisation, owned by another app's object."""

    kind = models.CharField(_("kind"), max_length=24, choices=DeadlineKind.choices)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("object type"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    target = GenericForeignKey("content_type", "object_id")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("responsible organisation"),
        on_delete=models.PROTECT,
        related_name="deadlines",
    )
    unit = models.ForeignKey(
        AdminUnit,
        verbose_name=_("administrative unit"),
        on_delete=models.PROTECT,
        related_name="deadlines",
        editable=False,
        help_text=_("The responsible organisation's unit, kept on the row for scoped queries."),
    )
    due_at = models.DateTimeField(_("due"))
    title = models.CharField(_("title"), max_length=300)
    url = models.CharField(_("link"), max_length=500)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "kind"], name="deadline_object_kind_unique"
            )
        ]
        indexes = [models.Index(fields=["active", "due_at"])]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.organisation_id:
            self.unit_id = self.organisation.unit_id
        super().save(*args, **kwargs)


class ReminderRule(models.Model):
    """When and to whom reminders go for one kind of deadline.

    A rule without a province is the default; a province's own rule overrides it.
    ``stages`` are day offsets from the due date: the ``offsets`` (before and on the
    day), then every ``overdue_every_days`` days after it, ``overdue_repeats`` times.
    Overdue stage *k* (1, 2, …) reaches the first *k + 1* steps of ``escalation``.
    """

    kind = models.CharField(_("kind"), max_length=24, choices=DeadlineKind.choices)
    province = models.ForeignKey(
        AdminUnit,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reminder_rules",
        help_text=_("Empty: the default for every province."),
    )
    offsets = models.JSONField(
        _("days before the due date"),
        default=default_offsets,
        help_text=_("Negative numbers are days before, 0 is the day itself."),
    )
    overdue_every_days = models.PositiveSmallIntegerField(
        _("repeat when overdue every (days)"), default=3
    )
    overdue_repeats = models.PositiveSmallIntegerField(_("overdue reminders at most"), default=4)
    send_time = models.TimeField(_("time of day to send"), default=time(7, 30))
    audience_roles = models.JSONField(_("roles reminded"), default=default_audience)
    escalation = models.JSONField(_("escalation ladder"), default=default_escalation)
    head_min_rank = models.PositiveSmallIntegerField(
        _("head of the unit: position rank from"),
        choices=PositionRank.choices,
        default=PositionRank.DEPUTY_HEAD_AGENCY,
    )
    parent_staff_roles = models.JSONField(
        _("roles reminded in the parent unit"), default=default_parent_staff
    )
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reminder rule")
        verbose_name_plural = _("reminder rules")
        ordering = ["kind", "province"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind"], condition=Q(province__isnull=True), name="reminder_rule_default"
            ),
            models.UniqueConstraint(
                fields=["kind", "province"],
                condition=Q(province__isnull=False),
                name="reminder_rule_province",
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_kind_display())

    def clean(self) -> None:
        super().clean()
        offsets = self.offsets
        if not isinstance(offsets, list) or not all(
            isinstance(o, int) and -365 <= o <= 0 for o in offsets
        ):
            raise ValidationError(
                {"offsets": _("Give days before the due date as numbers from -365 to 0.")},
                code="invalid_offsets",
            )
        valid_steps = set(EscalationStep.values)
        if not set(self.escalation or []) <= valid_steps:
            raise ValidationError({"escalation": _("Unknown escalation step.")}, code="step")
        if self.overdue_repeats and not self.overdue_every_days:
            raise ValidationError(
                {"overdue_every_days": _("Give the interval between overdue reminders.")},
                code="interval",
            )

    @property
    def stages(self) -> list[int]:
        overdue = [self.overdue_every_days * i for i in range(1, self.overdue_repeats + 1)]
        return sorted(set(self.offsets) | set(overdue))


class ReminderStatus(models.TextChoices):
    PENDING = "pending", _("Scheduled")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class OutboxKind(models.TextChoices):
    SINGLE = "single", _("Single reminder")
    DIGEST = "digest", _("Daily digest")


class OutboxMessage(models.Model):
    """One email, written in the same transaction as the claim of its reminders.

    ``key`` is unique; the SMTP ``Message-ID`` is derived from it, so a message sent
    again after a crash carries the same id and the relay or the mail client can drop it.
    """

    key = models.CharField(_("key"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=OutboxKind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="outbox_messages",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    transmissions = models.PositiveSmallIntegerField(_("SMTP transmissions"), default=0)

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.key

    @property
    def message_id(self) -> str:
        return f"<{self.key}@thidua.notifications>"


class Reminder(models.Model):
    """One reminder for one recipient at one stage of a deadline: sent exactly once."""

    deadline = models.ForeignKey(
        Deadline, verbose_name=_("deadline"), on_delete=models.CASCADE, related_name="reminders"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    stage = models.SmallIntegerField(_("stage (days from the due date)"))
    send_at = models.DateTimeField(_("send at"))
    status = models.CharField(
        _("status"), max_length=10, choices=ReminderStatus.choices, default=ReminderStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    enqueued_at = models.DateTimeField(_("queued"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    retry_at = models.DateTimeField(_("retry after"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    outbox = models.ForeignKey(
        OutboxMessage,
        verbose_name=_("email"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reminders",
    )

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["send_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "recipient", "stage"], name="reminder_exactly_once"
            )
        ]
        indexes = [
            # The sweep reads only due pending rows: a small partial index.
            models.Index(
                fields=["send_at"], condition=Q(status="pending"), name="reminder_pending_due"
            ),
            models.Index(
                fields=["claimed_at"], condition=Q(status="sending"), name="reminder_sending"
            ),
            models.Index(fields=["status", "send_at"], name="reminder_status_send"),
        ]

    def __str__(self) -> str:
        return f"{self.deadline} · {self.recipient} · {self.stage}"

    @property
    def stage_label(self) -> str:
        return stage_label(self.stage)


class Notification(models.Model):
    """An in-app notification (the bell in the navigation bar)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    title = models.CharField(_("title"), max_length=300)
    body = models.CharField(_("text"), max_length=500, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    reminder = models.OneToOneField(
        Reminder,
        verbose_name=_("reminder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notification",
    )
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["user"], condition=Q(read_at__isnull=True), name="notification_unread"
            ),
            models.Index(fields=["user", "-created_at"], name="notification_user_recent"),
        ]

    def __str__(self) -> str:
        return self.title


class NotificationPreference(models.Model):
    """Whether reminders of one kind also go by email (they always appear in the app)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("kind"), max_length=24, choices=DeadlineKind.choices)
    by_email = models.BooleanField(_("by email"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_pref_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.kind}"
