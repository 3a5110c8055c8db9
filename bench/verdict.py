"""The one PASS/MISS line each `make bench` target prints (issue 14 §4)."""

from __future__ import annotations


def verdict(label: str, ok: bool, figure: str) -> None:
    print(f"{'PASS' if ok else 'MISS'}  {label}: {figure}")
