"""What a bundle's job does, step by step: the parts, the contents page, the one file.

Each part is what prints today for that document, approved content only (employers get
the bundle): the passport's stored PDFs of its latest approved version (byte for byte what
was approved), the cards from that version, the approved letters, CV and portfolio through
the documents registry. A part asked for that the file does not have (any more) is left
out with a note on the contents page, not a failure; a render that breaks is a failure
(the job retries).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from atout.bundles import selectors
from atout.bundles.models import Bundle
from atout.documents.kinds import NothingToRender, document_kind
from atout.documents.rendering import RenderedDocument, RenderError
from atout.documents.rendering.bundle import (
    BundlePart,
    image_as_page,
    merge,
    page_count,
    page_counts,
    render_contents,
    zip_files,
)
from atout.letters.models import CoverLetter

MAX_COPIES = 20

# progress(step, steps, label): called before each step; it records the heartbeat.
Progress = Callable[[int, int, str], None]


class LeftOut(Exception):  # noqa: N818 - a part left out, not an error of the job
    """A part asked for that this file cannot give; the message goes on the contents page."""


class Unbuildable(Exception):  # noqa: N818 - the job ends, with the reason shown
    """Every part asked for was left out: there is no bundle to make."""

    def __init__(self, message: str, notes: list[str]):
        super().__init__(message)
        self.notes = notes


@dataclass
class Built:
    document: RenderedDocument
    pages: int
    notes: list[str] = field(default_factory=list)


@dataclass
class _Step:
    label: str
    make: Callable[[], list[BundlePart]]


def _passport_document(
    found: selectors.Availability, lang: str, variant: str
) -> tuple[RenderedDocument, str]:
    """The latest approved version's stored PDF (or, while it is being made, its render)."""
    from atout.passports.models import PassportDocument
    from atout.passports.selectors import passport_document

    if found.version is None:
        raise LeftOut(_("Passeport-emploi: not approved yet."))
    lang = lang if lang in found.passport_languages else found.passport_languages[0]
    detail = _("Version %(number)s, approved on %(date)s") % {
        "number": found.version.number,
        "date": date_format(timezone.localtime(found.version.created_at).date(), "DATE_FORMAT"),
    }
    stored = PassportDocument.objects.filter(
        version=found.version, variant=variant, lang=lang
    ).first()
    if stored is not None:
        try:
            with stored.file.open("rb") as handle:
                content = handle.read()
            return RenderedDocument(stored.name, "application/pdf", content), detail
        except OSError:
            pass  # lost from storage: render the same frozen content again below
    document, _warnings, _source = passport_document(found.passport, lang=lang, variant=variant)
    return document, detail


def plan(bundle: Bundle) -> list[_Step]:
    """The steps of this bundle's job, in the order of the contents page."""
    participant = bundle.participant
    options = bundle.options
    lang = bundle.lang
    steps: list[_Step] = []
    known: list[selectors.Availability] = []

    def found() -> selectors.Availability:
        """What the file has approved, read once when the first step needs it (a withdrawal
        during the job sends it back to the queue: see services.bundles_withdraw)."""
        if not known:
            known.append(selectors.availability(participant))
        return known[0]

    if options.get("colour"):

        def colour() -> list[BundlePart]:
            document, detail = _passport_document(found(), lang, "colour")
            title = _("Passeport-emploi — colour original")
            return [BundlePart(title, document, 1, detail)]

        steps.append(_Step(_("Passeport-emploi (colour original)"), colour))

    copies = max(0, min(MAX_COPIES, int(options.get("copies") or 0)))
    if copies:

        def plain() -> list[BundlePart]:
            document, detail = _passport_document(found(), lang, "copy")
            title = _("Passeport-emploi — copy for employers")
            return [BundlePart(title, document, copies, detail)]

        steps.append(_Step(_("Passeport-emploi (copies)"), plain))

    if options.get("cards"):

        def cards() -> list[BundlePart]:
            if found().version is None:
                raise LeftOut(_("Business cards: the passport is not approved yet."))
            layout = options.get("layout") or None
            document = document_kind("cards").render(participant, lang=lang, layout=layout)
            return [BundlePart(_("Business cards (print on card stock)"), document)]

        steps.append(_Step(_("Business cards"), cards))

    for letter_id in options.get("letters") or []:

        def letter_part(letter_id: int = letter_id) -> list[BundlePart]:
            from atout.letters.selectors import letter_title, render

            letter = (
                CoverLetter.objects.filter(participant=participant, pk=letter_id)
                .select_related("participant")
                .first()
            )
            if letter is None or not letter.is_frozen:
                raise LeftOut(_("A cover letter chosen is no longer approved."))
            return [BundlePart(letter_title(letter), render(letter, variant="colour"))]

        steps.append(_Step(_("Cover letter"), letter_part))

    if options.get("cv"):

        def cv() -> list[BundlePart]:
            if not found().cv:
                raise LeftOut(_("CV: not approved yet."))
            # lang None: the approved CV exactly as frozen, in its own language.
            return [BundlePart(_("CV"), document_kind("cv").render(participant, lang=None))]

        steps.append(_Step(_("CV"), cv))

    if options.get("portfolio"):

        def portfolio() -> list[BundlePart]:
            if not found().portfolio:
                raise LeftOut(_("Portfolio: not approved yet."))
            document = document_kind("portfolio").render(participant, lang=None)
            return [BundlePart(_("Portfolio"), document)]

        steps.append(_Step(_("Portfolio"), portfolio))

    if options.get("wage_subsidy"):
        # The option keeps its first name; it now takes the CLE's eligibility letters of the
        # measures the approved passport prints (atout.measures).

        def cle_letters() -> list[BundlePart]:
            measures = found().cle_letters
            if not measures:
                raise LeftOut(_("CLE eligibility letter: the CLE has attached none."))
            parts = []
            for number, measure in enumerate(measures, start=1):
                title = _("CLE eligibility letter — %(measure)s") % {"measure": measure.title}
                parts.append(
                    BundlePart(title, _letter_document(measure, lang, number), copies or 1)
                )
            return parts

        steps.append(_Step(_("CLE eligibility letter"), cle_letters))
    return steps


