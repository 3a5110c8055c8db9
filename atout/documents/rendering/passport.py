"""The Passeport-emploi as printed: a colour original and a plain copy for photocopying.

`passport_payload` builds exactly what prints (consented contact only, one language, labels
translated) as plain JSON values; `passport.typ` lays it out. User text never becomes Typst
source. Logos are written as plain files into the private compile root: our built-in SVGs,
or the person's upload after checking (PNG/JPEG through Pillow, SVG sanitised). A logo the
engine refuses is dropped with a warning; it never stops the passport from printing.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.utils import translation
from django.utils.formats import date_format, number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext

from atout.accounts.validators import format_phone
from atout.common.images import bound_pillow, check_image
from atout.documents.rendering.engine import (
    RenderedDocument,
    RenderError,
    inputs_digest,
    render_typst,
)

TEMPLATE = "passport.typ"
LOGO_DIR = Path(__file__).resolve().parent.parent / "logos"
BUILTIN_LOGOS = ("star", "hands", "gear", "leaf", "cart", "truck", "pot", "heart")
# The one colour our built-in logos are drawn with; the plain copy prints them in black.
LOGO_ACCENT = "#0E6E8C"
# The built-in logos' names, as the builder offers them; printed as the logo's alternative text.
BUILTIN_LOGO_NAMES = {
    "star": gettext_noop("Star"),
    "hands": gettext_noop("Helping hands"),
    "gear": gettext_noop("Gear"),
    "leaf": gettext_noop("Leaf"),
    "cart": gettext_noop("Shopping cart"),
    "truck": gettext_noop("Truck"),
    "pot": gettext_noop("Cooking pot"),
    "heart": gettext_noop("Heart"),
}
MAX_LOGO_BYTES = 5 * 1024 * 1024
MAX_LOGO_SIDE = 1200  # pixels; larger uploads are scaled down before printing
VARIANTS = ("colour", "copy")
CONTACT_ORDER = ("address", "home_phone", "mobile_phone", "email")
BASIC_SKILLS = ("languages", "software", "equipment")


# --- Labels -------------------------------------------------------------------------------


def _labels() -> dict[str, str]:
    """Every fixed text of the document, in the active language (English msgids).

    The context keeps the printed wording apart from the builder's labels that share an
    English text but not always the French one.
    """
    return {
        "document": pgettext("printed passport", "Employment Passport"),
        "kicker": pgettext("printed passport", "Employment Passport"),
        "address": pgettext("printed passport", "Address"),
        "home_phone": pgettext("printed passport", "Home phone"),
        "mobile_phone": pgettext("printed passport", "Mobile phone"),
        "email": pgettext("printed passport", "Email"),
        "objective": pgettext("printed passport", "My career objective"),
        "signature": pgettext("printed passport", "Signature"),
        "basic_skills": pgettext("printed passport", "Basic skills"),
        "languages": pgettext("printed passport", "Languages"),
        "software": pgettext("printed passport", "Software"),
        "equipment": pgettext("printed passport", "Equipment and tools"),
        "next_pages": pgettext(
            "printed passport",
            "On the next pages: my key competencies, real examples of what I have done, "
            "and why these skills matter for the job.",
        ),
        "key_competencies": pgettext("printed passport", "My key competencies"),
        "objective_recall": pgettext("printed passport", "My objective"),
        "col_competency": pgettext("printed passport", "Competencies"),
        "col_evidence": pgettext("printed passport", "Experiences and achievements"),
        "col_link": pgettext("printed passport", "Link with the workforce profile sought"),
        "result": pgettext("printed passport", "Result:"),
        "help_heading": pgettext(
            "printed passport", "Hiring with support from the public employment service"
        ),
        "help_text": pgettext(
            "printed passport",
            "Are you thinking of hiring this person? The local employment centre (CLE) shown "
            "below can support you at no cost. An employment counsellor can advise you on "
            "welcoming and training your new employee, and the CLE can help you recruit, for "
            "example by posting your job offers. Depending on their situation, the person may "
            "be eligible for a wage subsidy that lowers your costs during the first months. "
            "Contact the CLE to find out more.",
        ),
        "cle_heading": pgettext("printed passport", "Local employment centre"),
        "cle_phone": pgettext("printed passport", "Phone:"),
        "cle_blank": pgettext("printed passport", "Write the CLE's name and address here."),
        "wage_subsidy_heading": pgettext("printed passport", "Wage subsidy"),
        "wage_subsidy": pgettext(
            "printed passport",
            "This person is eligible for the Wage Subsidy measure (Subventions salariales). "
            "The eligibility letter is attached to this passport.",
        ),
        "measures_heading": pgettext("printed passport", "Measures for the employer"),
        "measures_intro": pgettext(
            "printed passport",
            "The CLE found this person eligible for these measures, which help the employer "
            "who hires them:",
        ),
        "measures_letter": pgettext(
            "printed passport", "The CLE’s eligibility letter is attached to this passport."
        ),
        "measure_from_to": pgettext("printed passport", "From %(start)s to %(end)s"),
        "measure_from": pgettext("printed passport", "From %(start)s"),
        "page": pgettext("printed passport", "Page"),
        "of": pgettext("printed passport", "of"),
    }


def _document_labels(lang: str) -> dict[str, str]:
    with translation.override("en" if lang == "en" else "fr-ca"):
        return _labels()


def _logo_alt(content: dict[str, Any], lang: str) -> str:
    """The logo's alternative text (the PDF's Figure /Alt), in the document's language.

    The payload may carry its own (`logo.alt`); otherwise a built-in logo is named, and an
    upload, which we cannot describe, is called a logo.
    """
    logo = content.get("logo") or {}
    if (logo.get("alt") or "").strip():
        return typographic(logo["alt"].strip())
    name = BUILTIN_LOGO_NAMES.get(logo.get("builtin") or "")
    with translation.override("en" if lang == "en" else "fr-ca"):
        if name and not logo.get("uploaded"):
            return pgettext("printed passport", "Logo: %(name)s") % {"name": _(name)}
        return pgettext("printed passport", "Logo")


# --- Payload ------------------------------------------------------------------------------


# Pictographic emoji (with their modifiers and joiners): no print font has them in black
# and white, so they are left out of the printed passport, with a warning.
_EMOJI = re.compile(
    "[\U0001f000-\U0001faff][\ufe0f\U0001f3fb-\U0001f3ff]*"
    "(?:\u200d[\u2600-\u27bf\U0001f000-\U0001faff][\ufe0f\U0001f3fb-\U0001f3ff]*)*"
)


def typographic(text: str) -> str:
    """Printed documents use the typographic apostrophe."""
    return (text or "").replace("'", "\u2019").strip()


def without_emoji(value: Any, dropped: list[bool]) -> Any:
    """The payload with emoji left out of every text (noted in `dropped`)."""
    if isinstance(value, str):
        cleaned = _EMOJI.sub("", value)
        if cleaned == value:
            return value
        dropped.append(True)
        return re.sub(r"[ \t]{2,}", " ", cleaned).strip()
    if isinstance(value, list):
        return [without_emoji(item, dropped) for item in value]
    if isinstance(value, dict):
        return {key: without_emoji(item, dropped) for key, item in value.items()}
    return value


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def pick(value: dict[str, str], lang: str, field: str, missing: list[tuple[str, Any]]) -> str:
    """The text in `lang`, else the other language's text (noted as a missing translation)."""
    own = (value.get(lang) or "").strip()
    if own:
        return typographic(own)
    other = (value.get("en" if lang == "fr" else "fr") or "").strip()
    if other:
        missing.append((field, None))
    return typographic(other)


