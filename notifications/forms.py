"""Forms: input checks only; the rules live in the models and services."""

from typing import Any

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import RoleCode

from .models import DeadlineKind, EscalationStep, ReminderRule


class PreferencesForm(forms.Form):
    """One checkbox per kind of deadline: also send it by email."""

    def __init__(self, *args: Any, current: dict[str, bool], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in DeadlineKind.choices:
            self.fields[value] = forms.BooleanField(
                label=label, required=False, initial=current.get(value, True)
            )
        self.helper = FormHelper()
        self.helper.form_tag = False

    def by_email(self) -> dict[str, bool]:
        return {kind: bool(self.cleaned_data.get(kind)) for kind in DeadlineKind.values}


class OffsetsField(forms.CharField):
    """ "-7, -3, -1, 0" <-> [-7, -3, -1, 0]."""

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        return value

    def to_python(self, value: Any) -> list[int]:
        text = (super().to_python(value) or "").replace("−", "-").replace(";", ",")
        parts = [p.strip() for p in text.split(",") if p.strip()]
        try:
            return sorted({int(p) for p in parts})
        except ValueError:
            raise forms.ValidationError(
                _("Give whole numbers separated by commas, e.g. -7, -3, -1, 0."), code="offsets"
            ) from None


ROLE_CHOICES = [(c.value, c.label) for c in RoleCode if c != RoleCode.ADMIN]


class ReminderRuleForm(forms.ModelForm):
    offsets = OffsetsField(
        label=_("Days before the due date"),
        help_text=_("Negative numbers are days before, 0 is the day itself."),
    )
    audience_roles = forms.MultipleChoiceField(
        label=_("Roles reminded"), choices=ROLE_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    escalation = forms.MultipleChoiceField(
        label=_("Escalation ladder when overdue"),
        choices=EscalationStep.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each overdue reminder reaches one more step, in this order."),
    )
    parent_staff_roles = forms.MultipleChoiceField(
        label=_("Roles reminded in the parent unit"),
        choices=ROLE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = ReminderRule
        fields = [
            "offsets",
            "overdue_every_days",
            "overdue_repeats",
            "send_time",
            "audience_roles",
            "escalation",
            "head_min_rank",
            "parent_staff_roles",
            "active",
        ]
        widgets = {"send_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_escalation(self) -> list[str]:
        chosen = set(self.cleaned_data["escalation"])
        # Keep the ladder's own order whatever order the boxes were ticked in.
        return [step for step in EscalationStep.values if step in chosen]
