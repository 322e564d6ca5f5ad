"""``dis``: the closest Python gets to reading what the compiler did.

CPython compiles each function to bytecode once, when the ``def`` statement runs. Two facts this
lesson leans on are visible there: default values are built by the code *around* the def (once),
not by the function body (per call); and ``x += 1`` is a read, an add and a write, three
instructions a thread switch can fall between.
"""

from __future__ import annotations

import dis
from collections.abc import Callable
from types import CodeType

# Bookkeeping instructions that say nothing about the program's meaning.
_NOISE = frozenset({"RESUME", "CACHE", "NOP", "PRECALL", "EXTENDED_ARG"})


def instructions(code: CodeType | Callable[..., object]) -> list[str]:
    """``opname argrepr`` for each meaningful instruction of a function or code object.

    A nested code object is shown by name, without the memory address ``dis`` prints.
    """
    lines = []
    for ins in dis.get_instructions(code):
        if ins.opname in _NOISE:
            continue
        arg = f"<code {ins.argval.co_name}>" if isinstance(ins.argval, CodeType) else ins.argrepr
        lines.append(f"{ins.opname} {arg}".rstrip())
    return lines
