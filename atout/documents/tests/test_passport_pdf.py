"""The printed passport: page 1, the competency table, the last page, both variants."""

from __future__ import annotations

import copy
import io
import json
import re

import pdfplumber
import pytest
from PIL import Image

from atout.documents.rendering import engine
from atout.documents.rendering import passport as passport_rendering
from atout.documents.rendering.passport import (
    passport_payload,
    render_passport,
    render_passport_preview,
    render_passport_with_warnings,
)

# Column bands of the competency table (points from the left edge), wide enough to be
# robust to small layout changes: competency / evidence / link.
COLUMNS = {"competency": (50, 178), "evidence": (178, 402), "link": (402, 570)}


def sample_content(competencies: int = 8) -> dict:
    """A realistic passport; each row carries tokens (K03, A03, R03) to find it in the PDF."""
    rows = []
    for n in range(1, competencies + 1):
        rows.append(
            {
                "title": {"fr": f"K{n:02d} Travailler avec soin", "en": f"K{n:02d} Careful work"},
                "link": {
                    "fr": f"L{n:02d} En hôtellerie, chaque chambre doit être impeccable : "
                    "le souci du détail se voit tout de suite.",
                    "en": f"L{n:02d} In a hotel, every room must be spotless.",
                },
                "evidence": [
                    {
                        "situation": "Bénévole à la banque alimentaire de Limoilou (2024-2026)",
                        "action": f"A{n:02d} J’ai trié et rangé les denrées selon les dates "
                        "de péremption, chaque semaine, avec une équipe de six personnes.",
                        "result": "Aucune perte de produits pendant deux ans; la responsable "
                        f"m’a confié la formation des nouveaux. R{n:02d}",
                    },
                    {
                        "situation": "Mère de trois enfants",
                        "action": "Je prépare chaque dimanche le plan de la semaine.",
                        "result": f"Aucun rendez-vous manqué cette année. S{n:02d}",
                    },
                ],
            }
        )
    return {
        "languages": "both",
        "given_names": "Émilie",
        "family_name": "Gagnon",
        "contact": {
            "address": "412, rue de la Couronne, Québec (Québec), G1K 6E9",
            "mobile_phone": "4185550142",
            "email": "emilie.gagnon@exemple.ca",
        },
        "objective": {
            "fr": "Je souhaite travailler comme préposée à l’entretien ménager dans un hôtel "
            "du Vieux-Québec. Je suis minutieuse, fiable et j’aime le travail bien fait.",
            "en": "I want to work as a housekeeping attendant in a hotel in Old Québec.",
        },
        "signature": True,
        "basic_skills": {
            "languages": {"fr": "français, anglais (A2)", "en": "French, English (A2)"},
            "software": {"fr": "Courriel, Word (base)", "en": "Email, Word (basic)"},
            "equipment": {"fr": "Autorécureuse, produits SIMDUT", "en": "Floor scrubber"},
        },
        "logo": {"builtin": "star", "uploaded": False},
        "competencies": rows,
        "cle": {
            "name": "Centre local d'emploi de Québec-Centre",
            "address": ["1000, route de l'Église, bureau 200", "Québec (Québec)  G1V 3V9"],
            "phone": "4185550100",
        },
        "wage_subsidy": True,
    }


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " ")).strip()


