#!/usr/bin/env bash
# Figure: `evt schemas check --stream` vs `evt tail --all --decode -o json > /dev/null` over the
# same N retained events (default 1,000,000; pass a smaller N on a slow box), both run here
# against a private nats-server. Prints wall time, CPU (user+sys) and peak RSS of each.
# Usage: scripts/bench-schemas-stream.sh [N] [path/to/evt]
set -euo pipefail
N=${1:-1000000}
EVT=${2:-$(pwd)/target/release/evt}
[ -x "$EVT" ] || EVT=$(pwd)/target/debug/evt
SERVER=${NATS_SERVER_BIN:-nats-server}
tmp=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$SERVER" -a 127.0.0.1 -p "$port" -js -sd "$tmp/js" > "$tmp/server.log" 2>&1 &
spid=$!
trap 'kill $spid 2>/dev/null; wait $spid 2>/dev/null; rm -rf "$tmp"' EXIT
sleep 1
URL=nats://127.0.0.1:$port
cat > "$tmp/s.yaml" <<YAML
streams:
  - name: BENCH
    subjects: ["bench.>"]
    storage: file
YAML
"$EVT" -s "$URL" streams apply "$tmp/s.yaml" > /dev/null 2>&1
python3 - "$N" > "$tmp/events.ndjson" <<'PY'
import json, sys
for i in range(int(sys.argv[1])):
    print(json.dumps({"event_type": "MARKET_TICK", "instrument_token": 738561, "exchange": "NSE",
        "tradingsymbol": "RELIANCE", "last_price": 2934.5 + i % 100, "volume": 1000 + i}))
PY
"$EVT" -s "$URL" -q publish bench.tick --file "$tmp/events.ndjson" > /dev/null
rm "$tmp/events.ndjson"
echo "N=$N events retained; evt: $EVT; load: $(cut -d' ' -f1-3 /proc/loadavg)"
measure() { # label, command...
  local label=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$tmp/t" "$@" > /dev/null 2> "$tmp/err" || true
  read -r wall user sys rss < "$tmp/t"
  python3 -c "
n=$N; w=$wall; c=$user+$sys
print(f'$label: wall {w:.2f} s ({n/w:,.0f} ev/s), cpu {c:.2f} s ({c/n*1e6:.2f} us/ev), peak RSS {$rss/1024:.1f} MiB')"
}
for i in 1 2; do
  measure "tail --decode -o json  " "$EVT" -s "$URL" tail 'bench.>' --all --decode -o json --count "$N"
  measure "schemas check --stream " "$EVT" -s "$URL" schemas check --stream BENCH
done
