#!/usr/bin/env bash
# Delay fan-out at flash-sale scale: seed N confirmed orders, declare a delay, time the notices to a bulk gateway.
# Usage: bench/delay-fanout/run.sh [sizes...]   (default: 1000 50000 200000)
set -euo pipefail
source "$(dirname "$0")/../../script/lib.sh"
"$ROOT/script/setup" >/dev/null
dotnet build "$ROOT/OrderPipeline.sln" -c Release -v q -nologo -clp:ErrorsOnly
db=op_bench_delay vhost=op-bench-delay
as_postgres psql -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db OWNER \"$OP_PG_USER\""
dotnet "$ROOT/src/Opctl/bin/Release/net10.0/opctl.dll" db migrate --connection "$(pg_connection_string $db "$OP_PG_MIGRATOR" "$OP_PG_MIGRATOR_PASSWORD")" --owner "$OP_PG_USER" >/dev/null
$SUDO rabbitmqctl -q delete_vhost "$vhost" >/dev/null 2>&1 || true
"$ROOT/rabbitmq/create-vhost.sh" "$vhost"
OP_BENCH_PG="$(pg_connection_string $db)" OP_RABBIT_VHOST="$vhost" OP_RABBIT_USER="$OP_RABBIT_ADMIN_USER" OP_RABBIT_PASSWORD="$OP_RABBIT_ADMIN_PASSWORD" \
  OP_ROOT="$ROOT" dotnet "$ROOT/bench/delay-fanout/bin/Release/net10.0/DelayFanout.Bench.dll" "$@"
$SUDO rabbitmqctl -q delete_vhost "$vhost" >/dev/null 2>&1 || true
as_postgres psql -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
echo "reproduce: bench/delay-fanout/run.sh $*"