def _warning_texts(missing: list[tuple[str, Any]], lang: str) -> list[str]:
    """Warnings for the person building the passport, in the interface's language."""
    fields = {
        "objective": _("the objective"),
        "languages": _("the languages"),
        "software": _("the software"),
        "equipment": _("the equipment"),
    }
    texts = []
    for field, number in missing:
        if field == "title":
            what = _("the title of key competency %(n)d") % {"n": number}
        elif field == "link":
            what = _("the link of key competency %(n)d") % {"n": number}
        elif field == "no_link":
            texts.append(
                _(
                    "Key competency %(n)d has no link with the profile employers seek: "
                    "its last column prints empty."
                )
                % {"n": number}
            )
            continue
        elif field == "evidence":
            what = _("an achievement of key competency %(n)d") % {"n": number}
        else:
            what = fields[field]
        if lang == "en":
            text = _("No English text for %(what)s: the French text is printed instead.")
        else:
            text = _("No French text for %(what)s: the English text is printed instead.")
        texts.append(text % {"what": what})
    return texts


def passport_payload(content: dict[str, Any], *, lang: str, variant: str) -> dict[str, Any]:
    """Exactly what prints, in one language, as plain JSON values for the template."""
    lang = "en" if lang == "en" else "fr"
    variant = variant if variant in VARIANTS else "colour"
    labels = _document_labels(lang)
    missing: list[tuple[str, Any]] = []

    given = typographic(content.get("given_names", ""))
    family = typographic(content.get("family_name", ""))
    full_name = " ".join(part for part in (given, family) if part)

    contact_values = content.get("contact") or {}
    contact = []
    for field in CONTACT_ORDER:
        value = (contact_values.get(field) or "").strip()
        if not value:
            continue
        if field.endswith("_phone"):
            value = format_phone(value)
        contact.append({"label": labels[field], "value": typographic(value)})

    objective = pick(content.get("objective") or {}, lang, "objective", missing)

    skills = content.get("basic_skills") or {}
    basic_skills = []
    for field in BASIC_SKILLS:
        value = pick(skills.get(field) or {}, lang, field, missing)
        if value:
            basic_skills.append({"label": labels[field], "value": value})

    competencies = []
    for number, kc in enumerate(content.get("competencies") or [], start=1):
        before = len(missing)
        title = pick(kc.get("title") or {}, lang, "title", missing)
        link = pick(kc.get("link") or {}, lang, "link", missing)
        evidence = []
        for ev in kc.get("evidence") or []:
            # A version frozen before achievements were bilingual holds one (French) text.
            parts = {
                part: ev.get(part) if isinstance(ev.get(part), dict) else {"fr": ev.get(part, "")}
                for part in ("situation", "action", "result")
            }
            if not any((value.get(lang) or "").strip() for value in parts.values()):
                missing.append(("evidence", None))
                lang_used = "en" if lang == "fr" else "fr"
            else:
                lang_used = lang
            evidence.append(
                {part: typographic(value.get(lang_used) or "") for part, value in parts.items()}
            )
        if not link:
            missing.append(("no_link", None))
        missing[before:] = list(dict.fromkeys((field, number) for field, _none in missing[before:]))
        competencies.append(
            {
                "number": f"{number:02d}",
                "title": title,
                "link": link,
                "evidence": evidence,
                "long": _may_outgrow_a_page(title, evidence, link),
            }
        )

    cle = content.get("cle") or {}
    cle_phone = format_phone((cle.get("phone") or "").strip())
    notice = _notice_text(content, lang)
    if notice:
        labels["help_text"] = notice
    measures, measures_heading, measures_note = _measures(content, lang, labels)
    if lang == "fr" and objective:
        quoted = f"«\u00a0{objective}\u00a0»"
    elif objective:
        quoted = f"\u201c{objective}\u201d"
    else:
        quoted = ""

    printed = {
        "lang": lang,
        "variant": variant,
        "title": f"{labels['document']} — {full_name}" if full_name else labels["document"],
        "author": full_name,
        "given_names": given,
        "family_name": family,
        "name": full_name,
        "contact": contact,
        "objective": objective,
        "objective_quoted": quoted,
        "signature": bool(content.get("signature")),
        "basic_skills": basic_skills,
        "logo": "",
        "logo_alt": _logo_alt(content, lang),
        "competencies": competencies,
        "cle": {
            "name": typographic(cle.get("name", "")),
            "lines": [typographic(line) for line in cle.get("address") or [] if line.strip()],
            "phone": f"{labels['cle_phone']} {cle_phone}" if cle_phone else "",
        },
        "measures": measures,
        "measures_heading": measures_heading,
        "measures_note": measures_note,
        "measures_intro": labels["measures_intro"] if "measures" in content else "",
        # One line in the footer, however long the name.
        "footer": f"{_shorten(full_name, 70)} · {labels['document']}"
        if full_name
        else labels["document"],
    }
    dropped: list[bool] = []
    printed = without_emoji(printed, dropped)
    warnings = _warning_texts(missing, lang)
    if dropped:
        warnings.append(_("Emoji cannot be printed; they were left out of the document."))
    return {**printed, "labels": labels, "warnings": warnings}


