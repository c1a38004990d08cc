"""The intermediate content of a state document: one list of blocks for HTML and DOCX.

A kind builds a :class:`Document` (header, title, body blocks, signature) from its
source object; the HTML template and the DOCX writer both walk the same blocks, so the
two formats hold exactly the same text. Everything here is plain text: markup never
travels in a block, the template escapes every run, and the DOCX writer writes runs
as text.
"""

import hashlib
import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal

Align = Literal["justify", "center", "left", "right"]


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Block:
    type: str = field(init=False, default="")


@dataclass
class Heading(Block):
    """A heading line: level 1 "I. MỤC ĐÍCH, YÊU CẦU", level 2 "3. Chủ đề…", level 3 "a)"."""

    runs: list[Run]
    level: int = 1

    def __post_init__(self) -> None:
        self.type = "heading"


@dataclass
class Paragraph(Block):
    """Body text: justified with a first-line indent unless ``align``/``indent`` say otherwise."""

    runs: list[Run]
    align: Align = "justify"
    indent: bool = True
    size: float | None = None  # pt; None means the body size

    def __post_init__(self) -> None:
        self.type = "paragraph"

    @property
    def size_css(self) -> str:
        return f"{self.size:g}pt" if self.size else ""


@dataclass
class Bullet(Block):
    """A "-" or "+" line (the marker is printed as text, as officials type it)."""

    runs: list[Run]
    marker: str = "-"

    def __post_init__(self) -> None:
        self.type = "bullet"


@dataclass
class Table(Block):
    """A bordered table (danh sách); ``widths`` are percentages of the text width."""

    header: list[str]
    rows: list[list[str]]
    widths: list[float] = field(default_factory=list)
    align: list[Align] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.type = "table"

    @property
    def header_cells(self) -> list[tuple[str, str]]:
        """(text, CSS width) per column; the width as a plain string, never localised."""
        widths = [f"{w:g}%" for w in self.widths] + [""] * len(self.header)
        return list(zip(self.header, widths, strict=False))

    @property
    def body_rows(self) -> list[list[tuple[str, str]]]:
        aligns = list(self.align) + ["left"] * max(len(self.header) - len(self.align), 0)
        return [list(zip(row, aligns, strict=False)) for row in self.rows]


@dataclass
class Signature(Block):
    """The footer: "Nơi nhận:" with recipients on the left, the signer on the right."""

    authority: list[str]
    name: str
    recipients: list[str] = field(default_factory=list)
    archive: str = ""
    show_recipients: bool = True

    def __post_init__(self) -> None:
        self.type = "signature"

    @property
    def recipient_lines(self) -> list[str]:
        """Decree 30: "- X;" per recipient, the last line "- Lưu: VT, NC."."""
        lines = [f"- {r.strip().rstrip(';.').strip()};" for r in self.recipients if r.strip()]
        if self.archive:
            lines.append(f"- Lưu: {self.archive.strip().rstrip('.')}.")
        return lines


IMAGE_SCHEME = "thidua-image"  # URLs of in-memory images, served only by our URL fetcher
IMAGE_TYPES = {"image/png": b"\x89PNG\r\n\x1a\n", "image/jpeg": b"\xff\xd8\xff"}


