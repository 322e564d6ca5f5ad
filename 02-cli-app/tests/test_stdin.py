"""read_text(): the interruptible stdin reader behind `import`."""

from __future__ import annotations

import io
import os
import subprocess
from pathlib import Path

from notes_cli._stdin import read_text
from tests.helpers import DEADLINE, env_with_db, run


def test_reads_a_real_pipe_to_the_end_with_the_streams_encoding() -> None:
    read_end, write_end = os.pipe()
    os.write(write_end, "café\ntwo".encode("latin-1"))
    os.close(write_end)
    with open(read_end, encoding="latin-1") as stream:
        assert read_text(stream) == "café\ntwo"


def test_in_memory_stream_is_read_directly() -> None:
    assert read_text(io.StringIO("a\nb\n")) == "a\nb\n"


def test_import_from_a_regular_file(script: Path, db: Path, tmp_path: Path) -> None:
    """`notes import < file`: select() accepts a regular file (epoll would refuse it)."""
    source = tmp_path / "in.txt"
    source.write_text("first\r\nsecond\n")
    with source.open() as stdin:
        done = subprocess.run(
            [str(script), "import"],
            stdin=stdin,
            capture_output=True,
            text=True,
            env=env_with_db(db),
            timeout=DEADLINE,
        )
    assert done.returncode == 0
    assert run([script, "list"], db).stdout.split("\n")[:2] == ["1\tfirst", "2\tsecond"]
