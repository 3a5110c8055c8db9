"""Versioned reference data shipped with Atout (atout/competencies/data/*.json)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
GENERIC_SKILLS = DATA_DIR / "generic_skills.json"
LANGUAGES = DATA_DIR / "languages.json"
WORKFORCE_PROFILES = DATA_DIR / "workforce_profiles.json"


@cache
def language_data() -> dict[str, Any]:
    """Descriptors and labels for the language self-assessment (read-only, per process)."""
    return json.loads(LANGUAGES.read_text(encoding="utf-8"))


def load_json(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def profile_trust(item: dict[str, Any]) -> dict[str, Any]:
    """How sure we are of one shipped profile's NOC data, as WorkforceProfile fields.

    Anything not stated is the least sure value: not verified, French title to confirm.
    """
    status = item.get("title_fr_status") or "to_confirm"
    if status not in {"cnp_2021", "cnp_2016_same_group", "to_confirm"}:
        raise ValueError(f"{item.get('code')}: unknown title_fr_status {status!r}")
    return {
        "verified": item.get("verified") is True,
        "title_fr_status": status,
        "title_note_fr": item.get("title_note_fr", ""),
        "title_note_en": item.get("title_note_en", ""),
    }
