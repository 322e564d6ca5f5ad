"""Every Elasticsearch request body, pinned without a server: pure functions, exact dicts."""

from __future__ import annotations

import json

from shopsearch import generate, queries


def test_the_mapping_is_explicit_and_strict() -> None:
    name = queries.MAPPING["properties"]["name"]
    assert queries.MAPPING["dynamic"] == "strict"
    assert name["analyzer"] == "english"
    assert name["fields"]["raw"]["type"] == "keyword"
    assert queries.MAPPING["properties"]["category"] == {"type": "keyword"}


def test_a_document_has_exactly_the_mapped_fields() -> None:
    doc = queries.document(generate(1)[0])
    assert set(doc) == set(queries.MAPPING["properties"])
    json.dumps(doc)  # JSON-ready: the datetime is an ISO string


def test_search_body_boosts_the_name_and_filters_without_scoring() -> None:
    assert queries.search_body("running shoes", category="footwear", size=5) == {
        "query": {
            "bool": {
                "must": [
                    {
                        "multi_match": {
                            "query": "running shoes",
                            "fields": ["name^3", "description"],
                            "type": "best_fields",
                            "operator": "and",
                        }
                    }
                ],
                "filter": [{"term": {"category": "footwear"}}],
            }
        },
        "from": 0,
        "size": 5,
        "sort": ["_score", {"id": "asc"}],
        "highlight": {"fields": {"description": {"number_of_fragments": 1}}},
    }


def test_fuzzy_search_allows_edits_but_not_in_the_first_letter() -> None:
    match = queries.search_body("hedphones", fuzzy=True)["query"]["bool"]["must"][0]
    assert match["multi_match"]["fuzziness"] == "AUTO"
    assert match["multi_match"]["prefix_length"] == 1


def test_browse_body_sorts_on_a_unique_tiebreaker_inside_a_point_in_time() -> None:
    first = queries.browse_body("pit-1", 100)
    later = queries.browse_body("pit-1", 100, after=[1767225600000, 42])
    assert first["pit"] == {"id": "pit-1", "keep_alive": "1m"}
    assert first["sort"] == [{"created_at": "desc"}, {"id": "desc"}]
    assert "search_after" not in first
    assert later["search_after"] == [1767225600000, 42]


def test_alias_swap_is_one_request_that_removes_and_adds() -> None:
    assert queries.alias_swap("products", ["products-1"], "products-2") == [
        {"remove": {"index": "products-1", "alias": "products"}},
        {"add": {"index": "products-2", "alias": "products"}},
    ]


def test_the_dataset_is_deterministic() -> None:
    assert generate(50) == generate(50)
    assert generate(50, seed=1) != generate(50)
    assert [p.id for p in generate(3, first_id=10)] == [10, 11, 12]
