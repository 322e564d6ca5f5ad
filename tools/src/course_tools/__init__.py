"""The course tool: `uv run --project tools course progress | next | check NN`."""
