"""The core on its own: no argv, no printing inside, errors as exceptions.

Run: uv run python examples/01_store_api.py
"""

from __future__ import annotations

from notes_cli import NoteNotFound, NoteStore


def main() -> None:
    with NoteStore(":memory:") as store:
        first = store.add("buy milk")
        store.add_many(["call the bank", "water the plants"])
        store.remove(first)
        for note in store.iter_notes():
            print(note.id, note.text)
        try:
            store.get(first)
        except NoteNotFound as exc:
            print(f"{type(exc).__name__}: {exc}")


if __name__ == "__main__":
    main()
