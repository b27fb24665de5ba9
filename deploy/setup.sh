#!/usr/bin/env bash
# Installs the Debian 12 packages this project builds and tests with.
# Idempotent and non-interactive: packages already present are not touched, and
# apt-get runs only when something is missing.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler grpc-proto
  golang-github-gogo-googleapis-dev
  librocksdb-dev libicu-dev libabsl-dev libgtest-dev libgmock-dev libbenchmark-dev
  libssl-dev prometheus-cpp-dev libgoogle-perftools-dev openssl clang libclang-rt-14-dev python3
  python3-grpcio python3-protobuf python3-yaml
  nats-server libnats-dev
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages already installed"
  exit 0
fi

echo "setup: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
