"""The tests' own podman plumbing (tests/images.py): what a session may remove while others run.

Under two workers a lab's nested run builds beside the README's worker, so a session that ends
must not remove an image: its untagged steps may be the layer cache a build elsewhere is using
at that moment. It takes its own names off; the run's first process removes the images at the
very end (tests/conftest.py).
"""

from __future__ import annotations

from pathlib import Path

from tests.images import LABEL, Images, base_image, podman, require_podman


def test_closing_a_session_takes_off_its_own_names_and_removes_no_image(tmp_path: Path) -> None:
    require_podman()
    (tmp_path / "Containerfile").write_text(f"FROM {base_image()}\nLABEL {LABEL}\n")
    session = Images()
    mine = f"localhost/deployable-test-close:{session.suffix}"
    theirs = f"localhost/deployable-test-close:other-{session.suffix}"  # another worker's
    podman("build", "--quiet", f"--tag={mine}", str(tmp_path))
    image = podman("image", "inspect", "--format={{.Id}}", mine).stdout.strip()
    try:
        session.tags["close"] = mine
        session.close()
        names = podman("image", "inspect", "--format={{json .RepoTags}}", image).stdout
        assert mine not in names  # its own name is gone, and the image is still there

        podman("tag", image, mine, theirs)
        session.close()
        names = podman("image", "inspect", "--format={{json .RepoTags}}", image).stdout
        assert mine not in names
        assert theirs in names  # a name the session did not make stays on the image
    finally:
        podman("rmi", "--force", image, check=False)
