"""Seed a national-scale territory fast, for benchmarks and load tests.

The default run creates the shape of the country after 1/7/2025: 34 provinces,
about 3,300 communes directly under them and 100,000 villages, with UBND tỉnh and
Công an tỉnh in each province and a Công an xã in each commune.

treebeard's ``add_child`` costs several queries per node (100,000 villages would take
many minutes), so rows go in with ``bulk_create`` and materialised paths computed
here. ``bulk_create`` skips ``save()`` and signals: ``search_key`` is filled here, and
no audit-history rows are written for the seeded units (they are synthetic).

Every code starts with ``N-`` so nothing collides with the demo data, and the
provinces hang under the existing ``VN`` root after its last child. A second run
finds the ``N-`` units and changes nothing.
"""

import time
from datetime import date
from functools import lru_cache
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.db.models import F

from accounts.models import Role, RoleCode, User
from core import cachegen
from core.text import fold
from orgunits.models import AdminLevel, AdminUnit, Organisation, OrganisationKind

PREFIX = "N-"
ROOT_CODE = "VN"
REFORM_DAY = date(2025, 7, 1)
BATCH_SIZE = 5000
# Syllables of Vietnamese place names: two of them make a plausible commune name,
# with diacritics, so accent-blind search is exercised like on real data.
SYLLABLES = [
    "An",
    "Bình",
    "Hòa",
    "Phú",
    "Tân",
    "Thạnh",
    "Long",
    "Đông",
    "Tây",
    "Nam",
    "Bắc",
    "Phước",
    "Hưng",
    "Lộc",
    "Thuận",
    "Mỹ",
    "Sơn",
    "Hải",
    "Quảng",
    "Đức",
]

K = OrganisationKind
L = AdminLevel


@lru_cache(maxsize=4096)
def unit_search_key(type_name: str, name: str) -> str:
    # Villages repeat a few dozen names 100,000 times: fold each pair once.
    return fold(f"{type_name} {name}")


def commune_name(index: int) -> str:
    n = len(SYLLABLES)
    return f"{SYLLABLES[index % n]} {SYLLABLES[(index // n) % n]}"


def step(num: int) -> str:
    """One path step: ``num`` in base 36, left-padded to ``steplen`` (treebeard's layout)."""
    key = AdminUnit._int2str(num)
    if len(key) > AdminUnit.steplen:
        raise CommandError(f"Path overflow: step {num} needs more than {AdminUnit.steplen} chars.")
    return key.rjust(AdminUnit.steplen, AdminUnit.alphabet[0])


def spread(total: int, parts: int) -> list[int]:
    """``total`` split into ``parts`` counts differing by at most one (larger ones first)."""
    base, extra = divmod(total, parts)
    return [base + 1 if i < extra else base for i in range(parts)]


def with_pks(model: Any, objs: list[Any]) -> list[Any]:
    """The created rows with primary keys (databases that cannot return them: re-read)."""
    if all(o.pk is not None for o in objs):
        return objs
    by_code = model.objects.in_bulk([o.code for o in objs], field_name="code")
    return [by_code[o.code] for o in objs]


