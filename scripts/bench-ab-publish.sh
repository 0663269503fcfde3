#!/usr/bin/env bash
# Compare the CPU of two evt builds publishing the same file, alternated on one server:
#   scripts/bench-ab-publish.sh OLD_EVT NEW_EVT [PAIRS] [EVENTS]
# Starts its own nats-server (NATS_SERVER_BIN, else nats-server on PATH) on a free loopback
# port with a temporary store, writes EVENTS ticks the way Python's json.dumps writes them,
# and runs `evt publish --file` with each binary in turn, PAIRS times. Prints each run's user
# + system CPU and the medians. The same-run raw baseline is `cargo bench --bench publish_cli`.
set -euo pipefail
old=${1:?old evt binary}; new=${2:?new evt binary}; pairs=${3:-5}; events=${4:-200000}
server=${NATS_SERVER_BIN:-nats-server}
pid=""; work=$(mktemp -d); trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$server" -a 127.0.0.1 -p "$port" -js -sd "$work/js" > "$work/server.log" 2>&1 & pid=$!
url="nats://127.0.0.1:$port"
for _ in $(seq 50); do "$old" -s "$url" ping > /dev/null 2>&1 && break; sleep 0.1; done
python3 - "$work/ticks.ndjson" "$events" <<'PY'
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(int(sys.argv[2])):
        f.write(json.dumps({"event_type": "MARKET_TICK", "instrument_token": 256265,
            "exchange": "NSE", "last_price": 100.0 + (i % 100) * 0.05, "volume": 2 + i % 1000,
            "ohlc": {"open": 100.0, "high": 101.0, "low": 99.5, "close": 100.5}}) + "\n")
PY
printf 'streams:\n  - name: AB\n    subjects: ["market.>"]\n    storage: file\n' > "$work/s.yaml"
"$old" -s "$url" streams apply "$work/s.yaml" > /dev/null 2>&1
for _ in $(seq "$pairs"); do
  for b in "$old" "$new"; do
    /usr/bin/time -f "$b %U %S" -a -o "$work/times" \
      "$b" -s "$url" publish market.tick.NSE.NIFTY --file "$work/ticks.ndjson" -o json > /dev/null 2>&1
  done
done
python3 - "$work/times" "$events" <<'PY'
import collections, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    b, u, s = line.split()
    runs[b].append(float(u) + float(s))
for b, cpu in runs.items():
    cpu.sort()
    med = cpu[len(cpu) // 2]
    print(f"{b}: CPU s {cpu} median {med:.2f} s = {med / int(sys.argv[2]) * 1e6:.2f} us/event")
PY
