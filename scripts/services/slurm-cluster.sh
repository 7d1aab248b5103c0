#!/usr/bin/env bash
# A multi-node Slurm cluster on this machine for the multi-node tests: NODES (default 3) nodes pn1..pnN, each a network
# + UTS + mount namespace with its own hostname, address (10.251.0.11...) on the bridge pbr0 (10.251.0.1, where the
# tests' Pilot servers listen) and private /tmp; the file system is otherwise shared, as a cluster's /home is. Its own
# slurmctld (ports 16817/16818, config /srv/slurm-multi/slurm.conf) runs beside the single-node one of slurm.sh.
#   slurm-cluster.sh [start]   idempotent: repairs whatever an interrupted run left (stale namespaces, links, pid
#                              files, half-up daemons) and waits until every node is idle, resuming down ones
#   slurm-cluster.sh stop      stops the daemons and removes the namespaces and the bridge
# Every Slurm command for this cluster needs SLURM_CONF=/srv/slurm-multi/slurm.conf.
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "slurm-cluster.sh: run as root (it creates network namespaces and starts Slurm)" >&2; exit 1; }
for tool in ip nsenter unshare munged slurmctld slurmd sinfo scontrol; do
  command -v "$tool" >/dev/null || { echo "slurm-cluster.sh: $tool missing; run scripts/install-deps.sh first" >&2; exit 1; }
done

nodes=${NODES:-3}
dir=/srv/slurm-multi
conf=$dir/slurm.conf
bridge=pbr0
bridge_address=10.251.0.1
export SLURM_CONF=$conf

node_name() { echo "pn$1"; }
node_address() { echo "10.251.0.$((10 + $1))"; }

# shellcheck source=lib/slurm-common.sh
. "$(dirname "$0")/lib/slurm-common.sh"

remove_node() {
  local n; n=$(node_name "$1")
  stop_daemon "$dir/run/slurmd-$n.pid" slurmd
  ip link delete "v$n" 2>/dev/null || true
  ip netns delete "$n" 2>/dev/null || rm -f "/run/netns/$n"
}

stop_cluster() {
  for i in $(seq 1 "$nodes"); do remove_node "$i"; done
  stop_daemon "$dir/run/slurmctld.pid" slurmctld
  ip link delete "$bridge" 2>/dev/null || true
  echo "slurm-cluster: stopped"
}

if [ "${1:-start}" = stop ]; then
  stop_cluster
  exit 0
fi
[ "${1:-start}" = start ] || { echo "usage: slurm-cluster.sh [start|stop]" >&2; exit 2; }

# The bridge the nodes hang on; this machine is 10.251.0.1 on it.
ip link show "$bridge" >/dev/null 2>&1 || ip link add "$bridge" type bridge
ip -4 addr show dev "$bridge" | grep -q " $bridge_address/24" || ip addr add "$bridge_address/24" dev "$bridge"
ip link set "$bridge" up

# A node's namespace is whole when its link is on the bridge and up on both ends with the node's address.
node_whole() {
  local n a; n=$(node_name "$1"); a=$(node_address "$1")
  [ -e "/run/netns/$n" ] || return 1
  ip link show "v$n" 2>/dev/null | grep -q "master $bridge" || return 1
  nsenter --net="/run/netns/$n" ip -4 addr show dev eth0 2>/dev/null | grep -q " $a/24" || return 1
  nsenter --net="/run/netns/$n" ip link show dev lo 2>/dev/null | grep -q 'UP' || return 1
}

mkdir -p "$dir"/{spool,run,log,state} /var/tmp/nodes
for i in $(seq 1 "$nodes"); do
  n=$(node_name "$i"); a=$(node_address "$i")
  if ! node_whole "$i"; then
    remove_node "$i"
    ip netns add "$n"
    ip link add "v$n" type veth peer name eth0 netns "$n"
    ip link set "v$n" master "$bridge"
    nsenter --net="/run/netns/$n" ip addr add "$a/24" dev eth0
    nsenter --net="/run/netns/$n" ip link set lo up
  fi
  # A link cut by hand (a lost-node test) comes back up.
  ip link set "v$n" up
  nsenter --net="/run/netns/$n" ip link set eth0 up
  mkdir -p "/var/tmp/nodes/$n"
  chmod 1777 "/var/tmp/nodes/$n"
  grep -q "^$a $n\$" /etc/hosts || { sed -i "/ $n\$/d" /etc/hosts; echo "$a $n" >>/etc/hosts; }
