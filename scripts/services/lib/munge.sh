# Sourced by the Slurm service scripts: one munged serves every Slurm cluster on this machine (its socket is a path,
# which every node namespace sees). start_munge makes sure it runs and answers.
start_munge() {
  id munge >/dev/null 2>&1 || { echo "munge: user munge missing; is the munge package installed?" >&2; return 1; }
  mkdir -p /run/munge /var/lib/munge /var/log/munge
  [ -s /etc/munge/munge.key ] || mungekey -c
  chown munge:munge /etc/munge/munge.key /run/munge /var/lib/munge /var/log/munge
  chmod 400 /etc/munge/munge.key
  chmod 700 /var/lib/munge /var/log/munge
  chmod 755 /run/munge
  if ! { [ -f /run/munge/munged.pid ] && kill -0 "$(cat /run/munge/munged.pid)" 2>/dev/null; }; then
    su -s /bin/sh munge -c /usr/sbin/munged
  fi
  for _ in $(seq 1 50); do munge -n </dev/null | unmunge >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "munge: munged does not answer; see /var/log/munge/munged.log" >&2
  return 1
}
