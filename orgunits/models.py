"""Territory and organisations (DOMAIN.md section 1).

Administrative units form a materialised-path tree (django-treebeard ``MP_Node``):
a subtree is one indexed ``path LIKE 'prefix%'`` on any database, which is what
every scoped query in the portal uses. A unit never moves: when the 2025
reorganisation changed the map, new units were created and linked to the old ones
by :class:`Succession`, so a 2024 plan keeps printing the 2024 names.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from core.text import fold


class EffectiveQuerySet(models.QuerySet):
    """Rows valid on a day: ``valid_from <= day`` and (no end or ``valid_to >= day``)."""

    def active_on(self, day: date) -> "EffectiveQuerySet":
        return self.filter(Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day))


class EffectiveDated(models.Model):
    valid_from = models.DateField(_("valid from"), default=date(1900, 1, 1))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError(
                {"valid_to": _("The end date cannot be before the start date.")},
                code="invalid_period",
            )

    def is_active_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)


class AdminLevel(models.TextChoices):
    NATION = "nation", _("National")
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")
    VILLAGE = "village", _("Village / residential group")


LEVEL_DEPTH_ORDER = [
    AdminLevel.NATION,
    AdminLevel.PROVINCE,
    AdminLevel.DISTRICT,
    AdminLevel.COMMUNE,
    AdminLevel.VILLAGE,
]


class AdminUnitQuerySet(MP_NodeQuerySet):
    """treebeard's queryset (its delete() removes descendants) plus our filters."""

    def active_on(self, day: date) -> "AdminUnitQuerySet":
        return self.filter(Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day))

    def subtree_of(self, unit: "AdminUnit") -> "AdminUnitQuerySet":
        return self.filter(path__startswith=unit.path)


class AdminUnitManager(MP_NodeManager):
    def get_queryset(self) -> AdminUnitQuerySet:
        return AdminUnitQuerySet(self.model, using=self._db).order_by("path")


