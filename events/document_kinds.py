"""Printed documents of an event, registered with the documents framework.

- ``event-invitation``: GIẤY MỜI (Decree 30, template 1.7) for one invitee, with the
  check-in QR code (drawn here, embedded as an in-memory image) and the RSVP link;
- ``event-programme``: CHƯƠNG TRÌNH of an event;
- ``event-attendees``: DANH SÁCH of the invitees in protocol order with their answer
  and check-in;
- ``event-plan``: the KẾ HOẠCH organising the event (its ``plan``), with the event's
  own data where it belongs (time, venue, invitee groups, programme, tasks, dress
  code) and the banner (tiêu đề, khánh tiết) on a page of its own at the end.

``print_document <kind> <event or invitation id>`` prints them;
``print_document event-plan 592/KH-UBND`` finds the event by its plan's number.
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, ContentItem, Indicator, PlanSection
from core.text import fold
from documents.blocks import (
    Banner,
    Block,
    Bullet,
    Document,
    Header,
    Heading,
    Image,
    Paragraph,
    Run,
    Signature,
    Table,
    end_with_mark,
    short_date,
)
from documents.kinds.plan import PlanKind, campaign_header, campaign_signature, lookup_campaign
from documents.registry import DocumentKind, register

from .models import Event, EventKind, EventTask, Invitation, InviteeGroup, ProgrammeItem
from .qr import qr_png
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


WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")


def _when(event: Event) -> str:
    """ "07 giờ 30 phút, thứ Sáu, ngày 27/9/2024"."""
    start = timezone.localtime(event.starts_at)
    day = short_date(start.date())
    return f"{start:%H} giờ {start:%M} phút, {WEEKDAYS[start.weekday()]}, ngày {day}"


def site_url(path: str, base: str | None = None) -> str:
    """An absolute link on the public address of the portal (``SITE_URL``)."""
    return (base or settings.SITE_URL).rstrip("/") + path


def rsvp_url(inv: Invitation, base: str | None = None) -> str:
    return site_url(reverse("events:rsvp", args=[inv.rsvp_token]), base)


def checkin_url(inv: Invitation, base: str | None = None) -> str:
    """What the QR code holds: the check-in page of the event with this invitation's token."""
    path = reverse("events:checkin", args=[inv.event_id]) + f"?t={inv.checkin_token}"
    return site_url(path, base)


def _signer(event: Event, options: dict[str, Any]) -> tuple[list[str], str]:
    """Who signs: the options, else the signer of the plan organising the event."""
    if options.get("authority") or options.get("signer"):
        authority = str(options.get("authority") or "")
        return [line for line in authority.splitlines() if line.strip()], str(
            options.get("signer") or ""
        )
    if event.plan_id:
        return event.plan.signer_lines, event.plan.signer_name
    return [], ""


def _rsvp_day(event: Event) -> str:
    day = event.rsvp_deadline
    return f"{day:%d/%m/%Y}" if day else ""


