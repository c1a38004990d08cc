"""The awards app's printed documents, registered in the documents framework.

Found by ``documents.registry.autodiscover`` (an installed app's ``document_kinds``):
- ``award_proposal``: TỜ TRÌNH of the proposing unit;
- ``award_list``: DANH SÁCH đề nghị khen thưởng, grouped by form and collective/individual;
- ``award_decision``: QUYẾT ĐỊNH khen thưởng with its annex list;
- ``award_certificates``: the certificates (Bằng khen / Giấy khen), landscape, one a page.
"""

from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from documents.blocks import (
    Bullet,
    Document,
    Header,
    Heading,
    PageBreak,
    Paragraph,
    Run,
    Signature,
    Table,
    short_date,
    text_blocks,
)
from documents.registry import DocumentKind, register

from .models import AppraisalStatus, Nomination, NominationBatch, NomineeKind
from .selectors import batch_qs_for


def _place(unit: Any) -> str:
    province = getattr(unit, "province", None) or unit
    return province.name


def _counted(collectives: int, individuals: int) -> str:
    """ "02 tập thể và 01 cá nhân", leaving out a kind with nobody ("01 cá nhân")."""
    parts = [
        f"{n:02d} {label}" for n, label in ((collectives, "tập thể"), (individuals, "cá nhân")) if n
    ]
    return " và ".join(parts) or "00 tập thể, cá nhân"


def _movement(campaign: Any) -> str:
    """The movement as the award's text names it, from the plan's title.

    Plans are titled "Phát động phong trào thi đua …": the award is for achievements
    "trong phong trào thi đua …", not "trong phong trào thi đua “Phát động phong trào…”".
    """
    title = campaign.title.strip().rstrip(".")
    prefix = "phát động phong trào thi đua"
    if title.lower().startswith(prefix):
        return f"phong trào thi đua{title[len(prefix) :]}"
    return f"phong trào thi đua “{title}”"


def _nominations(batch: NominationBatch, *, approved_only: bool) -> list[Nomination]:
    rows = [n for n in batch.nominations.all() if n.is_in_play]
    if approved_only:
        rows = [n for n in rows if n.appraisal_status == AppraisalStatus.ACCEPTED]
    return rows


def _list_rows(nominations: list[Nomination]) -> list[list[str]]:
    """Section rows "I. TẬP THỂ" / "II. CÁ NHÂN" then numbered nominees."""
    rows: list[list[str]] = []
    groups = [
        ("I", "TẬP THỂ", NomineeKind.COLLECTIVE),
        ("II", "CÁ NHÂN", NomineeKind.INDIVIDUAL),
    ]
    numeral = 0
    for _roman, title, kind in groups:
        members = [n for n in nominations if n.kind == kind]
        if not members:
            continue
        numeral += 1
        rows.append([["I", "II"][numeral - 1], title, "", ""])
        for i, n in enumerate(members, start=1):
            if n.person_id:
                person = n.person
                where = ", ".join(x for x in (person.position, str(person.organisation or "")) if x)
            else:
                where = str(n.nominee_unit.full_name) if n.nominee_unit else ""
            rows.append([str(i), n.nominee_name, where, n.achievement])
    return rows


def _list_table(nominations: list[Nomination]) -> Table:
    return Table(
        header=["STT", "Tên tập thể, họ và tên cá nhân", "Chức vụ, đơn vị", "Thành tích"],
        rows=_list_rows(nominations),
        widths=[8, 32, 25, 35],
        align=["center", "left", "left", "left"],
    )


class _BatchKind(DocumentKind):
    model = NominationBatch

    def queryset_for(self, user: Any) -> QuerySet[NominationBatch]:
        return self.prepare(batch_qs_for(user))

    def prepare(self, qs: QuerySet) -> QuerySet:
        return qs.select_related(
            "campaign__issuer", "form", "proposer__unit__province", "unit"
        ).prefetch_related(
            Prefetch(
                "nominations",
                queryset=Nomination.objects.select_related(
                    "person__organisation", "organisation__unit", "admin_unit"
                ).order_by("kind", "order", "pk"),
            )
        )


