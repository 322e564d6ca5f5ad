"""The real HTTP adapter against a real local server: no mock can tell you the JSON is right."""

from __future__ import annotations

import httpx
import pytest

from latefees import NotifyError
from latefees.notifier import HttpNotifier
from tests.support import Receiver


def test_posts_the_notice_as_json(notices: Receiver) -> None:
    with httpx.Client(timeout=5.0) as client:
        HttpNotifier(client, notices.url).send("inv-1", "a@example.com", 300)
    assert notices.received == [{"invoice_id": "inv-1", "email": "a@example.com", "fee_cents": 300}]


def test_a_refusal_is_a_notify_error_with_its_cause(notices: Receiver) -> None:
    notices.status = 503
    with httpx.Client(timeout=5.0) as client, pytest.raises(NotifyError) as caught:
        HttpNotifier(client, notices.url).send("inv-1", "a@example.com", 300)
    assert isinstance(caught.value.__cause__, httpx.HTTPStatusError)
