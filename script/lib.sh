# Shared helpers for the scripts in script/. Sourced, not run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT

# Names the project creates; every one can be overridden from the environment. The passwords are development ones,
# the same as in the hosts' appsettings.Development.json; a production deployment sets its own (README, "Production").
export OP_PG_DATABASE="${OP_PG_DATABASE:-orderpipeline}"
# The application role: owns the tables, cannot create databases.
export OP_PG_USER="${OP_PG_USER:-orderpipeline}"
export OP_PG_PASSWORD="${OP_PG_PASSWORD:-orderpipeline}"
# Migrations run as a role of their own, acting as the application role so that it owns what they create.
export OP_PG_MIGRATOR="${OP_PG_MIGRATOR:-orderpipeline_migrator}"
export OP_PG_MIGRATOR_PASSWORD="${OP_PG_MIGRATOR_PASSWORD:-orderpipeline}"
# Tests and benchmarks create a database per run: the only role with CREATEDB.
export OP_PG_TEST_USER="${OP_PG_TEST_USER:-orderpipeline_test}"
export OP_PG_TEST_PASSWORD="${OP_PG_TEST_PASSWORD:-orderpipeline}"
export OP_RABBIT_VHOST="${OP_RABBIT_VHOST:-orderpipeline}"
# One RabbitMQ user per service, with rights on the vhost only and no management tags; the admin host's (op-console) also
# has the management tag, to read its vhost's queues for the console's queues page.
export OP_RABBIT_SERVICE_USERS="${OP_RABBIT_SERVICE_USERS:-op-intake op-business op-notify op-deadletter op-console}"
export OP_RABBIT_CONSOLE_USER="${OP_RABBIT_CONSOLE_USER:-op-console}"
export OP_RABBIT_PASSWORD="${OP_RABBIT_PASSWORD:-orderpipeline}"
# Tests and benchmarks create a vhost per run, and developers use the management UI: the only administrator.
export OP_RABBIT_ADMIN_USER="${OP_RABBIT_ADMIN_USER:-op-admin}"
export OP_RABBIT_ADMIN_PASSWORD="${OP_RABBIT_ADMIN_PASSWORD:-orderpipeline}"
export OP_PG_VERSION="${OP_PG_VERSION:-15}"
# What these scripts start (script/server, the benchmarks) runs in Development: the development keys and secrets are in
# each host's appsettings.Development.json and nowhere else; a host in any other environment refuses them.
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"

if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi

log() { printf '\033[1;34m[%s]\033[0m %s\n' "$(basename "$0")" "$*" >&2; }
die() { printf '\033[1;31m[%s] %s\033[0m\n' "$(basename "$0")" "$*" >&2; exit 1; }

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}

# pg_connection_string [database] [user] [password]: the application role on the project's database by default.
pg_connection_string() {
  local db="${1:-$OP_PG_DATABASE}" user="${2:-$OP_PG_USER}" password="${3:-$OP_PG_PASSWORD}"
  printf 'Host=127.0.0.1;Port=5432;Database=%s;Username=%s;Password=%s' "$db" "$user" "$password"
}

# Applies the migrations to a database as the migrator role, the tables owned by the application role.
migrate_database() {
  local db="$1"
  dotnet run --project "$ROOT/src/Opctl" -c Release -v q -- db migrate \
    --connection "$(pg_connection_string "$db" "$OP_PG_MIGRATOR" "$OP_PG_MIGRATOR_PASSWORD")" --owner "$OP_PG_USER" >/dev/null
}

rabbit_running() { $SUDO rabbitmqctl -q status >/dev/null 2>&1; }
pg_running() { pg_lsclusters -h 2>/dev/null | awk -v v="$OP_PG_VERSION" '$1==v && $2=="main" {print $4}' | grep -q online; }
