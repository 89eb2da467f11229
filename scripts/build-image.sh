#!/usr/bin/env bash
# Builds one service's container image, tagged with a version: scripts/build-image.sh <service> <version> [docker|podman]
# One service at a time, so one team ships one service without touching the others.
set -euo pipefail
service="${1:?usage: scripts/build-image.sh <service> <version> [docker|podman]}"
version="${2:?usage: scripts/build-image.sh <service> <version> [docker|podman]}"
engine="${3:-docker}"
cd "$(dirname "$0")/.."
case "$service" in
  account-service|transaction-service|payment-gateway-service|cache-service|gateway) ;;
  *) echo "unknown service: $service" >&2; exit 2 ;;
esac
mvn -B -q -pl "$service" -am package -DskipTests
"$engine" build --build-arg "VERSION=$version" -f "$service/src/main/docker/Dockerfile.jvm" \
  -t "ghcr.io/moolah/$service:$version" "$service"
echo "built ghcr.io/moolah/$service:$version"
