"""KẾ HOẠCH: a campaign's plan, walked in the order of its outline (PlanSection).

Basis and preamble first, then every section in order; a section of a structured kind
prints its rows after its own text (phases, theme, content items with the targets not
already written in their text, assignments, award text); then the closing paragraph,
"Nơi nhận" and the signer.
"""

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, ContentItem, Indicator, IndicatorKind, PlanSection
from campaigns.selectors import campaign_qs_for

from ..blocks import (
    Block,
    Bullet,
    Document,
    Header,
    Heading,
    Paragraph,
    Run,
    Signature,
    end_with_mark,
    short_date,
    text_blocks,
)
from ..registry import DocumentKind, register

SectionOverride = Callable[[PlanSection, int], "list[Block] | None"]


def campaign_header(c: Campaign, symbol: str | None = None) -> Header:
    return Header(
        organ=c.issuer.header_name or c.issuer.name,
        parent_organ=c.parent_organ_line,
        number=c.number,
        symbol=c.symbol if symbol is None else symbol,
        place=c.place,
        issued_on=c.issued_on,
        year=c.year,
    )


def campaign_signature(c: Campaign) -> Signature:
    return Signature(
        authority=c.signer_lines,
        name=c.signer_name,
        recipients=[r.text for r in c.recipients.all()],
        archive=c.archive_note,
    )


def lookup_campaign(qs: QuerySet[Campaign], reference: str, year: int | None) -> Campaign:
    """ "591/KH-UBND" (number/symbol; ``year`` narrows it), or a database id for drafts."""
    reference = reference.strip()
    if reference.isdigit():
        return qs.get(pk=int(reference))
    number, _sep, symbol = reference.partition("/")
    if not number.isdigit() or not symbol:
        raise ObjectDoesNotExist(reference)
    found = qs.filter(number=int(number), symbol__iexact=symbol)
    if year:
        found = found.filter(number_year=year)
    return found.order_by("-number_year", "-pk")[:1].get()


def _outline(c: Campaign) -> list[dict[str, Any]]:
    nodes = {s.pk: {"section": s, "children": []} for s in c.sections.all()}
    roots = []
    for s in c.sections.all():
        if s.parent_id and s.parent_id in nodes:
            nodes[s.parent_id]["children"].append(nodes[s.pk])
        else:
            roots.append(nodes[s.pk])
    return roots


def _prefixed(prefix: list[Run], text: str) -> list[Block]:
    """The first line of ``text`` on the same paragraph as ``prefix``, the rest after it."""
    body = text_blocks(text)
    first = body[0] if body else None
    if isinstance(first, Paragraph):
        return [Paragraph([*prefix, Run(" "), *first.runs]), *body[1:]]
    return [Paragraph(prefix), *body] if prefix else body


def _target_written(ind: Indicator, text: str) -> bool:
    value = Decimal(ind.target_value).normalize()
    shown = f"{value:f}" + ("%" if ind.kind == IndicatorKind.RATIO else "")
    return ind.kind != IndicatorKind.BOOLEAN and shown in text


