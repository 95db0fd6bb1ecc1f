#!/usr/bin/env bash
# Makes this machine ready for the Podman test of `modulus k8s` (`podman kube play` of the emitted
# pod), idempotently (run as root; .ci/run calls it, developers may too). Everything podman is told
# lives in one test-owned folder, never in /etc/containers:
#   $MODULUS_PODMAN_HOME (default ~/.cache/modulus-test/podman)/
#     containers.conf   CONTAINERS_CONF for every podman call the tests make
#     storage.conf      CONTAINERS_STORAGE_CONF: graph and run roots inside this folder
#     runc-no-nproc     the OCI runtime: runc, minus RLIMIT_NPROC (the sandbox refuses setting it)
#     storage/, run/    podman's images and containers
# Quirks of these machines, found by trying: podman needs Debian's catatonit (it builds its pause
# image from it, no registry needed); setting RLIMIT_NPROC fails with EPERM, so the runtime wrapper
# drops it from the bundle's config.json before calling runc; podman's default nofile ulimit is
# above what the sandbox allows, so containers get nofile=<our hard limit>:<our hard limit>.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
HOME_DIR=${MODULUS_PODMAN_HOME:-$HOME/.cache/modulus-test/podman}

need=()
command -v podman >/dev/null || need+=(podman)
[ -x /usr/libexec/podman/catatonit ] || [ -x /usr/bin/catatonit ] || need+=(catatonit)
command -v runc >/dev/null || need+=(runc)
command -v jq >/dev/null || need+=(jq)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

mkdir -p "$HOME_DIR/storage" "$HOME_DIR/run"
runc=$(command -v runc)
nofile=$(ulimit -Hn)

wrapper="$HOME_DIR/runc-no-nproc"
cat >"$wrapper.new" <<WRAPPER
#!/bin/sh
# runc, minus RLIMIT_NPROC: the sandbox these tests run in refuses to set it (EPERM), so the
# bundle's config.json (create/run --bundle DIR) and exec's process.json (--process FILE) lose it.
prev=
bundle=
process=
for arg in "\$@"; do
  case \$prev in
    --bundle | -b) bundle=\$arg ;;
    --process | -p) process=\$arg ;;
  esac
  case \$arg in
    --bundle=*) bundle=\${arg#--bundle=} ;;
    --process=*) process=\${arg#--process=} ;;
  esac
  prev=\$arg
done
drop() {
  [ -f "\$1" ] || return 0
  jq "\$2" "\$1" >"\$1.modulus-tmp" && mv "\$1.modulus-tmp" "\$1"
}
[ -n "\$bundle" ] && drop "\$bundle/config.json" 'if .process.rlimits then .process.rlimits |= map(select(.type != "RLIMIT_NPROC")) else . end'
[ -n "\$process" ] && drop "\$process" 'if .rlimits then .rlimits |= map(select(.type != "RLIMIT_NPROC")) else . end'
exec $runc "\$@"
WRAPPER
chmod 0755 "$wrapper.new"
mv "$wrapper.new" "$wrapper"

cat >"$HOME_DIR/containers.conf.new" <<CONF
# Written by scripts/podman-for-tests.sh for the modulus tests (CONTAINERS_CONF).
[containers]
default_ulimits = ["nofile=$nofile:$nofile"]
netns = "host"

[engine]
runtime = "runc-no-nproc"
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$HOME_DIR/run/events.log"

[engine.runtimes]
runc-no-nproc = ["$wrapper"]
CONF
mv "$HOME_DIR/containers.conf.new" "$HOME_DIR/containers.conf"

cat >"$HOME_DIR/storage.conf.new" <<CONF
# Written by scripts/podman-for-tests.sh for the modulus tests (CONTAINERS_STORAGE_CONF).
[storage]
driver = "overlay"
graphroot = "$HOME_DIR/storage"
runroot = "$HOME_DIR/run"
CONF
mv "$HOME_DIR/storage.conf.new" "$HOME_DIR/storage.conf"

export CONTAINERS_CONF="$HOME_DIR/containers.conf" CONTAINERS_STORAGE_CONF="$HOME_DIR/storage.conf"
# A container that runs and exits proves the whole chain (storage, runtime wrapper, ulimits).
if ! podman image exists localhost/modulus-podman-check:1; then
  if docker image inspect modulus-test/debian:bookworm >/dev/null 2>&1; then
    docker save modulus-test/debian:bookworm | podman load -q >/dev/null
    podman tag modulus-test/debian:bookworm localhost/modulus-podman-check:1
  fi
fi
if podman image exists localhost/modulus-podman-check:1; then
  podman run --rm --network host localhost/modulus-podman-check:1 true ||
    { echo "podman cannot run a container here" >&2; exit 1; }
fi
echo "podman ready: $(podman --version), config in $HOME_DIR"
