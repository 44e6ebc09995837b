#!/usr/bin/env bash
# Issue 20: the pipeline on a 3-node RabbitMQ cluster on this machine, one node killed under load. Starts the cluster
# (rabbitmq/cluster.sh, beside the broker script/setup runs), gives every host all three nodes, runs the pipeline benchmark's
# cluster scenario and appends its table to bench/results/cluster.md. The cluster is stopped afterwards (--keep leaves it).
# Usage: bench/cluster/run.sh [--rate 500] [--seconds 40] [--kill-at 15] [--node 1] [--keep]
set -euo pipefail
source "$(dirname "$0")/../../script/lib.sh"
keep=0
args=()
for a in "$@"; do if [ "$a" = "--keep" ]; then keep=1; else args+=("$a"); fi; done
"$ROOT/script/setup" >/dev/null
dotnet build "$ROOT/OrderPipeline.sln" -c Release -v q -nologo -clp:ErrorsOnly
"$ROOT/rabbitmq/cluster.sh" stop >/dev/null 2>&1 || true
rm -rf /tmp/op-cluster
"$ROOT/rabbitmq/cluster.sh" start
db=op_bench_cluster vhost=op-bench-cluster
node1="op1@$(hostname -s)"
cleanup() {
  as_postgres psql -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
  if [ "$keep" = 0 ]; then "$ROOT/rabbitmq/cluster.sh" stop >/dev/null 2>&1 || true; fi
}
as_postgres psql -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
as_postgres psql -q -c "CREATE DATABASE $db OWNER \"$OP_PG_USER\""
dotnet "$ROOT/src/Opctl/bin/Release/net10.0/opctl.dll" db migrate --connection "$(pg_connection_string $db "$OP_PG_MIGRATOR" "$OP_PG_MIGRATOR_PASSWORD")" --owner "$OP_PG_USER" >/dev/null
RABBITMQ_NODENAME="$node1" "$ROOT/rabbitmq/create-vhost.sh" "$vhost"
trap cleanup EXIT
status=0
OP_BENCH_PG="$(pg_connection_string $db)" OP_RABBIT_VHOST="$vhost" OP_RABBIT_USER="$OP_RABBIT_ADMIN_USER" OP_RABBIT_PASSWORD="$OP_RABBIT_ADMIN_PASSWORD" \
  RabbitMq__Nodes__0=127.0.0.1:5681 RabbitMq__Nodes__1=127.0.0.1:5682 RabbitMq__Nodes__2=127.0.0.1:5683 \
  OP_ROOT="$ROOT" dotnet "$ROOT/bench/pipeline/bin/Release/net10.0/Pipeline.Bench.dll" cluster "${args[@]}" || status=$?
"$ROOT/rabbitmq/cluster.sh" status 2>/dev/null | sed -n '/Running Nodes/,/Versions/p' | grep '@' | sed 's/^/running after the run: /' || true
echo "reproduce: bench/cluster/run.sh $*"
exit $status
