#!/usr/bin/env bash
# Demo handler for `evt consume --exec`: the event's JSON arrives on stdin.
# exit 0 = ack, exit 75 = retry later, anything else = dead-letter (stderr becomes the error).
# It "does not know" the KILL_SWITCH action until DEMO_FIXED=1 — the poison event of the demo.
event=$(cat)
if [[ "$event" == *'"KILL_SWITCH"'* && "${DEMO_FIXED:-0}" != 1 ]]; then
  echo "risk-handler: action KILL_SWITCH is not supported by this handler version" >&2
  exit 1
fi
echo "risk-handler: handled $EVT_EVENT_TYPE $EVT_EVENT_ID (seq $EVT_STREAM_SEQ)" >&2
exit 0