def _notice_text(content: dict[str, Any], lang: str) -> str:
    """The employer text the content froze (administered, versioned); "" for a version
    frozen before it was, which prints the wording of its time (the `help_text` label)."""
    notice = content.get("employer_notice") or {}
    texts = notice.get("text") or {}
    other = "fr" if lang == "en" else "en"
    return typographic((texts.get(lang) or texts.get(other) or "").strip())


def _print_date(value: str, lang: str) -> str:
    try:
        day = date.fromisoformat(value)
    except (TypeError, ValueError):
        return ""
    with translation.override("en" if lang == "en" else "fr-ca"):
        return date_format(day, "DATE_FORMAT")


def _measures(
    content: dict[str, Any], lang: str, labels: dict[str, str]
) -> tuple[list[dict[str, str]], str, str]:
    """The measures box: (items, heading, note). Versions frozen before the CLE recorded
    measures hold `wage_subsidy: true` and print the mention of their time."""
    if "measures" not in content:
        if content.get("wage_subsidy"):
            item = {"title": "", "period": "", "conditions": labels["wage_subsidy"]}
            return [item], labels["wage_subsidy_heading"], ""
        return [], "", ""
    items = []
    for measure in content.get("measures") or []:
        title = measure.get("title") or {}
        start = _print_date(measure.get("start", ""), lang)
        end = _print_date(measure.get("end", ""), lang)
        if start and end:
            period = labels["measure_from_to"] % {"start": start, "end": end}
        elif start:
            period = labels["measure_from"] % {"start": start}
        else:
            period = ""
        items.append(
            {
                "title": typographic(title.get(lang) or title.get("fr") or ""),
                "period": period,
                "conditions": typographic(measure.get("conditions", "")),
            }
        )
    if not items:
        return [], "", ""
    has_letter = any(m.get("letter") for m in content.get("measures") or [])
    return items, labels["measures_heading"], labels["measures_letter"] if has_letter else ""


