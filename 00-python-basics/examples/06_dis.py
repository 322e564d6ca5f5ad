"""`dis`: look at what the compiler did with a default argument and with `+=`."""

from __future__ import annotations

from types import FunctionType

from basics.bytecode import instructions

SOURCE = """
def remember(item, seen=[]):
    seen.append(item)
    return seen
"""

counter = 0


def increment() -> None:
    global counter
    counter += 1


def main() -> None:
    module = compile(SOURCE, "<signup>", "exec")
    print("module code (runs once, at import):")
    for line in instructions(module):
        print("   ", line)
    namespace: dict[str, object] = {}
    exec(module, namespace)
    remember = namespace["remember"]
    assert isinstance(remember, FunctionType)
    print("function body (runs per call):")
    for line in instructions(remember):
        print("   ", line)
    remember("a")
    remember("b")
    print("two calls later, the one default list:", remember.__defaults__)
    print("counter += 1 reads, adds, then writes:")
    for line in instructions(increment)[:4]:
        print("   ", line)


if __name__ == "__main__":
    main()
