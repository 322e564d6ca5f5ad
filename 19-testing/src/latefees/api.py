"""The HTTP edge: parse, call the service, map errors. Everything it uses is passed in.

The routes are plain `def` (FastAPI runs them in worker threads) and share one repository,
so a lock serialises them: enough for a lesson-sized service, where lesson 11's connection
pool is what a real one uses.
"""

import threading
from datetime import date

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel, Field

from latefees.errors import DuplicateInvoice
from latefees.invoices import Invoice
from latefees.service import FeeService


class NewInvoice(BaseModel):
    id: str = Field(min_length=1, max_length=64)
    email: str = Field(min_length=3, max_length=254)
    amount_cents: int = Field(gt=0)
    due: date


class Assessed(BaseModel):
    invoice_id: str
    days_late: int
    fee_cents: int


def create_app(service: FeeService) -> FastAPI:
    app = FastAPI(title="latefees")
    lock = threading.Lock()

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/invoices", status_code=201)
    def add_invoice(body: NewInvoice) -> dict[str, str]:
        invoice = Invoice(body.id, body.email, body.amount_cents, body.due)
        with lock:
            try:
                service.repo.add(invoice)
            except DuplicateInvoice:
                raise HTTPException(409, f"invoice {body.id} exists") from None
        return {"id": body.id}

    @app.post("/assessments")
    def assess() -> list[Assessed]:
        with lock:
            done = service.assess()
        return [
            Assessed(invoice_id=a.invoice_id, days_late=a.days_late, fee_cents=a.fee_cents)
            for a in done
        ]

    return app
