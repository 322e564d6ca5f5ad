"""latefees: late fees on overdue invoices, built to be tested (lesson 19)."""

from latefees.clock import Clock, FixedClock, SystemClock
from latefees.errors import ConfigError, DuplicateInvoice, LateFeesError, NotifyError
from latefees.fees import Policy, days_late, late_fee
from latefees.invoices import Invoice, InvoiceRepository, Notifier
from latefees.memory import InMemoryInvoiceRepository
from latefees.service import Assessment, FeeService
from latefees.settings import Settings, load_settings

__all__ = [
    "Assessment",
    "Clock",
    "ConfigError",
    "DuplicateInvoice",
    "FeeService",
    "FixedClock",
    "InMemoryInvoiceRepository",
    "Invoice",
    "InvoiceRepository",
    "LateFeesError",
    "Notifier",
    "NotifyError",
    "Policy",
    "Settings",
    "SystemClock",
    "days_late",
    "late_fee",
    "load_settings",
]
