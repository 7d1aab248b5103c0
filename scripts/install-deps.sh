#!/usr/bin/env bash
# Installs the system packages Pilot's tests and demo need: Slurm + munge, Charliecloud, bubblewrap,
# busybox (test rootfs), Prometheus, PostgreSQL, Chromium, Dask, GNU parallel, OpenMPI + mpi4py, PyTorch,
# Jupyter, Snakemake, HAProxy, clang and zlib1g-dev (the Native AOT agent), iproute2 (the multi-node test cluster).
# Idempotent: packages already present are skipped quickly. --check only says what is missing (no root needed).
set -euo pipefail
packages=(slurm-wlm munge charliecloud-runtime bubblewrap busybox-static squashfs-tools prometheus
          postgresql chromium chromium-driver python3-distributed python3-dask python3-numpy parallel
          systemd procps psmisc curl iproute2 clang zlib1g-dev openmpi-bin python3-mpi4py libpmix-dev python3-torch
          jupyter-notebook python3-ipykernel snakemake haproxy)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ "${1:-}" = --check ]; then
  [ ${#missing[@]} -eq 0 ] || { echo "install-deps: missing ${missing[*]}" >&2; exit 1; }
  echo "install-deps: ok"; exit 0
fi
[ ${#missing[@]} -eq 0 ] || [ "$(id -u)" = 0 ] || { echo "install-deps.sh: run as root to install ${missing[*]} (it calls apt-get)" >&2; exit 1; }
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "install-deps: ok"