# A column of this many characters (with its paragraphs) stays well within one page of the
# table; rows below it never split, longer ones may break across pages.
LONG_ROW_CHARS = 1600
LONG_ROW_PARAGRAPHS = 12


def _may_outgrow_a_page(title: str, evidence: list[dict[str, str]], link: str) -> bool:
    """Cheap, conservative stand-in for measuring the row (which doubles layout time)."""
    evidence_chars = sum(len(v) for item in evidence for v in item.values())
    paragraphs = sum(1 + bool(item["result"]) for item in evidence)
    longest = max(len(title) * 3, evidence_chars, len(link))
    return longest > LONG_ROW_CHARS or paragraphs > LONG_ROW_PARAGRAPHS


# --- Logos --------------------------------------------------------------------------------


@lru_cache(maxsize=len(BUILTIN_LOGOS) * 2)
def builtin_logo(name: str, variant: str = "colour") -> bytes | None:
    """One of our own logos; black in the plain copy."""
    if name not in BUILTIN_LOGOS:
        return None
    svg = (LOGO_DIR / f"{name}.svg").read_text(encoding="utf-8")
    if variant == "copy":
        svg = svg.replace(LOGO_ACCENT, "#000000")
    return svg.encode("utf-8")


_SVG_NS = "http://www.w3.org/2000/svg"
_XLINK_NS = "http://www.w3.org/1999/xlink"
_DROP_TAGS = {"script", "foreignobject", "iframe", "embed", "object", "audio", "video", "handler"}
_URL = re.compile(r"url\s*\(\s*(['\"]?)\s*([^)'\"]*)\1\s*\)", re.IGNORECASE)
_SAFE_DATA = re.compile(r"^data:image/(png|jpe?g|gif|webp)[;,]", re.IGNORECASE)


