"""The event document kinds build from the data (the PDF itself is the documents app's)."""

from documents.blocks import Table, block_text
from documents.registry import autodiscover, get_kind


def test_event_kinds_build(commune_event, invitation):
    autodiscover()
    doc = get_kind("event-invitation").build(invitation)
    text = " ".join(line for b in doc.blocks for line in block_text(b))
    assert doc.type_name == "GIẤY MỜI"
    assert "Phạm Văn Mời" in text and "Hội trường Công an phường" in text
    assert invitation.checkin_token in text
    programme = get_kind("event-programme").build(commune_event)
    table = next(b for b in programme.blocks if isinstance(b, Table))
    assert len(table.rows) == 6
    attendees = get_kind("event-attendees").build(commune_event)
    table = next(b for b in attendees.blocks if isinstance(b, Table))
    assert [r[1] for r in table.rows] == ["Phạm Văn Mời"]
