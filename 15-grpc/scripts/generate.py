"""Regenerate src/inventory/pb from proto/: the one command, `uv run python scripts/generate.py`.

protoc (from grpcio-tools) writes the messages (`_pb2.py`) and the stubs (`_pb2_grpc.py`);
mypy-protobuf's two plugins write the type stubs (`.pyi`) that make mypy strict pass on the
code that calls them. The plugins are found on PATH, so the virtualenv's bin goes first.
tests/test_codegen.py runs this into a temporary folder and fails if the committed files differ.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

LESSON = Path(__file__).resolve().parent.parent
PROTO = LESSON / "proto"
PLUGINS = ("python", "grpc_python", "mypy", "mypy_grpc")
OPTIONS = ("--mypy_opt=quiet", "--mypy_grpc_opt=quiet")  # no "Writing mypy to ..." chatter
GENERATED = ("_pb2.py", "_pb2.pyi", "_pb2_grpc.py", "_pb2_grpc.pyi")


def generate(out: Path) -> list[Path]:
    """Compile every .proto under proto/ into `out`; return the files written, sorted."""
    sources = sorted(str(p.relative_to(PROTO)) for p in PROTO.rglob("*.proto"))
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    command = [sys.executable, "-m", "grpc_tools.protoc", f"-I{PROTO}"]
    command += [f"--{plugin}_out={out}" for plugin in PLUGINS]
    command += OPTIONS
    subprocess.run([*command, *sources], check=True, cwd=PROTO, env=env)
    return sorted(
        p
        for p in out.rglob("*")
        if p.name.endswith(("_pb2.py", "_pb2.pyi", "_grpc.py", "_grpc.pyi"))
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=LESSON / "src", help="default: src/")
    args = parser.parse_args()
    try:
        written = generate(args.out)
    except subprocess.CalledProcessError as exc:  # protoc printed why on stderr, above
        print(f"generate.py: protoc failed (exit {exc.returncode}), see above", file=sys.stderr)
        sys.exit(1)
    for path in written:
        print(path.relative_to(args.out))


if __name__ == "__main__":
    main()
