#!/usr/bin/env bash
# Run the whole test suite: unit tests and integration tests against real nats-server
# processes that the tests start themselves (free loopback ports, temp store dirs).
set -euo pipefail
cd "$(dirname "$0")/.."
NATS_SERVER_BIN=$(scripts/install-nats-server.sh)
export NATS_SERVER_BIN
echo "using $NATS_SERVER_BIN ($("$NATS_SERVER_BIN" --version))"
command -v openssl >/dev/null || { echo "openssl is needed by the TLS test: apt-get install -y openssl" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "GNU time is needed by the memory-bound tests: apt-get install -y time" >&2; exit 1; }
cargo test "$@"