@dataclass
class Image(Block):
    """A raster image we generated ourselves (a QR code), with optional text beside it.

    The bytes travel inside the block; the HTML template refers to them as
    ``thidua-image:<sha256>`` and the PDF's URL fetcher serves exactly the images of
    the document being rendered (nothing from the network or the file system). Only
    PNG and JPEG are accepted, checked by their magic bytes. ``beside`` lines print
    to the right of the image (a QR code with its explanation); ``caption`` under it.
    """

    data: bytes
    mime: str = "image/png"
    width_mm: float = 30
    align: Align = "left"
    caption: str = ""
    beside: list[list[Run]] = field(default_factory=list)
    alt: str = ""

    def __post_init__(self) -> None:
        self.type = "image"
        magic = IMAGE_TYPES.get(self.mime)
        if magic is None or not self.data.startswith(magic):
            raise ValueError(f"not a {self.mime!r} image we can embed")

    @property
    def key(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def src(self) -> str:
        return f"{IMAGE_SCHEME}:{self.key}"

    @property
    def width_css(self) -> str:
        return f"{self.width_mm:g}mm"


@dataclass
class PageBreak(Block):
    """The next block starts a new page."""

    def __post_init__(self) -> None:
        self.type = "pagebreak"


@dataclass
class Banner(Block):
    """The tiêu đề / khánh tiết of a ceremony on a page of its own, in a frame.

    ``top`` is the organiser line, ``lines`` the event's name (the first line the
    largest), ``bottom`` the place and date in italics; ``note`` a small line above
    the frame saying what the page is.
    """

    lines: list[str]
    top: str = ""
    bottom: str = ""
    note: str = ""
    new_page: bool = True

    def __post_init__(self) -> None:
        self.type = "banner"


@dataclass
class Header:
    """The two-column page-1 header of Decree 30/2020."""

    organ: str  # issuing organ, printed in bold capitals
    parent_organ: str = ""  # managing organ above it, capitals not bold
    number: int | None = None
    symbol: str = ""  # "KH-UBND"
    place: str = ""
    issued_on: date | None = None
    year: int | None = None  # for drafts without a date

    @property
    def organ_lines(self) -> list[str]:
        lines = [line.strip().upper() for line in self.organ.splitlines() if line.strip()]
        if len(lines) == 1:
            return split_organ(lines[0])
        return lines

    @property
    def parent_lines(self) -> list[str]:
        return [line.strip().upper() for line in self.parent_organ.splitlines() if line.strip()]

    @property
    def number_line(self) -> str:
        """ "Số: 591/KH-UBND"; numbers below 10 get a zero; a draft leaves the number blank."""
        if not self.symbol:
            return ""
        if self.number:
            return f"Số: {self.number:02d}/{self.symbol}"
        return f"Số: {BLANK}/{self.symbol}"

    @property
    def date_line(self) -> str:
        if not self.place:
            return ""
        return place_date_line(self.place, self.issued_on, self.year)


_UNIT_WORDS = re.compile(r"\s(?=(?:TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN|ĐẶC KHU)\s)")


def split_organ(line: str, width: int = 24) -> list[str]:
    """ "ỦY BAN NHÂN DÂN TỈNH ĐĂK NÔNG" → two lines before the unit, as clerks set it."""
    if len(line) <= width:
        return [line]
    m = _UNIT_WORDS.search(line)
    if m and m.start() > 0:
        return [line[: m.start()], line[m.end() :]]
    return [line]


BLANK = "\u00a0" * 6  # the space a clerk fills in by hand (kept by HTML and DOCX alike)


def place_date_line(place: str, day: date | None, year: int | None = None) -> str:
    """ "Đăk Nông, ngày 06 tháng 02 năm 2024" (Decree 30: day < 10 and months 1–2 padded)."""
    if day is None:
        year_text = str(year) if year else BLANK
        return f"{place}, ngày {BLANK} tháng {BLANK} năm {year_text}"
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def short_date(value: date | None) -> str:
    """Dates inside the text as plans write them: 19/8/2024, 03/02/2025."""
    if value is None:
        return ""
    day = f"{value.day:02d}" if value.day < 10 else str(value.day)
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"{day}/{month}/{value.year}"


@dataclass
class Document:
    """Everything a kind hands to the renderers."""

    kind: str
    type_name: str  # "KẾ HOẠCH", "GIẤY MỜI", "DANH SÁCH"
    header: Header
    summary: str = ""  # trích yếu, bold centred with a short rule
    summary_lines: list[str] = field(default_factory=list)  # extra centred lines, not bold
    blocks: list[Block] = field(default_factory=list)
    landscape: bool = False
    filename: str = "document"
    end_mark: bool = True  # the body ends with "./."

    def as_data(self) -> dict[str, Any]:
        """A JSON-able form, hashed to make regeneration of unchanged content a no-op."""
        data = asdict(self)
        data["blocks"] = [_block_data(b) for b in self.blocks]
        data["header"]["issued_on"] = str(self.header.issued_on or "")
        return data

    def images(self) -> dict[str, tuple[bytes, str]]:
        """The document's images by key (what the PDF's URL fetcher may serve)."""
        return {b.key: (b.data, b.mime) for b in self.blocks if isinstance(b, Image)}


def _block_data(block: Block) -> dict[str, Any]:
    data = {"type": block.type, **asdict(block)}
    if isinstance(block, Image):
        data["data"] = block.key  # the digest stands for the bytes
    return data


# --- inline text ---------------------------------------------------------------------

_INLINE = re.compile(r"\*\*(.+?)\*\*|\*(.+?)\*")


def runs(text: str, *, bold: bool = False, italic: bool = False) -> list[Run]:
    """Split plan text with ``**bold**`` and ``*italic*`` markers into runs (no markup kept)."""
    out: list[Run] = []
    pos = 0
    for m in _INLINE.finditer(text):
        if m.start() > pos:
            out.append(Run(text[pos : m.start()], bold, italic))
        if m.group(1) is not None:
            out.append(Run(m.group(1), True, italic))
        else:
            out.append(Run(m.group(2), bold, True))
        pos = m.end()
    if pos < len(text):
        out.append(Run(text[pos:], bold, italic))
    return [r for r in out if r.text]


def strip_markers(text: str) -> str:
    """Plan text without its ``**``/``*`` markers (for table cells and labels)."""
    return "".join(r.text for r in runs(text))


def text_blocks(text: str) -> list[Block]:
    """Plan text as blocks: one paragraph per line; "- " and "+ " lines are bullets."""
    blocks: list[Block] = []
    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            continue
        if line[:2] in ("- ", "+ "):
            blocks.append(Bullet(runs(line[2:].strip()), marker=line[0]))
        else:
            blocks.append(Paragraph(runs(line)))
    return blocks


def end_with_mark(blocks: list[Block]) -> None:
    """Decree 30: the body ends with "./." (added to the last paragraph if missing)."""
    for block in reversed(blocks):
        if isinstance(block, Signature | Table | Image | PageBreak | Banner):
            continue
        if isinstance(block, Paragraph | Bullet) and block.runs:
            text = plain_text(block.runs).rstrip()
            if not text.endswith("./."):
                last = block.runs[-1]
                trimmed = last.text.rstrip().rstrip(".;,:")
                block.runs[-1] = Run(f"{trimmed}./.", last.bold, last.italic)
        return


def plain_text(block_runs: list[Run]) -> str:
    return "".join(r.text for r in block_runs)


def block_text(block: Block) -> list[str]:
    """The printed lines of a block, as both renderers print them (used by tests)."""
    if isinstance(block, Heading | Paragraph):
        return [plain_text(block.runs)]
    if isinstance(block, Bullet):
        return [f"{block.marker} {plain_text(block.runs)}"]
    if isinstance(block, Table):
        return [*block.header, *(cell for row in block.rows for cell in row)]
    if isinstance(block, Signature):
        return [*block.authority, block.name]
    if isinstance(block, Image):
        caption = [block.caption] if block.caption else []
        return [plain_text(line) for line in block.beside] + caption
    if isinstance(block, Banner):
        return [x for x in (block.note, block.top, *block.lines, block.bottom) if x]
    return []
