"""GIẤY MỜI (Decree 30/2020, template 1.7): one invitation per recipient of a plan.

The source is a plan's recipient row (campaigns.Recipient); the time and venue come as
options (a batch stores them), and print as blanks to fill in by hand when missing.
The events app registers its own invitations (one per invitee) on the same layout.
Reference for ``print_document letter``: "591/KH-UBND#2" is the plan's second
recipient ("#1" when omitted).
"""

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, Recipient
from campaigns.selectors import campaign_qs_for

from ..blocks import Document, Paragraph, Run, Signature, end_with_mark
from ..registry import DocumentKind, register
from .plan import campaign_header, lookup_campaign

DOTS = "…" * 12


def invitation_summary(title: str) -> str:
    """ "Phát động phong trào…" → "Dự Lễ phát động phong trào…"."""
    title = title.strip()
    if title.lower().startswith("phát động"):
        return f"Dự Lễ {title[0].lower()}{title[1:]}"
    return f"Dự Lễ phát động: {title}"


class LetterKind(DocumentKind):
    name = "letter"
    label = _("Invitation letter (GIẤY MỜI)")
    model = Recipient

    def queryset_for(self, user: Any) -> QuerySet[Recipient]:
        return self.prepare(Recipient.objects.filter(campaign__in=campaign_qs_for(user)))

    def prepare(self, qs: QuerySet) -> QuerySet:
        return qs.select_related("campaign__issuer")

    def lookup(self, reference: str, year: int | None = None) -> Recipient:
        ref, _sep, index = reference.partition("#")
        campaign = lookup_campaign(Campaign.objects.all(), ref, year)
        position = int(index) if index.isdigit() else 1
        recipients = list(self.prepare(campaign.recipients.all()))
        if not 1 <= position <= len(recipients):
            raise ObjectDoesNotExist(reference)
        return recipients[position - 1]

    def revision(self, obj: Recipient) -> int:
        return obj.campaign.revision

    def build(self, obj: Recipient, **options: Any) -> Document:
        c = obj.campaign
        issuer = c.issuer.name
        header = campaign_header(c, symbol=f"GM-{c.issuer.doc_code}".rstrip("-"))
        header.number, header.issued_on = None, None
        time = str(options.get("time") or DOTS)
        venue = str(options.get("venue") or DOTS)
        summary = invitation_summary(c.title)
        blocks = [
            Paragraph([Run(f"{issuer} trân trọng kính mời:")]),
            Paragraph([Run(obj.text.strip().rstrip(";."), bold=True)], align="center"),
            Paragraph([Run("Tới dự: ", bold=True), Run(f"{summary[3:]}.")]),
            Paragraph([Run("Thời gian: ", bold=True), Run(f"{time}.")]),
            Paragraph([Run("Địa điểm: ", bold=True), Run(f"{venue}.")]),
            Paragraph([Run("Rất mong được đón tiếp.")]),
        ]
        end_with_mark(blocks)
        blocks.append(
            Signature(
                authority=c.signer_lines,
                name=c.signer_name,
                recipients=["Như trên"],
                archive="VT",
            )
        )
        return Document(
            kind=self.name,
            type_name="GIẤY MỜI",
            header=header,
            summary=summary,
            blocks=blocks,
            filename=f"giay-moi-{obj.pk}",
        )


register(LetterKind)
