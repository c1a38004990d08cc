"""factory_boy factories for the campaign rows (units and users come from conftest)."""

from datetime import date
from decimal import Decimal

import factory

from campaigns.models import (
    Campaign,
    CampaignKind,
    Comparator,
    Frequency,
    Indicator,
    IndicatorKind,
    Phase,
    Recipient,
)


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    kind = CampaignKind.THEMATIC
    place = "Thử Nghiệm"
    title = factory.Sequence(lambda n: f"Phát động phong trào thi đua số {n}")
    start_date = date(2024, 8, 19)
    end_date = date(2025, 8, 19)
    signer_authority = "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"
    signer_name = "Lê Văn Chiến"


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase

    name = factory.Sequence(lambda n: f"Đợt {n + 1}")
    start_date = date(2024, 8, 19)
    end_date = date(2025, 2, 3)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    code = factory.Sequence(lambda n: f"CT{n}")
    name = "Tỷ lệ nguồn tin do Nhân dân cung cấp"
    kind = IndicatorKind.RATIO
    comparator = Comparator.GTE
    target_value = Decimal(80)
    frequency = Frequency.MONTHLY
    aggregation = "sum_ratio"


class RecipientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recipient

    text = "Công an tỉnh"
