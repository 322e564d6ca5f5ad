"""Implicit interfaces: Protocols are checked by mypy; runtime_checkable checks much less."""

from __future__ import annotations

from basics import EmailNotifier, Notifier, SmsNotifier, broadcast


class PagerNotifier:
    """Has a `send`, with the wrong signature: mypy rejects it as a Notifier."""

    def send(self, recipient: str) -> bool:
        return True


class ConfusedNotifier:
    """`send` is a string, not a method at all."""

    send = "not a method"


def main() -> None:
    email = EmailNotifier(sender="noreply@example.com")
    sms = SmsNotifier()
    accepted = broadcast([email, sms], "+15550100", "your code is 123456")
    print("accepted by:", accepted, "| sms outbox:", sms.outbox, "| email outbox:", email.outbox)
    print("EmailNotifier subclasses Notifier?", Notifier in EmailNotifier.__mro__)

    # isinstance() with a @runtime_checkable Protocol only asks: is there an attribute `send`?
    for candidate in (email, PagerNotifier(), ConfusedNotifier(), object()):
        print(f"isinstance({type(candidate).__name__}(), Notifier) ->", end=" ")
        print(isinstance(candidate, Notifier))

    pager: object = PagerNotifier()
    if isinstance(pager, Notifier):  # passes, so the call below is "safe"... at run time:
        try:
            pager.send("ops", "disk full")
        except TypeError as exc:
            print("calling it anyway:", type(exc).__name__, exc)


if __name__ == "__main__":
    main()
