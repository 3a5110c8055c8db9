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
# Truncated inclusive forms the Quebec style guide asks us to avoid in running
# text: "conseiller·ère", "employé(e)", "étudiant.e". Official NOC titles use
# the "masculin/féminin" form and are quoted as is, so title_fr is exempt.
TRUNCATED_RE = re.compile(r"\w[·•]\w|\w\((e|es|ne|se|ice|rice)\)|\w\.(e|es)\b")
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


def check_french(text: str, where: str, *, allow_slash_forms: bool = False) -> None:
    if not text:
        return
    if not allow_slash_forms and TRUNCATED_RE.search(text):
        err(where, f"truncated inclusive form in French text: {text!r}")
    if GENDERED_FIRST_PERSON_RE.search(text):
        err(where, f"gendered first-person adjective: {text!r}")
    if "'" in text:
        err(where, f"straight apostrophe in French text (use ’): {text!r}")
    if re.search(r"\S:(\s|$)", text):
        err(where, f"French colon needs a (non-breaking) space before it: {text!r}")
    if '"' in text:
        err(where, f"straight double quotes in French text (use « »): {text!r}")


def pair(
    obj: dict, base: str, where: str, max_words: int | None = None, allow_slash_forms: bool = False
) -> None:
    fr = need_text(obj, f"{base}_fr", where, max_words)
    need_text(obj, f"{base}_en", where, max_words)
    check_french(fr, f"{where}.{base}_fr", allow_slash_forms=allow_slash_forms)


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
        # Official titles keep the NOC "masculin/féminin" slash form.
        pair(p, "title", pw, allow_slash_forms=True)
        pair(p, "common_title", pw, max_words=12)
        pair(p, "description", pw, max_words=70)
        pair(p, "conditions", pw, max_words=60)
        need_text(p, "source", pw)
        if not isinstance(p.get("verified"), bool):
            err(pw, "verified must be true or false")
        if p.get("title_fr_status") not in statuses:
            err(pw, f"title_fr_status {p.get('title_fr_status')!r} not in title_fr_status_values")
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
