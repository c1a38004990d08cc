import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.text import fold

from .models import AdminLevel, AdminUnit, Organisation, OrganisationKind


class UnitFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    level = django_filters.ChoiceFilter(
        label=_("Level"), choices=AdminLevel.choices, empty_label=_("All levels")
    )
    current = django_filters.BooleanFilter(
        label=_("Only units existing today"),
        method="only_current",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = AdminUnit
        fields = ["q", "level"]

    def search(self, qs, name, value):  # type: ignore[no-untyped-def]
        return qs.filter(search_key__contains=fold(value)) if value else qs

    def only_current(self, qs, name, value):  # type: ignore[no-untyped-def]
        # Existing today, not merely "no end date": a unit may also start in the future.
        return qs.active_on(timezone.localdate()) if value else qs


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=OrganisationKind.choices, empty_label=_("All kinds")
    )

    class Meta:
        model = Organisation
        fields = ["q", "kind"]

    def search(self, qs, name, value):  # type: ignore[no-untyped-def]
        return qs.filter(search_key__contains=fold(value)) if value else qs
