#!/usr/bin/env bash
# Starts a real single-node Slurm (munge + slurmctld + slurmd from Debian) for the Slurm tests, the Dask cluster
# jobs and the benchmarks, and creates the ordinary user `pilotuser` that submits pilots in those tests.
# Idempotent: a running, correctly configured Slurm is left alone; a changed configuration restarts it; a daemon
# gone or a node not responding after an interrupted run is started or resumed.
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "slurm.sh: run as root (it starts munged, slurmctld and slurmd)" >&2; exit 1; }
for tool in munged slurmctld slurmd sinfo scontrol; do
  command -v "$tool" >/dev/null || { echo "slurm.sh: $tool missing; run scripts/install-deps.sh first" >&2; exit 1; }
done

host=$(hostname -s)
cores=$(nproc)
# Advertise at least 8 CPUs so several 1-core pilots run side by side on a small CI machine: they mostly wait on
# the network.
cpus=$(( cores < 8 ? 8 : cores ))
memory_mb=$(( $(awk '/MemTotal/{print $2}' /proc/meminfo) / 1024 - 1024 ))
default_mem_per_cpu=$(( memory_mb / cpus < 512 ? memory_mb / cpus : 512 ))

# shellcheck source=lib/slurm-common.sh
. "$(dirname "$0")/lib/slurm-common.sh"

mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm
desired=$(mktemp)
trap 'rm -f "$desired"' EXIT
{
  cat <<CONF
# Written by scripts/services/slurm.sh: single-node test cluster.
ClusterName=pilottest
SlurmctldHost=$host
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmdSpoolDir=/var/spool/slurmd
StateSaveLocation=/var/spool/slurmctld
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
JobCompLoc=/var/log/slurm/jobcomp.log
DefMemPerCPU=$default_mem_per_cpu
NodeName=$host CPUs=$cpus RealMemory=$memory_mb State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
  common_slurm_conf
} >"$desired"

if ! cmp -s "$desired" /etc/slurm/slurm.conf; then
  stop_daemon /run/slurmd.pid slurmd
  stop_daemon /run/slurmctld.pid slurmctld
  cp "$desired" /etc/slurm/slurm.conf
  chmod 644 /etc/slurm/slurm.conf
fi

# shellcheck source=lib/munge.sh
. "$(dirname "$0")/lib/munge.sh"
start_munge

# Whatever an earlier run left (a daemon gone, the node unknown, down or drained, slurmctld not answering yet), the
# loop starts what is missing and resumes the node until it is usable, for at most two minutes.
state=""
for second in $(seq 1 120); do
  daemon_running /run/slurmctld.pid slurmctld || slurmctld
  daemon_running /run/slurmd.pid slurmd || slurmd
  state=$(sinfo -h -N -n "$host" -o %t 2>/dev/null | head -n 1 || true)
  case "$state" in
    idle|mix|alloc|comp) break ;;
    down*|drain*|drng*|fail*) scontrol update nodename="$host" state=resume 2>/dev/null || true ;;
    # Not responding: a slurmd started before slurmctld answered registers on its own within seconds; one that
    # has not after 20 s is restarted once.
    *'*') [ "$second" != 20 ] || { stop_daemon /run/slurmd.pid slurmd; slurmd; } ;;
  esac
  sleep 1
done
case "$state" in
  idle|mix|alloc|comp) ;;
  *) echo "slurm.sh: node $host is '${state:-not known to slurmctld}', not idle after 2 minutes; see /var/log/slurm/slurmctld.log and slurmd.log" >&2; exit 1 ;;
esac

# An ordinary user for the tests that submit pilots as a site user would.
id pilotuser >/dev/null 2>&1 || useradd -m -s /bin/bash pilotuser

echo "slurm: ok (node $host, $cpus CPUs, ${memory_mb} MB, partition debug; user pilotuser)"