class ProposalKind(_BatchKind):
    name = "award_proposal"
    label = _("Proposal letter (TỜ TRÌNH)")
    template = "awards/documents/award_proposal.html"

    def build(self, obj: NominationBatch, **options: Any) -> Document:
        batch = obj
        proposer = batch.proposer
        nominations = _nominations(batch, approved_only=False)
        collectives = sum(1 for n in nominations if n.kind == NomineeKind.COLLECTIVE)
        individuals = len(nominations) - collectives
        campaign = batch.campaign
        return Document(
            kind=self.name,
            type_name="TỜ TRÌNH",
            header=Header(
                organ=proposer.header_name or proposer.name,
                symbol=f"TTr-{proposer.doc_code}".rstrip("-"),
                place=_place(proposer.unit),
                year=batch.year,
            ),
            summary=f"Về việc đề nghị tặng {batch.form.name}",
            blocks=[
                Paragraph(
                    [Run("Kính gửi: "), Run(batch.form.authority, bold=True)], align="center"
                ),
                Paragraph(
                    [
                        Run(
                            f"Thực hiện Kế hoạch số {campaign.reference} "
                            f"của {campaign.issuer.name} về việc "
                            f"{campaign.title[:1].lower()}{campaign.title[1:]};"
                        )
                    ]
                ),
                Paragraph(
                    [
                        Run(
                            f"Căn cứ kết quả bình xét của Hội đồng Thi đua - Khen thưởng "
                            f"{proposer.name}, {proposer.name} kính đề nghị {batch.form.authority} "
                            f"xem xét, tặng {batch.form.name} cho "
                            f"{_counted(collectives, individuals)} đã có thành tích xuất sắc "
                            f"trong {_movement(campaign)} (có danh sách và hồ sơ kèm theo, "
                            f"{batch.copies:02d} bộ)."
                        )
                    ]
                ),
                Paragraph([Run(f"{proposer.name} kính trình./.")]),
                Signature(
                    authority=["THỦ TRƯỞNG ĐƠN VỊ"],
                    name="",
                    recipients=["Như trên", campaign.issuer.name],
                    archive="VT",
                ),
            ],
            end_mark=False,
            filename=f"to-trinh-khen-thuong-{batch.pk}",
        )


class ProposalListKind(_BatchKind):
    name = "award_list"
    label = _("List of nominees (DANH SÁCH)")
    template = "awards/documents/award_list.html"

    def build(self, obj: NominationBatch, **options: Any) -> Document:
        batch = obj
        proposer = batch.proposer
        return Document(
            kind=self.name,
            type_name="DANH SÁCH",
            header=Header(
                organ=proposer.header_name or proposer.name,
                place=_place(proposer.unit),
                year=batch.year,
            ),
            summary=f"Đề nghị tặng {batch.form.name}",
            summary_lines=[f"(Kèm theo Tờ trình của {proposer.name})"],
            blocks=[_list_table(_nominations(batch, approved_only=False))],
            landscape=bool(options.get("landscape")),
            end_mark=False,
            filename=f"danh-sach-de-nghi-khen-thuong-{batch.pk}",
        )


