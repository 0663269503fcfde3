#!/usr/bin/env bash
# Figure: `evt schemas check --against HEAD~1` over 50 types x 5 versions (250 schema files),
# in a git repository made here with two commits (every file changed in the second).
# Usage: scripts/bench-schemas-check.sh [path/to/evt]   (default: target/release/evt, else debug)
set -euo pipefail
EVT=${1:-$(pwd)/target/release/evt}
[ -x "$EVT" ] || EVT=$(pwd)/target/debug/evt
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp"; git init -q; mkdir schemas
gen() { # $1: extra enum value
  for t in $(seq 1 50); do for v in 1 2 3 4 5; do
    name="TYPE$t"; [ "$v" -gt 1 ] && name="${name}_V$v"
    cat > "schemas/$name.json" <<JSON
{"type":"object","properties":{"id":{"type":"string","minLength":1},"qty":{"type":"integer","minimum":0},
"side":{"type":"string","enum":["BUY","SELL"$1]},"px":{"type":"number","exclusiveMinimum":0},
"meta":{"type":"object","properties":{"a":{"type":"string"},"b":{"\$ref":"#/\$defs/lvl"}},"additionalProperties":false}},
"required":["id","qty","side"],"additionalProperties":false,
"\$defs":{"lvl":{"type":"object","properties":{"p":{"type":"number"},"q":{"type":"integer"}},"required":["p"]}}}
JSON
  done; done
}
gen ',"HOLD"'; git add -A; git -c user.name=b -c user.email=b@b commit -qm one
gen ''; git add -A; git -c user.name=b -c user.email=b@b commit -qm two
echo "default: BACKWARD_TRANSITIVE" > schemas/compatibility.yaml
echo "evt: $EVT; load: $(cut -d' ' -f1-3 /proc/loadavg)"
TIMEFORMAT='wall %R s, cpu %U s user + %S s sys'
for i in 1 2 3; do
  set +e; t=$( { time "$EVT" schemas check --against HEAD~1 > out.txt; } 2>&1 ); set -e
  echo "run $i: $t; $(grep -c enum_narrowed out.txt) incompatibilities; $(tail -1 out.txt)"
done
