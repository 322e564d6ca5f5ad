"""Exercises from README.md: delete an exercise's skip line once you have done it.

Reference solutions are in solutions/; try first.
"""

from __future__ import annotations

from typing import Any

import psycopg
import pytest

from shopsearch import db, queries


@pytest.mark.skip(reason="exercise 1: add max_price_cents to queries.search_body")
def test_exercise_1_search_body_filters_on_a_price_range() -> None:
    build: Any = queries.search_body
    body = build("kettle", category="kitchen", max_price_cents=2000)

    assert body["query"]["bool"]["filter"] == [
        {"term": {"category": "kitchen"}},
        {"range": {"price_cents": {"lte": 2000}}},
    ]
    no_filter = build("kettle")["query"]["bool"]
    assert "filter" not in no_filter


@pytest.mark.skip(reason="exercise 2: add category= to db.fts_search")
def test_exercise_2_full_text_search_filters_by_category(
    catalogue: psycopg.Connection[Any],
) -> None:
    search: Any = db.fts_search
    everywhere = search(catalogue, "trail", size=100_000)
    in_outdoor = search(catalogue, "trail", size=100_000, category="outdoor")

    outdoor_ids = {
        row[0] for row in catalogue.execute("SELECT id FROM products WHERE category = 'outdoor'")
    }
    assert in_outdoor
    assert [h.id for h in in_outdoor] == [h.id for h in everywhere if h.id in outdoor_ids]
