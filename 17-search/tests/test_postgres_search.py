"""Postgres as the search engine: what ILIKE misses, what full-text search finds and how it
ranks, typo tolerance with pg_trgm, and the plans that make each one fast or slow."""

from __future__ import annotations

from typing import Any

import psycopg

from shopsearch import db


def test_ilike_finds_only_the_exact_substring(catalogue: psycopg.Connection[Any]) -> None:
    assert db.ilike_search(catalogue, "shoes for running") == []
    hits = db.ilike_search(catalogue, "running shoes", size=50)
    assert hits
    assert all("running shoes" in hit.name.lower() for hit in hits)


def test_like_wildcards_in_user_input_are_literal(catalogue: psycopg.Connection[Any]) -> None:
    assert db.ilike_search(catalogue, "%") == []
    assert db.ilike_search(catalogue, "_") == []


def test_full_text_search_stems_and_ignores_word_order(catalogue: psycopg.Connection[Any]) -> None:
    hits = db.fts_search(catalogue, "shoes for running", size=20)
    assert len(hits) == 20
    assert all("Running Shoes" in hit.name for hit in hits)
    assert all("[running]" in hit.snippet.lower() for hit in hits)


def test_websearch_syntax_excludes_a_word(catalogue: psycopg.Connection[Any]) -> None:
    with_trail = db.fts_search(catalogue, "trail", size=1000)
    without = db.fts_search(catalogue, "running -trail", size=1000)
    assert with_trail
    assert without
    assert not {h.id for h in with_trail} & {h.id for h in without}


def test_websearch_to_tsquery_never_raises_on_odd_input(catalogue: psycopg.Connection[Any]) -> None:
    for text in ['"unclosed', "a & | !", "():*", ""]:
        db.fts_search(catalogue, text)  # to_tsquery would raise a syntax error on these


def test_a_name_match_outranks_a_description_match(catalogue: psycopg.Connection[Any]) -> None:
    """The name has weight A, the description B: "trail" in the name ranks first."""
    hits = db.fts_search(catalogue, "trail", size=1000)
    in_name = [i for i, hit in enumerate(hits) if "trail" in hit.name.lower()]
    elsewhere = [i for i, hit in enumerate(hits) if "trail" not in hit.name.lower()]
    assert in_name
    assert elsewhere
    assert max(in_name) < min(elsewhere)


def test_a_typo_finds_nothing_in_full_text_but_trigrams_find_it(
    catalogue: psycopg.Connection[Any],
) -> None:
    assert db.fts_search(catalogue, "hedphones") == []
    hits = db.fuzzy_search(catalogue, "hedphones")
    assert hits
    assert all("Headphones" in hit.name for hit in hits)


def test_ilike_scans_every_row_and_full_text_uses_the_gin_index(
    catalogue: psycopg.Connection[Any],
) -> None:
    ilike = db.explain(catalogue, db.ILIKE_COUNT_SQL, {"p": db.like_pattern("edition")})
    fts = db.explain(catalogue, db.FTS_COUNT_SQL, {"q": "edition"})
    assert any("Seq Scan on products" in line for line in ilike), ilike
    assert any("products_search_idx" in line for line in fts), fts