class DecisionKind(_BatchKind):
    name = "award_decision"
    label = _("Award decision (QUYẾT ĐỊNH) with its annex")
    template = "awards/documents/award_decision.html"

    def prepare(self, qs: QuerySet) -> QuerySet:
        return super().prepare(qs).select_related("decision__issuer__unit__province")

    def is_final(self, obj: NominationBatch) -> bool:
        return hasattr(obj, "decision")

    def build(self, obj: NominationBatch, **options: Any) -> Document:
        batch = obj
        decision = batch.decision
        issuer = decision.issuer
        nominations = _nominations(batch, approved_only=True)
        collectives = sum(1 for n in nominations if n.kind == NomineeKind.COLLECTIVE)
        individuals = len(nominations) - collectives
        campaign = batch.campaign
        when = short_date(decision.issued_on)
        authority_title = (batch.form.authority or "").upper()
        return Document(
            kind=self.name,
            type_name="QUYẾT ĐỊNH",
            header=Header(
                organ=issuer.header_name or issuer.name,
                number=decision.number,
                symbol=decision.symbol,
                place=_place(issuer.unit),
                issued_on=decision.issued_on,
            ),
            summary=f"Về việc tặng {batch.form.name}",
            blocks=[
                Paragraph([Run(authority_title, bold=True)], align="center", indent=False),
                Paragraph(
                    [
                        Run(
                            "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022; "
                            "Nghị định số 152/2025/NĐ-CP của Chính phủ quy định chi tiết "
                            "một số điều của Luật Thi đua, khen thưởng;"
                        )
                    ]
                ),
                Paragraph(
                    [Run(f"Căn cứ Kế hoạch số {campaign.reference} của {campaign.issuer.name};")]
                ),
                Paragraph(
                    [
                        Run(
                            f"Xét đề nghị của {batch.proposer.name} và kết quả thẩm định, "
                            "bình xét của Hội đồng Thi đua - Khen thưởng."
                        )
                    ]
                ),
                Paragraph([Run("QUYẾT ĐỊNH:", bold=True)], align="center", indent=False),
                Paragraph(
                    [
                        Run("Điều 1. ", bold=True),
                        Run(
                            f"Tặng {batch.form.name} cho {_counted(collectives, individuals)} "
                            "(có danh sách kèm theo) đã có thành tích xuất sắc trong "
                            f"{_movement(campaign)}."
                        ),
                    ]
                ),
                Paragraph(
                    [
                        Run("Điều 2. ", bold=True),
                        Run("Quyết định này có hiệu lực kể từ ngày ký."),
                    ]
                ),
                Paragraph(
                    [
                        Run("Điều 3. ", bold=True),
                        Run(
                            f"Thủ trưởng các cơ quan, đơn vị có liên quan, {batch.proposer.name} "
                            "và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành "
                            "Quyết định này./."
                        ),
                    ]
                ),
                Signature(
                    authority=decision.signer_lines or ["CHỦ TỊCH"],
                    name=decision.signer_name,
                    recipients=["Như Điều 3", batch.proposer.name],
                    archive="VT",
                ),
                # The annex list starts on a page of its own, as decisions are printed.
                PageBreak(),
                Paragraph([Run("DANH SÁCH", bold=True)], align="center", indent=False),
                Paragraph(
                    [
                        Run(
                            f"(Kèm theo Quyết định số {decision.reference} ngày {when} "
                            f"của {issuer.name})",
                            italic=True,
                        )
                    ],
                    align="center",
                    indent=False,
                ),
                _list_table(nominations),
            ],
            end_mark=False,
            filename=f"quyet-dinh-{decision.number:02d}-{decision.number_year}",
        )


class CertificateKind(_BatchKind):
    name = "award_certificates"
    label = _("Award certificates (landscape)")
    template = "awards/documents/award_certificates.html"

    def prepare(self, qs: QuerySet) -> QuerySet:
        return super().prepare(qs).select_related("decision__issuer__unit__province")

    def build(self, obj: NominationBatch, **options: Any) -> Document:
        batch = obj
        decision = batch.decision
        title = batch.form.certificate_title or batch.form.name.split(" của ")[0].upper()
        blocks: list[Any] = []
        for n in _nominations(batch, approved_only=True):
            where = ""
            if n.person_id and n.person.organisation_id:
                where = str(n.person.organisation)
            blocks += [
                Heading([Run(batch.form.authority.upper(), bold=True)], level=2),
                Heading([Run("TẶNG", bold=True)], level=3),
                Heading([Run(n.nominee_name, bold=True)], level=1),
                Paragraph([Run(where, italic=True)], align="center", indent=False),
                Paragraph(
                    [Run(f"Đã có thành tích xuất sắc trong {_movement(batch.campaign)}.")],
                    align="center",
                    indent=False,
                ),
                Paragraph(
                    [
                        Run(
                            f"Quyết định số {decision.reference}, {_place(decision.issuer.unit)}, "
                            f"ngày {short_date(decision.issued_on)}",
                            italic=True,
                        )
                    ],
                    align="left",
                    indent=False,
                ),
                Signature(
                    authority=decision.signer_lines or ["CHỦ TỊCH"],
                    name=decision.signer_name,
                    show_recipients=False,
                ),
            ]
        return Document(
            kind=self.name,
            type_name=title,
            header=Header(organ=""),
            blocks=blocks,
            landscape=True,
            end_mark=False,
            filename=f"chung-nhan-{batch.pk}",
        )


