#!/usr/bin/env bash
# The whole pipeline as script/server runs it (Development settings, workers at nice 5, the dev gateway), measured from
# outside with wrk: a warm-up, then a closed-model load; the intake's throughput and latency while the workers run, and
# end to end from the first POST to the last shopper e-mail recorded as sent.
# Usage: bench/outside/run.sh [seconds=20] [connections=64] [warm-up seconds=30]
source "$(dirname "$0")/../../script/lib.sh"
seconds="${1:-20}" conns="${2:-64}" warm="${3:-30}"
command -v wrk >/dev/null || { $SUDO apt-get install -y wrk >/dev/null; }
api=http://127.0.0.1:5080
q() { as_postgres psql -d "$OP_PG_DATABASE" -At -c "$1"; }

"$ROOT/script/server" > /tmp/op-outside-server.log 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null' EXIT
for _ in $(seq 1 240); do curl -fs "$api/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fs -o /dev/null -X PUT "$api/sellers/farm/products/wrk-apple" -H 'X-Api-Key: dev-seller-farm-key' \
  -H 'content-type: application/json' -d '{"name":"Apple box","unitPrice":12000,"currency":"KRW","stock":1000000000}'
until curl -fs -o /dev/null -X POST "$api/orders" -H 'content-type: application/json' \
  -d '{"customerId":"wrk-probe","items":[{"productId":"wrk-apple","quantity":1}],"contact":{"email":"p@example.com"}}'; do sleep 0.5; done

tag="$(date +%s)"
export OP_WRK_TAG="warm$tag"
log "warm-up: wrk -t2 -c$conns -d${warm}s (not counted)"
wrk -t2 -c"$conns" -d"${warm}s" -s "$ROOT/bench/outside/post-order.lua" "$api" >/dev/null
until [ "$(q "SELECT count(*) FROM orders WHERE customer_id LIKE 'wrk-warm$tag-%'")" -gt 0 ] && \
      [ "$(q "SELECT count(*) FROM orders o WHERE customer_id LIKE 'wrk-warm$tag-%' AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.order_id = o.order_id AND n.channel = 'email' AND n.status = 'Sent')")" = 0 ]; do sleep 1; done

export OP_WRK_TAG="run$tag"
log "measured: wrk -t2 -c$conns -d${seconds}s"
start=$(date +%s.%N)
out="$(wrk -t2 -c"$conns" -d"${seconds}s" --latency -s "$ROOT/bench/outside/post-order.lua" "$api")"
end=$(date +%s.%N)
echo "$out"
accepted=$(echo "$out" | awk '/requests in/ {print $1}')
non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}'); accepted=$((accepted - ${non2xx:-0}))
for _ in $(seq 1 600); do
  done_=$(q "SELECT count(*) FROM orders o WHERE customer_id LIKE 'wrk-run$tag-%' AND EXISTS (SELECT 1 FROM notifications n WHERE n.order_id = o.order_id AND n.channel = 'email' AND n.status = 'Sent')")
  [ "$done_" -ge "$accepted" ] && break; sleep 1
done
last=$(q "SELECT extract(epoch FROM max(n.updated_at)) FROM notifications n JOIN orders o USING (order_id) WHERE o.customer_id LIKE 'wrk-run$tag-%' AND n.channel = 'email'")
python3 - "$start" "$end" "$last" "$accepted" "$done_" "$seconds" "$conns" <<'PY'
import sys
start, end, last = map(float, sys.argv[1:4]); accepted, notified = int(sys.argv[4]), int(sys.argv[5])
print(f"\naccepted {accepted:,} (202) in {end - start:.1f} s: {accepted / (end - start):,.0f} orders/s with the workers running")
print(f"notified {notified:,}: end to end (first POST to last shopper e-mail sent) {notified / (last - start):,.0f} orders/s; "
      f"last e-mail {last - end:.1f} s after the last POST")
print(f"reproduce: bench/outside/run.sh {sys.argv[6]} {sys.argv[7]}")
PY
