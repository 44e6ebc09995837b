# Shared helpers for the scripts in script/. Sourced, not run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT

# Names the project creates; every one can be overridden from the environment.
export OP_PG_DATABASE="${OP_PG_DATABASE:-orderpipeline}"
export OP_PG_USER="${OP_PG_USER:-orderpipeline}"
export OP_PG_PASSWORD="${OP_PG_PASSWORD:-orderpipeline}"
export OP_RABBIT_VHOST="${OP_RABBIT_VHOST:-orderpipeline}"
export OP_RABBIT_USER="${OP_RABBIT_USER:-orderpipeline}"
export OP_RABBIT_PASSWORD="${OP_RABBIT_PASSWORD:-orderpipeline}"
export OP_PG_VERSION="${OP_PG_VERSION:-15}"

if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi

log() { printf '\033[1;34m[%s]\033[0m %s\n' "$(basename "$0")" "$*" >&2; }
die() { printf '\033[1;31m[%s] %s\033[0m\n' "$(basename "$0")" "$*" >&2; exit 1; }

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}

pg_connection_string() {
  local db="${1:-$OP_PG_DATABASE}"
  printf 'Host=127.0.0.1;Port=5432;Database=%s;Username=%s;Password=%s' "$db" "$OP_PG_USER" "$OP_PG_PASSWORD"
}

rabbit_running() { $SUDO rabbitmqctl -q status >/dev/null 2>&1; }
pg_running() { pg_lsclusters -h 2>/dev/null | awk -v v="$OP_PG_VERSION" '$1==v && $2=="main" {print $4}' | grep -q online; }
