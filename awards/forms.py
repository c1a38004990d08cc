"""Forms of the awards pages: input checks only; the rules live in services."""

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Field, Layout, Row
from django import forms
from django.forms import inlineformset_factory
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, CampaignStatus, SubjectCategory
from campaigns.selectors import campaign_qs_for
from core.text import fold
from orgunits.models import Organisation
from orgunits.selectors import organisation_qs_for

from .models import (
    GENERATED_KINDS,
    AwardForm,
    Council,
    Criterion,
    DossierKind,
    Quota,
)
from .selectors import award_form_qs_for, council_member_qs_for, council_organisation_qs_for


class CapitalLabels:
    """Labels start with a capital, as ModelForm labels from verbose names do."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():  # type: ignore[attr-defined]
            if field.label:
                field.label = capfirst(field.label)


class AwardFormForm(forms.ModelForm):
    dossier_items = forms.MultipleChoiceField(
        label=_("dossier checklist"),
        choices=DossierKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = AwardForm
        fields = [
            "code",
            "name",
            "certificate_title",
            "authority",
            "level",
            "subject",
            "dossier_items",
            "order",
            "active",
            "service_rule",
            "min_service_years_male",
            "min_service_years_female",
            "posting_days",
        ]


class CouncilForm(forms.ModelForm):
    """Choices come from the user's area only: an id from elsewhere is an invalid choice.

    The member list is drawn by ``awards/partials/_council_members.html`` (name,
    organisation, council member role per user); the rules on members are in
    ``services.council_save``.
    """

    class Meta:
        model = Council
        fields = [
            "name",
            "organisation",
            "members",
            "threshold_percent",
            "strictly_more",
            "posting_days",
        ]
        widgets = {"members": forms.CheckboxSelectMultiple}
        help_texts = {
            "members": _(
                "Only users holding the council member role can be added. Every member "
                "counts in the pass mark, whether they vote or not."
            )
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = council_organisation_qs_for(user, self.instance)
        self.fields["members"].queryset = council_member_qs_for(user, self.instance)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field("name"),
            Field("organisation"),
            HTML('{% include "awards/partials/_council_members.html" %}'),
            Row(
                Column("threshold_percent", css_class="col-12 col-sm-6"),
                Column("posting_days", css_class="col-12 col-sm-6"),
            ),
            Field("strictly_more"),
        )

    def member_rows(self) -> list[dict[str, Any]]:
        """One row per user who may be chosen, ticked as the form stands (posted or saved)."""
        value = self["members"].value() or []
        ticked = {str(getattr(v, "pk", v)) for v in value}
        return [
            {
                "user": u,
                "name": u.get_full_name() or u.username,
                "checked": str(u.pk) in ticked,
                "search": fold(f"{u.get_full_name()} {u.username} {u.organisation or ''}"),
            }
            for u in self.fields["members"].queryset
        ]


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["category", "subject", "order", "text", "auto_check"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = SubjectCategory.objects.filter(campaign=campaign)
        self.fields["category"].required = True

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        category = data.get("category")
        if category is not None and data.get("subject") and category.kind != data["subject"]:
            self.add_error("subject", _("The subject must match the category."))
        if category is not None:
            self.instance.category_code = category.code
        return data


CriterionFormSet = inlineformset_factory(
    Campaign, Criterion, form=CriterionForm, extra=1, can_delete=True
)


class QuotaForm(forms.ModelForm):
    class Meta:
        model = Quota
        fields = [
            "form",
            "max_collectives",
            "max_individuals",
            "leader_cap_percent",
            "leader_rank_threshold",
            "submission_deadline",
            "note",
        ]
        widgets = {"submission_deadline": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, campaign: Campaign, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.fields["form"].queryset = award_form_qs_for(user).filter(active=True)

    def clean_form(self) -> AwardForm:
        form = self.cleaned_data["form"]
        others = Quota.objects.filter(campaign=self.campaign, form=form).exclude(
            pk=self.instance.pk
        )
        if others.exists():
            raise forms.ValidationError(
                _("This campaign already has a quota for this form."), code="duplicate"
            )
        return form


class AllocationForm(CapitalLabels, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("proposing organisation"), queryset=Organisation.objects.none()
    )
    collectives = forms.IntegerField(label=_("collectives"), min_value=0, initial=0)
    individuals = forms.IntegerField(label=_("individuals"), min_value=0, initial=0)
    submission_deadline = forms.DateField(
        label=_("dossier deadline"),
        required=False,
        help_text=_("Leave empty to use the quota's deadline."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, user: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisation_qs_for(user).filter(
            unit__path__startswith=campaign.unit.path
        )


class BatchCreateForm(CapitalLabels, forms.Form):
    campaign = forms.ModelChoiceField(label=_("campaign"), queryset=Campaign.objects.none())
    form = forms.ModelChoiceField(
        label=_("award form"), queryset=AwardForm.objects.filter(active=True)
    )
    proposer = forms.ModelChoiceField(
        label=_("proposing organisation"), queryset=Organisation.objects.none()
    )
    title = forms.CharField(label=_("title"), max_length=300, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaign_qs_for(user).filter(
            status__in=[CampaignStatus.ISSUED, CampaignStatus.RUNNING, CampaignStatus.CLOSED]
        )
        self.fields["proposer"].queryset = organisation_qs_for(user)
        self.fields["form"].queryset = award_form_qs_for(user).filter(active=True)


class NomineeAddForm(CapitalLabels, forms.Form):
    """``nominee`` is "org:<id>", "unit:<id>" or "person:<id>" from the search results."""

    nominee = forms.RegexField(regex=r"^(org|unit|person):\d+$")
    category = forms.ModelChoiceField(
        label=_("subject category"), queryset=SubjectCategory.objects.none(), required=False
    )

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = SubjectCategory.objects.filter(campaign=campaign)


class NominationForm(CapitalLabels, forms.Form):
    category = forms.ModelChoiceField(
        label=_("subject category"), queryset=SubjectCategory.objects.none(), required=False
    )
    achievement = forms.CharField(
        label=_("summary of achievements"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    is_leader = forms.BooleanField(
        label=_("leader (deputy head of division or above)"), required=False
    )

    def __init__(
        self, *args: Any, nomination: Any, criteria: list[Criterion], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = SubjectCategory.objects.filter(
            campaign=nomination.batch.campaign_id, kind=nomination.kind
        )
        answers = {a.criterion_id: a for a in nomination.answers.all()}
        self.criteria = criteria
        for criterion in criteria:
            answer = answers.get(criterion.pk)
            self.fields[f"met_{criterion.pk}"] = forms.BooleanField(
                label=criterion.text, required=False, initial=bool(answer and answer.met)
            )
            self.fields[f"note_{criterion.pk}"] = forms.CharField(
                label=_("evidence or note"),
                max_length=500,
                required=False,
                initial=answer.note if answer else "",
            )

    def answers(self) -> dict[int, tuple[bool, str]]:
        return {
            c.pk: (
                bool(self.cleaned_data.get(f"met_{c.pk}")),
                self.cleaned_data.get(f"note_{c.pk}", ""),
            )
            for c in self.criteria
        }


UPLOAD_KINDS = [(k, label) for k, label in DossierKind.choices if k not in GENERATED_KINDS]


class UploadForm(CapitalLabels, forms.Form):
    kind = forms.ChoiceField(label=_("document"), choices=UPLOAD_KINDS)
    nomination = forms.TypedChoiceField(
        label=_("nominee"), coerce=int, required=False, empty_value=None
    )
    file = forms.FileField(label=_("file"))

    def __init__(self, *args: Any, batch: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nomination"].choices = [("", "—")] + [
            (n.pk, n.nominee_name) for n in batch.nominations.all()
        ]


class TransitionForm(forms.Form):
    target = forms.CharField(max_length=24)
    reason = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(CapitalLabels, forms.Form):
    issued_on = forms.DateField(
        label=_("date of issue"), widget=forms.DateInput(attrs={"type": "date"})
    )
    signer_authority = forms.CharField(
        label=_("signing authority"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        initial="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
    )
    signer_name = forms.CharField(label=_("signer"), max_length=120)


class ReasonForm(CapitalLabels, forms.Form):
    reason = forms.CharField(
        label=_("reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class HistorySearchForm(CapitalLabels, forms.Form):
    q = forms.CharField(label=_("name"), required=False)
    year = forms.IntegerField(label=_("year"), required=False, min_value=1945, max_value=2100)


class PostingForm(CapitalLabels, forms.Form):
    start_on = forms.DateField(
        label=_("first day of the posting"), widget=forms.DateInput(attrs={"type": "date"})
    )


class ObjectionForm(CapitalLabels, forms.Form):
    """The public's objection: input checks only; the rules are in services."""

    nomination = forms.TypedChoiceField(
        label=_("about nominee"), coerce=int, required=False, empty_value=None
    )
    name = forms.CharField(label=_("your name"), max_length=120)
    contact = forms.CharField(
        label=_("phone or email"),
        max_length=200,
        help_text=_("So that the council can answer you; it is not published."),
    )
    text = forms.CharField(
        label=_("objection"), max_length=3000, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args: Any, nominations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nomination"].choices = [("", _("The whole list"))] + [
            (n.pk, n.nominee_name) for n in nominations
        ]


class ResolveForm(CapitalLabels, forms.Form):
    note = forms.CharField(label=_("how it was resolved"), widget=forms.Textarea(attrs={"rows": 2}))
