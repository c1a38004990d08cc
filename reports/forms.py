"""Report forms: input parsing only; the rules (with their messages) live in services."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.models import Classification, Indicator, IndicatorKind

from .models import IndicatorValue, ReportStatus

YES_NO = [("", "—"), ("1", _("Yes")), ("0", _("No"))]
WHOLE = {"invalid": _("Enter a whole number, without dots or commas.")}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by the service, not here."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if not data:
            return []
        files = data if isinstance(data, (list, tuple)) else [data]
        return [f for f in files if f]


class ReportForm(forms.Form):
    """One group of fields per indicator that applies to the unit, plus narrative and files."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    narrative = forms.CharField(
        label=_("Narrative"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The results, difficulties and proposals of the period."),
    )
    evidence = MultipleFileField(
        label=_("Evidence files"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.docx,.xlsx"}),
        help_text=_("PDF, JPG, PNG, DOCX or XLSX."),
    )

    def __init__(
        self,
        *args: Any,
        indicators: list[Indicator],
        values: dict[int, IndicatorValue] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        values = values or {}
        num = {"class": "form-control", "inputmode": "numeric", "pattern": "[0-9]*"}
        for ind in indicators:
            v = values.get(ind.pk)
            p = f"{ind.pk}-"
            if ind.kind == IndicatorKind.RATIO:
                self.fields[p + "numerator"] = forms.IntegerField(
                    label=ind.numerator_label or _("Numerator"),
                    required=False,
                    error_messages=WHOLE,
                    initial=v.numerator if v else None,
                    widget=forms.NumberInput(attrs=num),
                )
                self.fields[p + "denominator"] = forms.IntegerField(
                    label=ind.denominator_label or _("Denominator"),
                    required=False,
                    error_messages=WHOLE,
                    initial=v.denominator if v else None,
                    widget=forms.NumberInput(attrs=num),
                )
            elif ind.kind == IndicatorKind.COUNT:
                self.fields[p + "count"] = forms.IntegerField(
                    label=ind.unit_label or _("Number"),
                    required=False,
                    error_messages=WHOLE,
                    initial=v.count if v else None,
                    widget=forms.NumberInput(attrs=num),
                )
            else:
                initial = "" if not v or v.boolean is None else ("1" if v.boolean else "0")
                self.fields[p + "boolean"] = forms.ChoiceField(
                    label=_("Achieved"), choices=YES_NO, required=False, initial=initial
                )
            self.fields[p + "note"] = forms.CharField(
                label=_("Note"),
                required=False,
                max_length=500,
                initial=v.note if v else "",
            )

    def groups(self) -> list[dict[str, Any]]:
        """The bound fields of each indicator, for the template."""
        out = []
        for ind in self.indicators:
            p = f"{ind.pk}-"
            out.append(
                {
                    "indicator": ind,
                    "fields": [
                        self[name]
                        for name in self.fields
                        if name.startswith(p) and not name.endswith("note")
                    ],
                    "note": self[p + "note"],
                }
            )
        return out

    def values_data(self) -> dict[int, dict[str, Any]]:
        data: dict[int, dict[str, Any]] = {}
        for ind in self.indicators:
            p = f"{ind.pk}-"
            row = {
                key: self.cleaned_data.get(p + key)
                for key in ("numerator", "denominator", "count", "note")
            }
            boolean = self.cleaned_data.get(p + "boolean")
            row["boolean"] = None if boolean in (None, "") else boolean == "1"
            data[ind.pk] = row
        return data

    def add_service_errors(self, exc: Any) -> None:
        """Put a service ``ValidationError`` on the fields it names, keeping the input."""
        if hasattr(exc, "error_dict"):
            for key, errors in exc.error_dict.items():
                field = key if key in self.fields else None
                for error in errors:
                    self.add_error(field, error)
        else:
            for message in exc.messages:
                self.add_error(None, message)


class ReviewForm(forms.Form):
    target = forms.ChoiceField(
        choices=[
            (ReportStatus.ACCEPTED, _("Accept")),
            (ReportStatus.RETURNED, _("Return")),
            (ReportStatus.REOPENED, _("Reopen")),
        ]
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AssessmentForm(forms.Form):
    classification = forms.ChoiceField(label=_("Classification"), choices=Classification.choices)
    safe_recognised = forms.BooleanField(
        label=_("Recognised “Safe in security and order”"), required=False
    )
    score = forms.DecimalField(label=_("Score"), required=False, max_digits=5, decimal_places=2)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
