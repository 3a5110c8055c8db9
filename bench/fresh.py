"""Fresh Typst compiles for the benches: never a replay of a memoised compile."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any


def fresh_compiles(make_compiler: Callable[[], Any]) -> Callable[[], Any]:
    """`engine._compiler` whose every compile has one more, ever-changing sys input.

    No template reads it, but Typst keys its memoised work on `sys.inputs`, so each compile
    does the work of a document whose data changed (as a counsellor's edit does), never a
    replay of the previous identical compile. Changing the person's name is not enough: the
    passport prints its own copy of the name, the cards a frozen version, the letter its own.
    """
    counter = itertools.count()

    class Fresh:
        def __init__(self, compiler: Any) -> None:
            self.compiler = compiler

        def compile(self, **kwargs: Any) -> Any:
            kwargs["sys_inputs"] = {**kwargs.get("sys_inputs", {}), "bench": str(next(counter))}
            return self.compiler.compile(**kwargs)

    return lambda: Fresh(make_compiler())
