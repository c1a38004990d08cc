"""Report forms: input parsing only; the rules (with their messages) live in services."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.models import Classification, Indicator

from .models import IndicatorValue, ReportStatus
from .services import field_labels

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
        widget=MultipleFileInput(
            attrs={"accept": ".pdf,.jpg,.jpeg,.png,.docx,.xlsx", "class": "form-control"}
        ),
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
        # min/step tell phones to offer a number pad and the browser what is valid; the
        # form has novalidate, so the server's messages stay the only judgement.
        num = {
            "class": "form-control",
            "inputmode": "numeric",
            "pattern": "[0-9]*",
            "min": "0",
            "step": "1",
        }
        for ind in indicators:
            v = values.get(ind.pk)
            p = f"{ind.pk}-"
            labels = field_labels(ind)
            for key in ("numerator", "denominator", "count"):
                if key in labels:
                    self.fields[p + key] = forms.IntegerField(
                        label=labels[key],
                        required=False,
                        error_messages=WHOLE,
                        initial=getattr(v, key) if v else None,
                        widget=forms.NumberInput(attrs={**num, "data-part": key}),
                    )
            if "boolean" in labels:
                initial = "" if not v or v.boolean is None else ("1" if v.boolean else "0")
                self.fields[p + "boolean"] = forms.ChoiceField(
                    label=labels["boolean"], choices=YES_NO, required=False, initial=initial
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

    def unreadable(self) -> frozenset[str]:
        """The indicator fields whose input could not be read (not a whole number)."""
        names = {
            f"{ind.pk}-{key}"
            for ind in self.indicators
            for key in ("numerator", "denominator", "count")
        }
        return frozenset(name for name in self.errors if name in names)

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

    def error_summary(self) -> list[dict[str, Any]]:
        """Every field error in page order, with the field's id to link to and the
        indicator (or the field label) it belongs to, for the alert above the form."""
        by_prefix = {f"{ind.pk}-": ind for ind in self.indicators}
        # The indicators come first on the page, then the narrative and the files.
        names = [n for n in self.fields if "-" in n] + ["narrative", "evidence"]
        out = []
        for name in names:
            if name not in self.errors:
                continue
            field = self.fields[name]
            indicator = by_prefix.get(name.split("-", 1)[0] + "-") if "-" in name else None
            for message in self.errors[name]:
                out.append(
                    {
                        "id": self[name].auto_id,
                        "indicator": indicator,
                        "label": field.label,
                        "message": message,
                    }
                )
        return out


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
