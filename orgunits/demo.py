"""Demo territory and organisations: the units and bodies the seed plans name.

Units are entered as they were in 2023–2024, then the 1/7/2025 reorganisation is
recorded as new units plus successions, never by rewriting the old rows. Where
the seeds do not say which old wards make up a new one, the mapping below is a
demo assumption (marked in the succession note).
"""

from datetime import date
from typing import Any

from core.demo import upsert

from .models import (
    AdminLevel,
    AdminUnit,
    EmulationGroup,
    EmulationGroupKind,
    Organisation,
    OrganisationKind,
    Succession,
    SuccessionKind,
)

REFORM_DAY = date(2025, 7, 1)
LAST_OLD_DAY = date(2025, 6, 30)
PROVINCE_BASIS = "Nghị quyết số 202/2025/QH15 ngày 12/6/2025 của Quốc hội"
COMMUNE_BASIS = (
    "Nghị quyết của Ủy ban Thường vụ Quốc hội về sắp xếp đơn vị hành chính cấp xã năm 2025"
)
DISTRICT_END_BASIS = "Luật Tổ chức chính quyền địa phương số 72/2025/QH15"
DEMO_NOTE = "Ánh xạ dùng cho dữ liệu mẫu; cần đối chiếu nghị quyết trước khi dùng thật."

K = OrganisationKind
L = AdminLevel


def unit(
    code: str,
    name: str,
    type_name: str,
    level: str,
    parent: AdminUnit | None,
    valid_from: date,
    valid_to: date | None = None,
) -> AdminUnit:
    existing = AdminUnit.objects.filter(code=code).first()
    values: dict[str, Any] = {
        "name": name,
        "type_name": type_name,
        "level": level,
        "valid_from": valid_from,
        "valid_to": valid_to,
    }
    if existing is None:
        if parent is None:
            node = AdminUnit.objects.add_root(dict(code=code, **values))
        else:
            node = AdminUnit.objects.add_child(
                parent, dict(code=code, province=parent.province, **values)
            )
        if level == L.PROVINCE:
            node.province = node
            node.save(update_fields=["province"])
        return node
    return upsert(AdminUnit, {"code": code}, values)


def org(
    code: str,
    name: str,
    kind: str,
    at: AdminUnit,
    *,
    parent: Organisation | None = None,
    doc_code: str = "",
    header_name: str = "",
    short_name: str = "",
    valid_from: date | None = None,
    valid_to: date | None = None,
) -> Organisation:
    return upsert(
        Organisation,
        {"code": code},
        {
            "name": name,
            "kind": kind,
            "unit": at,
            "parent": parent,
            "doc_code": doc_code,
            "header_name": header_name,
            "short_name": short_name,
            "valid_from": valid_from or at.valid_from,
            "valid_to": valid_to if valid_to is not None else at.valid_to,
        },
    )


def succession(kind: str, old: Any, new: Any, basis: str, note: str = "") -> None:
    if isinstance(old, AdminUnit):
        lookup = {"from_unit": old, "to_unit": new, "effective_date": REFORM_DAY}
    else:
        lookup = {"from_organisation": old, "to_organisation": new, "effective_date": REFORM_DAY}
    upsert(Succession, lookup, {"kind": kind, "legal_basis": basis, "note": note})


def commune_bodies(
    commune: AdminUnit, district_police: Organisation | None
) -> dict[str, Organisation]:
    """UBND and Công an of a commune-level unit, named as official texts write them: the
    unit's type in lower case ("Công an phường Nghĩa Đức")."""
    label = commune.name_in_text
    ubnd = org(
        f"UBND-{commune.code}", f"UBND {label}", K.PEOPLES_COMMITTEE, commune, doc_code="UBND"
    )
    police = org(
        f"CA-{commune.code}",
        f"Công an {label}",
        K.COMMUNE_POLICE,
        commune,
        parent=district_police,
        doc_code="CAX" if commune.type_name == "xã" else "CAP",
    )
    return {"ubnd": ubnd, "police": police}


