"""Demo events: seed 000's launch ceremony and seed 002's Ngày hội roll-out.

Idempotent: rows are found by stable lookups and saved only when a value changed;
random tokens are made only for invitations that do not exist yet.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from core.demo import upsert
from orgunits.models import Organisation
from people.models import PositionRank

from . import services
from .models import (
    Event,
    EventKind,
    EventStatus,
    EventTask,
    InviteeGroup,
    PointCategory,
    ProgrammeItem,
    ProtocolRank,
    Registration,
    RolloutPlan,
)

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def at(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=TZ)


# --- seed 000 -------------------------------------------------------------------------

CEREMONY_TITLE = (
    "Lễ phát động thực hiện phong trào thi đua đặc biệt trong lực lượng tham gia bảo vệ "
    "an ninh, trật tự ở cơ sở trên địa bàn tỉnh Đăk Nông"
)
CEREMONY_PROGRAMME = [
    ("Chào cờ, tuyên bố lý do, giới thiệu đại biểu", "Công an tỉnh thực hiện", "CAT-67"),
    ("Phát biểu khai mạc", "Lãnh đạo Ủy ban nhân dân tỉnh", "UBND-67"),
    (
        "Thông qua Kế hoạch phát động phong trào thi đua đặc biệt trong lực lượng tham gia "
        "bảo vệ an ninh, trật tự ở cơ sở trên địa bàn tỉnh",
        "Lãnh đạo Công an tỉnh",
        "CAT-67",
    ),
    (
        "Phát biểu hưởng ứng phong trào thi đua đặc biệt",
        "Đại diện Lãnh đạo UBND thành phố Gia Nghĩa và đại diện Tổ bảo vệ an ninh, trật tự "
        "trên địa bàn thành phố Gia Nghĩa",
        "UBND-660",
    ),
    ("Phát biểu chỉ đạo của cấp trên", "", None),
    ("Đáp từ và phát động phong trào thi đua đặc biệt", "", None),
]
# description, convening note, convening organisation code, expected, rank, kinds, min rank,
# position filter
CEREMONY_GROUPS: list[tuple[str, str, str | None, int, int, str, int, str]] = [
    (
        "Đại diện Thường trực Tỉnh ủy",
        "",
        "TU-67",
        3,
        ProtocolRank.PROVINCIAL_PARTY,
        "party",
        PositionRank.DEPUTY_HEAD_AGENCY,
        "",
    ),
    (
        "Đại diện Ủy ban nhân dân tỉnh: Chủ trì Lễ phát động",
        "",
        "UBND-67",
        3,
        ProtocolRank.PROVINCIAL_STATE,
        "ubnd",
        PositionRank.DEPUTY_HEAD_AGENCY,
        "",
    ),
    (
        "Đại diện Lãnh đạo các Sở, Ban, ngành, đoàn thể tỉnh",
        "",
        "UBND-67",
        45,
        ProtocolRank.PROVINCIAL_BODIES,
        "department,mass_org",
        PositionRank.DEPUTY_HEAD_AGENCY,
        "",
    ),
    (
        "Đại diện Lãnh đạo Ủy ban nhân dân các huyện, thành phố",
        "",
        "UBND-67",
        16,
        ProtocolRank.DISTRICT,
        "ubnd",
        PositionRank.DEPUTY_HEAD_AGENCY,
        "",
    ),
    (
        "Thủ trưởng Công an các đơn vị, địa phương",
        "do Công an tỉnh triệu tập",
        "CAT-67",
        40,
        ProtocolRank.POLICE,
        "police_division,district_police",
        PositionRank.HEAD_DIVISION,
        "",
    ),
    (
        "Trưởng Công an các xã, phường, thị trấn",
        "do Công an tỉnh triệu tập",
        "CAT-67",
        71,
        ProtocolRank.COMMUNE,
        "commune_police",
        0,
        "Trưởng Công an",
    ),
    (
        "Đại diện 64 Tổ bảo vệ an ninh, trật tự trên địa bàn thành phố Gia Nghĩa",
        # UBND thành phố Gia Nghĩa makes the list and invites them (a task, section IV).
        "",
        "UBND-660",
        64,
        ProtocolRank.GRASSROOTS,
        "security_team",
        0,
        "Tổ trưởng",
    ),
]
CEREMONY_TASKS: list[tuple[str | None, str, str]] = [
    (
        "CAT-67",
        "Công an tỉnh chủ trì, phối hợp với Văn phòng Ủy ban nhân dân tỉnh",
        "Tham mưu phát hành giấy mời đại biểu và các cơ quan báo chí trên địa bàn tỉnh.",
    ),
    (
        "CAT-67",
        "Công an tỉnh chủ trì, phối hợp với Văn phòng Ủy ban nhân dân tỉnh",
        "Chuẩn bị phát biểu khai mạc, bài phát động phong trào thi đua đặc biệt của lãnh đạo "
        "UBND tỉnh và bài phát biểu của Thường trực Tỉnh ủy.",
    ),
    (
        "CAT-67",
        "Công an tỉnh chủ trì, phối hợp với Văn phòng Ủy ban nhân dân tỉnh",
        "Chuẩn bị nội dung, tài liệu, hội trường, dự trù kinh phí và các điều kiện cần thiết "
        "phục vụ Lễ phát động, trang trí khánh tiết với tiêu đề.",
    ),
    (
        "CAT-67",
        "Công an tỉnh chủ trì, phối hợp với Sở Tài chính",
        "Tham mưu UBND tỉnh bố trí kinh phí tổ chức Lễ phát động.",
    ),
    (
        "UBND-660",
        "",
        "Lập danh sách và mời đại diện 64 Tổ bảo vệ an ninh, trật tự ở cơ sở tham gia Lễ "
        "phát động.",
    ),
    (
        None,
        "Các đơn vị, địa phương",
        "Cử đại biểu tham dự Lễ phát động đúng thời gian, thành phần.",
    ),
]
DRESS_CODE = (
    "Đại biểu mặc trang phục lịch sự, đại biểu lực lượng tham gia bảo vệ an ninh, trật tự ở "
    "cơ sở mặc trang phục của lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở; đại biểu "
    "Công an mặc trang phục xuân hè đúng điều lệnh."
)


def _ceremony(ctx: dict[str, Any]) -> Event:
    o = Organisation.objects.get
    campaigns = ctx.get("campaigns") or {}
    organiser = o(code="UBND-67")
    values: dict[str, Any] = {
        "kind": EventKind.LAUNCH,
        "host": o(code="CAT-67"),
        "campaign": campaigns.get("seed001"),
        "plan": campaigns.get("seed000"),
        "starts_at": at(2024, 9, 27, 7, 30),
        "duration_hours": Decimal(4),
        "time_note": "Dự kiến tổ chức ½ ngày trong tháng 9/2024 (có giấy mời sau).",
        "venue": "Hội trường Công an tỉnh",
        "expected_attendance": 250,
        "banner_top": "ỦY BAN NHÂN DÂN TỈNH ĐẮK NÔNG",
        "banner_middle": "LỄ PHÁT ĐỘNG\nPHONG TRÀO THI ĐUA ĐẶC BIỆT TRONG LỰC LƯỢNG THAM GIA "
        "BẢO VỆ AN NINH, TRẬT TỰ Ở CƠ SỞ TRÊN ĐỊA BÀN TỈNH ĐẮK NÔNG",
        "banner_bottom": "Đắk Nông, ngày     tháng 9 năm 2024",
        "dress_code": DRESS_CODE,
        "press_invited": True,
        "budget_source": "Ngân sách tỉnh (Sở Tài chính tham mưu bố trí)",
    }
    event = upsert(Event, {"organiser": organiser, "title": CEREMONY_TITLE}, values)
    for i, (title, performer, org_code) in enumerate(CEREMONY_PROGRAMME, start=1):
        upsert(
            ProgrammeItem,
            {"event": event, "order": i},
            {
                "part": "ceremony",
                "title": title,
                "performer": performer,
                "performer_organisation": o(code=org_code) if org_code else None,
            },
        )
    for i, (desc, note, conv, expected, rank, kinds, min_rank, pos) in enumerate(
        CEREMONY_GROUPS, start=1
    ):
        group = upsert(
            InviteeGroup,
            {"event": event, "description": desc},
            {
                "order": i,
                "convening_note": note,
                "convening_organisation": o(code=conv) if conv else None,
                "expected_count": expected,
                "protocol_rank": rank,
                "match_kinds": kinds,
                "match_min_rank": min_rank,
                "match_position": pos,
            },
        )
        # Expansion skips people already invited, so a second run adds nothing.
        services.group_expand(group)
    for i, (org_code, assignee_text, text) in enumerate(CEREMONY_TASKS, start=1):
        upsert(
            EventTask,
            {"event": event, "order": i},
            {
                "assignee": o(code=org_code) if org_code else None,
                "assignee_text": assignee_text,
                "text": text,
                "deadline": date(2024, 9, 25),
            },
        )
    return event


# --- seed 002 -------------------------------------------------------------------------

ROLLOUT_TITLE = "Tổ chức \u201cNgày hội toàn dân bảo vệ an ninh Tổ quốc\u201d năm 2024"
SLOGANS = "\n".join(
    [
        "Bảo vệ Tổ quốc Việt Nam xã hội chủ nghĩa là sự nghiệp của toàn dân",
        "Công dân có nghĩa vụ tuân theo Hiến pháp và pháp luật; tham gia bảo vệ an ninh quốc "
        "gia, trật tự, an toàn xã hội và chấp hành những quy tắc sinh hoạt công cộng",
        "Tham gia phong trào toàn dân bảo vệ ANTQ là trách nhiệm và quyền lợi của toàn dân",
        "Nhiệt liệt chào mừng kỷ niệm 79 năm Ngày truyền thống Công an nhân dân Việt Nam và "
        "19 năm \u201cNgày hội toàn dân bảo vệ ANTQ\u201d",
        "Phát huy tinh thần yêu nước và chủ nghĩa anh hùng cách mạng, bảo vệ vững chắc nền "
        "ANTT của Tổ quốc",
    ]
)


def _rollout(ctx: dict[str, Any]) -> RolloutPlan:
    units = ctx["units"]
    campaigns = ctx.get("campaigns") or {}
    rollout = upsert(
        RolloutPlan,
        {"organiser": units["bg_bcd"], "title": ROLLOUT_TITLE},
        {
            "campaign": campaigns.get("seed002"),
            "unit": units["bg"],
            "kind": EventKind.FESTIVAL,
            "require_all_communes": True,
            "window_start": date(2024, 8, 1),
            "window_end": date(2024, 8, 19),
            "point_plan_deadline": date(2024, 4, 25),
            "plan_deadline": date(2024, 5, 10),
            "registration_deadline": date(2024, 5, 15),
            "report_deadline": date(2024, 8, 20),
            # Published when issued for signature: every commune then owes its registration
            # by 15/5 and its results by 20/8 (per-commune deadlines, see events.deadlines).
            "published_at": at(2024, 4, 20, 8),
        },
    )
    # The central point, the 13 provincial points and the 11 strengthening points (seed 002
    # sections 3.2-3.4 and its footnotes). A demo state: the provincial points registered on
    # time, some strengthening points late, the central point held and reported.
    n_strength = 0
    for n, (host, category) in enumerate(units["bg_points"]):
        values: dict[str, Any] = {"category": category}
        if category == PointCategory.CENTRAL:
            values.update(
                planned_date=date(2024, 8, 16),
                venue="Sân vận động xã Hợp Đức",
                registered_at=at(2024, 4, 24, 9),
                held_on=date(2024, 8, 16),
                attendance=600,
                result_text="Tổ chức thành công điểm Ngày hội cấp Trung ương; trao Bằng khen "
                "của Chủ tịch UBND tỉnh; ra mắt mô hình tự quản về an ninh, trật tự.",
                reported_at=at(2024, 8, 19, 16),
            )
        elif category == PointCategory.PROVINCIAL:
            values.update(
                planned_date=date(2024, 8, 1 + n % 15),
                venue=f"Hội trường {host.name}",
                registered_at=at(2024, 5, 14, 10),
            )
        else:
            n_strength += 1
            if n_strength <= 6:
                late = n_strength > 4
                values.update(
                    planned_date=date(2024, 8, 5 + n_strength),
                    venue=f"Nhà văn hóa {host.unit.name_in_text}",
                    registered_at=at(2024, 5, 20 if late else 15, 8),
                )
        upsert(Registration, {"rollout": rollout, "host": host}, values)
    return rollout


def _central_event(ctx: dict[str, Any], rollout: RolloutPlan) -> None:
    reg = (
        Registration.objects.filter(rollout=rollout, category=PointCategory.CENTRAL)
        .select_related("host", "unit")
        .first()
    )
    if reg is None:
        return
    organiser = Organisation.objects.filter(code=f"BCD-{reg.unit.code}").first() or reg.host
    title = "Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm 2024 – xã Hợp Đức (điểm Trung ương)"
    values: dict[str, Any] = {
        "kind": EventKind.FESTIVAL,
        "host": reg.host,
        "rollout": rollout,
        "campaign": (ctx.get("campaigns") or {}).get("seed002"),
        "starts_at": at(2024, 8, 16, 7, 30),
        "duration_hours": Decimal(4),
        "venue": "Sân vận động xã Hợp Đức, huyện Tân Yên",
        "expected_attendance": 600,
        "point_category": PointCategory.CENTRAL,
        "banner_top": "BAN CHỈ ĐẠO PHÒNG, CHỐNG TỘI PHẠM, TỆ NẠN XÃ HỘI VÀ XÂY DỰNG PHONG TRÀO "
        "TOÀN DÂN BẢO VỆ ANTQ XÃ HỢP ĐỨC",
        "banner_middle": "NGÀY HỘI\nTOÀN DÂN BẢO VỆ AN NINH TỔ QUỐC NĂM 2024",
        "banner_bottom": "Hợp Đức, ngày 16 tháng 8 năm 2024",
        "slogans": SLOGANS,
        "press_invited": True,
        "budget_source": "Ngân sách theo phân cấp hiện hành và nguồn kinh phí hợp pháp khác",
        "status": EventStatus.REPORTED,
    }
    event = Event.objects.filter(organiser=organiser, title=title).first()
    if event is None:
        event = services.event_create_from_template(
            "festival", organiser=organiser, title=title, **values
        )
    else:
        event = upsert(Event, {"pk": event.pk}, values)
    if reg.event_id != event.pk:
        reg.event = event
        reg.save(update_fields=["event"])


# --- deadlines around today (reminders in the demo) ------------------------------------

# Events placed relative to the day the demo is first loaded, so the reminders of tinh
# (Phòng PV05) and xa (Công an phường Nghĩa Đức) show every state: sent, scheduled and
# overdue. Created once: a later run keeps their dates (and so their reminders).
CONFERENCE_TITLE = "Hội nghị sơ kết phong trào thi đua đặc biệt trong lực lượng bảo vệ ANTT ở cơ sở"
WARD_EVENT_TITLE = "Hội nghị triển khai mô hình “Camera an ninh” phường Nghĩa Đức"


def _created_once(organiser: Organisation, title: str, **fields: Any) -> tuple[Event, bool]:
    event = Event.objects.filter(organiser=organiser, title=title).first()
    if event is not None:
        return event, False
    return services.event_create(organiser=organiser, title=title, **fields), True


def _task_once(event: Event, order: int, assignee: Organisation, text: str, due: date) -> None:
    if not EventTask.objects.filter(event=event, order=order).exists():
        EventTask.objects.create(
            event=event, order=order, assignee=assignee, assignee_text="", text=text, deadline=due
        )


def _upcoming(ctx: dict[str, Any]) -> None:
    o = Organisation.objects.filter
    pv05, ward_police = o(code="CAT-67-PV05").first(), o(code="CA-24611").first()
    if pv05 is None or ward_police is None:
        return
    today = timezone.localdate()
    start = today + timedelta(days=12)
    conference, new = _created_once(
        pv05,
        CONFERENCE_TITLE,
        kind=EventKind.REVIEW,
        campaign=(ctx.get("campaigns") or {}).get("seed001"),
        starts_at=at(start.year, start.month, start.day, 8),
        venue="Hội trường Công an tỉnh",
        rsvp_by=today + timedelta(days=5),
        expected_attendance=40,
    )
    if new:
        group = InviteeGroup.objects.create(
            event=conference,
            order=1,
            description="Trưởng Công an các phường, xã thành phố Gia Nghĩa",
            protocol_rank=ProtocolRank.POLICE,
            expected_count=8,
        )
        for name, position in [
            ("Nguyễn Văn Hùng", "Trưởng Công an phường Nghĩa Đức"),
            ("Phạm Thị Hoa", "Trưởng Công an phường Nghĩa Thành"),
            ("Lê Văn Dũng", "Trưởng Công an phường Nghĩa Phú"),
            ("Trần Minh Tuấn", "Trưởng Công an xã Đắk Nia"),
        ]:
            services.invitation_add(group, full_name=name, position=position)
        conference.invitations.update(sent_at=timezone.now())
        Event.objects.filter(pk=conference.pk).update(status=EventStatus.INVITATIONS_SENT)
        first = conference.invitations.order_by("pk").first()
        if first is not None:
            services.rsvp_answer(first.rsvp_token, "accepted", "")
    _task_once(conference, 1, pv05, "Dự thảo báo cáo sơ kết phong trào", today - timedelta(days=4))
    _task_once(conference, 2, pv05, "Chuẩn bị hội trường, khánh tiết", today + timedelta(days=8))
    start = today + timedelta(days=15)
    ward_event, _new = _created_once(
        ward_police,
        WARD_EVENT_TITLE,
        kind=EventKind.OTHER,
        starts_at=at(start.year, start.month, start.day, 14),
        venue="Hội trường Công an phường Nghĩa Đức",
        expected_attendance=60,
    )
    _task_once(
        ward_event,
        1,
        ward_police,
        "Rà soát, tổng hợp danh sách camera của hộ gia đình",
        today - timedelta(days=4),
    )
    _task_once(ward_event, 2, ward_police, "Chuẩn bị bài tham luận", today + timedelta(days=9))


def load(ctx: dict[str, Any]) -> None:
    ctx.setdefault("events", {})
    ctx["events"]["seed000"] = _ceremony(ctx)
    if "bg_points" in ctx.get("units", {}):
        rollout = _rollout(ctx)
        _central_event(ctx, rollout)
        ctx["events"]["seed002"] = rollout
    _upcoming(ctx)
