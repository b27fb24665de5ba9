#!/usr/bin/env bash
# Builds the image with podman, brings docker-compose.yml up with
# podman-compose, streams the sample reports in with the host's reportctl
# over the published loopback ports, queries them back, checks the
# containers run as non-root, and takes everything down. Prints its
# duration. Needs root; installs podman and friends with apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
export CONTAINERS_CONF="$(pwd)/deploy/containers.conf"
missing=()
for pkg in podman buildah runc uidmap fuse-overlayfs slirp4netns podman-compose debootstrap; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
fi
bash deploy/make_base_image.sh
# Tagged with the project's version, the tag the compose and Kubernetes
# files pin (deploy/check_deploy.py checks they agree).
version=$(sed -n 's/^project(govreport VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
podman build -f deploy/Dockerfile -t "localhost/govreport:${version}" .
[ -x build/bin/reportctl ] || bash deploy/build.sh
compose=(podman-compose -f deploy/docker-compose.yml -p govreport-test)
cleanup() { "${compose[@]}" down -v -t 5 >/dev/null 2>&1 || true; }
trap cleanup EXIT
"${compose[@]}" up -d
for target in 127.0.0.1:50051 127.0.0.1:50052; do
  for _ in $(seq 1 100); do
    build/bin/reportctl health --target="$target" --timeout=1 >/dev/null 2>&1 && break
    sleep 0.2
  done
  build/bin/reportctl health --target="$target" --timeout=2
done
ingested=$(build/bin/reportctl ingest --target=127.0.0.1:50051 --year=2024 tests/data/reports)
echo "$ingested"
# Read our own writes: wait for the query replica to reach the last ack.
seq=$(echo "$ingested" | grep -oE 'seq=[0-9]+' | cut -d= -f2 | sort -n | tail -n 1)
answer=$(build/bin/reportctl query --target=127.0.0.1:50052 --district=李沧 \
           --format=jsonl --min_sequence="$seq" --timeout=20)
[ -n "$answer" ] || { echo "no answer for 李沧" >&2; exit 1; }
for service in ingest query; do
  uid=$(podman exec "govreport-test_${service}_1" id -u)
  [ "$uid" != "0" ] || { echo "$service runs as root" >&2; exit 1; }
done
echo "container test passed in $(( $(date +%s) - start ))s"
