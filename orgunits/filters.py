import django_filters
from django.utils.translation import gettext_lazy as _

from core.text import fold

from .models import AdminLevel, AdminUnit, Organisation, OrganisationKind


class UnitFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    level = django_filters.ChoiceFilter(label=_("Level"), choices=AdminLevel.choices)
    current = django_filters.BooleanFilter(
        label=_("Only units existing today"), method="only_current"
    )

    class Meta:
        model = AdminUnit
        fields = ["q", "level"]

    def search(self, qs, name, value):  # type: ignore[no-untyped-def]
        return qs.filter(search_key__contains=fold(value)) if value else qs

    def only_current(self, qs, name, value):  # type: ignore[no-untyped-def]
        return qs.filter(valid_to__isnull=True) if value else qs


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=OrganisationKind.choices)

    class Meta:
        model = Organisation
        fields = ["q", "kind"]

    def search(self, qs, name, value):  # type: ignore[no-untyped-def]
        return qs.filter(search_key__contains=fold(value)) if value else qs