def load() -> dict[str, Any]:
    """Create or update the demo territory; returns the objects later loaders use."""
    out: dict[str, Any] = {}
    day0 = date(2004, 1, 1)
    vn = unit("VN", "Việt Nam", "", L.NATION, None, date(1976, 7, 2))
    bca = org("BCA", "Bộ Công an", K.MINISTRY, vn, doc_code="BCA", header_name="BỘ CÔNG AN")
    org(
        "BCA-V05",
        "Cục Xây dựng phong trào bảo vệ an ninh Tổ quốc",
        K.MINISTRY,
        vn,
        parent=bca,
        doc_code="BCA-V05",
        short_name="Cục V05",
    )
    org(
        "BCA-X03",
        "Cục X03, Bộ Công an",
        K.MINISTRY,
        vn,
        parent=bca,
        doc_code="BCA-X03",
        short_name="Cục X03",
    )
    out["bca"] = bca

    # --- Đắk Nông (merged into Lâm Đồng on 1/7/2025) ---------------------------
    dn = unit("67", "Đắk Nông", "tỉnh", L.PROVINCE, vn, day0, LAST_OLD_DAY)
    ld = unit("68", "Lâm Đồng", "tỉnh", L.PROVINCE, vn, REFORM_DAY)
    succession(SuccessionKind.MERGE, dn, ld, PROVINCE_BASIS)
    dn_ubnd = org(
        "UBND-67",
        "Ủy ban nhân dân tỉnh Đắk Nông",
        K.PEOPLES_COMMITTEE,
        dn,
        doc_code="UBND",
        header_name="ỦY BAN NHÂN DÂN TỈNH ĐẮK NÔNG",
        short_name="UBND tỉnh Đắk Nông",
    )
    dn_cat = org(
        "CAT-67",
        "Công an tỉnh Đắk Nông",
        K.PROVINCIAL_POLICE,
        dn,
        parent=bca,
        doc_code="CAT",
        header_name="CÔNG AN TỈNH ĐẮK NÔNG",
    )
    dn_pv05 = org(
        "CAT-67-PV05",
        "Phòng Xây dựng phong trào bảo vệ an ninh Tổ quốc (PV05)",
        K.POLICE_DIVISION,
        dn,
        parent=dn_cat,
        doc_code="CAT-PV05",
        short_name="Phòng PV05",
    )
    org("CAT-67-PV01", "Phòng Tham mưu", K.POLICE_DIVISION, dn, parent=dn_cat, doc_code="CAT-PV01")
    org("TU-67", "Tỉnh ủy Đắk Nông", K.PARTY_COMMITTEE, dn, doc_code="TU")
    org(
        "VP-UBND-67",
        "Văn phòng Ủy ban nhân dân tỉnh Đắk Nông",
        K.DEPARTMENT,
        dn,
        parent=dn_ubnd,
        doc_code="VP",
    )
    dn_snv = org(
        "SNV-67", "Sở Nội vụ tỉnh Đắk Nông", K.DEPARTMENT, dn, parent=dn_ubnd, doc_code="SNV"
    )
    org("STC-67", "Sở Tài chính tỉnh Đắk Nông", K.DEPARTMENT, dn, parent=dn_ubnd, doc_code="STC")
    org(
        "BCD138-67",
        "Ban Chỉ đạo phòng, chống tội phạm, tệ nạn xã hội và xây dựng phong trào toàn dân "
        "bảo vệ an ninh Tổ quốc tỉnh Đắk Nông",
        K.STEERING_COMMITTEE,
        dn,
        parent=dn_ubnd,
        doc_code="BCĐ",
        short_name="BCĐ PCTP, TNXH & XDPTTDBVANTQ tỉnh",
    )
    dn_council = org(
        "HDTDKT-67",
        "Hội đồng Thi đua - Khen thưởng tỉnh Đắk Nông",
        K.EMULATION_COUNCIL,
        dn,
        parent=dn_ubnd,
        doc_code="HĐTĐKT",
    )
    ld_ubnd = org(
        "UBND-68",
        "Ủy ban nhân dân tỉnh Lâm Đồng",
        K.PEOPLES_COMMITTEE,
        ld,
        doc_code="UBND",
        header_name="ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG",
    )
    ld_cat = org(
        "CAT-68",
        "Công an tỉnh Lâm Đồng",
        K.PROVINCIAL_POLICE,
        ld,
        parent=bca,
        doc_code="CAT",
        header_name="CÔNG AN TỈNH LÂM ĐỒNG",
    )
    succession(SuccessionKind.MERGE, dn_ubnd, ld_ubnd, PROVINCE_BASIS)
    succession(SuccessionKind.MERGE, dn_cat, ld_cat, PROVINCE_BASIS)
    out.update(
        dn=dn,
        ld=ld,
        dn_ubnd=dn_ubnd,
        dn_cat=dn_cat,
        dn_pv05=dn_pv05,
        dn_snv=dn_snv,
        dn_council=dn_council,
    )

    gn = unit("660", "Gia Nghĩa", "thành phố", L.DISTRICT, dn, date(2019, 12, 17), LAST_OLD_DAY)
    gn_ubnd = org("UBND-660", "UBND thành phố Gia Nghĩa", K.PEOPLES_COMMITTEE, gn, doc_code="UBND")
    gn_ca = org(
        "CA-660",
        "Công an thành phố Gia Nghĩa",
        K.DISTRICT_POLICE,
        gn,
        parent=dn_cat,
        doc_code="CATP",
    )
    out.update(gn=gn, gn_ubnd=gn_ubnd)
    for i, (name, type_name) in enumerate(
        [
            ("Cư Jút", "huyện"),
            ("Đắk Glong", "huyện"),
            ("Đắk Mil", "huyện"),
            ("Đắk R'Lấp", "huyện"),
            ("Đắk Song", "huyện"),
            ("Krông Nô", "huyện"),
            ("Tuy Đức", "huyện"),
        ],
        start=1,
    ):
        d = unit(f"67-D{i}", name, type_name, L.DISTRICT, dn, day0, LAST_OLD_DAY)
        org(f"UBND-67-D{i}", f"UBND huyện {name}", K.PEOPLES_COMMITTEE, d, doc_code="UBND")
        org(
            f"CA-67-D{i}",
            f"Công an huyện {name}",
            K.DISTRICT_POLICE,
            d,
            parent=dn_cat,
            doc_code="CAH",
        )

    new_wards = {
        "bac": unit("68-BGN", "Bắc Gia Nghĩa", "phường", L.COMMUNE, ld, REFORM_DAY),
        "nam": unit("68-NGN", "Nam Gia Nghĩa", "phường", L.COMMUNE, ld, REFORM_DAY),
        "dong": unit("68-DGN", "Đông Gia Nghĩa", "phường", L.COMMUNE, ld, REFORM_DAY),
    }
    for ward in new_wards.values():
        commune_bodies(ward, ld_cat)
    gia_nghia_wards = [
        ("24611", "Nghĩa Đức", "phường", "bac"),
        ("24612", "Nghĩa Thành", "phường", "nam"),
        ("24614", "Nghĩa Phú", "phường", "bac"),
        ("24615", "Nghĩa Tân", "phường", "bac"),
        ("24617", "Nghĩa Trung", "phường", "dong"),
        ("24618", "Đắk R'Moan", "xã", "nam"),
        ("24619", "Quảng Thành", "phường", "nam"),
        ("24620", "Đắk Nia", "xã", "dong"),
    ]
    wards: dict[str, AdminUnit] = {}
    teams: list[Organisation] = []
    for code, name, type_name, target in gia_nghia_wards:
        ward = unit(code, name, type_name, L.COMMUNE, gn, date(2019, 12, 17), LAST_OLD_DAY)
        wards[name] = ward
        bodies = commune_bodies(ward, gn_ca)
        succession(SuccessionKind.MERGE, ward, new_wards[target], COMMUNE_BASIS, DEMO_NOTE)
        new_bodies_police = Organisation.objects.get(code=f"CA-{new_wards[target].code}")
        succession(
            SuccessionKind.MERGE, bodies["police"], new_bodies_police, COMMUNE_BASIS, DEMO_NOTE
        )
        # 8 thôn / tổ dân phố per ward: the 64 security teams of Gia Nghĩa (seed 000).
        village_type = "tổ dân phố" if type_name == "phường" else "thôn"
        for n in range(1, 9):
            v = unit(
                f"{code}-{n:02d}",
                str(n),
                village_type,
                L.VILLAGE,
                ward,
                date(2019, 12, 17),
                LAST_OLD_DAY,
            )
            v_new = unit(
                f"{code}-{n:02d}-N",
                f"{n} ({name})",
                village_type,
                L.VILLAGE,
                new_wards[target],
                REFORM_DAY,
            )
            succession(SuccessionKind.TRANSFER, v, v_new, COMMUNE_BASIS, DEMO_NOTE)
            teams.append(
                org(
                    f"TBV-{code}-{n:02d}",
                    f"Tổ bảo vệ an ninh, trật tự {village_type} {n}, {ward.name_in_text}",
                    K.SECURITY_TEAM,
                    v,
                    parent=bodies["police"],
                )
            )
    out.update(wards=wards, teams=teams, new_wards=new_wards)

    # --- Bắc Giang (merged into Bắc Ninh) --------------------------------------
    bg = unit("24", "Bắc Giang", "tỉnh", L.PROVINCE, vn, day0, LAST_OLD_DAY)
    bn = unit("27", "Bắc Ninh", "tỉnh", L.PROVINCE, vn, REFORM_DAY)
    succession(SuccessionKind.MERGE, bg, bn, PROVINCE_BASIS)
    bg_ubnd = org(
        "UBND-24",
        "Ủy ban nhân dân tỉnh Bắc Giang",
        K.PEOPLES_COMMITTEE,
        bg,
        doc_code="UBND",
        header_name="ỦY BAN NHÂN DÂN TỈNH BẮC GIANG",
    )
    bg_cat = org(
        "CAT-24",
        "Công an tỉnh Bắc Giang",
        K.PROVINCIAL_POLICE,
        bg,
        parent=bca,
        doc_code="CAT",
        header_name="CÔNG AN TỈNH BẮC GIANG",
    )
    org(
        "CAT-24-PV01",
        "Phòng Tham mưu, Công an tỉnh Bắc Giang",
        K.POLICE_DIVISION,
        bg,
        parent=bg_cat,
        doc_code="CAT-PV01",
        short_name="Phòng Tham mưu",
    )
    org(
        "CAT-24-PA09",
        "Phòng An ninh chính trị nội bộ, An ninh kinh tế",
        K.POLICE_DIVISION,
        bg,
        parent=bg_cat,
        doc_code="CAT-PA09",
    )
    bg_bcd = org(
        "BCD138-24",
        "Ban Chỉ đạo phòng, chống tội phạm, tệ nạn xã hội và xây dựng phong trào "
        "toàn dân bảo vệ an ninh Tổ quốc tỉnh Bắc Giang",
        K.STEERING_COMMITTEE,
        bg,
        parent=bg_ubnd,
        doc_code="BCĐ",
        header_name="BAN CHỈ ĐẠO PHÒNG, CHỐNG TỘI PHẠM, TỆ NẠN XÃ HỘI VÀ XÂY DỰNG "
        "PHONG TRÀO TOÀN DÂN BẢO VỆ ANTQ",
        short_name="Ban Chỉ đạo tỉnh",
    )
    for code, name, kind, doc in [
        ("VP-UBND-24", "Văn phòng UBND tỉnh Bắc Giang", K.DEPARTMENT, "VP"),
        ("SNV-24", "Sở Nội vụ tỉnh Bắc Giang", K.DEPARTMENT, "SNV"),
        ("STC-24", "Sở Tài chính tỉnh Bắc Giang", K.DEPARTMENT, "STC"),
        ("SGDDT-24", "Sở Giáo dục và Đào tạo tỉnh Bắc Giang", K.DEPARTMENT, "SGDĐT"),
        ("BQLKCN-24", "Ban Quản lý các Khu Công nghiệp tỉnh Bắc Giang", K.DEPARTMENT, "BQL"),
        ("LDLD-24", "Liên đoàn Lao động tỉnh Bắc Giang", K.MASS_ORGANISATION, "LĐLĐ"),
        ("MTTQ-24", "Ủy ban MTTQ Việt Nam tỉnh Bắc Giang", K.MASS_ORGANISATION, "MTTQ"),
        ("BAO-24", "Báo Bắc Giang", K.PRESS, ""),
        ("DPTTH-24", "Đài Phát thanh và Truyền hình tỉnh Bắc Giang", K.PRESS, ""),
    ]:
        org(code, name, kind, bg, parent=bg_ubnd if kind == K.DEPARTMENT else None, doc_code=doc)
    out.update(bg=bg, bg_ubnd=bg_ubnd, bg_cat=bg_cat, bg_bcd=bg_bcd)

    bg_districts = [
        ("213", "Sơn Động", "huyện"),
        ("217", "Lục Ngạn", "huyện"),
        ("218", "Lục Nam", "huyện"),
        ("216", "Lạng Giang", "huyện"),
        ("222", "Hiệp Hòa", "huyện"),
        ("221", "Việt Yên", "thị xã"),
        ("219", "Yên Dũng", "huyện"),
        ("214", "Yên Thế", "huyện"),
        ("215", "Tân Yên", "huyện"),
        ("213B", "Bắc Giang", "thành phố"),
    ]
    districts: dict[str, AdminUnit] = {}
    for code, name, type_name in bg_districts:
        d = unit(f"24-{code}", name, type_name, L.DISTRICT, bg, day0, LAST_OLD_DAY)
        districts[name] = d
        org(
            f"UBND-24-{code}",
            f"UBND {d.name_in_text}",
            K.PEOPLES_COMMITTEE,
            d,
            doc_code="UBND",
        )
        org(
            f"CA-24-{code}",
            f"Công an {d.name_in_text}",
            K.DISTRICT_POLICE,
            d,
            parent=bg_cat,
            doc_code="CAH",
        )
        org(
            f"BCD-24-{code}",
            f"Ban Chỉ đạo {d.name_in_text}",
            K.STEERING_COMMITTEE,
            d,
            doc_code="BCĐ",
        )
    # (district, name, type, point category) from seed 002 sections 3.2–3.4 and footnotes.
    bg_communes = [
        ("Tân Yên", "Hợp Đức", "xã", "central"),
        ("Sơn Động", "Đại Sơn", "xã", "provincial"),
        ("Lục Ngạn", "Trù Hựu", "xã", "provincial"),
        ("Lục Nam", "Chu Điện", "xã", "provincial"),
        ("Lạng Giang", "Thái Đào", "xã", "provincial"),
        ("Hiệp Hòa", "Danh Thắng", "xã", "provincial"),
        ("Việt Yên", "Thượng Lan", "xã", "provincial"),
        ("Yên Dũng", "Lãng Sơn", "xã", "provincial"),
        ("Yên Thế", "Hương Vĩ", "xã", "provincial"),
        ("Bắc Giang", "Hoàng Văn Thụ", "phường", "provincial"),
        ("Sơn Động", "Lê Viễn", "xã", "strengthening"),
        ("Lục Ngạn", "Phượng Sơn", "xã", "strengthening"),
        ("Lục Nam", "Phương Sơn", "thị trấn", "strengthening"),
        ("Lạng Giang", "Vôi", "thị trấn", "strengthening"),
        ("Hiệp Hòa", "Đoàn Bái", "xã", "strengthening"),
        ("Việt Yên", "Nếnh", "phường", "strengthening"),
        ("Yên Dũng", "Yên Lư", "xã", "strengthening"),
        ("Yên Thế", "Đồng Vương", "xã", "strengthening"),
        ("Tân Yên", "Nhã Nam", "thị trấn", "strengthening"),
        ("Bắc Giang", "Tân Mỹ", "xã", "strengthening"),
    ]
    bg_points: list[tuple[Any, str]] = []
    for i, (district, name, type_name, category) in enumerate(bg_communes, start=1):
        d = districts[district]
        c = unit(f"{d.code}-C{i:02d}", name, type_name, L.COMMUNE, d, day0, LAST_OLD_DAY)
        bodies = commune_bodies(c, None)
        if name == "Hợp Đức":
            org(f"BCD-{c.code}", "Ban Chỉ đạo xã Hợp Đức", K.STEERING_COMMITTEE, c, doc_code="BCĐ")
        bg_points.append((bodies["ubnd"], category))
    for code, name, kind, district, category in [
        ("THPT-PS", "Trường THPT Phương Sơn", K.SCHOOL, "Lục Nam", "provincial"),
        (
            "CTY-HPI",
            "Công ty TNHH Hòa Phú Invest (Khu Công nghiệp Hòa Phú)",
            K.ENTERPRISE,
            "Hiệp Hòa",
            "provincial",
        ),
        (
            "CTY-LUX",
            "Công ty TNHH Luxshare - ICT Việt Nam (Khu Công nghiệp Quang Châu)",
            K.ENTERPRISE,
            "Việt Yên",
            "provincial",
        ),
        (
            "CTY-GU",
            "Công ty TNHH GU VINA (Khu Công nghiệp Đình Trám)",
            K.ENTERPRISE,
            "Việt Yên",
            "provincial",
        ),
        ("THPT-GH", "Trường THPT Giáp Hải", K.SCHOOL, "Bắc Giang", "strengthening"),
    ]:
        bg_points.append((org(code, name, kind, districts[district]), category))
    out.update(bg_districts=districts, bg_points=bg_points)

    # --- Bình Phước (merged into Đồng Nai) -------------------------------------
    bp = unit("70", "Bình Phước", "tỉnh", L.PROVINCE, vn, day0, LAST_OLD_DAY)
    dnai = unit("75", "Đồng Nai", "tỉnh", L.PROVINCE, vn, REFORM_DAY)
    succession(SuccessionKind.MERGE, bp, dnai, PROVINCE_BASIS)
    bp_ubnd = org(
        "UBND-70",
        "Ủy ban nhân dân tỉnh Bình Phước",
        K.PEOPLES_COMMITTEE,
        bp,
        doc_code="UBND",
        header_name="ỦY BAN NHÂN DÂN TỈNH BÌNH PHƯỚC",
        short_name="UBND tỉnh Bình Phước",
    )
    bp_cat = org(
        "CAT-70",
        "Công an tỉnh Bình Phước",
        K.PROVINCIAL_POLICE,
        bp,
        parent=bca,
        doc_code="CAT",
        header_name="CÔNG AN TỈNH BÌNH PHƯỚC",
    )
    org(
        "CAT-70-PV05",
        "Phòng PV05, Công an tỉnh Bình Phước",
        K.POLICE_DIVISION,
        bp,
        parent=bp_cat,
        doc_code="CAT-PV05",
        short_name="Phòng PV05",
    )
    bp_snv = org(
        "SNV-70", "Sở Nội vụ tỉnh Bình Phước", K.DEPARTMENT, bp, parent=bp_ubnd, doc_code="SNV"
    )
    org(
        "BTDKT-70",
        "Ban Thi đua - Khen thưởng tỉnh Bình Phước",
        K.DEPARTMENT,
        bp,
        parent=bp_snv,
        doc_code="BTĐKT",
    )
    org(
        "HDTDKT-70",
        "Hội đồng Thi đua - Khen thưởng tỉnh Bình Phước",
        K.EMULATION_COUNCIL,
        bp,
        parent=bp_ubnd,
        doc_code="HĐTĐKT",
    )
    bp_districts = {}
    for code, name, type_name, communes in [
        (
            "689",
            "Đồng Xoài",
            "thành phố",
            [
                ("25195", "Tân Phú", "phường"),
                ("25201", "Tân Bình", "phường"),
                ("25216", "Tiến Hưng", "xã"),
            ],
        ),
        ("697", "Đồng Phú", "huyện", [("25432", "Tân Tiến", "xã"), ("25441", "Tân Lập", "xã")]),
        ("691", "Bù Đăng", "huyện", [("25351", "Đức Phong", "thị trấn")]),
    ]:
        d = unit(f"70-{code}", name, type_name, L.DISTRICT, bp, day0, LAST_OLD_DAY)
        bp_districts[name] = d
        org(
            f"UBND-70-{code}",
            f"UBND {d.name_in_text}",
            K.PEOPLES_COMMITTEE,
            d,
            doc_code="UBND",
        )
        dpol = org(
            f"CA-70-{code}",
            f"Công an {d.name_in_text}",
            K.DISTRICT_POLICE,
            d,
            parent=bp_cat,
            doc_code="CAH",
        )
        org(
            f"HDTDKT-70-{code}",
            f"Hội đồng Thi đua - Khen thưởng {d.name_in_text}",
            K.EMULATION_COUNCIL,
            d,
            doc_code="HĐTĐKT",
        )
        for ccode, cname, ctype in communes:
            c = unit(ccode, cname, ctype, L.COMMUNE, d, day0, LAST_OLD_DAY)
            commune_bodies(c, dpol)
            # Three residential areas each (seed 003 II.3.4 counts "khu dân cư" too).
            village_type = "ấp" if ctype == "xã" else "khu phố"
            for n in range(1, 4):
                unit(f"{ccode}-{n:02d}", str(n), village_type, L.VILLAGE, c, day0, LAST_OLD_DAY)
    # A school and an enterprise report for themselves under seed 003 (II.3.4: "cơ quan,
    # doanh nghiệp, cơ sở giáo dục"), beside the province's departments.
    org("THPT-QT-70", "Trường THPT chuyên Quang Trung", K.SCHOOL, bp_districts["Đồng Xoài"])
    org(
        "CTY-DORUCO",
        "Công ty Cổ phần Cao su Đồng Phú",
        K.ENTERPRISE,
        bp_districts["Đồng Phú"],
        short_name="DORUCO",
    )
    out.update(bp=bp, bp_ubnd=bp_ubnd, bp_cat=bp_cat, bp_districts=bp_districts)

    # --- Lạng Sơn (province unchanged; Chi Lăng district ended) ------------------
    ls = unit("20", "Lạng Sơn", "tỉnh", L.PROVINCE, vn, date(1976, 7, 2))
    org(
        "UBND-20",
        "Ủy ban nhân dân tỉnh Lạng Sơn",
        K.PEOPLES_COMMITTEE,
        ls,
        doc_code="UBND",
        header_name="ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN",
    )
    ls_cat = org(
        "CAT-20",
        "Công an tỉnh Lạng Sơn",
        K.PROVINCIAL_POLICE,
        ls,
        parent=bca,
        doc_code="CAT",
        header_name="CÔNG AN TỈNH LẠNG SƠN",
    )
    cl = unit("20-185", "Chi Lăng", "huyện", L.DISTRICT, ls, day0, LAST_OLD_DAY)
    org("UBND-20-185", "UBND huyện Chi Lăng", K.PEOPLES_COMMITTEE, cl, doc_code="UBND")
    cl_ca = org(
        "CA-20-185", "Công an huyện Chi Lăng", K.DISTRICT_POLICE, cl, parent=ls_cat, doc_code="CAH"
    )
    vl = unit("06130", "Vạn Linh", "xã", L.COMMUNE, cl, day0, LAST_OLD_DAY)
    vl_bodies = commune_bodies(vl, cl_ca)
    vl_new = unit("06130-N", "Vạn Linh", "xã", L.COMMUNE, ls, REFORM_DAY)
    vl_new_bodies = commune_bodies(vl_new, ls_cat)
    succession(SuccessionKind.RENAME, vl, vl_new, COMMUNE_BASIS, DEMO_NOTE)
    succession(
        SuccessionKind.RENAME,
        vl_bodies["police"],
        vl_new_bodies["police"],
        COMMUNE_BASIS,
        DEMO_NOTE,
    )
    dt = unit("06130-DT", "Đông Thành", "thôn", L.VILLAGE, vl, day0, LAST_OLD_DAY)
    dt_new = unit("06130-DT-N", "Đông Thành", "thôn", L.VILLAGE, vl_new, REFORM_DAY)
    succession(SuccessionKind.TRANSFER, dt, dt_new, COMMUNE_BASIS, DEMO_NOTE)
    org(
        "TBV-06130-DT",
        "Tổ bảo vệ an ninh, trật tự thôn Đông Thành",
        K.SECURITY_TEAM,
        dt,
        parent=vl_bodies["police"],
    )

    # --- Emulation clusters: the Gia Nghĩa wards emulate each other ------------
    cluster = upsert(
        EmulationGroup,
        {"name": "Cụm thi đua Công an các phường, xã thành phố Gia Nghĩa"},
        {
            "kind": EmulationGroupKind.CLUSTER,
            "unit": gn,
            "head": Organisation.objects.get(code="CA-24611"),
            "valid_from": date(2024, 1, 1),
        },
    )
    from core.demo import set_m2m

    set_m2m(
        cluster.members,
        list(Organisation.objects.filter(kind=K.COMMUNE_POLICE, unit__path__startswith=gn.path)),
    )
    return out
