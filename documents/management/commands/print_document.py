"""python manage.py print_document plan 591/KH-UBND --output plan.pdf"""

from pathlib import Path
from typing import Any

from django.core.exceptions import MultipleObjectsReturned, ObjectDoesNotExist
from django.core.management.base import BaseCommand, CommandError, CommandParser

from documents.registry import UnknownKind, all_kinds, get_kind
from documents.services import document_render

FORMATS = {".pdf": "pdf", ".docx": "docx"}


class Command(BaseCommand):
    help = "Print a state document (kind + number/symbol) to a PDF or DOCX file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", help="document kind: " + ", ".join(sorted(all_kinds())))
        parser.add_argument("reference", help='number/symbol, e.g. "591/KH-UBND" (or an id)')
        parser.add_argument("--output", "-o", required=True, help="file name ending .pdf or .docx")
        parser.add_argument("--year", type=int, default=None, help="year of the number")

    def handle(self, *args: Any, **opts: Any) -> None:
        output = Path(opts["output"])
        fmt = FORMATS.get(output.suffix.lower())
        if fmt is None:
            raise CommandError("--output must end with .pdf or .docx")
        try:
            kind = get_kind(opts["kind"])
        except UnknownKind:
            known = ", ".join(sorted(all_kinds()))
            raise CommandError(f"unknown kind {opts['kind']!r} (known: {known})") from None
        try:
            obj = kind.lookup(opts["reference"], opts["year"])
        except MultipleObjectsReturned:
            raise CommandError("several documents match: give --year") from None
        except ObjectDoesNotExist:
            raise CommandError(f"no {kind.name} {opts['reference']!r}") from None
        data = document_render(kind.name, obj, fmt)
        output.write_bytes(data)
        if opts["verbosity"] > 0:
            self.stdout.write(f"{output} ({len(data)} bytes)")
