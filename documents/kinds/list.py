"""DANH SÁCH: a table annexed to a plan, here the plan's indicators and targets.

Shows the table layout (repeated header row on every page, portrait or, with the
``landscape`` option, the landscape page used for wide tables and certificates).
The awards app registers its proposal list (danh sách đề nghị khen thưởng) the same way.
"""

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, ContentItem, Indicator
from campaigns.selectors import campaign_qs_for

from ..blocks import Document, Header, Table, short_date, strip_markers
from ..registry import DocumentKind, register
from .plan import lookup_campaign


def _item_label(item: ContentItem, limit: int = 70) -> str:
    """ "3.4. Thi đua …": the item's title, or the start of its text when it has none."""
    label = item.title or strip_markers(item.text).split(":")[0]
    if len(label) > limit:
        label = label[:limit].rsplit(" ", 1)[0] + "…"
    return f"{item.number} {label}".strip()


class IndicatorListKind(DocumentKind):
    name = "list"
    label = _("List of indicators (DANH SÁCH)")
    model = Campaign

    def queryset_for(self, user: Any) -> QuerySet[Campaign]:
        return self.prepare(campaign_qs_for(user))

    def prepare(self, qs: QuerySet) -> QuerySet:
        return qs.select_related("issuer").prefetch_related(
            Prefetch(
                "indicators",
                queryset=Indicator.objects.select_related("content_item").order_by("order", "pk"),
            ),
            Prefetch("contents", queryset=ContentItem.objects.order_by("order", "pk")),
        )

    def lookup(self, reference: str, year: int | None = None) -> Campaign:
        return lookup_campaign(self.prepare(Campaign.objects.all()), reference, year)

    def revision(self, obj: Campaign) -> int:
        return obj.revision

    def is_final(self, obj: Campaign) -> bool:
        return obj.is_frozen and obj.number is not None

    def build(self, obj: Campaign, **options: Any) -> Document:
        c = obj
        rows = []
        previous = None
        for i, ind in enumerate(c.indicators.all(), start=1):
            item = ind.content_item
            # The content item once per run of its indicators, as a merged cell would read.
            label = _item_label(item) if item and item.pk != previous else ""
            previous = item.pk if item else None
            rows.append(
                [
                    str(i),
                    label,
                    ind.name,
                    ind.target_display,
                    ind.get_frequency_display(),
                ]
            )
        when = f" ngày {short_date(c.issued_on)}" if c.issued_on else ""
        number = c.reference if c.number else f"     {c.reference}"
        return Document(
            kind=self.name,
            type_name="DANH SÁCH",
            header=Header(
                organ=c.issuer.header_name or c.issuer.name, parent_organ=c.parent_organ_line
            ),
            summary="Chỉ tiêu thi đua",
            summary_lines=[f"(Kèm theo Kế hoạch số {number}{when} của {c.issuer.name})"],
            blocks=[
                Table(
                    header=["STT", "Nội dung thi đua", "Chỉ tiêu", "Mục tiêu", "Kỳ báo cáo"],
                    rows=rows,
                    widths=[7, 30, 36, 12, 15],
                    align=["center", "left", "left", "center", "center"],
                )
            ],
            landscape=bool(options.get("landscape")),
            end_mark=False,
            filename=f"danh-sach-chi-tieu-{c.reference.strip('/').replace('/', '-')}",
        )


register(IndicatorListKind)