CLASSIFICATION_TEXT = {
    "xuat_sac": "Xuất sắc",
    "kha": "Khá",
    "trung_binh": "Trung bình",
    "yeu": "Yếu",
}


class AchievementReportKind(DocumentKind):
    """BÁO CÁO THÀNH TÍCH of one nominee, drafted from the portal's data to sign and upload.

    A collective's report draws on its reports (the campaign's indicators for its unit in
    the year), its year-end classification and "An toàn về ANTT" recognition; an
    individual's on the nomination's achievement summary, position and team service.
    """

    name = "award_achievement_report"
    label = _("Achievement report (BÁO CÁO THÀNH TÍCH), draft")
    template = "awards/documents/award_achievement_report.html"
    model = Nomination

    def queryset_for(self, user: Any) -> QuerySet[Nomination]:
        from .selectors import nomination_qs_for

        return nomination_qs_for(user).select_related(
            "batch__campaign__issuer",
            "batch__form",
            "batch__proposer__unit__province",
            "person__organisation",
            "person__unit",
            "organisation__unit",
            "admin_unit",
        )

    def unit_id(self, obj: Any) -> int | None:
        return obj.batch.unit_id

    def build(self, obj: Nomination, **options: Any) -> Document:
        from . import prerequisites
        from .models import AwardRecord

        nomination = obj
        batch = nomination.batch
        proposer = batch.proposer
        year = batch.year
        name = nomination.nominee_name
        movement = _movement(batch.campaign)
        records = list(
            AwardRecord.objects.filter(
                **(
                    {"person": nomination.person_id}
                    if nomination.person_id
                    else {"organisation": nomination.organisation_id}
                    if nomination.organisation_id
                    else {"admin_unit": nomination.admin_unit_id}
                )
            )
            .exclude(nomination=nomination.pk)
            .select_related("form")
            .order_by("-year", "pk")
        )
        blocks: list[Any] = []
        if nomination.person_id:
            blocks += self._individual(nomination)
        else:
            blocks += self._collective(nomination, prerequisites)
        blocks.append(Heading([Run("III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG", bold=True)]))
        if records:
            blocks.append(
                Table(
                    header=["Năm", "Hình thức khen thưởng", "Số, ngày quyết định"],
                    rows=[[str(r.year), r.form.name, r.reference] for r in records],
                    widths=[12, 50, 38],
                    align=["center", "left", "left"],
                )
            )
        else:
            blocks.append(Paragraph([Run("Chưa có hình thức khen thưởng nào được ghi nhận.")]))
        signer = ["NGƯỜI BÁO CÁO"] if nomination.person_id else ["THỦ TRƯỞNG ĐƠN VỊ"]
        blocks.append(
            Paragraph(
                [
                    Run(
                        f"Trên đây là báo cáo thành tích đề nghị tặng {batch.form.name} "
                        f"của {name} trong {movement} năm {year}.",
                        italic=True,
                    )
                ]
            )
        )
        blocks.append(
            Signature(
                authority=signer,
                name=name if nomination.person_id else "",
                show_recipients=False,
            )
        )
        return Document(
            kind=self.name,
            type_name="BÁO CÁO",
            header=Header(
                organ=proposer.header_name or proposer.name,
                symbol="" if nomination.person_id else f"BC-{proposer.doc_code}".rstrip("-"),
                place=_place(proposer.unit),
                year=year,
            ),
            summary=f"Thành tích đề nghị tặng {batch.form.name}",
            summary_lines=["(Bản dự thảo do Cổng Thi đua - Khen thưởng lập từ số liệu)"],
            blocks=blocks,
            end_mark=False,
            filename=f"bao-cao-thanh-tich-{nomination.pk}",
        )

    def _individual(self, nomination: Nomination) -> list[Any]:
        from people.selectors import security_service_days

        person = nomination.person
        batch = nomination.batch
        lines = [
            f"Họ và tên: {person.full_name}",
            f"Giới tính: {'Nữ' if person.gender == 'female' else 'Nam'}"
            + (f"; năm sinh: {person.birth_year}" if person.birth_year else ""),
            f"Chức vụ: {person.position or 'không'}",
            f"Đơn vị công tác: {person.organisation or person.unit.full_name}",
        ]
        blocks: list[Any] = [Heading([Run("I. SƠ LƯỢC TIỂU SỬ BẢN THÂN", bold=True)])]
        blocks += [Bullet([Run(line)]) for line in lines]
        days = security_service_days(person, date(batch.year, 12, 31))
        if days:
            years = f"{days / 365.25:.1f}".replace(".", ",")
            blocks.append(
                Bullet([Run(f"Thời gian tham gia lực lượng bảo vệ ANTT ở cơ sở: {years} năm")])
            )
        blocks.append(Heading([Run("II. THÀNH TÍCH ĐẠT ĐƯỢC", bold=True)]))
        achievement = text_blocks(nomination.achievement)
        blocks += achievement or [
            Paragraph([Run("(Đơn vị bổ sung thành tích cụ thể của cá nhân.)", italic=True)])
        ]
        return blocks

    def _collective(self, nomination: Nomination, prerequisites: Any) -> list[Any]:
        batch = nomination.batch
        nominee = nomination.nominee
        year = batch.year
        unit = nomination.nominee_unit
        blocks: list[Any] = [
            Heading([Run("I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH", bold=True)]),
            Paragraph(
                [
                    Run(
                        f"{nomination.nominee_name}"
                        + (f", địa bàn {unit.full_name}" if unit else "")
                        + f". Năm {year}, đơn vị triển khai thực hiện "
                        f"{_movement(batch.campaign)} theo Kế hoạch số "
                        f"{batch.campaign.reference} của {batch.campaign.issuer.name}."
                    )
                ]
            ),
            Heading([Run("II. THÀNH TÍCH ĐẠT ĐƯỢC", bold=True)]),
        ]
        figures = prerequisites.achievement_figures(nominee, batch.campaign, year)
        if figures:
            blocks.append(Paragraph([Run("1. Kết quả thực hiện các chỉ tiêu thi đua:", bold=True)]))
            blocks.append(
                Table(
                    header=["STT", "Chỉ tiêu", "Kết quả", "Chỉ tiêu giao", "Đánh giá"],
                    rows=[
                        [
                            str(i),
                            f["name"],
                            f["value"],
                            f["target"],
                            {True: "Đạt", False: "Chưa đạt"}.get(f["met"], ""),
                        ]
                        for i, f in enumerate(figures, start=1)
                    ],
                    widths=[8, 44, 16, 18, 14],
                    align=["center", "left", "center", "center", "center"],
                )
            )
        if nomination.achievement.strip():
            blocks.append(
                Paragraph([Run(f"{2 if figures else 1}. Thành tích nổi bật:", bold=True)])
            )
            blocks += text_blocks(nomination.achievement)
        classification = prerequisites.movement_classification(nominee, year)
        safe = prerequisites.safe_antt_recognised(nominee, year)
        if classification:
            blocks.append(
                Bullet(
                    [
                        Run(
                            "Phong trào toàn dân bảo vệ an ninh Tổ quốc năm "
                            f"{year} được đánh giá, xếp loại "
                        ),
                        Run(CLASSIFICATION_TEXT.get(classification, classification), bold=True),
                        Run("."),
                    ]
                )
            )
        if safe:
            safe_text = "Được công nhận đạt tiêu chuẩn “An toàn về an ninh, trật tự”"
            blocks.append(Bullet([Run(f"{safe_text} năm {year}.")]))
        if not figures and not nomination.achievement.strip() and not classification and not safe:
            blocks.append(
                Paragraph([Run("(Đơn vị bổ sung thành tích cụ thể của tập thể.)", italic=True)])
            )
        return blocks


for _kind in (ProposalKind, ProposalListKind, DecisionKind, CertificateKind, AchievementReportKind):
    register(_kind)

# Print routes of the batch page: slug -> registered kind.
PRINT_KINDS = {
    "proposal": ProposalKind.name,
    "list": ProposalListKind.name,
    "decision": DecisionKind.name,
    "certificates": CertificateKind.name,
}
