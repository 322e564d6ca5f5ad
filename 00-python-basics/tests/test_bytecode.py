"""dis: where a default is built, and why += is not one step."""

from __future__ import annotations

from types import FunctionType

from basics.bytecode import instructions

SOURCE = "def remember(item, seen=[]):\n    seen.append(item)\n    return seen\n"


def _opnames(lines: list[str]) -> list[str]:
    return [line.split()[0] for line in lines]


def test_a_default_list_is_built_by_the_code_around_the_def_not_by_the_body() -> None:
    module = compile(SOURCE, "<test>", "exec")
    outer = _opnames(instructions(module))
    assert outer.index("BUILD_LIST") < outer.index("MAKE_FUNCTION")
    namespace: dict[str, object] = {}
    exec(module, namespace)
    remember = namespace["remember"]
    assert isinstance(remember, FunctionType)
    assert "BUILD_LIST" not in _opnames(instructions(remember))
    remember(1)
    remember(2)
    assert remember.__defaults__ == ([1, 2],)


def test_augmented_assignment_is_a_separate_load_operation_and_store() -> None:
    counter = 0

    def increment() -> None:
        nonlocal counter
        counter += 1

    ops = _opnames(instructions(increment))
    load, op, store = ops.index("LOAD_DEREF"), ops.index("BINARY_OP"), ops.index("STORE_DEREF")
    assert load < op < store


def test_nested_code_objects_are_shown_without_an_address() -> None:
    lines = instructions(compile(SOURCE, "<test>", "exec"))
    assert "LOAD_CONST <code remember>" in lines
    assert not any(" at 0x" in line for line in lines)
