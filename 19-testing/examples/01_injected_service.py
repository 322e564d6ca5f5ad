"""The redesigned service, wired by hand with a held clock, the fake repository and a notifier
that prints: what a test does, and what `serve.py` does with the real parts."""

from __future__ import annotations

from datetime import UTC, date, datetime

from latefees import FeeService, FixedClock, InMemoryInvoiceRepository, Invoice, Policy


class PrintingNotifier:
    def send(self, invoice_id: str, email: str, fee_cents: int) -> None:
        print(f"notify {email}: {fee_cents} cents on {invoice_id}")


def main() -> None:
    repo = InMemoryInvoiceRepository()
    for n, due in enumerate([date(2026, 3, 1), date(2026, 3, 27), date(2025, 6, 30)], 1):
        repo.add(Invoice(f"inv-{n}", f"customer{n}@example.com", 10_000, due))
    clock = FixedClock(datetime(2026, 3, 31, 23, 59, 59, tzinfo=UTC))
    service = FeeService(repo, PrintingNotifier(), clock, Policy(grace_days=3))
    for a in service.assess():
        print(f"{a.invoice_id}: {a.days_late} days late, fee {a.fee_cents} cents")


if __name__ == "__main__":
    main()