class PlanKind(DocumentKind):
    name = "plan"
    label = _("Plan (KẾ HOẠCH)")
    model = Campaign

    def queryset_for(self, user: Any) -> QuerySet[Campaign]:
        return self.prepare(campaign_qs_for(user))

    def prepare(self, qs: QuerySet) -> QuerySet:
        return qs.select_related("issuer").prefetch_related(
            "basis",
            Prefetch("sections", queryset=PlanSection.objects.order_by("order", "pk")),
            "phases",
            Prefetch(
                "contents",
                queryset=ContentItem.objects.prefetch_related(
                    Prefetch("indicators", queryset=Indicator.objects.order_by("order", "pk"))
                ),
            ),
            "assignments",
            "recipients",
        )

    def lookup(self, reference: str, year: int | None = None) -> Campaign:
        return lookup_campaign(self.prepare(Campaign.objects.all()), reference, year)

    def revision(self, obj: Campaign) -> int:
        return obj.revision

    def is_final(self, obj: Campaign) -> bool:
        return obj.is_frozen and obj.number is not None

    def build(self, obj: Campaign, **options: Any) -> Document:
        c = obj
        blocks = self.plan_blocks(c)
        end_with_mark(blocks)
        blocks.append(campaign_signature(c))
        return Document(
            kind=self.name,
            type_name="KẾ HOẠCH",
            header=campaign_header(c),
            summary=c.title,
            blocks=blocks,
            filename=f"ke-hoach-{c.reference.strip('/').replace('/', '-')}",
        )

    def plan_blocks(self, c: Campaign, override: SectionOverride | None = None) -> list[Block]:
        """Basis, preamble, the outline and the closing paragraph, in document order.

        ``override(section, depth)`` may return the blocks of a section and its whole
        subtree instead (the event plan prints its own data there), or ``None``.
        """
        blocks: list[Block] = []
        for basis in c.basis.all():
            blocks += text_blocks(basis.text)
        blocks += text_blocks(c.preamble)
        for node in _outline(c):
            blocks += self._section(c, node, 0, override)
        blocks += text_blocks(c.closing)
        return blocks

    def section_head(self, s: PlanSection, depth: int, body: str) -> list[Block]:
        """A section's number, title and ``body`` as the plan prints them."""
        number, title = s.number.strip(), s.title.strip()
        if s.inline_title and title:
            prefix = [Run(f"{number} "), Run(title, bold=True)] if number else [Run(title, True)]
            return _prefixed(prefix, body)
        if title:
            heading = f"{number} {title}".strip()
            head = Heading([Run(heading.upper() if depth == 0 else heading)], depth + 1)
            return [head, *text_blocks(body)]
        if number:
            return _prefixed([Run(number)], body)
        return text_blocks(body)

    def _section(
        self,
        c: Campaign,
        node: dict[str, Any],
        depth: int,
        override: SectionOverride | None = None,
    ) -> list[Block]:
        s: PlanSection = node["section"]
        if override is not None:
            replaced = override(s, depth)
            if replaced is not None:
                return replaced
        out = self.section_head(s, depth, s.body)
        out += self._rows(c, s)
        for child in node["children"]:
            out += self._section(c, child, depth + 1, override)
        return out

    def _rows(self, c: Campaign, s: PlanSection) -> list[Block]:
        out: list[Block] = []
        if s.kind == "phases":
            for p in c.phases.all():
                start, end = short_date(p.start_date), short_date(p.end_date)
                line = [Run(f"{p.name}: Từ ngày {start} đến ngày {end}")]
                if p.dedication:
                    line += [Run(" “"), Run(p.dedication.strip().strip('“”"'), italic=True)]
                    line += [Run("”.")]
                else:
                    line += [Run(".")]
                out.append(Bullet(line))
        elif s.kind == "theme" and c.theme:
            out.append(Paragraph([Run(f"“{c.theme.strip().strip('“”')}”.")]))
        elif s.kind == "contents":
            for item in c.contents.all():
                prefix = [Run(item.number)] if item.number else []
                text = f"{item.title}: {item.text}" if item.title else item.text
                out += _prefixed(prefix, text) if prefix else text_blocks(text)
                for ind in item.indicators.all():
                    if not _target_written(ind, item.text):
                        out.append(Bullet([Run(f"{ind.name}: {ind.target_display}.")], "+"))
        elif s.kind == "assignments":
            for a in c.assignments.all():
                prefix = [Run(a.number)] if a.number else []
                if a.title:
                    prefix += [Run(" " if prefix else ""), Run(a.title, bold=True)]
                out += _prefixed([r for r in prefix if r.text], a.text)
                if a.deadline and short_date(a.deadline) not in a.text:
                    extra = f"Thời hạn: {short_date(a.deadline)}"
                    if a.deliverable:
                        extra += f" ({a.deliverable})"
                    out.append(Bullet([Run(f"{extra}.")]))
        elif s.kind == "awards":
            out += text_blocks(c.award_text)
        return out


register(PlanKind)
