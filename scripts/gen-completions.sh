#!/usr/bin/env bash
# Regenerate completions/ from the CLI definition (a test fails when they drift).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --bin evt
bin=target/debug/evt
mkdir -p completions
"$bin" completions bash > completions/evt.bash
"$bin" completions zsh > completions/_evt
"$bin" completions fish > completions/evt.fish
"$bin" completions elvish > completions/evt.elv
"$bin" completions powershell > completions/_evt.ps1
echo "completions/ regenerated"
