# Sourced by .ci/run: what 21-deployment needs to build and run images for real.
#   1. podman, buildah, runc and debootstrap from Debian (installed only if missing);
#   2. a containers.conf that makes them work here (runc, not crun, on this cgroup setup;
#      nofile/nproc ulimits of 1024), exported as CONTAINERS_CONF;
#   3. a Python base image, since none can be pulled: a `debootstrap --variant=minbase
#      bookworm` root with python3 (what `python:3.11-slim-bookworm` would give), cached as a
#      tarball under /var/cache/course/ and imported only when the image is missing;
#   4. a stand-in for uv's image (ghcr.io/astral-sh/uv:X.Y.Z, which the Dockerfile copies uv
#      from): the same version's static binaries from PyPI's musl wheel of uv, imported as an
#      image holding only /uv and /uvx, as uv's own image does. The version is read from the Dockerfile.
# Idempotent: the second run installs nothing, bootstraps nothing and imports nothing.
# Exports COURSE_BASE_IMAGE and COURSE_UV_IMAGE, the names the lesson's tests pass as the
# BASE_IMAGE and UV_IMAGE build ARGs.

course_podman_setup() {
  local cache=/var/cache/course
  local tarball=$cache/bookworm-python-minbase.tar
  local image=localhost/course-python:3.11-bookworm
  local missing=()
  for tool in podman buildah runc debootstrap; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "installing ${missing[*]}"
    local packages=(podman buildah runc debootstrap uidmap)
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
      "${packages[@]}" >/dev/null \
      || { apt-get update -q >/dev/null \
        && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
          "${packages[@]}" >/dev/null; }
  fi

  mkdir -p "$cache"
  cat > "$cache/containers.conf" <<'CONF'
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]

[engine]
runtime = "runc"
CONF
  export CONTAINERS_CONF=$cache/containers.conf

  if ! podman image exists "$image"; then
    if [ ! -s "$tarball" ]; then
      echo "debootstrap bookworm (once per machine, about a minute)"
      local root
      root=$(mktemp -d /var/tmp/course-bookworm.XXXXXX)
      debootstrap --variant=minbase --include=python3,python3-venv \
        bookworm "$root" http://deb.debian.org/debian >/dev/null
      rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
      tar -C "$root" -cf "$tarball.tmp" .
      mv "$tarball.tmp" "$tarball"
      rm -rf "$root"
    fi
    podman import --quiet "$tarball" "$image" >/dev/null
  fi
  export COURSE_BASE_IMAGE=$image

  local here version uv_image
  here=$(dirname "${BASH_SOURCE[0]}")
  version=$(sed -n 's|^ARG UV_IMAGE=ghcr.io/astral-sh/uv:\([0-9.]*\)$|\1|p' \
    "$here/../21-deployment/Dockerfile")
  [ -n "$version" ] || { echo "no ARG UV_IMAGE=ghcr.io/astral-sh/uv:X.Y.Z in the Dockerfile" >&2; return 1; }
  uv_image=localhost/course-uv:$version
  if ! podman image exists "$uv_image"; then
    local root
    root=$(mktemp -d /var/tmp/course-uv.XXXXXX)
    # The musl wheel's binaries are static, like the ones in uv's image.
    uv pip install --quiet --no-deps --target "$root" \
      --python-platform "$(uname -m)-unknown-linux-musl" "uv==$version"
    tar -C "$root/bin" -cf "$root.tar" uv uvx
    podman import --quiet "$root.tar" "$uv_image" >/dev/null
    rm -rf "$root" "$root.tar"
  fi
  export COURSE_UV_IMAGE=$uv_image
  echo "base image: $COURSE_BASE_IMAGE, uv image: $COURSE_UV_IMAGE (CONTAINERS_CONF=$CONTAINERS_CONF)"
}

course_podman_setup
