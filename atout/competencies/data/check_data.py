# ruff: noqa: T201  (a command-line checker prints its report)
#!/usr/bin/env python3
"""Check the competency data files (generic skills, languages, workforce profiles).

Run from anywhere:  python3 atout/competencies/data/check_data.py
Exit code 0 when every check passes; otherwise the problems are listed and the
exit code is 1. Standard library only, so it runs before Django is set up.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
VERSION_RE = re.compile(r"^\d{4}\.\d+$")
COMP_CODE_RE = re.compile(r"^[A-Z]{3}-\d{2}$")
IND_CODE_RE = re.compile(r"^[A-Z]{3}-\d{2}-[a-h]$")
NOC_RE = re.compile(r"^\d{5}$")
CEFR_LEVELS = ["A1", "A2", "B1", "B2", "C1", "C2"]
LANG_SKILLS = ["listening", "reading", "spoken_interaction", "spoken_production", "writing"]
SCALE_VALUES = {0, 1, 2, 3, 4}
# Truncated inclusive forms the Quebec style guide (OQLF) asks us to avoid:
# "conseiller(ère)", "employé(e)s", "employé-e-s", "étudiant.e", "conseiller·ère",
# "conseiller/ère", "employéEs". Official NOC titles spell both words out
# ("Caissiers/caissières"), which is allowed everywhere.
_ENDING = r"(?:e|es|s|ne|nes|le|les|se|ses|te|tes|ère|ères|euse|euses|rice|rices|trice|trices)"
# After a hyphen, "-le", "-les", "-se", "-s" are pronouns or ordinary words ("Vérifiez-le").
_HYPHEN_ENDING = r"(?:e|es|ne|nes|ère|ères|euse|euses|rice|rices|trice|trices)"
TRUNCATED_RE = re.compile(
    r"\w[·•∙]\w"  # conseiller·ère
    rf"|\w\({_ENDING}\)"  # conseiller(ère), employé(e)s
    rf"|\w-{_HYPHEN_ENDING}(?:-s)?\b"  # employé-e-s, étudiant-e
    rf"|\w\.{_ENDING}(?:\.s)?\b"  # étudiant.e, employé.e.s
    rf"|\w/{_ENDING}\b"  # conseiller/ère
    r"|[a-zà-ÿ]Es?\b"  # employéEs
)
# The self-evaluation speaks plainly to readers with little schooling: no idioms,
# no one-off past events, no traits, one behaviour per indicator.
IDIOMS_FR = re.compile(
    r"perdre (?:mes|ses|vos|tes) moyens|garder le cap|en cachette|débordée?s?\b"
    r"|sur qui l’on|mettre la main à la pâte|avoir du cœur au ventre|tenir le coup",
    re.IGNORECASE,
)
IDIOMS_EN = re.compile(
    r"lose (?:my|your) cool|behind (?:their|your|my) back|worked up|swamped|on track"
    r"|pitch in|hang in there",
    re.IGNORECASE,
)
PAST_EVENT_FR = re.compile(r"\b(?:J’ai|j’ai) déjà\b|\bJ’ai (?:vécu|traversé|réglé)\b")
PAST_EVENT_EN = re.compile(r"\bI(?:’ve| have) (?:already |once )?(?:been|solved|gone|done)\b")
TRAIT_FR = re.compile(r"attitude positive|\bj’apprends vite\b|\bje suis quelqu’un\b", re.I)
TRAIT_EN = re.compile(r"positive attitude|\bquick to learn\b|\blearn fast\b", re.I)
TWO_VERBS_FR = re.compile(r"\bet (?:je|j’)\b|\b(?:je|j’)\w+ et (?:je|j’)", re.I)
TWO_VERBS_EN = re.compile(r"\band I\b")
# Definitions and family intros speak to the reader as "vous"; "on" may only be
# someone else acting on the reader ("ce qu’on vous demande").
READER_AS_ON_RE = re.compile(r"\bl’on\b|\bon\b(?!\s+(?:vous|me)\b)|\bsoi\b", re.IGNORECASE)
OFFICIAL_NOC_SITES = ("noc.esdc.gc.ca", "cnp.edsc.gc.ca", "statcan.gc.ca")
# First-person adjectives that would force a gender ("Je suis prêt", "seul").
GENDERED_FIRST_PERSON_RE = re.compile(
    r"\bJe suis (prêt|seul|capable et prêt|fier|ponctuel|organisé|habitué)\b"
)

errors: list[str] = []
counts: dict[str, int] = {}


def err(where: str, msg: str) -> None:
    errors.append(f"{where}: {msg}")


def words(text: str) -> int:
    return len(text.replace("\u00a0", " ").split())


def need_text(obj: dict, key: str, where: str, max_words: int | None = None) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not value.strip():
        err(where, f"missing or empty '{key}'")
        return ""
    if value != value.strip():
        err(where, f"'{key}' has leading or trailing spaces")
    if max_words is not None and words(value) > max_words:
        err(where, f"'{key}' has {words(value)} words (max {max_words}): {value!r}")
    return value


def check_french(text: str, where: str) -> None:
    if not text:
        return
    if TRUNCATED_RE.search(text):
        err(where, f"truncated inclusive form in French text: {text!r}")
    if GENDERED_FIRST_PERSON_RE.search(text):
        err(where, f"gendered first-person adjective: {text!r}")
    if "'" in text:
        err(where, f"straight apostrophe in French text (use ’): {text!r}")
    if re.search(r"\S:(\s|$)", text) or " :" in text:
        err(where, f"French colon needs a non-breaking space (U+00A0) before it: {text!r}")
    if re.search(r"«(?!\u00a0)|(?<!\u00a0)»", text):
        err(where, f"French quotes need non-breaking spaces inside: {text!r}")
    if re.search(r"\s[;!?]", text):
        err(where, f"no space before ; ! ? in Quebec usage: {text!r}")
    if '"' in text:
        err(where, f"straight double quotes in French text (use « »): {text!r}")


def check_indicator(fr: str, en: str, where: str) -> None:
    """An indicator the 4-level scale can rate: a repeatable, observable behaviour."""
    for text, idioms, past, trait, two in (
        (fr, IDIOMS_FR, PAST_EVENT_FR, TRAIT_FR, TWO_VERBS_FR),
        (en, IDIOMS_EN, PAST_EVENT_EN, TRAIT_EN, TWO_VERBS_EN),
    ):
        if idioms.search(text):
            err(where, f"idiom; say it plainly: {text!r}")
        if past.search(text):
            err(where, f"a one-off past event cannot be rated on the scale: {text!r}")
        if trait.search(text):
            err(where, f"a trait, not an observable behaviour: {text!r}")
        if two.search(text):
            err(where, f"two behaviours in one indicator: {text!r}")


def pair(obj: dict, base: str, where: str, max_words: int | None = None) -> None:
    fr = need_text(obj, f"{base}_fr", where, max_words)
    need_text(obj, f"{base}_en", where, max_words)
    check_french(fr, f"{where}.{base}_fr")


def unique(codes: list[str], where: str) -> None:
    seen: set[str] = set()
    for code in codes:
        if code in seen:
            err(where, f"duplicate code {code!r}")
        seen.add(code)


def load(name: str) -> dict:
    path = HERE / name
    try:
        with path.open(encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, json.JSONDecodeError) as exc:
        err(name, f"cannot load: {exc}")
        return {}


# --------------------------------------------------------------------------
def check_generic_skills(data: dict) -> set[str]:
    where = "generic_skills"
    if data.get("code") != "ATOUT-CG":
        err(where, "code must be 'ATOUT-CG'")
    if not VERSION_RE.match(str(data.get("version", ""))):
        err(where, "version must look like '2026.1'")
    pair(data, "name", where)
    pair(data, "source", where)

    sfs = data.get("skills_for_success", [])
    sfs_codes = [s.get("code") for s in sfs]
    unique(sfs_codes, f"{where}.skills_for_success")
    if len(sfs_codes) != 9:
        err(where, f"expected the 9 Skills for Success, found {len(sfs_codes)}")
    for s in sfs:
        pair(s, "name", f"{where}.skills_for_success[{s.get('code')}]")

    scale = data.get("scale", [])
    values = [s.get("value") for s in scale]
    if set(values) != SCALE_VALUES or len(values) != 5:
        err(where, f"scale must have values 0..4 exactly once, found {values}")
    for s in scale:
        w = f"{where}.scale[{s.get('value')}]"
        pair(s, "label", w, max_words=8)
        pair(s, "hint", w, max_words=25)

    families = data.get("families", [])
    unique([f.get("code") for f in families], f"{where}.families")
    comp_codes: list[str] = []
    ind_codes: list[str] = []
    for fam in families:
        fw = f"{where}.{fam.get('code')}"
        if not re.match(r"^[A-Z]{3}$", str(fam.get("code", ""))):
            err(fw, "family code must be three capital letters")
        pair(fam, "name", fw)
        pair(fam, "intro", fw, max_words=30)
        if READER_AS_ON_RE.search(fam.get("intro_fr", "")):
            err(fw, f"intro_fr should address the reader as « vous »: {fam.get('intro_fr')!r}")
        comps = fam.get("competencies", [])
        if not comps:
            err(fw, "family has no competencies")
        for comp in comps:
            code = str(comp.get("code", ""))
            cw = f"{where}.{code}"
            comp_codes.append(code)
            if not COMP_CODE_RE.match(code) or not code.startswith(fam.get("code", "") + "-"):
                err(cw, "competency code must be FAMILY-NN")
            pair(comp, "name", cw, max_words=10)
            pair(comp, "definition", cw, max_words=30)
            definition = comp.get("definition_fr", "")
            if READER_AS_ON_RE.search(definition) or re.match(r"^(Se |S’)", definition):
                err(cw, f"definition_fr should address the reader as « vous »: {definition!r}")
            links = comp.get("skills_for_success")
            if not isinstance(links, list):
                err(cw, "skills_for_success must be a list (may be empty)")
            else:
                for link in links:
                    if link not in sfs_codes:
                        err(cw, f"unknown Skills for Success code {link!r}")
            inds = comp.get("indicators", [])
            if not 3 <= len(inds) <= 5:
                err(cw, f"expected 3 to 5 indicators, found {len(inds)}")
            for ind in inds:
                icode = str(ind.get("code", ""))
                iw = f"{where}.{icode}"
                ind_codes.append(icode)
                if not IND_CODE_RE.match(icode) or not icode.startswith(code + "-"):
                    err(iw, "indicator code must be COMPETENCY-letter")
                fr = need_text(ind, "text_fr", iw, max_words=15)
                en = need_text(ind, "text_en", iw, max_words=15)
                check_french(fr, f"{iw}.text_fr")
                if fr and not re.match(r"^(Je |J’|Quand |Après )", fr):
                    err(iw, f"French indicator should be a first-person statement: {fr!r}")
                if en and not re.search(r"\bI\b|\bI’|\bI'", en):
                    err(iw, f"English indicator should be a first-person statement: {en!r}")
                check_indicator(fr, en, iw)
    unique(comp_codes, f"{where}.competencies")
    unique(ind_codes, f"{where}.indicators")
    if len(families) != 8:
        err(where, f"expected 8 families, found {len(families)}")
    if not 26 <= len(comp_codes) <= 30:
        err(where, f"expected 26 to 30 competencies, found {len(comp_codes)}")
    counts["generic_skills.families"] = len(families)
    counts["generic_skills.competencies"] = len(comp_codes)
    counts["generic_skills.indicators"] = len(ind_codes)
    return set(comp_codes)


# --------------------------------------------------------------------------
def check_languages(data: dict) -> None:
    where = "languages"
    if not VERSION_RE.match(str(data.get("version", ""))):
        err(where, "version must look like '2026.1'")
    pair(data, "source", where)
    skills = data.get("skills", [])
    skill_codes = [s.get("code") for s in skills]
    if skill_codes != LANG_SKILLS:
        err(where, f"skills must be {LANG_SKILLS}, found {skill_codes}")
    group_codes = [g.get("code") for g in data.get("skill_groups", [])]
    unique(group_codes, f"{where}.skill_groups")
    for g in data.get("skill_groups", []):
        pair(g, "name", f"{where}.skill_groups[{g.get('code')}]")
    for s in skills:
        pair(s, "name", f"{where}.skills[{s.get('code')}]")
        if s.get("group") not in group_codes:
            err(where, f"skill {s.get('code')} has unknown group {s.get('group')!r}")

    level_groups = data.get("level_groups", [])
    grouped: list[str] = []
    for g in level_groups:
        pair(g, "label", f"{where}.level_groups[{g.get('code')}]")
        grouped.extend(g.get("levels", []))
    if sorted(grouped) != CEFR_LEVELS:
        err(where, f"level_groups must cover {CEFR_LEVELS} once each, found {grouped}")

    mt = data.get("mother_tongue", {})
    pair(mt, "label", f"{where}.mother_tongue")

    levels = data.get("levels", [])
    level_codes = [lv.get("code") for lv in levels]
    if level_codes != CEFR_LEVELS:
        err(where, f"levels must be {CEFR_LEVELS} in order, found {level_codes}")
    n_desc = 0
    for lv in levels:
        lw = f"{where}.{lv.get('code')}"
        pair(lv, "summary", lw, max_words=4)
        for key in ("summary_fr", "summary_en"):
            if f"({lv.get('code')})" not in lv.get(key, ""):
                err(lw, f"{key} must end with the level code in brackets")
        desc = lv.get("descriptors", {})
        if sorted(desc) != sorted(LANG_SKILLS):
            err(lw, f"descriptors must cover {LANG_SKILLS}")
        for skill, texts in desc.items():
            dw = f"{lw}.{skill}"
            fr = need_text(texts, "fr", dw, max_words=25)
            en = need_text(texts, "en", dw, max_words=25)
            check_french(fr, f"{dw}.fr")
            if fr and not fr.startswith(("Je ", "J’")):
                err(dw, f"French descriptor should start with 'Je' or 'J’': {fr!r}")
            if en and not en.startswith("I "):
                err(dw, f"English descriptor should start with 'I ': {en!r}")
            n_desc += 1

    langs = data.get("languages", [])
    unique([lg.get("code") for lg in langs], f"{where}.languages")
    for lg in langs:
        pair(lg, "name", f"{where}.languages[{lg.get('code')}]")
        if not re.match(r"^[a-z]{2,3}$", str(lg.get("code", ""))):
            err(where, f"language code {lg.get('code')!r} must be ISO 639 (2 or 3 letters)")
    if "zh" in [lg.get("code") for lg in langs]:
        err(where, "'zh' is the Chinese macrolanguage: list 'cmn' (Mandarin) or 'yue' (Cantonese)")
    for g in level_groups:
        if re.search(r"\b(débutant|avancé|intermédiaire|utilisateur)\b", g.get("label_fr", "")):
            err(
                where,
                f"level group label should name the CEFR level: {g.get('label_fr')!r}",
            )
    for lv in levels:
        if re.match(r"^(débutant|utilisateur|locuteur)", lv.get("summary_fr", "")):
            err(where, f"level summary describes a person: {lv.get('summary_fr')!r}")
    if "fr" not in [lg.get("code") for lg in langs] or "en" not in [lg.get("code") for lg in langs]:
        err(where, "languages must include fr and en")
    counts["languages.levels"] = len(levels)
    counts["languages.descriptors"] = n_desc
    counts["languages.languages"] = len(langs)


# --------------------------------------------------------------------------
def check_profiles(data: dict, comp_codes: set[str]) -> None:
    where = "workforce_profiles"
    if not VERSION_RE.match(str(data.get("version", ""))):
        err(where, "version must look like '2026.1'")
    pair(data, "source", where)
    if data.get("generic_skills_framework") != "ATOUT-CG":
        err(where, "generic_skills_framework must be 'ATOUT-CG'")
    statuses = set(data.get("title_fr_status_values", {}))
    profiles = data.get("profiles", [])
    unique([p.get("code") for p in profiles], f"{where}.profiles")
    unique([p.get("noc_code") for p in profiles], f"{where}.noc_codes")
    n_sought = 0
    for p in profiles:
        pw = f"{where}.{p.get('code')}"
        noc = str(p.get("noc_code", ""))
        if not NOC_RE.match(noc):
            err(pw, "noc_code must be 5 digits")
        if p.get("code") != f"PMO-{noc}":
            err(pw, "code must be 'PMO-' + noc_code")
        if p.get("noc_version") != "2021":
            err(pw, "noc_version must be '2021'")
        # Official titles keep the NOC "masculin/féminin" form, whole words on both sides.
        pair(p, "title", pw)
        pair(p, "common_title", pw, max_words=12)
        pair(p, "description", pw, max_words=70)
        pair(p, "conditions", pw, max_words=60)
        source = need_text(p, "source", pw)
        if len(source) > 200:
            err(pw, "source is longer than the database field (200)")
        if not isinstance(p.get("verified"), bool):
            err(pw, "verified must be true or false")
        # Verified means an official page, named in source, showed the code and title.
        official = any(site in source for site in OFFICIAL_NOC_SITES)
        if p.get("verified") is True and not official:
            err(pw, f"verified is true but source names no official NOC page: {source!r}")
        if p.get("title_fr_status") not in statuses:
            err(pw, f"title_fr_status {p.get('title_fr_status')!r} not in title_fr_status_values")
        if p.get("title_fr_status") == "cnp_2021" and (
            p.get("verified") is not True or "cnp.edsc.gc.ca" not in source
        ):
            err(pw, "an official CNP 2021 French title needs verified and cnp.edsc.gc.ca in source")
        if ("title_note_fr" in p) != ("title_note_en" in p):
            err(pw, "title_note_fr and title_note_en go together")
        if "title_note_fr" in p:
            pair(p, "title_note", pw, max_words=45)
        need_text(p, "verification_note", pw)
        sought = p.get("sought", [])
        if not 6 <= len(sought) <= 9:
            err(pw, f"expected 6 to 9 sought competencies, found {len(sought)}")
        unique([s.get("competency") for s in sought], f"{pw}.sought")
        if not any(s.get("importance") == 3 for s in sought):
            err(pw, "at least one sought competency should be essential (3)")
        for s in sought:
            sw = f"{pw}.{s.get('competency')}"
            if s.get("competency") not in comp_codes:
                err(sw, "references an unknown competency code")
            if s.get("importance") not in (1, 2, 3):
                err(sw, "importance must be 1, 2 or 3")
            pair(s, "why", sw, max_words=20)
            n_sought += 1
    if not 25 <= len(profiles) <= 35:
        err(where, f"expected about 30 profiles, found {len(profiles)}")
    counts["workforce_profiles.profiles"] = len(profiles)
    counts["workforce_profiles.sought_links"] = n_sought
    counts["workforce_profiles.verified"] = sum(1 for p in profiles if p.get("verified"))
    for status in sorted(statuses):
        counts[f"workforce_profiles.title_fr_status.{status}"] = sum(
            1 for p in profiles if p.get("title_fr_status") == status
        )


def main() -> int:
    comp_codes = check_generic_skills(load("generic_skills.json"))
    check_languages(load("languages.json"))
    check_profiles(load("workforce_profiles.json"), comp_codes)
    for key, value in counts.items():
        print(f"{key}: {value}")
    if errors:
        print(f"\n{len(errors)} problem(s):", file=sys.stderr)
        for e in errors:
            print(f"  - {e}", file=sys.stderr)
        return 1
    print("\nAll checks passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
