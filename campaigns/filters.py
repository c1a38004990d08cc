from typing import Any

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.text import fold
from orgunits.models import Organisation

from .models import Campaign, CampaignStatus


class CampaignFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    year = django_filters.NumberFilter(label=_("Year"), method="by_year")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CampaignStatus.choices)
    issuer = django_filters.ModelChoiceFilter(
        label=_("Issuing organisation"), queryset=Organisation.objects.none()
    )

    class Meta:
        model = Campaign
        fields = ["q", "year", "status", "issuer"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only issuers of campaigns the user can see are offered.
        self.filters["issuer"].queryset = Organisation.objects.filter(
            pk__in=self.queryset.values("issuer")
        ).order_by("name")
        self.form.fields["year"].widget = forms.NumberInput(attrs={"min": 2000, "max": 2100})

    def search(self, qs, name, value):  # type: ignore[no-untyped-def]
        return qs.filter(search_key__contains=fold(value)) if value else qs

    def by_year(self, qs, name, value):  # type: ignore[no-untyped-def]
        if not value:
            return qs
        year = int(value)
        return qs.filter(start_date__year__lte=year, end_date__year__gte=year)
