from decimal import Decimal

import pytest

from campaigns.models import Indicator

from .seedplan import make_seed_001


@pytest.fixture
def plan(tree):  # type: ignore[no-untyped-def]
    """Seed 001 (591/KH-UBND) issued by the test tree's UBND tỉnh."""
    tree.ubnd.header_name = "ỦY BAN NHÂN DÂN TỈNH ĐĂK NÔNG"
    tree.ubnd.save()
    return make_seed_001(tree.ubnd)


@pytest.fixture
def long_list_plan(plan):  # type: ignore[no-untyped-def]
    """The plan with 60 indicators, so the list runs over several pages."""
    items = list(plan.contents.all())
    for n in range(60):
        Indicator.objects.create(
            campaign=plan,
            content_item=items[n % len(items)],
            code=f"L{n:02d}",
            name=f"Tỷ lệ tổ bảo vệ an ninh, trật tự thực hiện việc tốt số {n + 1}",
            kind="ratio",
            comparator="gte",
            target_value=Decimal(50 + n % 50),
            frequency="quarterly",
            aggregation="sum_ratio",
        )
    return plan
