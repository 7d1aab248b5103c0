# Sourced by the Slurm service scripts (slurm.sh, slurm-cluster.sh): what their test clusters share.

# A pid file whose process is alive and is the named daemon (pids are reused after a crash).
daemon_running() {
  local pidfile=$1 daemon=$2 pid
  [ -f "$pidfile" ] || return 1
  pid=$(cat "$pidfile" 2>/dev/null) || return 1
  [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$daemon" ]
}

# Stops the daemon its pid file names (SIGTERM, then SIGKILL after 5 s) and removes the pid file.
stop_daemon() {
  local pidfile=$1 daemon=$2 pid
  if daemon_running "$pidfile" "$daemon"; then
    pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

# The slurm.conf lines every test cluster has; each script adds its names, paths, ports and nodes.
common_slurm_conf() {
  cat <<'CONF'
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=5
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
# Lets slurmd accept a node description larger than the hardware.
SlurmdParameters=config_overrides
SlurmUser=root
JobCompType=jobcomp/filetxt
# Finished jobs stay visible to squeue/scontrol for 5 minutes: the provisioner reads their final state there.
MinJobAge=300
KillWait=5
InactiveLimit=0
CONF
}
