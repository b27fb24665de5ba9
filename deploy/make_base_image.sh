#!/usr/bin/env bash
# Makes localhost/debian:bookworm from Debian's packages with debootstrap
# (no container registry is reachable). Does nothing when it exists.
set -euo pipefail
export CONTAINERS_CONF="$(cd "$(dirname "$0")" && pwd)/containers.conf"
if podman image exists localhost/debian:bookworm; then
  echo "base image localhost/debian:bookworm exists"
  exit 0
fi
# apt's own Debian mirror (deb822 .sources or one-line .list files).
mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.sources \
             /etc/apt/sources.list.d/*.list 2>/dev/null \
         | grep -v '^#' | grep -oE 'https?://[^ ]+/debian/?( |$)' \
         | grep -v security | head -n 1 | tr -d ' ' || true)
mirror=${mirror:-http://deb.debian.org/debian}
rootfs=$(mktemp -d)
trap 'rm -rf "$rootfs"' EXIT
debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >/dev/null
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
tar -C "$rootfs" -c . | podman import --change 'CMD ["/bin/bash"]' - localhost/debian:bookworm
echo "made localhost/debian:bookworm"
