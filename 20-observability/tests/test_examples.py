"""Each example runs on its own and prints what the README shows."""

from __future__ import annotations

from tests.support import run_script


def run(example: str) -> str:
    return run_script(f"examples/{example}")


def test_spans_example_prints_the_tree_with_the_failed_span() -> None:
    lines = [line.split() for line in run("01_spans.py").splitlines()]
    assert [line[-3:] if line[0] != "charge" else line for line in lines] == [
        ["parent=checkout", "status=UNSET", "['stock", "reserved']"][-3:],
        ["charge", "card", "parent=checkout", "status=ERROR", "['exception']"],
        ["parent=(root)", "status=UNSET", "[]"],
    ]


def test_lost_context_example_shows_the_break_and_both_fixes() -> None:
    assert run("02_lost_context.py").split("\n")[:3] == [
        "run_in_executor:   (no span)",
        "with copy_context: request",
        "asyncio.to_thread: request",
    ]


def test_otel_metrics_example_exposes_prometheus_names() -> None:
    out = run("03_otel_metrics.py")
    assert 'shop_http_requests_total{http_response_status_code="200"' in out
    assert out.splitlines()[0].endswith(" 3.0")