def _safe_reference(value: str) -> bool:
    value = value.strip()
    return value.startswith("#") or bool(_SAFE_DATA.match(value))


def _safe_css(value: str) -> bool:
    if "@import" in value.lower():
        return False
    return all(_safe_reference(match.group(2)) for match in _URL.finditer(value))


def sanitise_svg(data: bytes) -> bytes | None:
    """The SVG without scripts or anything that points outside it; None if it is not SVG.

    Kept: shapes, gradients, internal references (`#id`) and embedded raster images
    (`data:image/png|jpeg|gif|webp`). Removed: script, foreignObject, event handlers,
    external links and images, style sheets that import or load URLs, DTDs and entities.
    """
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError):
        return None
    if not isinstance(root.tag, str) or etree.QName(root).localname != "svg":
        return None
    for element in list(root.iter()):
        if element is not root and element.getparent() is None:
            continue  # already removed with an ancestor
        if not isinstance(element.tag, str):  # entity references, comments, PIs
            parent = element.getparent()
            if parent is not None:
                _remove_keep_tail(element)
            continue
        local = etree.QName(element).localname.lower()
        if local in _DROP_TAGS:
            _remove_keep_tail(element)
            continue
        if local == "style" and not _safe_css(element.text or ""):
            _remove_keep_tail(element)
            continue
        external = False
        for attribute in list(element.attrib):
            name = etree.QName(attribute).localname.lower()
            value = element.attrib[attribute]
            if name.startswith("on"):
                del element.attrib[attribute]
            elif name in ("href", "src"):
                if not _safe_reference(value):
                    del element.attrib[attribute]
                    external = True
            elif ("url(" in value.lower() or "@import" in value.lower()) and not _safe_css(value):
                del element.attrib[attribute]
        if external and local in ("image", "feimage", "use", "a"):
            if local == "a":
                continue  # a link without its target is a harmless group
            _remove_keep_tail(element)
    return etree.tostring(root, encoding="utf-8", xml_declaration=True)


def _remove_keep_tail(element: Any) -> None:
    parent = element.getparent()
    if parent is None:
        return
    if element.tail and element.tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _raster_logo(data: bytes, variant: str) -> tuple[bytes, str] | None:
    """A PNG/JPEG checked by decoding it, scaled down if huge, grey in the plain copy."""
    from PIL import Image, UnidentifiedImageError

    bound_pillow()  # the size was checked from the header; Pillow refuses above it anyway
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        image = Image.open(io.BytesIO(data))
        declared = image.size
        # A JPEG decodes straight at 1/2 to 1/8 scale: a fraction of the memory.
        image.draft(None, (MAX_LOGO_SIDE, MAX_LOGO_SIDE))
        image.load()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    if image.format not in ("PNG", "JPEG"):
        return None
    if variant == "colour" and max(declared) <= MAX_LOGO_SIDE:
        return data, "png" if image.format == "PNG" else "jpg"
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if image.mode == "1":
        image = image.convert("L")
    elif image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA" if has_alpha else "RGB")
    if max(image.size) > 2 * MAX_LOGO_SIDE:
        # Nearest-neighbour to twice the print size first: a smooth filter on RGBA would
        # make a premultiplied full-size copy (+100 MB at 25 megapixels).
        factor = max(image.size) / (2 * MAX_LOGO_SIDE)
        smaller = (max(1, round(image.width / factor)), max(1, round(image.height / factor)))
        image = image.resize(smaller, Image.Resampling.NEAREST)
    image.thumbnail((MAX_LOGO_SIDE, MAX_LOGO_SIDE))
    image = image.convert("RGBA" if has_alpha else "RGB")
    if variant == "copy":
        image = image.convert("LA" if has_alpha else "L")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue(), "png"


