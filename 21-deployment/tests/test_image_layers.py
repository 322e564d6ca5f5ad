"""A build secret (the proxy's CA bundle) must not be in any layer, nor in the history."""

from __future__ import annotations

import os
from pathlib import Path

from tests.images import Images, ca_bundle, podman


def layer_dirs(image: str) -> list[Path]:
    """The image's layers as overlay directories: the top one, then every lower one."""
    upper = podman("image", "inspect", "--format={{.GraphDriver.Data.UpperDir}}", image)
    lower = podman("image", "inspect", "--format={{.GraphDriver.Data.LowerDir}}", image)
    found = [upper.stdout.strip(), *lower.stdout.strip().split(":")]
    return [Path(d) for d in found if d and d != "<no value>"]


def files_holding(secret: bytes, layers: list[Path]) -> list[str]:
    hits = []
    for layer in layers:
        for root, _dirs, names in os.walk(layer):
            for name in names:
                path = Path(root, name)
                if path.is_symlink() or not path.is_file():
                    continue
                if path.stat().st_size == len(secret) and path.read_bytes() == secret:
                    hits.append(f"{path.relative_to(layer)} (layer {layer.parent.name[:12]})")
    return hits


def test_fixed_no_build_secret_in_any_layer(images: Images) -> None:
    """The builder's layers count too: CI caches push them to a registry (--cache-to)."""
    secret = ca_bundle().read_bytes()
    for image in (images.builder, images.app):
        assert files_holding(secret, layer_dirs(image)) == []


def test_no_secret_in_the_build_history(images: Images) -> None:
    """A secret passed as an ARG, an ENV or a RUN argument is printed by `podman history`."""
    histories = {
        image: podman("history", "--no-trunc", "--format={{.CreatedBy}}", image).stdout
        for image in (images.builder, images.app)
    }
    assert "/run/secrets/ca" in histories[images.builder]  # the mount is named, not its content
    for history in histories.values():
        assert "BEGIN CERTIFICATE" not in history
