"""The person registry: force members, nominees, invitees, officials."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.text import fold
from orgunits.models import AdminUnit, Organisation


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class PositionRank(models.IntegerChoices):
    """Ranks of positions, to decide "leader from deputy head of division up".

    The threshold itself is a provincial rule kept as data by the awards app.
    """

    NONE = 0, _("No leadership position")
    TEAM_LEADER = 5, _("Team or group leader")
    DEPUTY_HEAD_DIVISION = 10, _("Deputy head of division or equivalent")
    HEAD_DIVISION = 20, _("Head of division or equivalent")
    DEPUTY_HEAD_AGENCY = 30, _("Deputy head of agency or equivalent")
    HEAD_AGENCY = 40, _("Head of agency or equivalent")


class PersonQuerySet(models.QuerySet):
    def search(self, text: str) -> "PersonQuerySet":
        return self.filter(search_key__contains=fold(text))


class Person(models.Model):
    full_name = models.CharField(_("full name"), max_length=120)
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    position_rank = models.PositiveSmallIntegerField(
        _("position rank"), choices=PositionRank.choices, default=PositionRank.NONE
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    unit = models.ForeignKey(
        AdminUnit,
        verbose_name=_("administrative unit"),
        on_delete=models.PROTECT,
        related_name="people",
        help_text=_("Where the person works or lives; decides who may see the record."),
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    search_key = models.CharField(max_length=140, db_index=True, editable=False)
    history = HistoricalRecords(excluded_fields=["search_key"])

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name", "pk"]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.search_key = fold(self.full_name)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        this_year = timezone.localdate().year
        if self.birth_year and not (1900 <= self.birth_year <= this_year):
            raise ValidationError(
                {"birth_year": _("The year of birth must be between 1900 and this year.")},
                code="birth_year",
            )
        if self.organisation_id and self.unit_id:
            org_path = self.organisation.unit.path
            if not self.unit.path.startswith(org_path) and not org_path.startswith(self.unit.path):
                raise ValidationError(
                    {"unit": _("The unit must be in the organisation's area.")},
                    code="unit_mismatch",
                )


class TeamRole(models.TextChoices):
    LEADER = "leader", _("Team leader (tổ trưởng)")
    DEPUTY = "deputy", _("Deputy team leader (tổ phó)")
    MEMBER = "member", _("Team member (tổ viên)")


class TeamMembership(models.Model):
    """Service in a grassroots security team (Tổ bảo vệ an ninh, trật tự)."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships"
    )
    team = models.ForeignKey(
        Organisation,
        verbose_name=_("security team"),
        on_delete=models.PROTECT,
        related_name="team_memberships",
        limit_choices_to={"kind": "security_team"},
    )
    role = models.CharField(_("role"), max_length=8, choices=TeamRole.choices)
    started_on = models.DateField(_("service from"))
    ended_on = models.DateField(_("service until"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("security team membership")
        verbose_name_plural = _("security team memberships")
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                name="membership_dates_ordered",
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.team}"

    def clean(self) -> None:
        super().clean()
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError(
                {"ended_on": _("The end of service cannot be before its start.")},
                code="invalid_period",
            )

    def service_days(self, on: date) -> int:
        end = min(self.ended_on or on, on)
        return max((end - self.started_on).days, 0)


class HoldKind(models.TextChoices):
    DISCIPLINE = "discipline", _("Under disciplinary review")
    INVESTIGATION = "investigation", _("Under investigation")
    COMPLAINT = "complaint", _("Unresolved complaint or denunciation")


class PersonHoldQuerySet(models.QuerySet):
    def active(self, on: date | None = None) -> "PersonHoldQuerySet":
        """Holds in force on ``on`` (today by default): started, and not yet ended."""
        on = on or timezone.localdate()
        return self.filter(started_on__lte=on).filter(
            models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=on)
        )


class PersonHold(models.Model):
    """Awards are held for a person under discipline, investigation or complaint (DOMAIN 5).

    While a hold is in force the person may be neither proposed nor approved for an award.
    """

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="holds"
    )
    kind = models.CharField(_("reason for the hold"), max_length=16, choices=HoldKind.choices)
    started_on = models.DateField(_("held from"))
    ended_on = models.DateField(
        _("held until"), null=True, blank=True, help_text=_("Leave empty while unresolved.")
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    history = HistoricalRecords()

    objects = PersonHoldQuerySet.as_manager()

    class Meta:
        verbose_name = _("award hold")
        verbose_name_plural = _("award holds")
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="person_hold_dates_ordered",
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_kind_display()}"

    def clean(self) -> None:
        super().clean()
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError(
                {"ended_on": _("The end of the hold cannot be before its start.")},
                code="invalid_period",
            )

    def is_active(self, on: date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.started_on <= on and (self.ended_on is None or self.ended_on >= on)