def _svg_to_grey_png(svg: bytes) -> bytes | None:
    """The plain copy prints an uploaded SVG as a grey image (rasterised by the engine)."""
    from PIL import Image

    try:
        pages = render_typst("passport_logo.typ", {}, files={"logo.svg": svg}, fmt="png", ppi=200)
    except RenderError:
        return None
    first = pages if isinstance(pages, bytes) else pages[0]
    image = Image.open(io.BytesIO(first)).convert("LA")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


@lru_cache(maxsize=4)
def _uploaded_logo(data: bytes, logo_type: str | None, variant: str) -> tuple[str, bytes] | None:
    """(file name, bytes) for the compile root, or None when the upload cannot print.

    Cached: the preview re-renders after every autosave, the logo is prepared once.
    """
    if not data or len(data) > MAX_LOGO_BYTES:
        return None
    kind = (logo_type or "").lower()
    looks_svg = b"<svg" in data[:4096].lower()
    if "svg" in kind or (not kind and looks_svg):
        clean = sanitise_svg(data)
        if clean is None:
            return None
        if variant == "copy":
            grey = _svg_to_grey_png(clean)
            return ("logo.png", grey) if grey else None
        return "logo.svg", clean
    checked = _raster_logo(data, variant)
    if checked is None:
        return None
    content, suffix = checked
    return f"logo.{suffix}", content


def logo_problem(logo: bytes | None) -> str | None:
    """Why an uploaded logo will not print, read from its header (nothing is decoded).

    For the review step's points to fix: an image that cannot be placed is said, never
    silently dropped. None when there is no logo or its size is within the cap.
    """
    if not logo:
        return None
    checked = check_image(logo)
    if checked.unreadable:
        return _("The logo could not be printed (damaged or unsupported file).")
    if checked.problem and checked.size is not None:
        return _(
            "The logo is too large to print (%(width)s × %(height)s pixels): add a smaller image."
        ) % {
            "width": number_format(checked.size.width, force_grouping=True),
            "height": number_format(checked.size.height, force_grouping=True),
        }
    return None


def logo_file(
    content: dict[str, Any], variant: str, logo: bytes | None, logo_type: str | None
) -> tuple[dict[str, bytes], str | None]:
    """Files to write into the compile root, and a problem worth a warning."""
    if logo:
        problem = logo_problem(logo)
        if problem:
            return {}, problem
        prepared = _uploaded_logo(logo, logo_type, variant)
        if prepared is None:
            return {}, _("The logo could not be printed (damaged or unsupported file).")
        name, data = prepared
        return {name: data}, None
    builtin = (content.get("logo") or {}).get("builtin") or ""
    data = builtin_logo(builtin, variant) if builtin else None
    return ({"logo.svg": data}, None) if data else ({}, None)


# --- Rendering ----------------------------------------------------------------------------


def _file_name(payload: dict[str, Any], suffix: str) -> str:
    variant = (
        "" if payload["variant"] == "colour" else "-copie" if payload["lang"] == "fr" else "-copy"
    )
    base = slugify(payload["footer"].replace("·", " ")) or "passport"
    return f"{base}-{payload['lang']}{variant}.{suffix}"


