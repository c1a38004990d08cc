import django_filters
from django.utils.translation import gettext_lazy as _

from core.text import fold

from .models import Gender, Person


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name"), method="search")
    gender = django_filters.ChoiceFilter(label=_("Gender"), choices=Gender.choices)

    class Meta:
        model = Person
        fields = ["q", "gender"]

    def search(self, qs, name, value):  # type: ignore[no-untyped-def]
        return qs.filter(search_key__contains=fold(value)) if value else qs
