# Sourced by .ci/run: provide Debian's Prometheus 2.42 (prometheus and promtool) without
# installing a service. The package is downloaded with apt-get and unpacked with dpkg-deb into a
# cache folder, once per machine; a second run reuses it (idempotent).
# Exports COURSE_PROMETHEUS_BIN and COURSE_PROMTOOL_BIN, which lesson 20's tests use.
prometheus_cache=${COURSE_PROMETHEUS_CACHE:-/var/cache/course/prometheus}
if [ ! -x "$prometheus_cache/root/usr/bin/prometheus" ]; then
  mkdir -p "$prometheus_cache"
  (
    cd "$prometheus_cache"
    rm -rf root ./*.deb
    apt-get download prometheus >/dev/null 2>&1 || apt-get download prometheus
    dpkg-deb -x prometheus_*.deb root
    rm -f ./*.deb
  )
fi
export COURSE_PROMETHEUS_BIN="$prometheus_cache/root/usr/bin/prometheus"
export COURSE_PROMTOOL_BIN="$prometheus_cache/root/usr/bin/promtool"
"$COURSE_PROMETHEUS_BIN" --version 2>&1 | head -n 1