class EventInvitationKind(DocumentKind):
    name = "event-invitation"
    label = _("Event invitation letter (GIẤY MỜI)")
    model = Invitation
    template = BASE_TEMPLATE

    def queryset_for(self, user: Any) -> QuerySet[Invitation]:
        return self.prepare(Invitation.objects.filter(event__in=event_qs_for(user)))

    def prepare(self, qs: QuerySet) -> QuerySet:
        return qs.select_related("event__organiser__parent", "event__unit", "event__plan", "group")

    def lookup(self, reference: str, year: int | None = None) -> Invitation:
        if not reference.isdigit():
            raise ObjectDoesNotExist(reference)
        return self.prepare(Invitation.objects.all()).get(pk=int(reference))

    def back_link(self, obj: Invitation) -> tuple[str, str]:
        return obj.event.title, reverse("events:event_detail", args=[obj.event_id])

    def build(self, obj: Invitation, **options: Any) -> Document:
        event = obj.event
        base = options.get("site_url") or None
        role = ", ".join(x for x in (obj.position, obj.organisation_name) if x)
        blocks: list[Block] = [
            Paragraph([Run(f"{event.organiser.name} trân trọng kính mời:")]),
            Paragraph([Run(f"Đồng chí {obj.full_name}", bold=True)], align="center"),
        ]
        if role:
            blocks.append(Paragraph([Run(role)], align="center"))
        blocks += [
            Paragraph([Run("Tới dự: ", bold=True), Run(f"{event.title}.")]),
            Paragraph([Run("Thời gian: ", bold=True), Run(f"{_when(event)}.")]),
            Paragraph([Run("Địa điểm: ", bold=True), Run(f"{event.venue}.")]),
        ]
        if event.dress_code:
            blocks.append(Paragraph([Run("Trang phục: ", bold=True), Run(event.dress_code)]))
        link = rsvp_url(obj, base)
        blocks.append(
            Image(
                qr_png(checkin_url(obj, base)),
                width_mm=32,
                alt="QR",
                beside=[
                    [Run("Mã QR điểm danh", bold=True)],
                    [Run("Xin mang theo giấy mời này; mã QR được quét tại cửa để điểm danh.")],
                    [Run("Mã điểm danh: ", bold=True), Run(obj.checkin_token, italic=True)],
                    [
                        Run(f"Xác nhận tham dự trước ngày {_rsvp_day(event)}: ", bold=True),
                        Run(link),
                    ],
                ],
            )
        )
        blocks.append(Paragraph([Run("Rất mong được đón tiếp.")]))
        end_with_mark(blocks)
        authority, signer = _signer(event, options)
        blocks.append(
            Signature(authority=authority, name=signer, recipients=["Như trên"], archive="VT")
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


# --- the event plan (KẾ HOẠCH tổ chức …) -------------------------------------------

EVENT_NOUN = {
    EventKind.LAUNCH: "Lễ phát động",
    EventKind.FESTIVAL: "Ngày hội",
    EventKind.REVIEW: "Hội nghị",
}


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", ":", ";")) else f"{text}."


def _group_bullet(g: InviteeGroup) -> Bullet:
    desc = g.description.strip().rstrip(".;")
    if g.convening_note:
        note = g.convening_note.strip().strip("()")
        return Bullet([Run(f"{desc} ("), Run(note, italic=True), Run(").")])
    return Bullet([Run(f"{desc}.")])


def _programme_bullet(item: ProgrammeItem) -> Bullet:
    title = item.title.strip().rstrip(".;:")
    performer = item.performer_label.strip().rstrip(".;")
    time = f"{item.planned_time:%H:%M}: " if item.planned_time else ""
    return Bullet([Run(f"{time}{title}: {performer}." if performer else f"{time}{title}.")])


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _task_bullets(tasks: list[EventTask]) -> list[Block]:
    """The phân công nhiệm vụ as plans write it, one bullet per assignee in a row.

    "Giao X chủ trì, phối hợp với Y: task. task." when the assignee line names who
    leads and who helps; "Giao X task." for a unit alone; "Các đơn vị … task." for an
    assignee that is not one unit (no "Giao").
    """
    out: list[Block] = []
    run: list[EventTask] = []
    for t in [*tasks, None]:
        if run and (t is None or t.assignee_label.strip() != run[0].assignee_label.strip()):
            first = run[0]
            who = first.assignee_label.strip().rstrip(":;,")
            lead = f"Giao {who}" if first.assignee_id else who
            body = " ".join(_sentence(x.text) for x in run)
            if not lead:
                text = body
            elif "chủ trì" in who or "phối hợp" in who:
                text = f"{lead}: {body}"
            else:
                text = f"{lead} {_lower_first(body)}"
            out.append(Bullet([Run(text)]))
            run = []
        if t is not None:
            run.append(t)
    return out


class EventPlanKind(DocumentKind):
    """KẾ HOẠCH tổ chức of an event: its plan's text with the event's data in place.

    The event's ``plan`` (a campaign, e.g. 592/KH-UBND) gives the header, the outline,
    the closing, "Nơi nhận" and the signer; the sections about the time, the venue,
    the invitees (thành phần), the programme and the assignments print the event's
    rows instead of the plan's frozen text, so the document follows the data. The
    banner page comes last. An event without a plan prints the same sections alone.
    """

    name = "event-plan"
    label = _("Event plan with its banner page (KẾ HOẠCH)")
    model = Event
    template = BASE_TEMPLATE

    def queryset_for(self, user: Any) -> QuerySet[Event]:
        return self.prepare(event_qs_for(user))

    def prepare(self, qs: QuerySet) -> QuerySet:
        return qs.select_related("organiser__parent", "unit", "plan__issuer").prefetch_related(
            Prefetch("programme", queryset=ProgrammeItem.objects.order_by("order", "pk")),
            Prefetch(
                "groups",
                queryset=InviteeGroup.objects.order_by("protocol_rank", "order", "pk"),
            ),
            Prefetch(
                "tasks", queryset=EventTask.objects.select_related("assignee").order_by("order")
            ),
            "plan__basis",
            Prefetch("plan__sections", queryset=PlanSection.objects.order_by("order", "pk")),
            "plan__phases",
            Prefetch(
                "plan__contents",
                queryset=ContentItem.objects.prefetch_related(
                    Prefetch("indicators", queryset=Indicator.objects.order_by("order", "pk"))
                ),
            ),
            "plan__assignments",
            "plan__recipients",
        )

    def lookup(self, reference: str, year: int | None = None) -> Event:
        """An event id, or its plan's number: "592/KH-UBND" (``year`` narrows it)."""
        events = self.prepare(Event.objects.all())
        if reference.strip().isdigit():
            return events.get(pk=int(reference))
        plan = lookup_campaign(Campaign.objects.all(), reference, year)
        event = events.filter(plan=plan).order_by("pk").first()
        if event is None:
            raise ObjectDoesNotExist(reference)
        return event

    def revision(self, obj: Event) -> int:
        return obj.plan.revision if obj.plan_id else 1

    def build(self, obj: Event, **options: Any) -> Document:
        e = obj
        c: Campaign | None = e.plan
        plan_kind = PlanKind()
        if c is not None:
            blocks = plan_kind.plan_blocks(c, lambda s, depth: self._section(e, s, depth))
            header = campaign_header(c)
            summary = c.title
            signature = campaign_signature(c)
            filename = f"ke-hoach-{c.reference.strip('/').replace('/', '-')}-su-kien-{e.pk}"
        else:
            blocks = self._sections_alone(e)
            header = _header(e, f"KH-{e.organiser.doc_code}".rstrip("-"))
            summary = f"Tổ chức {e.title}"
            signature = Signature(authority=[], name="", recipients=[], archive="VT")
            filename = f"ke-hoach-su-kien-{e.pk}"
        end_with_mark(blocks)
        blocks.append(signature)
        if e.banner_lines or e.banner_top:
            blocks.append(
                Banner(
                    lines=e.banner_lines,
                    top=e.banner_top.strip(),
                    bottom=e.banner_bottom.strip(),
                    note="Tiêu đề khánh tiết",
                )
            )
        return Document(
            kind=self.name,
            type_name="KẾ HOẠCH",
            header=header,
            summary=summary,
            blocks=blocks,
            filename=filename,
        )

    # The sections the event's data fills, found by their titles (folded).
    def _section(self, e: Event, s: PlanSection, depth: int) -> list[Block] | None:
        key = fold(s.title).strip(" :.")
        head = PlanKind().section_head
        if key == "thoi gian":
            return head(s, depth, _sentence(self._time_text(e)))
        if key == "dia diem" and e.venue:
            return head(s, depth, e.venue)
        if key == "thanh phan":
            return head(s, depth, self._attendance_text(e)) + self._invitees(e)
        if key == "chuong trinh" and e.programme.all():
            return head(s, depth, "") + [_programme_bullet(i) for i in e.programme.all()]
        if (key == "phan cong nhiem vu" or s.kind == "assignments") and e.tasks.all():
            return head(s, depth, "") + self._tasks(e)
        return None

    def _sections_alone(self, e: Event) -> list[Block]:
        blocks: list[Block] = [
            Heading([Run("I. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN")], 1),
            Paragraph([Run("1. "), Run("Thời gian:", bold=True), Run(" " + self._time_text(e))]),
            Paragraph([Run("2. "), Run("Địa điểm:", bold=True), Run(" " + e.venue)]),
            Paragraph(
                [Run("3. "), Run("Thành phần:", bold=True), Run(" " + self._attendance_text(e))]
            ),
            *self._invitees(e),
        ]
        if e.programme.all():
            blocks.append(Heading([Run("II. CHƯƠNG TRÌNH")], 1))
            blocks += [_programme_bullet(i) for i in e.programme.all()]
        if e.tasks.all() or e.dress_code:
            blocks.append(Heading([Run("III. PHÂN CÔNG NHIỆM VỤ")], 1))
            blocks += self._tasks(e)
        return blocks

    def _time_text(self, e: Event) -> str:
        return e.time_note.strip() or _when(e)

    def _attendance_text(self, e: Event) -> str:
        return f"Dự kiến {e.expected_attendance} người." if e.expected_attendance else ""

    def _invitees(self, e: Event) -> list[Block]:
        out: list[Block] = [_group_bullet(g) for g in e.groups.all()]
        if e.press_invited:
            noun = EVENT_NOUN.get(e.kind, "sự kiện")
            out.append(
                Paragraph(
                    [
                        Run(
                            "* Mời các cơ quan báo chí trên địa bàn tỉnh tham dự và đưa tin "
                            f"tuyên truyền {noun}."
                        )
                    ]
                )
            )
        return out

    def _tasks(self, e: Event) -> list[Block]:
        out = _task_bullets(list(e.tasks.all()))
        if e.dress_code:
            out.append(Paragraph([Run(_sentence(e.dress_code))]))
        return out


register(EventInvitationKind)
register(EventProgrammeKind)
register(EventAttendeesKind)
register(EventPlanKind)
