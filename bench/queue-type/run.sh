#!/usr/bin/env bash
# Intake throughput with publisher confirms, orders queue as classic vs quorum, workers stopped (the queue fills).
# Usage: bench/queue-type/run.sh [seconds] [connections]   (needs wrk: apt-get install wrk)
source "$(dirname "$0")/../../script/lib.sh"
seconds="${1:-10}" conns="${2:-64}"
"$ROOT/script/setup" >/dev/null
dotnet build "$ROOT/OrderPipeline.sln" -c Release -v q -nologo -clp:ErrorsOnly
bin() { echo "$ROOT/src/$1/bin/Release/net10.0"; }
port=5180

for type in classic quorum; do
  vhost="op-bench-$type"
  "$ROOT/rabbitmq/create-vhost.sh" "$vhost"
  export RabbitMq__VirtualHost="$vhost" RabbitMq__QueueType="$type" Logging__LogLevel__Default=Warning
  # The business worker declares the orders queue and binding, then stops: the intake is measured alone.
  (cd "$(bin Workers.Business)" && Urls="http://127.0.0.1:$((port+1))" exec dotnet Workers.Business.dll) >/dev/null 2>&1 &
  worker=$!
  until curl -fs "http://127.0.0.1:$((port+1))/health/ready" >/dev/null 2>&1; do sleep 0.3; done
  kill "$worker"; wait "$worker" 2>/dev/null || true
  (cd "$(bin Intake.Api)" && Urls="http://127.0.0.1:$port" exec dotnet Intake.Api.dll) >/dev/null 2>&1 &
  api=$!
  until curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; do sleep 0.3; done
  curl -fs -X PUT "http://127.0.0.1:$port/sellers/bench-farm/products/bench-apple" -H 'content-type: application/json' -H 'X-Api-Key: dev-admin-key' \
    -d '{"name":"Bench apple","unitPrice":1000,"currency":"KRW","stock":1000000000}' >/dev/null
  wrk -t2 -c"$conns" -d3s -s "$ROOT/bench/queue-type/post-order.lua" "http://127.0.0.1:$port/orders" >/dev/null
  echo "== orders queue: $type, wrk -t2 -c$conns -d${seconds}s"
  wrk -t2 -c"$conns" -d"${seconds}s" --latency -s "$ROOT/bench/queue-type/post-order.lua" "http://127.0.0.1:$port/orders" \
    | grep -E "Requests/sec|50%|99%|Non-2xx|Socket errors"
  kill "$api"; wait "$api" 2>/dev/null || true
  $SUDO rabbitmqctl -q delete_vhost "$vhost" >/dev/null
done
echo "reproduce: bench/queue-type/run.sh $seconds $conns"