class Command(BaseCommand):
    help = (
        "Create a national-scale territory (34 provinces, ~3,300 communes, 100,000 villages) "
        "with bulk inserts, for benchmarks. Idempotent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--provinces", type=int, default=34)
        # Totals, spread as evenly as they go: 3,300 communes are 97 or 98 per province and
        # 100,000 villages 30 or 31 per commune (the 2025 map: 34, 3,321, about 100,000).
        parser.add_argument("--communes", type=int, default=3300, help="Communes in total.")
        parser.add_argument("--villages", type=int, default=100_000, help="Villages in total.")
        parser.add_argument(
            "--bench-user",
            metavar="NAME",
            help="Also create (or update) this user: province staff of the first national "
            "province's Công an tỉnh.",
        )
        parser.add_argument("--password", help="Password of --bench-user.")

    def handle(self, *args: Any, **options: Any) -> None:
        provinces = options["provinces"]
        communes = options["communes"]
        villages = options["villages"]
        if provinces < 1 or communes < 0 or villages < 0:
            raise CommandError("--provinces must be at least 1; the other counts at least 0.")
        if villages and not communes:
            raise CommandError("Villages need communes to sit in.")
        if options["bench_user"] and not options["password"]:
            raise CommandError("--bench-user needs --password.")

        started = time.perf_counter()
        if AdminUnit.objects.filter(code__startswith=PREFIX).exists():
            self.stdout.write(
                f"National data already present (units with codes {PREFIX}…): nothing to do."
            )
        else:
            with transaction.atomic():
                counts = self.seed(provinces, communes, villages)
                # bulk_create sends no signals: cached pages and users go stale here.
                cachegen.bump("orgunits", "accounts", "people")
            self.stdout.write(
                "Created {provinces} provinces, {communes} communes, {villages} villages and "
                "{organisations} organisations in {secs:.1f} s.".format(
                    secs=time.perf_counter() - started, **counts
                )
            )
            self.vacuum_analyze()

        if options["bench_user"]:
            user = self.bench_user(options["bench_user"], options["password"])
            self.stdout.write(f"Bench user {user.username}: {user.organisation}.")
        self.stdout.write(
            self.style.SUCCESS(f"seed_national done in {time.perf_counter() - started:.1f} s.")
        )

    def root(self) -> AdminUnit:
        root = AdminUnit.objects.select_for_update().filter(code=ROOT_CODE).first()
        if root is None:
            root = AdminUnit.objects.add_root(
                code=ROOT_CODE,
                name="Việt Nam",
                type_name="",
                level=L.NATION,
                valid_from=date(1976, 7, 2),
            )
        return root

    def seed(self, n_provinces: int, total_communes: int, total_villages: int) -> dict[str, int]:
        t0 = time.perf_counter()
        root = self.root()
        child_depth = root.depth + 1
        # New provinces go after the root's existing children (the demo provinces).
        last_child = (
            AdminUnit.objects.filter(path__startswith=root.path, depth=child_depth)
            .order_by("-path")
            .values_list("path", flat=True)
            .first()
        )
        first_step = AdminUnit._str2int(last_child[-AdminUnit.steplen :]) + 1 if last_child else 1
        pw = max(2, len(str(n_provinces)))
        communes_in = spread(total_communes, n_provinces)
        villages_in = spread(total_villages, total_communes) if total_communes else []
        cw = max(3, len(str(max(communes_in))))
        vw = max(2, len(str(max(villages_in, default=0))))

        # --- Provinces, then their province key (their own id) ----------------------
        province_rows = []
        for i in range(1, n_provinces + 1):
            name = f"Mẫu {i:0{pw}d}"
            n_communes = communes_in[i - 1]
            province_rows.append(
                AdminUnit(
                    path=root.path + step(first_step + i - 1),
                    depth=child_depth,
                    numchild=n_communes,
                    code=f"{PREFIX}{i:0{pw}d}",
                    name=name,
                    type_name="tỉnh",
                    level=L.PROVINCE,
                    search_key=unit_search_key("tỉnh", name),
                    valid_from=REFORM_DAY,
                )
            )
        province_rows = with_pks(AdminUnit, AdminUnit.objects.bulk_create(province_rows))
        AdminUnit.objects.filter(pk__in=[p.pk for p in province_rows]).update(province=F("pk"))
        # The root's numchild counts its real children, whatever it said before.
        AdminUnit.objects.filter(pk=root.pk).update(
            numchild=AdminUnit.objects.filter(path__startswith=root.path, depth=child_depth).count()
        )

        # --- UBND tỉnh and Công an tỉnh ----------------------------------------------
        ministry = Organisation.objects.filter(code="BCA").first()
        province_orgs: list[Organisation] = []
        for p in province_rows:
            label = f"tỉnh {p.name}"
            bodies = [
                ("UBND", f"Ủy ban nhân dân {label}", f"UBND {label}", K.PEOPLES_COMMITTEE, None),
                ("CAT", f"Công an {label}", "", K.PROVINCIAL_POLICE, ministry),
            ]
            for doc, name, short, kind, parent in bodies:
                province_orgs.append(
                    Organisation(
                        code=f"{doc}-{p.code}",
                        name=name,
                        short_name=short,
                        kind=kind,
                        unit=p,
                        parent=parent,
                        doc_code=doc,
                        header_name=name.upper(),
                        search_key=fold(f"{name} {short}"),
                        valid_from=REFORM_DAY,
                    )
                )
        province_orgs = with_pks(Organisation, Organisation.objects.bulk_create(province_orgs))
        police_of = {o.unit_id: o for o in province_orgs if o.kind == K.PROVINCIAL_POLICE}
        t_provinces = time.perf_counter()

        # --- Communes (directly under the province since 1/7/2025) ---------------------
        commune_rows: list[AdminUnit] = []
        village_counts = iter(villages_in)
        for p, n_communes in zip(province_rows, communes_in, strict=True):
            for j in range(1, n_communes + 1):
                n_villages = next(village_counts)
                # About one commune-level unit in five is an urban ward.
                type_name = "phường" if j % 5 == 0 else "xã"
                name = commune_name(j - 1)
                commune_rows.append(
                    AdminUnit(
                        path=p.path + step(j),
                        depth=p.depth + 1,
                        numchild=n_villages,
                        code=f"{p.code}-{j:0{cw}d}",
                        name=name,
                        type_name=type_name,
                        level=L.COMMUNE,
                        province_id=p.pk,
                        search_key=unit_search_key(type_name, name),
                        valid_from=REFORM_DAY,
                    )
                )
        commune_rows = with_pks(
            AdminUnit, AdminUnit.objects.bulk_create(commune_rows, batch_size=BATCH_SIZE)
        )
        commune_police = []
        for c in commune_rows:
            name = f"Công an {c.type_name} {c.name}"
            commune_police.append(
                Organisation(
                    code=f"CA-{c.code}",
                    name=name,
                    kind=K.COMMUNE_POLICE,
                    unit_id=c.pk,
                    parent=police_of[c.province_id],
                    doc_code="CAX" if c.type_name == "xã" else "CAP",
                    header_name=name.upper(),
                    search_key=fold(name),
                    valid_from=REFORM_DAY,
                )
            )
        Organisation.objects.bulk_create(commune_police, batch_size=BATCH_SIZE)
        t_communes = time.perf_counter()

        # --- Villages, in chunks so 100,000 model objects never sit in memory at once ----
        n_village_rows = 0
        chunk: list[AdminUnit] = []
        for c in commune_rows:
            type_name = "tổ dân phố" if c.type_name == "phường" else "thôn"
            for k in range(1, c.numchild + 1):
                name = str(k)
                chunk.append(
                    AdminUnit(
                        path=c.path + step(k),
                        depth=c.depth + 1,
                        numchild=0,
                        code=f"{c.code}-{k:0{vw}d}",
                        name=name,
                        type_name=type_name,
                        level=L.VILLAGE,
                        province_id=c.province_id,
                        search_key=unit_search_key(type_name, name),
                        valid_from=REFORM_DAY,
                    )
                )
            if len(chunk) >= BATCH_SIZE:
                AdminUnit.objects.bulk_create(chunk, batch_size=BATCH_SIZE)
                n_village_rows += len(chunk)
                chunk = []
        if chunk:
            AdminUnit.objects.bulk_create(chunk, batch_size=BATCH_SIZE)
            n_village_rows += len(chunk)
        t_villages = time.perf_counter()

        self.stdout.write(
            f"  provinces {t_provinces - t0:.1f} s, communes {t_communes - t_provinces:.1f} s, "
            f"villages {t_villages - t_communes:.1f} s"
        )
        return {
            "provinces": len(province_rows),
            "communes": len(commune_rows),
            "villages": n_village_rows,
            "organisations": len(province_orgs) + len(commune_police),
        }

    def vacuum_analyze(self) -> None:
        """Refresh the planner's statistics: straight after a bulk load, queries were
        10-500x slower until ``VACUUM ANALYZE`` (ENGINEERING.md)."""
        if connection.vendor != "postgresql":
            return
        if connection.in_atomic_block:
            # VACUUM cannot run in a transaction (e.g. inside a test); ANALYZE can.
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {AdminUnit._meta.db_table}, {Organisation._meta.db_table}")
            return
        t0 = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(
                f"VACUUM ANALYZE {AdminUnit._meta.db_table}, {Organisation._meta.db_table}"
            )
        self.stdout.write(f"  VACUUM ANALYZE {time.perf_counter() - t0:.1f} s")

    def bench_user(self, username: str, password: str) -> User:
        """Province staff of the first national province, for the dashboard benchmark."""
        province = (
            AdminUnit.objects.filter(code__startswith=PREFIX, level=L.PROVINCE)
            .order_by("code")
            .first()
        )
        if province is None:
            raise CommandError("No national province to attach the bench user to.")
        organisation = Organisation.objects.get(code=f"CAT-{province.code}")
        with transaction.atomic():
            user = User.objects.filter(username=username).first() or User(username=username)
            user.organisation = organisation
            user.first_name = "Benchmark"
            user.last_name = province.full_name
            user.set_password(password)
            user.save()
            user.roles.set(Role.objects.filter(code=RoleCode.PROVINCE_STAFF))
        return user
