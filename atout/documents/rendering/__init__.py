"""Document output. Only this package imports Typst (and, later, python-docx and segno).

Each renderer is a pure function that takes display-ready data and a language and returns a
`RenderedDocument` (name, content type, bytes); `documents.services` stores results, views
only serve them.
"""

from atout.documents.rendering.engine import RenderedDocument, RenderError, render_typst

__all__ = ["RenderError", "RenderedDocument", "render_typst"]
