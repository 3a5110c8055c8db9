"""The Typst engine: our own templates, user data only as JSON, nothing fetched.

Each render gets a private directory that becomes the compile root: our templates are
copied in as plain files (never symlinks) with any images the document needs, so Typst
can read nothing else. User text travels only through `sys_inputs` as JSON, where Typst
treats it as values: markup typed by a user prints literally. Templates import no Typst
package (an `@preview/…` import would try the network). System fonts are ignored; the
fonts below are installed by the Makefile, so output is identical on every machine.
"""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typst

TEMPLATE_ROOT = Path(__file__).resolve().parent.parent / "typst"
FONT_DIRS = [
    Path("/usr/share/fonts/opentype/inter"),
    Path("/usr/share/fonts/truetype/noto"),
]

_local = threading.local()


class RenderError(Exception):
    """The engine refused the document; the message is for logs, not for users."""


@dataclass(frozen=True)
class RenderedDocument:
    name: str
    content_type: str
    content: bytes


def _compiler() -> typst.Compiler:
    """One compiler per thread: the font scan costs ~40 ms, so it is done once."""
    compiler = getattr(_local, "compiler", None)
    if compiler is None:
        fonts = [str(d) for d in FONT_DIRS if d.is_dir()]
        compiler = typst.Compiler(font_paths=fonts, ignore_system_fonts=True)
        _local.compiler = compiler
    return compiler


# `#import "common.typ": …` / `#include "x.typ"`: the only way our templates reach another.
_IMPORT = re.compile(r'#(?:import|include)\s+"([A-Za-z0-9_.-]+\.typ)"')


def _copy_templates(root: Path, template: str) -> None:
    """Copy `template` and the templates it imports, nothing else.

    Copying all of them cost a few milliseconds per render (one open/write per file);
    a template reads only what it imports, so the rest was never used.
    """
    for name, text in _template_sources(template):
        (root / name).write_bytes(text)


def _json(data: dict[str, Any]) -> str:
    """The data as the template reads it (`sys.inputs.data`); key order kept, as Typst sees it."""
    return json.dumps(data, ensure_ascii=False)


def _template_sources(template: str) -> list[tuple[str, bytes]]:
    """(name, bytes) of `template` and of the templates it imports, as `_copy_templates`
    would copy them."""
    wanted, seen, sources = [template], set(), []
    while wanted:
        name = wanted.pop()
        if name in seen:
            continue
        seen.add(name)
        source = TEMPLATE_ROOT / name
        # Only our own regular files: a planted symlink is skipped, never followed.
        if source.is_symlink() or not source.is_file() or source.suffix != ".typ":
            continue
        text = source.read_bytes()
        sources.append((name, text))
        wanted.extend(_IMPORT.findall(text.decode("utf-8", "replace")))
    return sorted(sources)


def inputs_digest(
    template: str,
    data: dict[str, Any],
    *,
    files: dict[str, bytes] | None = None,
    fmt: str = "pdf",
    ppi: float | None = None,
    extra: str = "",
) -> str:
    """A sha256 of everything `render_typst` would compile from these arguments.

    The template's name and source (with its imports), the JSON data as Typst gets it, each
    file's name and bytes, the format and resolution, and `extra` (how the caller uses the
    output, e.g. a second compact compile). Same digest, same output: a cache of rendered
    pages can be keyed by it.
    """
    digest = hashlib.sha256()

    def part(value: bytes) -> None:
        digest.update(len(value).to_bytes(8, "big"))
        digest.update(value)

    part(template.encode())
    for name, text in _template_sources(template):
        part(name.encode())
        part(text)
    part(_json(data).encode())
    for name, content in sorted((files or {}).items()):
        part(name.encode())
        part(hashlib.sha256(content).digest())
    part(f"{fmt}:{ppi!r}:{extra}".encode())
    return digest.hexdigest()


def render_typst(
    template: str,
    data: dict[str, Any],
    *,
    files: dict[str, bytes] | None = None,
    fmt: str = "pdf",
    ppi: float | None = None,
) -> bytes | list[bytes]:
    """Compile `template` (a file in the template root) with `data` as JSON input.

    `files` are written as plain files next to the templates (images a document shows);
    their names must be simple, generated names. PNG/SVG output returns one item per page.
    """
    with tempfile.TemporaryDirectory(prefix="atout-render-") as tmp:
        root = Path(tmp)
        _copy_templates(root, template)
        for name, content in (files or {}).items():
            # A generated name never replaces one of our templates.
            unsafe = "/" in name or "\\" in name or name.startswith(".")
            if unsafe or name.endswith(".typ") or (root / name).exists():
                raise RenderError(f"unsafe file name {name!r}")
            (root / name).write_bytes(content)
        try:
            return _compiler().compile(
                input=str(root / template),
                root=str(root),
                format=fmt,
                ppi=ppi,
                sys_inputs={"data": _json(data)},
            )
        except Exception as error:  # typst raises its own error types for bad input
            raise RenderError(str(error)) from error
