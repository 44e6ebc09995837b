#!/usr/bin/env bash
# A 3-node RabbitMQ cluster on this one machine, beside the broker script/setup runs (which it leaves alone): nodes
# op1@HOST, op2@HOST, op3@HOST on AMQP ports 5681-5683 (management 15681-15683, Prometheus 15791-15793), with the project's
# users, vhost and policy; quorum queues declared on it are replicated to all three. Point the hosts at it with
#   RabbitMq__Nodes__0=127.0.0.1:5681 RabbitMq__Nodes__1=127.0.0.1:5682 RabbitMq__Nodes__2=127.0.0.1:5683
# Usage: rabbitmq/cluster.sh start | stop | status | kill N | restart N      (state under /tmp/op-cluster)
set -euo pipefail
source "$(dirname "$0")/../script/lib.sh"
base=/tmp/op-cluster
host=$(hostname -s)
node() { echo "op$1@$host"; }

env_of() {
  local n=$1
  echo RABBITMQ_NODENAME="$(node "$n")" RABBITMQ_NODE_PORT=$((5680 + n)) RABBITMQ_DIST_PORT=$((25680 + n)) \
    RABBITMQ_MNESIA_BASE="$base/$n/mnesia" RABBITMQ_LOG_BASE="$base/$n/log" RABBITMQ_CONFIG_FILE="$base/$n/rabbitmq" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$base/enabled_plugins" RABBITMQ_PID_FILE="$base/$n/pid"
}

start_node() {
  local n=$1
  mkdir -p "$base/$n/mnesia" "$base/$n/log"
  cat > "$base/$n/rabbitmq.conf" <<CONF
listeners.tcp.default = 127.0.0.1:$((5680 + n))
management.tcp.ip = 127.0.0.1
management.tcp.port = $((15680 + n))
prometheus.tcp.ip = 127.0.0.1
prometheus.tcp.port = $((15790 + n))
loopback_users = none
CONF
  echo "[rabbitmq_management,rabbitmq_prometheus]." > "$base/enabled_plugins"
  # rabbitmq-server started by root runs as the package's rabbitmq user: it must own the node's files.
  if id rabbitmq >/dev/null 2>&1; then $SUDO chown -R rabbitmq:rabbitmq "$base"; fi
  # shellcheck disable=SC2046 # one word per variable
  env $(env_of "$n") rabbitmq-server -detached
  # -detached returns before the node has registered its name: poll for it (60 s at most), then wait for its boot.
  local i
  for i in $(seq 1 120); do
    if rabbitmqctl -n "$(node "$n")" -q ping >/dev/null 2>&1; then break; fi
    [ "$i" = 120 ] && die "$(node "$n") did not come up (see $base/$n/log)"
    sleep 0.5
  done
  rabbitmqctl -n "$(node "$n")" -q await_startup --timeout 120
}

case "${1:-}" in
  start)
    for n in 1 2 3; do
      if rabbitmqctl -n "$(node "$n")" -q status >/dev/null 2>&1; then continue; fi
      log "starting $(node "$n") on port $((5680 + n))"
      start_node "$n"
      if [ "$n" != 1 ] && ! rabbitmqctl -n "$(node "$n")" -s cluster_status | grep -q "$(node 1)"; then
        rabbitmqctl -n "$(node "$n")" -q stop_app
        rabbitmqctl -n "$(node "$n")" -q join_cluster "$(node 1)"
        rabbitmqctl -n "$(node "$n")" -q start_app
      fi
    done
    ctl() { rabbitmqctl -n "$(node 1)" -q "$@" >/dev/null; }
    ctl add_user "$OP_RABBIT_ADMIN_USER" "$OP_RABBIT_ADMIN_PASSWORD" 2>/dev/null || ctl change_password "$OP_RABBIT_ADMIN_USER" "$OP_RABBIT_ADMIN_PASSWORD"
    ctl set_user_tags "$OP_RABBIT_ADMIN_USER" administrator
    for user in $OP_RABBIT_SERVICE_USERS; do
      ctl add_user "$user" "$OP_RABBIT_PASSWORD" 2>/dev/null || ctl change_password "$user" "$OP_RABBIT_PASSWORD"
    done
    ctl delete_user guest 2>/dev/null || true
    RABBITMQ_NODENAME="$(node 1)" "$ROOT/rabbitmq/create-vhost.sh" "$OP_RABBIT_VHOST"
    # Every node a running member before anyone declares a queue: a quorum queue's members are the nodes running then.
    rabbitmqctl -n "$(node 1)" -q await_online_nodes 3 --timeout 60000
    rabbitmqctl -n "$(node 1)" -s cluster_status | sed -n '/Running Nodes/,/Versions/p' | grep '@' | sed 's/^/running: /'
    ;;
  stop)
    for n in 3 2 1; do rabbitmqctl -n "$(node "$n")" -q stop 2>/dev/null || true; done
    ;;
  status)
    rabbitmqctl -n "$(node 1)" -s cluster_status 2>/dev/null || rabbitmqctl -n "$(node 2)" -s cluster_status
    ;;
  kill)
    # As a crash: the node's Erlang VM killed, no clean shutdown.
    kill -9 "$(cat "$base/${2:?node number}/pid")"
    log "killed $(node "$2")"
    ;;
  restart)
    start_node "${2:?node number}"
    ;;
  *)
    echo "usage: $0 start | stop | status | kill N | restart N" >&2
    exit 2
    ;;
esac
