"""Panels other apps add to the advisor's dossier page, without editing its template.

An app appends a template name in its `AppConfig.ready()`:
`from atout.recognition.panels import register_panel; register_panel("committees/_x.html")`.
The template gets the page's context (`dossier`, `participant`, `request`, `user`).
"""

from __future__ import annotations

DOSSIER_PANELS: list[str] = []


def register_panel(template_name: str) -> None:
    if template_name not in DOSSIER_PANELS:
        DOSSIER_PANELS.append(template_name)