done

memory_mb=4000
desired=$(mktemp)
trap 'rm -f "$desired"' EXIT
{
  cat <<CONF
# Written by scripts/services/slurm-cluster.sh: $nodes-node test cluster in network namespaces.
ClusterName=pilotmulti
SlurmctldHost=$(hostname -s)($bridge_address)
SlurmctldPort=16817
SlurmdPort=16818
SlurmctldPidFile=$dir/run/slurmctld.pid
SlurmdPidFile=$dir/run/slurmd-%n.pid
SlurmdSpoolDir=$dir/spool/%n
SlurmdLogFile=$dir/log/slurmd-%n.log
SlurmctldLogFile=$dir/log/slurmctld.log
StateSaveLocation=$dir/state
JobCompLoc=$dir/log/jobcomp.log
# A node whose slurmd stops answering is down within seconds, not the default 5 minutes (the lost-node tests).
SlurmdTimeout=10
DefMemPerCPU=500
CONF
  common_slurm_conf
  for i in $(seq 1 "$nodes"); do
    echo "NodeName=$(node_name "$i") NodeAddr=$(node_address "$i") CPUs=4 RealMemory=$memory_mb State=UNKNOWN"
  done
  echo "PartitionName=multi Nodes=pn[1-$nodes] Default=YES MaxTime=INFINITE State=UP"
} >"$desired"

if ! cmp -s "$desired" "$conf"; then
  for i in $(seq 1 "$nodes"); do stop_daemon "$dir/run/slurmd-$(node_name "$i").pid" slurmd; done
  stop_daemon "$dir/run/slurmctld.pid" slurmctld
  cp "$desired" "$conf"
  chmod 644 "$conf"
fi

# shellcheck source=lib/munge.sh
. "$(dirname "$0")/lib/munge.sh"
start_munge

answers() { for _ in $(seq 1 "$1"); do scontrol ping 2>/dev/null | grep -q 'is UP' && return 0; sleep 0.5; done; return 1; }
if daemon_running "$dir/run/slurmctld.pid" slurmctld && ! answers 20; then
  stop_daemon "$dir/run/slurmctld.pid" slurmctld
fi
daemon_running "$dir/run/slurmctld.pid" slurmctld || slurmctld -f "$conf"
answers 60 || { echo "slurm-cluster.sh: slurmctld does not answer; see $dir/log/slurmctld.log" >&2; exit 1; }

# A node's slurmd runs in the node's namespaces: a slurmd left in a namespace since replaced is stopped.
for i in $(seq 1 "$nodes"); do
  n=$(node_name "$i"); pidfile=$dir/run/slurmd-$n.pid
  if daemon_running "$pidfile" slurmd && [ "$(stat -L -c %i "/proc/$(cat "$pidfile")/ns/net")" != "$(stat -L -c %i "/run/netns/$n")" ]; then
    stop_daemon "$pidfile" slurmd
  fi
  daemon_running "$pidfile" slurmd || nsenter --net="/run/netns/$n" unshare --uts --mount --propagation private \
    sh -c "hostname $n && mount --bind /var/tmp/nodes/$n /tmp && exec slurmd -f $conf -N $n"
done

down=""
for _ in $(seq 1 120); do
  down=$(sinfo -h -N -p multi -o '%N %t' 2>/dev/null | awk '$2 !~ /^(idle|mix|alloc|comp)$/ {print $1}' | sort -u | tr '\n' ' ' || true)
  idle=$(sinfo -h -N -p multi -o '%N' 2>/dev/null | sort -u | wc -l)
  [ -z "$down" ] && [ "$idle" -eq "$nodes" ] && break
  for n in $down; do scontrol update nodename="$n" state=resume 2>/dev/null || true; done
  sleep 0.5
done
[ -z "$down" ] || { echo "slurm-cluster.sh: nodes not idle: $down; see $dir/log/" >&2; sinfo -N -p multi >&2 || true; exit 1; }

# The ordinary user the tests submit pilots as (slurm.sh creates it too).
id pilotuser >/dev/null 2>&1 || useradd -m -s /bin/bash pilotuser

echo "slurm-cluster: ok ($nodes nodes pn[1-$nodes] at 10.251.0.11-$((10 + nodes)), partition multi; SLURM_CONF=$conf)"