class AdminUnit(MP_Node, EffectiveDated):
    """An administrative unit (đơn vị hành chính): tỉnh, huyện, xã, thôn…

    ``level`` is the tier in the hierarchy; ``type_name`` is the local name the law
    gives it (a commune-level unit may be a "xã", a "phường" or a "đặc khu").
    """

    steplen = 4
    node_order_by = None

    code = models.CharField(_("official code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    type_name = models.CharField(
        _("type name"), max_length=40, help_text=_("e.g. tỉnh, huyện, xã, phường, thôn")
    )
    level = models.CharField(_("level"), max_length=12, choices=AdminLevel.choices)
    province = models.ForeignKey(
        "self",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="province_units",
        help_text=_("Denormalised so dashboards can group by province without joins."),
    )
    search_key = models.CharField(max_length=260, db_index=True, editable=False)
    history = HistoricalRecords(excluded_fields=["path", "depth", "numchild", "search_key"])

    objects = AdminUnitManager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["path"]
        indexes = [models.Index(fields=["province", "level"])]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        # The folded name is derived data, kept next to the row for indexed search.
        self.search_key = fold(f"{self.type_name} {self.name}")
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        if not self.type_name:
            return self.name
        return f"{self.type_name[:1].upper()}{self.type_name[1:]} {self.name}"

    @property
    def name_in_text(self) -> str:
        """The name inside a sentence: the type word in lower case, the proper name as it is
        ("Tổ bảo vệ ANTT tổ dân phố 1, phường Nghĩa Đức"), never "phường nghĩa đức"."""
        return f"{self.type_name.lower()} {self.name}".strip()


class OrganisationKind(models.TextChoices):
    PARTY_COMMITTEE = "party", _("Party committee")
    PEOPLES_COUNCIL = "council", _("People's Council")
    PEOPLES_COMMITTEE = "ubnd", _("People's Committee")
    PROVINCIAL_POLICE = "cat", _("Provincial police")
    POLICE_DIVISION = "police_division", _("Police division")
    DISTRICT_POLICE = "district_police", _("District police")
    COMMUNE_POLICE = "commune_police", _("Commune police")
    MINISTRY = "ministry", _("Ministry or its department")
    DEPARTMENT = "department", _("Department (Sở) or agency")
    STEERING_COMMITTEE = "steering", _("Steering committee")
    EMULATION_COUNCIL = "emulation_council", _("Emulation and commendation council")
    MASS_ORGANISATION = "mass_org", _("Mass organisation")
    ENTERPRISE = "enterprise", _("Enterprise")
    SCHOOL = "school", _("School")
    PRESS = "press", _("Press")
    SECURITY_TEAM = "security_team", _("Grassroots security team")
    OTHER = "other", _("Other")


class OrganisationQuerySet(EffectiveQuerySet):
    def in_subtree(self, unit: AdminUnit) -> "OrganisationQuerySet":
        return self.filter(unit__path__startswith=unit.path)


class Organisation(EffectiveDated):
    """A body that acts: UBND, Công an tỉnh and its divisions, a Sở, a BCĐ, a school…"""

    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=120, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    unit = models.ForeignKey(
        AdminUnit,
        verbose_name=_("administrative unit"),
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("The managing body (cơ quan chủ quản)."),
    )
    code = models.CharField(_("official code"), max_length=40, unique=True)
    doc_code = models.CharField(
        _("document code"),
        max_length=40,
        blank=True,
        help_text=_("The organ part of document symbols, e.g. UBND, BCĐ, CAT-PV05."),
    )
    header_name = models.CharField(
        _("name in document headers"),
        max_length=300,
        blank=True,
        help_text=_("Printed in capitals in the document header; defaults to the name."),
    )
    search_key = models.CharField(max_length=320, db_index=True, editable=False)
    history = HistoricalRecords(excluded_fields=["search_key"])

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["unit__path", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.search_key = fold(f"{self.name} {self.short_name}")
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError(
                {"parent": _("An organisation cannot be its own parent.")}, code="cycle"
            )

    @property
    def header_title(self) -> str:
        return (self.header_name or self.name).upper()


class SuccessionKind(models.TextChoices):
    MERGE = "merge", _("Merged into")
    SPLIT = "split", _("Split into")
    RENAME = "rename", _("Renamed / re-established as")
    TRANSFER = "transfer", _("Transferred to")


class Succession(models.Model):
    """A reorganisation step: ``predecessor`` continues (wholly or partly) as ``successor``.

    Exactly one pair is set: two administrative units, or two organisations.
    """

    kind = models.CharField(_("kind"), max_length=12, choices=SuccessionKind.choices)
    from_unit = models.ForeignKey(
        AdminUnit,
        verbose_name=_("from unit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="successions_out",
    )
    to_unit = models.ForeignKey(
        AdminUnit,
        verbose_name=_("to unit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="successions_in",
    )
    from_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("from organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="successions_out",
    )
    to_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("to organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="successions_in",
    )
    effective_date = models.DateField(_("effective date"))
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("succession")
        verbose_name_plural = _("successions")
        ordering = ["effective_date", "pk"]
        constraints = [
            models.CheckConstraint(
                name="succession_one_pair",
                condition=(
                    Q(
                        from_unit__isnull=False,
                        to_unit__isnull=False,
                        from_organisation__isnull=True,
                        to_organisation__isnull=True,
                    )
                    | Q(
                        from_unit__isnull=True,
                        to_unit__isnull=True,
                        from_organisation__isnull=False,
                        to_organisation__isnull=False,
                    )
                ),
            ),
            models.UniqueConstraint(
                fields=["from_unit", "to_unit", "effective_date"], name="succession_unit_unique"
            ),
            models.UniqueConstraint(
                fields=["from_organisation", "to_organisation", "effective_date"],
                name="succession_org_unique",
            ),
        ]

    def __str__(self) -> str:
        source = self.from_unit or self.from_organisation
        target = self.to_unit or self.to_organisation
        return f"{source} → {target} ({self.effective_date:%d/%m/%Y})"


class EmulationGroupKind(models.TextChoices):
    CLUSTER = "cluster", _("Emulation cluster (cụm thi đua)")
    BLOCK = "block", _("Emulation block (khối thi đua)")


class EmulationGroup(EffectiveDated):
    """A cụm or khối thi đua: units that emulate and rank each other."""

    kind = models.CharField(_("kind"), max_length=10, choices=EmulationGroupKind.choices)
    name = models.CharField(_("name"), max_length=200)
    unit = models.ForeignKey(
        AdminUnit,
        verbose_name=_("administrative unit"),
        on_delete=models.PROTECT,
        related_name="emulation_groups",
        help_text=_("The unit whose emulation council organises the group."),
    )
    head = models.ForeignKey(
        Organisation,
        verbose_name=_("group head (cụm trưởng)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_groups",
    )
    members = models.ManyToManyField(
        Organisation, verbose_name=_("members"), related_name="emulation_groups", blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("emulation cluster or block")
        verbose_name_plural = _("emulation clusters and blocks")
        ordering = ["unit__path", "name"]

    def __str__(self) -> str:
        return self.name


class DocumentSeries(models.Model):
    """A numbering register: per organisation, per series (type code) and per year.

    Numbers start from 1 on 1 January; the row is locked while a number is taken
    (``orgunits.services.document_number_allocate``), so two clerks never get the same.
    """

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="document_series",
    )
    type_code = models.CharField(_("document type code"), max_length=10)
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        verbose_name = _("document number register")
        verbose_name_plural = _("document number registers")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "type_code", "year"], name="document_series_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.type_code} {self.year}: {self.last_number}"
