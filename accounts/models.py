"""Users act for one organisation with one or more roles."""

from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class RoleCode(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    PROVINCE_STAFF = "province_staff", _("Province staff")
    COMMUNE_OFFICER = "commune_officer", _("Commune officer")
    APPRAISER = "appraiser", _("Appraiser")
    COUNCIL_MEMBER = "council_member", _("Council member")
    LEADER = "leader", _("Leader")
    CLERK = "clerk", _("Clerk (văn thư)")
    VIEWER = "viewer", _("Viewer")


class Role(models.Model):
    code = models.CharField(_("code"), max_length=20, primary_key=True, choices=RoleCode.choices)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["code"]

    def __str__(self) -> str:
        return str(RoleCode(self.code).label)


class User(AbstractUser):
    organisation = models.ForeignKey(
        "orgunits.Organisation",
        verbose_name=_("acts for organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    person = models.OneToOneField(
        "people.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
    )
    roles = models.ManyToManyField(Role, verbose_name=_("roles"), blank=True)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def get_full_name(self) -> str:
        """Vietnamese order: family and middle names, then the given name (Lê Minh Khoa)."""
        return f"{self.last_name} {self.first_name}".strip()

    @cached_property
    def role_codes(self) -> frozenset[str]:
        return frozenset(r.code for r in self.roles.all())

    def has_role(self, *codes: str) -> bool:
        return self.is_superuser or bool(self.role_codes.intersection(codes))

    @property
    def is_national(self) -> bool:
        """Sees every unit: superusers and administrators without an organisation."""
        return self.is_superuser or (RoleCode.ADMIN in self.role_codes and not self.organisation_id)

    @cached_property
    def scope_unit(self):  # type: ignore[no-untyped-def]
        return self.organisation.unit if self.organisation_id else None

    @property
    def scope_path(self) -> str | None:
        """Path prefix of the subtree this user may see; ``None`` means everything."""
        if self.is_national:
            return None
        unit = self.scope_unit
        # A user with no organisation and no national right sees nothing.
        return unit.path if unit else "\x00"
