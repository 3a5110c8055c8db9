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
