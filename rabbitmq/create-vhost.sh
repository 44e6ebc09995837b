#!/usr/bin/env bash
# Creates a vhost with the OrderPipeline policies and gives each service user (OP_RABBIT_SERVICE_USERS) and the
# administrator (OP_RABBIT_ADMIN_USER) full rights on it, and on it alone. Idempotent.
# Usage: rabbitmq/create-vhost.sh VHOST
set -euo pipefail
vhost="$1"
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
ctl() { $SUDO rabbitmqctl -q "$@" >/dev/null; }

if ! $SUDO rabbitmqctl -s list_vhosts name | grep -qx "$vhost"; then
  ctl add_vhost "$vhost"
fi
for user in ${OP_RABBIT_SERVICE_USERS:-op-intake op-business op-notify op-deadletter op-console} ${OP_RABBIT_ADMIN_USER:-op-admin}; do
  ctl set_permissions -p "$vhost" "$user" ".*" ".*" ".*"
done
# Quorum queues redeliver a message that crashed its consumer at most 20 times, then dead-letter it (at least once) to
# op.delivery-limit, which Workers.DeadLetter drains into the dead_letters table. Classic queues ignore these keys; queue
# arguments (the retry queues' own dead-letter target) win over the policy. The queues the dead-letter worker drains
# (*_error, *_skipped, delivery_limit) are outside it: a mover that fails on a message must not push it on and lose it.
# The policy is in delivery-limit-policy.json, which the integration tests apply to their own vhosts too.
# RabbitMQ 3.10 has no "quorum_queues" apply-to yet. See rabbitmq/README.md.
policy="$(dirname "$0")/delivery-limit-policy.json"
read -r name pattern apply definition < <(python3 -c '
import json, sys
p = json.load(open(sys.argv[1]))
print(p["name"], p["pattern"], p["apply-to"], json.dumps(p["definition"], separators=(",", ":")))' "$policy")
ctl set_policy -p "$vhost" --apply-to "$apply" "$name" "$pattern" "$definition"

# Queues of earlier releases, retired when empty and unconsumed; a non-empty one is left alone, with a warning: its
# messages are events the old worker had not handled yet (drain it with the previous release's notify worker, then run
# this again).
#  - `notify`: before one queue per notify channel there was one notify queue (every event published since the channel
#    queues exist went to them too).
#  - `notify-feed` and its retry queues: the seller feed is written in the business worker's transaction since decision
#    batches (ADR 0006); nothing publishes to it any more.
retire() {
  local queue="$1" state
  state=$($SUDO rabbitmqctl -s list_queues -p "$vhost" name messages consumers | awk -v q="$queue" '$1 == q { print $2 " " $3 }')
  if [ -z "$state" ]; then return 0; fi
  if [ "$state" = "0 0" ]; then
    ctl delete_queue -p "$vhost" "$queue"
  else
    echo "warning: vhost $vhost still has the retired queue '$queue' (messages, consumers: $state); drain it with the previous release's worker, then run this again" >&2
  fi
}
retire notify
for queue in $($SUDO rabbitmqctl -s list_queues -p "$vhost" name | grep -E '^notify-feed(_retry_[0-9]+ms|_error|_skipped)?$' || true); do
  retire "$queue"
done
