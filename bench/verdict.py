"""The one PASS/MISS line each `make bench` target prints (issue 14 §4), and its table mark."""

from __future__ import annotations


def verdict(label: str, ok: bool, figure: str) -> None:
    print(f"{'PASS' if ok else 'MISS'}  {label}: {figure}")


def goal_mark(ok: bool, goal: str) -> str:
    """The short mark beside a figure in a bench's table: "ok", or the goal it missed."""
    return "ok" if ok else f"MISSED (goal ≤ {goal})"
