"""Standard programmes to start an event from (seed 000 and seed 002).

Data, not code: each template names the event kind, the default duration and the
programme items (part, title, performer) in order. Texts are Vietnamese as printed.
"""

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

CEREMONY = "ceremony"
FESTIVAL = "festival"

TEMPLATES: dict[str, dict[str, Any]] = {
    "launch": {
        "label": _("Launch ceremony (seed 000, 6 items)"),
        "kind": "launch",
        "duration_hours": Decimal(4),
        "banner_middle": "LỄ PHÁT ĐỘNG\nPHONG TRÀO THI ĐUA",
        "items": [
            (CEREMONY, "Chào cờ, tuyên bố lý do, giới thiệu đại biểu", "Công an tỉnh thực hiện"),
            (CEREMONY, "Phát biểu khai mạc", "Lãnh đạo Ủy ban nhân dân tỉnh"),
            (
                CEREMONY,
                "Thông qua Kế hoạch phát động phong trào thi đua",
                "Lãnh đạo Công an tỉnh",
            ),
            (CEREMONY, "Phát biểu hưởng ứng phong trào thi đua", "Đại diện các đơn vị"),
            (CEREMONY, "Phát biểu chỉ đạo của cấp trên", ""),
            (CEREMONY, "Đáp từ và phát động phong trào thi đua", ""),
        ],
    },
    "festival": {
        "label": _("Ngày hội toàn dân bảo vệ ANTQ (seed 002)"),
        "kind": "festival",
        "duration_hours": Decimal(4),
        "banner_middle": "NGÀY HỘI\nTOÀN DÂN BẢO VỆ AN NINH TỔ QUỐC NĂM {year}",
        "items": [
            (CEREMONY, "Lễ chào cờ", ""),
            (CEREMONY, "Tuyên bố lý do, giới thiệu đại biểu", ""),
            (
                CEREMONY,
                "Diễn văn kỷ niệm ôn lại vị trí, ý nghĩa, tầm quan trọng, kết quả phong trào "
                "toàn dân bảo vệ ANTQ thời gian qua và phương hướng, nhiệm vụ trong thời gian tới",
                "",
            ),
            (CEREMONY, "Thảo luận, trao đổi kinh nghiệm xây dựng phong trào", ""),
            (CEREMONY, "Công bố quyết định và trao thưởng (nếu có)", ""),
            (CEREMONY, "Đại biểu cấp trên phát biểu", ""),
            (
                CEREMONY,
                "Phát biểu đáp từ của người đứng đầu đơn vị tổ chức Ngày hội",
                "",
            ),
            (
                CEREMONY,
                "Tổ chức ra mắt mô hình hoặc ký kết giao ước thi đua (nếu có)",
                "",
            ),
            (CEREMONY, "Tuyên bố kết thúc phần lễ", ""),
            (
                FESTIVAL,
                "Hội thi, hoạt động văn hóa, văn nghệ, thể dục, thể thao, giao lưu có chủ đề "
                "vận động toàn dân tham gia bảo vệ ANTQ",
                "",
            ),
            (FESTIVAL, "Các hoạt động \u201cDân vận khéo\u201d", ""),
            (FESTIVAL, "Hội nghị \u201cCông an lắng nghe ý kiến Nhân dân\u201d", ""),
        ],
    },
}


def template_choices() -> list[tuple[str, Any]]:
    return [("", _("Empty programme"))] + [(key, t["label"]) for key, t in TEMPLATES.items()]
