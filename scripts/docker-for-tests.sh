#!/usr/bin/env bash
# Makes this machine ready for the Docker end-to-end tests, idempotently (run as root; .ci/run
# calls it, developers may too): Debian's docker.io engine, started without a bridge network
# (only --network host/none are used), and the test base image modulus-test/debian:bookworm
# made with debootstrap, since Docker Hub is out of reach. Reuses whatever is already there.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
BASE_IMAGE=modulus-test/debian:bookworm

need=()
command -v dockerd >/dev/null || need+=(docker.io)
command -v debootstrap >/dev/null || need+=(debootstrap)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if ! docker info >/dev/null 2>&1; then
  echo "starting dockerd (no bridge network; log in /var/log/dockerd.log)"
  nohup dockerd --bridge=none --iptables=false --ip-masq=false >/var/log/dockerd.log 2>&1 &
  for _ in $(seq 60); do
    docker info >/dev/null 2>&1 && break
    sleep 1
  done
  docker info >/dev/null 2>&1 || { tail -20 /var/log/dockerd.log; echo "dockerd did not come up" >&2; exit 1; }
fi

if ! docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
  echo "making $BASE_IMAGE with debootstrap (about a minute, once per machine)"
  rootfs=$(mktemp -d)
  trap 'rm -rf "$rootfs"' EXIT
  debootstrap --variant=minbase bookworm "$rootfs" >/var/log/debootstrap.log 2>&1 ||
    { tail -20 /var/log/debootstrap.log; exit 1; }
  tar -C "$rootfs" -c . | docker import - "$BASE_IMAGE" >/dev/null
fi
echo "docker ready: engine $(docker version --format '{{.Server.Version}}'), $BASE_IMAGE present"
