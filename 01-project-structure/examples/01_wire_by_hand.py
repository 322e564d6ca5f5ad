"""Wire the service by hand: a repository in, a service out, errors as types."""

from notes import InvalidNote, MemoryNoteRepository, NoteNotFound, NoteService

service = NoteService(MemoryNoteRepository())  # the whole composition root, in one line
milk = service.add("buy milk")
service.add("call mom")
service.complete(milk.id)
for note in service.list():
    print(note)

try:
    service.add("   ")
except InvalidNote as exc:  # bad input: the CLI maps this to exit 2, HTTP to 422
    print(f"{type(exc).__name__}: {exc}")
try:
    service.complete(42)
except NoteNotFound as exc:  # the CLI maps this to exit 1, HTTP to 404
    print(f"{type(exc).__name__}: {exc}")
