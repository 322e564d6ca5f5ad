"""The notification port's real adapter: one POST per fee, on an httpx.Client it is given.

The client is injected (with its timeouts and connection pool), never a module global: the
caller owns its life, and a test can hand in a client pointed at a local server.
"""

from __future__ import annotations

import httpx

from latefees.errors import NotifyError


class HttpNotifier:
    def __init__(self, client: httpx.Client, url: str) -> None:
        self.client = client
        self.url = url

    def send(self, invoice_id: str, email: str, fee_cents: int) -> None:
        payload = {"invoice_id": invoice_id, "email": email, "fee_cents": fee_cents}
        try:
            response = self.client.post(self.url, json=payload)
            response.raise_for_status()
        except httpx.HTTPError as exc:
            raise NotifyError(f"could not notify about {invoice_id}: {exc}") from exc