def _letter_document(measure, lang: str, number: int) -> RenderedDocument:
    """A CLE letter as a bundle part: the PDF as it is, a photo as a page; else left out."""
    try:
        with measure.letter.open("rb") as handle:
            content = handle.read()
    except OSError:
        raise LeftOut(_("CLE eligibility letter: the file is missing.")) from None
    stem = "lettre-admissibilite" if lang == "fr" else "eligibility-letter"
    name = f"{stem}-{number}.pdf" if number > 1 else f"{stem}.pdf"
    if measure.letter_content_type == "application/pdf":
        try:
            page_count(content)
        except RenderError:
            raise LeftOut(_("CLE eligibility letter: the PDF cannot be read.")) from None
        return RenderedDocument(name, "application/pdf", content)
    if measure.letter_content_type.startswith("image/"):
        return image_as_page(content, name=name)
    raise LeftOut(_("CLE eligibility letter: neither a PDF nor an image."))


def file_name(bundle: Bundle) -> str:
    participant = bundle.participant
    person = slugify(f"{participant.given_names} {participant.family_name}")[:60]
    stem = "pochette" if bundle.lang == "fr" else "bundle"
    stamp = timezone.localtime(bundle.created_at).strftime("%Y-%m-%d")
    return f"{stem}-{person}-{stamp}.{bundle.fmt}"


def _pages_text(start: int, count: int, copies: int) -> str:
    end = start + count * copies - 1
    return str(start) if end == start else f"{start}–{end}"


def build(bundle: Bundle, progress: Progress) -> Built:
    """Run every step, then the contents page and the merge (or the ZIP)."""
    lang = "en" if bundle.lang == "en" else "fr"
    with translation.override("en" if lang == "en" else "fr-ca"):
        steps = plan(bundle)
        total = len(steps) + 1
        parts: list[BundlePart] = []
        notes: list[str] = []
        for number, step in enumerate(steps, start=1):
            progress(number, total, step.label)
            try:
                parts.extend(step.make())
            except (LeftOut, NothingToRender) as left_out:
                notes.append(str(left_out))
        progress(total, total, _("Contents page and assembly"))
        if not parts:
            raise Unbuildable(_("Nothing asked for could be included."), notes)
        return _assemble(bundle, parts, notes, lang)


def _assemble(bundle: Bundle, parts: list[BundlePart], notes: list[str], lang: str) -> Built:
    participant = bundle.participant
    name = f"{participant.preferred_name or participant.given_names} {participant.family_name}"
    who = bundle.requested_by.get_full_name() if bundle.requested_by else ""
    counts = page_counts([part.document.content for part in parts])

    def contents(first_page: int) -> RenderedDocument:
        rows, page = [], first_page
        for part, count in zip(parts, counts, strict=True):
            pages = (
                _pages_text(page, count, part.copies)
                if bundle.fmt == "pdf"
                else ngettext("%(n)s page", "%(n)s pages", count) % {"n": count}
            )
            rows.append(
                {"title": part.title, "detail": part.detail, "pages": pages, "copies": part.copies}
            )
            page += count * part.copies
        return render_contents(
            name=name.strip(),
            lang=lang,
            prepared_on=date_format(timezone.localtime(bundle.created_at).date(), "DATE_FORMAT"),
            prepared_by=who or "Atout",
            rows=rows,
            notes=notes,
            fmt=bundle.fmt,
        )

    first = contents(2)
    own_pages = page_count(first.content)
    if own_pages != 1:  # a long contents page: number the parts after all of it
        first = contents(own_pages + 1)
    if bundle.fmt == "zip":
        content = zip_files(first, parts)
        document = RenderedDocument(file_name(bundle), "application/zip", content)
        pages = own_pages + sum(counts)
    else:
        content = merge(first.content, parts)
        document = RenderedDocument(file_name(bundle), "application/pdf", content)
        pages = own_pages + sum(
            count * part.copies for part, count in zip(parts, counts, strict=True)
        )
    return Built(document=document, pages=pages, notes=notes)
