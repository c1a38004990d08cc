"""Reports fixtures: an issued campaign of the test province with three indicators.

The ``tree`` (tests/conftest.py) has province → district Sông Lam → communes An Bình
(insider) and Hòa Lạc (outsider); the campaign runs 19/8/2024–19/8/2025.
"""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from campaigns.models import CampaignStatus, Comparator
from reports import services
from tests.factories import CampaignFactory, IndicatorFactory, PhaseFactory


@pytest.fixture
def plan(tree):  # type: ignore[no-untyped-def]
    campaign = CampaignFactory(issuer=tree.ubnd, status=CampaignStatus.ISSUED)
    PhaseFactory(
        campaign=campaign, name="Đợt 1", start_date=date(2024, 8, 19), end_date=date(2025, 2, 3)
    )
    PhaseFactory(
        campaign=campaign, name="Đợt 2", start_date=date(2025, 2, 4), end_date=date(2025, 8, 19)
    )
    ratio = IndicatorFactory(
        campaign=campaign,
        code="R",
        order=1,
        name="Tỷ lệ nguồn tin do Nhân dân cung cấp",
        comparator=Comparator.GTE,
        target_value=Decimal(80),
        applies_to=["commune"],
    )
    count = IndicatorFactory(
        campaign=campaign,
        code="C",
        order=2,
        name="Mô hình hiệu quả",
        kind="count",
        comparator=Comparator.GTE,
        target_value=Decimal(1),
        aggregation="share_meeting",
        applies_to=["commune"],
    )
    yes = IndicatorFactory(
        campaign=campaign,
        code="B",
        order=3,
        name="Huy động lực lượng tham gia tuần tra",
        kind="boolean",
        comparator=Comparator.EQ,
        target_value=Decimal(1),
        aggregation="all",
        applies_to=["commune"],
    )
    services.expected_reports_generate(campaign)
    return SimpleNamespace(campaign=campaign, ratio=ratio, count=count, yes=yes)
