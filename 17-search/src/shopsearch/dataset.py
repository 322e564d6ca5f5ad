"""A product catalogue generated deterministically: the same seed gives the same rows, always.

Thousands of products with real-looking names and descriptions, so that stemming, ranking,
typos and paging behave as they do on real data. Postgres holds them (the source of truth);
Elasticsearch gets a copy.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

EPOCH = datetime(2026, 1, 1, tzinfo=UTC)

# category -> (nouns, what they are good for)
CATALOGUE: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "footwear": (
        ("running shoes", "hiking boots", "trail sneakers", "sandals", "slippers"),
        ("built for running on rough trails", "for long walks in the rain", "for the gym"),
    ),
    "audio": (
        ("wireless headphones", "bluetooth speaker", "noise cancelling earbuds", "turntable"),
        ("for music on the train", "with deep bass for parties", "for calls and podcasts"),
    ),
    "kitchen": (
        ("chef's knife", "cast iron skillet", "espresso machine", "kettle", "cutting board"),
        ("for everyday cooking", "that makes coffee like a cafe", "for the serious home cook"),
    ),
    "outdoor": (
        ("camping tent", "sleeping bag", "headlamp", "hiking backpack", "water filter"),
        ("for camping in the mountains", "for cold nights outside", "for trail running at dawn"),
    ),
    "office": (
        ("standing desk", "ergonomic chair", "mechanical keyboard", "monitor arm", "desk lamp"),
        ("for long days at the desk", "that keeps your back straight", "for quiet typing"),
    ),
}
ADJECTIVES = ("lightweight", "waterproof", "compact", "durable", "classic", "premium", "quiet")
MATERIALS = ("leather", "bamboo", "steel", "wool", "recycled", "carbon", "titanium")
BRANDS = ("Acme", "Northwind", "Kestrel", "Umbra", "Fjell", "Lumen", "Otter", "Vela")


@dataclass(frozen=True, slots=True)
class Product:
    id: int
    name: str
    description: str
    category: str
    price_cents: int
    created_at: datetime


def generate(count: int, *, seed: int = 17, first_id: int = 1) -> list[Product]:
    """`count` products; ids start at `first_id`. Timestamps are whole minutes, so several
    products share one: a sort on `created_at` alone has ties (keyset paging must break them)."""
    rng = random.Random(seed)
    categories = sorted(CATALOGUE)
    products = []
    for offset in range(count):
        category = categories[rng.randrange(len(categories))]
        nouns, uses = CATALOGUE[category]
        noun = rng.choice(nouns)
        adjective, material = rng.choice(ADJECTIVES), rng.choice(MATERIALS)
        name = f"{rng.choice(BRANDS)} {adjective.title()} {material.title()} {noun.title()}"
        description = (
            f"{adjective.capitalize()} {noun} made of {material}, {rng.choice(uses)}. "
            f"{rng.choice(ADJECTIVES).capitalize()} and {rng.choice(ADJECTIVES)}."
        )
        if rng.random() < 0.005:  # a rare word: one product in two hundred
            description += " Limited edition."
        products.append(
            Product(
                id=first_id + offset,
                name=name,
                description=description,
                category=category,
                price_cents=rng.randrange(500, 50_000, 5),
                created_at=EPOCH + timedelta(minutes=rng.randrange(count // 3 + 1)),
            )
        )
    return products
