#!/usr/bin/env bash
# The pipeline benchmarks (issue 7): throughput, latency and spike absorption next to this machine's ceilings.
# Usage: bench/pipeline/run.sh all | baseline | intake | sustained | spike [options]   (--help for each)
# Like script/server it runs setup and the Release build, then the benchmark starts the API and the workers from that build,
# on a database and vhost of its own that are dropped afterwards. Tables are appended to bench/results/<scenario>.md.
set -euo pipefail
source "$(dirname "$0")/../../script/lib.sh"
"$ROOT/script/setup" >/dev/null
dotnet build "$ROOT/OrderPipeline.sln" -c Release -v q -nologo -clp:ErrorsOnly
db=op_bench_pipeline vhost=op-bench-pipeline
cleanup() {
  $SUDO rabbitmqctl -q delete_vhost "$vhost" >/dev/null 2>&1 || true
  as_postgres psql -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
}
cleanup
as_postgres psql -q -c "CREATE DATABASE $db OWNER \"$OP_PG_USER\""
dotnet "$ROOT/src/Opctl/bin/Release/net10.0/opctl.dll" db migrate --connection "$(pg_connection_string $db "$OP_PG_MIGRATOR" "$OP_PG_MIGRATOR_PASSWORD")" --owner "$OP_PG_USER" >/dev/null
"$ROOT/rabbitmq/create-vhost.sh" "$vhost"
trap cleanup EXIT
status=0
OP_BENCH_PG="$(pg_connection_string $db)" OP_RABBIT_VHOST="$vhost" OP_RABBIT_USER="$OP_RABBIT_ADMIN_USER" OP_RABBIT_PASSWORD="$OP_RABBIT_ADMIN_PASSWORD" \
  OP_ROOT="$ROOT" dotnet "$ROOT/bench/pipeline/bin/Release/net10.0/Pipeline.Bench.dll" "$@" || status=$?
echo "reproduce: bench/pipeline/run.sh $*"
exit $status
