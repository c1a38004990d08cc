"""Decree 30/2020/NĐ-CP page set-up, shared by the print CSS and the DOCX writer."""

MARGIN_MM = (20, 15, 20, 30)  # top, right, bottom, left
BODY_PT = 14  # body, document type name, summary, signature block, page numbers
ORGAN_PT = 13  # parent organ (plain) and issuing organ (bold), capitals
NATION_PT = 12.5  # CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
MOTTO_PT = 13  # Độc lập - Tự do - Hạnh phúc
NUMBER_PT = 13  # Số: 591/KH-UBND
DATE_PT = 14  # place and date, italics
RECIPIENT_TITLE_PT = 12  # Nơi nhận:
RECIPIENT_PT = 11
TABLE_PT = 12
PAGE_NUMBER_PT = 13
FIRST_LINE_INDENT_CM = 1
PARAGRAPH_SPACING_PT = 6