def page_texts(pdf_bytes: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        return [normalise(page.extract_text() or "") for page in pdf.pages]


def page_words(pdf_bytes: bytes) -> list[set[str]]:
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        return [{w["text"].strip(".,;:") for w in page.extract_words()} for page in pdf.pages]


def column_text(page, column: str) -> str:
    left, right = COLUMNS[column]
    return normalise(page.crop((left, 0, right, page.height)).extract_text() or "")


def is_grey(colour) -> bool:
    if colour is None or isinstance(colour, int | float):
        return True
    values = [float(v) for v in colour if isinstance(v, int | float)]
    if len(values) <= 1:
        return True
    if len(values) == 3:
        return max(values) - min(values) < 1e-6
    if len(values) == 4:  # CMYK: grey only when C = M = Y = 0
        return max(values[:3]) < 1e-6
    return False


@pytest.fixture(scope="module")
def content():
    return sample_content()


@pytest.fixture(scope="module")
def colour_fr(content):
    return render_passport(content, lang="fr", variant="colour")


@pytest.fixture(scope="module")
def copy_fr(content):
    return render_passport(content, lang="fr", variant="copy")


@pytest.fixture(scope="module")
def colour_en(content):
    return render_passport(content, lang="en", variant="colour")


def test_document_is_a_letter_size_pdf_with_a_good_name(colour_fr, copy_fr):
    assert colour_fr.content.startswith(b"%PDF")
    assert colour_fr.content_type == "application/pdf"
    assert colour_fr.name == "emilie-gagnon-passeport-emploi-fr.pdf"
    assert copy_fr.name == "emilie-gagnon-passeport-emploi-fr-copie.pdf"
    with pdfplumber.open(io.BytesIO(colour_fr.content)) as pdf:
        assert all((p.width, p.height) == (612, 792) for p in pdf.pages)


def test_page_one_has_identification_contact_skills_and_objective(colour_fr):
    first = page_texts(colour_fr.content)[0]
    assert "Émilie Gagnon" in first
    assert "PASSEPORT-EMPLOI" in first
    assert "« Je souhaite travailler comme préposée à l’entretien ménager" in first
    assert "418 555-0142" in first
    assert "emilie.gagnon@exemple.ca" in first
    assert "412, rue de la Couronne, Québec (Québec)" in first
    assert "Courriel" in first.title() or "COURRIEL" in first
    assert "Signature — Émilie Gagnon" in first
    assert "COMPÉTENCES DE BASE" in first
    assert "Autorécureuse, produits SIMDUT" in first
    # The competencies start on page 2.
    assert "K01" not in first


def test_table_pages_repeat_the_three_headers_and_recall_the_objective(colour_fr):
    texts = page_texts(colour_fr.content)
    table_pages = texts[1:-1]
    assert len(table_pages) >= 2, "the sample must spread over several table pages"
    assert "MON OBJECTIF" in table_pages[0]
    assert "Je souhaite travailler comme préposée" in table_pages[0]
    for text in table_pages:
        assert "Compétences" in text
        assert "Expériences et réalisations" in text
        assert "Liens avec le profil de" in text and "main-d’œuvre recherché" in text


def test_headers_are_in_each_column(colour_fr):
    with pdfplumber.open(io.BytesIO(colour_fr.content)) as pdf:
        for page in pdf.pages[1:-1]:
            assert "Compétences" in column_text(page, "competency").split()
            assert "Expériences et réalisations" in column_text(page, "evidence")
            assert "Liens avec le profil de main-d’œuvre recherché" in column_text(page, "link")


def test_no_normal_row_is_split_across_pages(content, colour_fr):
    words = page_words(colour_fr.content)
    for n in range(1, len(content["competencies"]) + 1):
        tokens = [f"{letter}{n:02d}" for letter in "KLARS"]
        pages = {token: [i for i, page in enumerate(words) if token in page] for token in tokens}
        title_pages = pages[f"K{n:02d}"]
        assert len(title_pages) == 1, f"row {n} title on pages {title_pages}"
        for token in tokens:
            assert pages[token] == title_pages, f"row {n}: {token} on {pages[token]}"


def test_rows_keep_their_order(content, colour_fr):
    with pdfplumber.open(io.BytesIO(colour_fr.content)) as pdf:
        titles = " ".join(column_text(page, "competency") for page in pdf.pages[1:-1])
    found = re.findall(r"K(\d\d)", titles)
    assert found == [f"{n:02d}" for n in range(1, len(content["competencies"]) + 1)]


def test_last_page_has_help_text_cle_address_and_wage_subsidy(content, colour_fr):
    last = page_texts(colour_fr.content)[-1]
    assert "EMBAUCHER AVEC L’APPUI DU SERVICE PUBLIC D’EMPLOI" in last
    assert "subvention salariale" in last
    assert "Centre local d’emploi de Québec-Centre" in last
    assert "1000, route de l’Église, bureau 200" in last
    assert "Téléphone : 418 555-0100" in last
    assert "Subventions salariales" in last

    without = copy.deepcopy(content)
    without["wage_subsidy"] = False
    without["cle"] = {"name": "", "address": [], "phone": ""}
    last = page_texts(render_passport(without, lang="fr", variant="colour").content)[-1]
    assert "Subventions salariales" not in last
    assert "Inscrivez ici le nom et l’adresse du CLE." in last


def test_footer_has_name_and_page_numbers(colour_fr):
    texts = page_texts(colour_fr.content)
    for number, text in enumerate(texts, start=1):
        assert "Émilie Gagnon · Passeport-emploi" in text
        assert f"Page {number} de {len(texts)}" in text


def test_english_version_uses_english_headings_and_texts(colour_en):
    texts = page_texts(colour_en.content)
    assert "EMPLOYMENT PASSPORT" in texts[0]
    assert "MY CAREER OBJECTIVE" in texts[0]
    assert "“I want to work as a housekeeping attendant" in texts[0]
    for text in texts[1:-1]:
        assert "Competencies" in text
        assert "Experiences and achievements" in text
        assert "Link with the workforce profile" in text
        assert "Compétences" not in text
    assert "K01 Careful work" in texts[1]
    assert "HIRING WITH SUPPORT FROM THE PUBLIC EMPLOYMENT SERVICE" in texts[-1]
    assert f"Page 1 of {len(texts)}" in texts[0]


def test_accents_and_french_typography_are_extractable():
    content = sample_content(1)
    content["objective"]["fr"] = "Élève ô combien fidèle : être à l'heure, « cœur » à l'ouvrage."
    text = " ".join(page_texts(render_passport(content, lang="fr", variant="copy").content))
    for fragment in ("Élève", "è", "ê", "ô", "œ", "« cœur »", "l’heure", "«", "»"):
        assert fragment in text


def test_missing_translation_falls_back_with_a_warning():
    content = sample_content(2)
    for kc in content["competencies"]:  # stories in both languages: only the two gaps warn
        for ev in kc["evidence"]:
            ev.update({part: {"fr": text, "en": text} for part, text in ev.items()})
    content["objective"]["en"] = ""
    content["competencies"][1]["link"]["en"] = ""
    document, warnings = render_passport_with_warnings(content, lang="en", variant="colour")
    text = " ".join(page_texts(document.content))
    assert "Je souhaite travailler comme préposée" in text  # the French objective, printed
    assert len(warnings) == 2
    payload = passport_payload(content, lang="en", variant="colour")
    assert payload["warnings"] == warnings
    assert payload["objective"].startswith("Je souhaite")


def test_payload_formats_phones_and_keeps_only_given_contact():
    content = sample_content(1)
    content["contact"] = {"home_phone": "4185550199"}
    payload = passport_payload(content, lang="fr", variant="copy")
    labels = payload["labels"]
    assert payload["contact"] == [{"label": labels["home_phone"], "value": "418\u00a0555-0199"}]
    assert payload["cle"]["phone"] == "Téléphone\u00a0: 418\u00a0555-0100"
    assert payload["variant"] == "copy" and payload["lang"] == "fr"


def test_pdf_is_tagged_with_language_and_title(colour_fr):
    assert b"StructTreeRoot" in colour_fr.content
    assert b"/Lang" in colour_fr.content
    with pdfplumber.open(io.BytesIO(colour_fr.content)) as pdf:
        assert pdf.metadata["Title"] == "Passeport-emploi — Émilie Gagnon"


def test_copy_has_no_colour_at_all(copy_fr):
    with pdfplumber.open(io.BytesIO(copy_fr.content)) as pdf:
        for page in pdf.pages:
            for char in page.chars:
                assert is_grey(char["non_stroking_color"]), char["text"]
                assert is_grey(char["stroking_color"])
            for shape in page.rects + page.lines + page.curves:
                assert is_grey(shape.get("non_stroking_color"))
                assert is_grey(shape.get("stroking_color"))


def test_copy_preview_pixels_are_grey_even_with_a_colour_logo():
    content = sample_content(1)
    red = io.BytesIO()
    Image.new("RGB", (40, 40), (220, 30, 30)).save(red, format="PNG")
    for logo in (None, red.getvalue()):
        pages = render_passport_preview(
            content, lang="fr", variant="copy", ppi=30, logo=logo, logo_type="image/png"
        )
        for png in pages:
            image = Image.open(io.BytesIO(png)).convert("RGB")
            r, g, b = image.split()
            from PIL import ImageChops

            assert ImageChops.difference(r, g).getbbox() is None
            assert ImageChops.difference(g, b).getbbox() is None


def test_colour_original_does_use_colour(colour_fr):
    with pdfplumber.open(io.BytesIO(colour_fr.content)) as pdf:
        assert any(not is_grey(c["non_stroking_color"]) for c in pdf.pages[0].chars)


def test_copy_and_original_paginate_identically(colour_fr, copy_fr):
    assert page_texts(colour_fr.content) == page_texts(copy_fr.content)


def test_preview_is_png_pages_of_the_same_document(content, colour_fr):
    pages = render_passport_preview(content, lang="fr")
    assert len(pages) == len(page_texts(colour_fr.content))
    assert all(page.startswith(b"\x89PNG") for page in pages)


def test_builtin_logo_is_written_as_a_plain_file(monkeypatch):
    seen = {}
    real = engine.render_typst

    def spy(template, data, *, files=None, **kwargs):
        seen.update(files or {})
        seen["data"] = data
        return real(template, data, files=files, **kwargs)

    monkeypatch.setattr(passport_rendering, "render_typst", spy)
    content = sample_content(1)
    content["logo"] = {"builtin": "leaf", "uploaded": False}
    render_passport(content, lang="fr", variant="copy")
    assert seen["data"]["logo"] == "logo.svg"
    assert b"<svg" in seen["logo.svg"] and b"#0E6E8C" not in seen["logo.svg"]


@pytest.mark.parametrize("name", passport_rendering.BUILTIN_LOGOS)
def test_every_builtin_logo_renders(name):
    content = sample_content(0)
    content["logo"] = {"builtin": name, "uploaded": False}
    document, warnings = render_passport_with_warnings(content, lang="fr", variant="colour")
    assert warnings == []
    with pdfplumber.open(io.BytesIO(document.content)) as pdf:
        page = pdf.pages[0]
        assert page.curves or page.rects or page.images


def test_uploaded_png_and_jpeg_logos_print(tmp_path):
    content = sample_content(1)
    for fmt in ("PNG", "JPEG"):
        buffer = io.BytesIO()
        Image.new("RGB", (60, 60), (10, 120, 200)).save(buffer, format=fmt)
        document, warnings = render_passport_with_warnings(
            content, lang="fr", variant="colour", logo=buffer.getvalue(), logo_type=fmt
        )
        assert warnings == []
        with pdfplumber.open(io.BytesIO(document.content)) as pdf:
            assert len(pdf.pages[0].images) == 1


def test_damaged_logo_is_dropped_with_a_warning():
    content = sample_content(1)
    for data, kind in ((b"not an image", "image/png"), (b"<svg><broken", "image/svg+xml")):
        document, warnings = render_passport_with_warnings(
            content, lang="fr", variant="colour", logo=data, logo_type=kind
        )
        assert document.content.startswith(b"%PDF")
        assert len(warnings) == 1


def test_logo_the_engine_refuses_is_dropped_with_a_warning(monkeypatch):
    monkeypatch.setattr(
        passport_rendering, "_uploaded_logo", lambda *a: ("logo.png", b"\x89PNG broken")
    )
    document, warnings = render_passport_with_warnings(
        sample_content(1), lang="fr", variant="colour", logo=b"x", logo_type="image/png"
    )
    assert document.content.startswith(b"%PDF")
    assert warnings and "logo" in warnings[0].lower()


def test_payload_is_plain_json(content):
    payload = passport_payload(content, lang="fr", variant="colour")
    assert json.loads(json.dumps(payload)) == payload


@pytest.mark.django_db
def test_non_consented_phone_never_appears_in_any_output(participant, counsellor, monkeypatch):
    from atout.documents.rendering.docx import render_passport_docx
    from atout.participants.services import consent_set
    from atout.passports.models import Passport
    from atout.passports.selectors import passport_content

    participant.home_phone = "4185559876"
    participant.save()
    consent_set(
        participant=participant,
        actor=counsellor,
        decisions={
            ("mobile_phone", "employer"): True,
            ("email", "employer"): True,
            ("home_phone", "cle"): True,  # consented for the CLE, not for employers
        },
    )
    passport = Passport.objects.create(participant=participant, objective_fr="Préposée")
    content = passport_content(passport)
    assert set(content["contact"]) == {"mobile_phone", "email"}

    pdf = render_passport(content, lang="fr", variant="colour").content
    text = " ".join(page_texts(pdf))
    assert "418 555-0142" in text
    assert "9876" not in text

    docx = render_passport_docx(content, lang="fr").content
    import zipfile

    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        xml = "".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".xml"))
    assert "555-0142" in xml and "9876" not in xml

    seen = []
    real = engine.render_typst
    monkeypatch.setattr(
        passport_rendering,
        "render_typst",
        lambda template, data, **kw: seen.append(json.dumps(data)) or real(template, data, **kw),
    )
    assert render_passport_preview(content, lang="fr", ppi=20)
    assert seen and all("9876" not in data and "555-0142" in data for data in seen)
