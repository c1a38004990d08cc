"""Event fixtures on the shared ``tree``: a commune event (An Bình) and a provincial one."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from events import services
from events.models import InviteeGroup, ProtocolRank

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
START = datetime(2030, 9, 27, 7, 30, tzinfo=TZ)


@pytest.fixture
def commune_event(tree):  # type: ignore[no-untyped-def]
    return services.event_create_from_template(
        "launch",
        organiser=tree.police,
        title="Lễ phát động phong trào thi đua phường An Bình",
        starts_at=START,
        venue="Hội trường Công an phường",
        expected_attendance=50,
    )


@pytest.fixture
def group(commune_event):  # type: ignore[no-untyped-def]
    return InviteeGroup.objects.create(
        event=commune_event,
        description="Trưởng Công an các xã, phường, thị trấn",
        convening_note="do Công an tỉnh triệu tập",
        expected_count=2,
        protocol_rank=ProtocolRank.COMMUNE,
    )


@pytest.fixture
def invitation(group):  # type: ignore[no-untyped-def]
    return services.invitation_add(group, full_name="Phạm Văn Mời", position="Trưởng thôn")


@pytest.fixture
def invitation2(group):  # type: ignore[no-untyped-def]
    return services.invitation_add(group, full_name="Lê Thị Hai", position="Tổ trưởng")
