from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from orgunits.selectors import organisation_qs_for, unit_qs_for

from .models import Person, PersonHold


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "full_name",
            "gender",
            "birth_year",
            "position",
            "position_rank",
            "organisation",
            "unit",
            "phone",
            "email",
        ]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Choices come from the user's subtree only: an id from elsewhere is invalid.
        self.fields["organisation"].queryset = organisation_qs_for(user).filter(
            valid_to__isnull=True
        )
        self.fields["unit"].queryset = unit_qs_for(user).filter(valid_to__isnull=True)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Save")))


class HoldForm(forms.ModelForm):
    class Meta:
        model = PersonHold
        fields = ["kind", "started_on", "ended_on", "note"]
        widgets = {
            "started_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ended_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Save")))