def _render(
    content: dict[str, Any],
    *,
    lang: str,
    variant: str,
    logo: bytes | None,
    logo_type: str | None,
    fmt: str,
    ppi: float | None = None,
) -> tuple[dict[str, Any], bytes | list[bytes], list[str]]:
    payload, files, warnings = _prepare(
        content, lang=lang, variant=variant, logo=logo, logo_type=logo_type
    )
    output = _compile(payload, files, warnings, fmt=fmt, ppi=ppi)
    return payload, output, warnings


def _prepare(
    content: dict[str, Any],
    *,
    lang: str,
    variant: str,
    logo: bytes | None,
    logo_type: str | None,
) -> tuple[dict[str, Any], dict[str, bytes], list[str]]:
    """The template's data, the files of its compile root (the logo) and the warnings."""
    payload = passport_payload(content, lang=lang, variant=variant)
    warnings = list(payload["warnings"])
    files, problem = logo_file(content, payload["variant"], logo, logo_type)
    if problem:
        warnings.append(problem)
    payload["logo"] = next(iter(files), "")
    return payload, files, warnings


def _compile(
    payload: dict[str, Any],
    files: dict[str, bytes],
    warnings: list[str],
    *,
    fmt: str,
    ppi: float | None,
) -> bytes | list[bytes]:
    try:
        return render_typst(TEMPLATE, payload, files=files, fmt=fmt, ppi=ppi)
    except RenderError:
        if not files:
            raise
        # The engine refused the image: print without it rather than fail.
        warnings.append(_("The logo could not be printed (damaged or unsupported file)."))
        payload["logo"] = ""
        return render_typst(TEMPLATE, payload, fmt=fmt, ppi=ppi)


def render_passport_with_warnings(
    content: dict[str, Any],
    *,
    lang: str,
    variant: str,
    logo: bytes | None = None,
    logo_type: str | None = None,
) -> tuple[RenderedDocument, list[str]]:
    """The PDF and what the person building it should know (missing translations, logo)."""
    payload, pdf, warnings = _render(
        content, lang=lang, variant=variant, logo=logo, logo_type=logo_type, fmt="pdf"
    )
    document = RenderedDocument(
        name=_file_name(payload, "pdf"), content_type="application/pdf", content=pdf
    )
    return document, warnings


def render_passport(
    content: dict[str, Any],
    *,
    lang: str,
    variant: str,
    logo: bytes | None = None,
    logo_type: str | None = None,
) -> RenderedDocument:
    document, _warnings = render_passport_with_warnings(
        content, lang=lang, variant=variant, logo=logo, logo_type=logo_type
    )
    return document


PREVIEW_PPI = 60


def passport_preview_job(
    content: dict[str, Any],
    *,
    lang: str,
    variant: str = "colour",
    ppi: float = PREVIEW_PPI,
    logo: bytes | None = None,
    logo_type: str | None = None,
) -> tuple[str, Callable[[], list[bytes]]]:
    """The digest of the preview's exact compile inputs, and the compile itself.

    The data is built once (a few hundred microseconds): the digest lets the preview cache
    (atout.documents.previews.cached_pages) skip the compile when nothing printed changed.
    """
    payload, files, warnings = _prepare(
        content, lang=lang, variant=variant, logo=logo, logo_type=logo_type
    )
    inputs = inputs_digest(TEMPLATE, payload, files=files, fmt="png", ppi=ppi)

    def render() -> list[bytes]:
        pages = _compile(payload, files, warnings, fmt="png", ppi=ppi)
        return [pages] if isinstance(pages, bytes) else list(pages)

    return inputs, render


def render_passport_preview(
    content: dict[str, Any],
    *,
    lang: str,
    variant: str = "colour",
    ppi: float = PREVIEW_PPI,
    logo: bytes | None = None,
    logo_type: str | None = None,
) -> list[bytes]:
    """PNG page images from the same engine and template: the preview is what prints."""
    _inputs, render = passport_preview_job(
        content, lang=lang, variant=variant, ppi=ppi, logo=logo, logo_type=logo_type
    )
    return render()
