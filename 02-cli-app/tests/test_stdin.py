"""read_lines(): the interruptible stdin reader behind `import`."""

from __future__ import annotations

import io
import os
import subprocess
from pathlib import Path

from notes_cli._stdin import read_lines
from tests.helpers import DEADLINE, env_with_db, run


def test_reads_lines_from_a_real_pipe_with_a_last_line_without_newline() -> None:
    read_end, write_end = os.pipe()
    os.write(write_end, "één\ntwo\nthree".encode())
    os.close(write_end)
    with open(read_end, encoding="utf-8") as stream:
        assert list(read_lines(stream)) == ["één\n", "two\n", "three"]


def test_uses_the_streams_encoding() -> None:
    read_end, write_end = os.pipe()
    os.write(write_end, "café\n".encode("latin-1"))
    os.close(write_end)
    with open(read_end, encoding="latin-1") as stream:
        assert list(read_lines(stream)) == ["café\n"]


def test_in_memory_stream_falls_back_to_plain_iteration() -> None:
    assert list(read_lines(io.StringIO("a\nb\n"))) == ["a\n", "b\n"]


def test_import_from_a_regular_file(script: Path, db: Path, tmp_path: Path) -> None:
    """`notes import < file`: epoll refuses regular files, which is why we use poll()."""
    source = tmp_path / "in.txt"
    source.write_text("first\nsecond\n")
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
    assert len(run([script, "list"], db).stdout.splitlines()) == 2
