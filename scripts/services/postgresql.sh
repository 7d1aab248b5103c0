#!/usr/bin/env bash
# Starts Debian's PostgreSQL 15 cluster and creates the role and database the PostgreSQL tests and the queue
# benchmark use (tests/Pilot.Testing/PostgresTestDatabase.cs). Idempotent.
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "postgresql.sh: run as root" >&2; exit 1; }
pg_lsclusters -h | awk '$1 == 15 && $2 == "main"' | grep -q . || pg_createcluster 15 main >/dev/null
pg_lsclusters -h | awk '$1 == 15 && $2 == "main" && $4 == "online"' | grep -q . || pg_ctlcluster 15 main start
for _ in $(seq 1 30); do
  su postgres -c "pg_isready -q -h 127.0.0.1 -p 5432" && break
  sleep 1
done
psql_as_postgres() { su postgres -c "psql -v ON_ERROR_STOP=1 -qtA -c \"$1\""; }
[ "$(psql_as_postgres "SELECT 1 FROM pg_roles WHERE rolname = 'pilot'")" = 1 ] \
  || psql_as_postgres "CREATE ROLE pilot LOGIN PASSWORD 'pilot'"
[ "$(psql_as_postgres "SELECT 1 FROM pg_database WHERE datname = 'pilot_test'")" = 1 ] \
  || psql_as_postgres "CREATE DATABASE pilot_test OWNER pilot"
echo "postgresql: ok (Host=127.0.0.1;Port=5432;Username=pilot;Password=pilot;Database=pilot_test)"
