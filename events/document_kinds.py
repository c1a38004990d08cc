"""Printed documents of an event, registered with the documents framework.

- ``event-invitation``: GIẤY MỜI (Decree 30, template 1.7) for one invitee;
- ``event-programme``: CHƯƠNG TRÌNH of an event;
- ``event-attendees``: DANH SÁCH of the invitees in protocol order with their answer
  and check-in.

``print_document <kind> <event or invitation id>`` prints them. The event plan with
its banner page (seed 000 printed again) is not here yet.
"""

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents.blocks import Document, Header, Paragraph, Run, Signature, Table, end_with_mark
from documents.registry import DocumentKind, register

from .models import Event, Invitation, ProgrammeItem
from .selectors import event_qs_for

BASE_TEMPLATE = "documents/base_document.html"


def _header(event: Event, symbol: str) -> Header:
    org = event.organiser
    return Header(
        organ=org.header_name or org.name,
        parent_organ=org.parent.header_title if org.parent_id else "",
        symbol=symbol,
        place=event.unit.name,
        year=timezone.localtime(event.starts_at).year,
    )


def _when(event: Event) -> str:
    start = timezone.localtime(event.starts_at)
    return f"{start:%H} giờ {start:%M}, ngày {start:%d/%m/%Y}"


class EventInvitationKind(DocumentKind):
    name = "event-invitation"
    label = _("Event invitation letter (GIẤY MỜI)")
    model = Invitation
    template = BASE_TEMPLATE

    def queryset_for(self, user: Any) -> QuerySet[Invitation]:
        return self.prepare(Invitation.objects.filter(event__in=event_qs_for(user)))

    def prepare(self, qs: QuerySet) -> QuerySet:
        return qs.select_related("event__organiser__parent", "event__unit", "group")

    def lookup(self, reference: str, year: int | None = None) -> Invitation:
        if not reference.isdigit():
            raise ObjectDoesNotExist(reference)
        return self.prepare(Invitation.objects.all()).get(pk=int(reference))

    def build(self, obj: Invitation, **options: Any) -> Document:
        event = obj.event
        who = obj.full_name
        if obj.position or obj.organisation_name:
            who += " – " + ", ".join(x for x in (obj.position, obj.organisation_name) if x)
        blocks = [
            Paragraph([Run(f"{event.organiser.name} trân trọng kính mời:")]),
            Paragraph([Run(who, bold=True)], align="center"),
            Paragraph([Run("Tới dự: ", bold=True), Run(f"{event.title}.")]),
            Paragraph([Run("Thời gian: ", bold=True), Run(f"{_when(event)}.")]),
            Paragraph([Run("Địa điểm: ", bold=True), Run(f"{event.venue}.")]),
        ]
        if event.dress_code:
            blocks.append(Paragraph([Run("Trang phục: ", bold=True), Run(event.dress_code)]))
        blocks.append(
            Paragraph([Run("Mã điểm danh: ", bold=True), Run(obj.checkin_token, italic=True)])
        )
        blocks.append(Paragraph([Run("Rất mong được đón tiếp.")]))
        end_with_mark(blocks)
        blocks.append(
            Signature(
                authority=[str(options.get("authority") or "")] if options.get("authority") else [],
                name=str(options.get("signer") or ""),
                recipients=["Như trên"],
                archive="VT",
            )
        )
        return Document(
            kind=self.name,
            type_name="GIẤY MỜI",
            header=_header(event, f"GM-{event.organiser.doc_code}".rstrip("-")),
            summary=f"Dự {event.title}",
            blocks=blocks,
            filename=f"giay-moi-{event.pk}-{obj.pk}",
        )


class EventProgrammeKind(DocumentKind):
    name = "event-programme"
    label = _("Event programme (CHƯƠNG TRÌNH)")
    model = Event
    template = BASE_TEMPLATE

    def queryset_for(self, user: Any) -> QuerySet[Event]:
        return self.prepare(event_qs_for(user))

    def prepare(self, qs: QuerySet) -> QuerySet:
        return qs.select_related("organiser__parent", "unit").prefetch_related(
            Prefetch("programme", queryset=ProgrammeItem.objects.order_by("order", "pk"))
        )

    def lookup(self, reference: str, year: int | None = None) -> Event:
        if not reference.isdigit():
            raise ObjectDoesNotExist(reference)
        return self.prepare(Event.objects.all()).get(pk=int(reference))

    def build(self, obj: Event, **options: Any) -> Document:
        rows = []
        for i, item in enumerate(obj.programme.all(), start=1):
            time = item.planned_time.strftime("%H:%M") if item.planned_time else ""
            part = "Phần hội" if item.part == "festival" else "Phần lễ"
            rows.append([str(i), time, f"{item.title} ({part})", item.performer_label])
        return Document(
            kind=self.name,
            type_name="CHƯƠNG TRÌNH",
            header=_header(obj, f"CTr-{obj.organiser.doc_code}".rstrip("-")),
            summary=obj.title,
            summary_lines=[f"{_when(obj)} – {obj.venue}"],
            blocks=[
                Table(
                    header=["STT", "Thời gian", "Nội dung", "Thực hiện"],
                    rows=rows,
                    widths=[8, 12, 50, 30],
                    align=["center", "center", "left", "left"],
                )
            ],
            end_mark=False,
            filename=f"chuong-trinh-{obj.pk}",
        )


class EventAttendeesKind(DocumentKind):
    name = "event-attendees"
    label = _("Attendee list with check-in (DANH SÁCH)")
    model = Event
    template = BASE_TEMPLATE

    def queryset_for(self, user: Any) -> QuerySet[Event]:
        return self.prepare(event_qs_for(user))

    def prepare(self, qs: QuerySet) -> QuerySet:
        return qs.select_related("organiser__parent", "unit")

    def lookup(self, reference: str, year: int | None = None) -> Event:
        if not reference.isdigit():
            raise ObjectDoesNotExist(reference)
        return self.prepare(Event.objects.all()).get(pk=int(reference))

    def build(self, obj: Event, **options: Any) -> Document:
        from .selectors import invitation_qs_for

        answers = {"pending": "Chưa trả lời", "accepted": "Tham dự", "declined": "Không tham dự"}
        rows = []
        for i, inv in enumerate(invitation_qs_for(obj), start=1):
            attended = (
                timezone.localtime(inv.attended_at).strftime("%H:%M") if inv.attended_at else ""
            )
            rows.append(
                [
                    str(i),
                    inv.full_name,
                    ", ".join(x for x in (inv.position, inv.organisation_name) if x),
                    answers.get(inv.rsvp_status, ""),
                    attended,
                ]
            )
        return Document(
            kind=self.name,
            type_name="DANH SÁCH",
            header=_header(obj, ""),
            summary="Đại biểu dự " + obj.title,
            blocks=[
                Table(
                    header=["STT", "Họ và tên", "Chức vụ, đơn vị", "Trả lời", "Có mặt"],
                    rows=rows,
                    widths=[7, 25, 43, 13, 12],
                    align=["center", "left", "left", "center", "center"],
                )
            ],
            end_mark=False,
            filename=f"danh-sach-dai-bieu-{obj.pk}",
        )


register(EventInvitationKind)
register(EventProgrammeKind)
register(EventAttendeesKind)
