#!/usr/bin/env bash
# Starts the real services integration tests talk to. Each service has its own script; each is idempotent.
set -euo pipefail
cd "$(dirname "$0")"
for service in services/*.sh; do
  [ -e "$service" ] || continue
  bash "$service"
done
