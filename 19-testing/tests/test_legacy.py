"""Testing the "before" (src/latefees/legacy.py): everything it reaches for must be faked
from the outside, by name, and the test knows how the code is written inside.

Compare with tests/test_service.py, which tests the same behaviour on the redesign.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path
from unittest import mock

import httpx
import pytest

from latefees import legacy


@pytest.fixture
def legacy_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A SQLite file in the test's own tmp_path, named through the env var the code reads."""
    path = tmp_path / "invoices.db"
    with closing(sqlite3.connect(path)) as db, db:
        db.execute(
            "CREATE TABLE invoices (id TEXT PRIMARY KEY, email TEXT, amount_cents INTEGER,"
            " due TEXT, fee_cents INTEGER DEFAULT 0, paid INTEGER DEFAULT 0)"
        )
        db.execute(
            "INSERT INTO invoices VALUES ('inv-1', 'a@example.com', 10000, '2026-03-01', 0, 0)"
        )
    monkeypatch.setenv("LATEFEES_DB_PATH", str(path))
    monkeypatch.setenv("LATEFEES_NOTIFY_URL", "http://notify.invalid/notices")
    return path


@pytest.fixture
def frozen_now() -> Iterator[mock.MagicMock]:
    """Replace the `datetime` name inside legacy.py (not datetime itself: it is a C type)."""
    with mock.patch.object(legacy, "datetime", wraps=datetime) as fake:
        fake.now.return_value = datetime(2026, 3, 31, 12, 0)
        yield fake


def test_legacy_charges_and_notifies(legacy_db: Path, frozen_now: mock.MagicMock) -> None:
    with mock.patch.object(legacy, "http", autospec=True) as http:
        http.post.return_value = httpx.Response(204, request=httpx.Request("POST", "http://x"))
        assert legacy.assess_late_fees() == 1
    http.post.assert_called_once_with(
        "http://notify.invalid/notices",
        json={"invoice_id": "inv-1", "email": "a@example.com", "fee_cents": 300},
    )
    with closing(sqlite3.connect(legacy_db)) as db:
        assert db.execute("SELECT fee_cents FROM invoices").fetchone() == (300,)


def test_broken_wall_clock_read_twice_disagrees_across_midnight(legacy_db: Path) -> None:
    """The code reads `datetime.now()` twice; near midnight the two reads are different days.

    Forced here with a clock that ticks one second per read, starting a second before
    midnight: the query sees 30 March, the fee arithmetic sees 31 March. A test that computes
    its expectation from its own `datetime.now()` has the same race against the code.
    """
    ticks = iter(datetime(2026, 3, 30, 23, 59, 59) + timedelta(seconds=n) for n in range(10))
    with (
        mock.patch.object(legacy, "datetime", wraps=datetime) as fake,
        mock.patch.object(legacy, "http", autospec=True),
    ):
        fake.now.side_effect = lambda: next(ticks)
        legacy.assess_late_fees()
    with closing(sqlite3.connect(legacy_db)) as db:
        (fee,) = db.execute("SELECT fee_cents FROM invoices").fetchone()
    # Run on 30 March, 29 days late: 290 cents. It charged 300, for 30 March's "tomorrow".
    assert fee == 300
