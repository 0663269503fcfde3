# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_evt_global_optspecs
    string join \n s/server= user= password= token= creds= nkey= tls-ca= tls-cert= tls-key= tls-first context= connect-timeout= schemas= max-inflate= max-json-values= v/verbose q/quiet log-json h/help V/version
end

function __fish_evt_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_evt_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_evt_using_subcommand
    set -l cmd (__fish_evt_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c evt -n "__fish_evt_needs_command" -s s -l server -d 'NATS server URL(s), comma separated' -r
complete -c evt -n "__fish_evt_needs_command" -l user -d 'Username for user/password authentication' -r
complete -c evt -n "__fish_evt_needs_command" -l password -d 'Password for user/password authentication (never printed)' -r
complete -c evt -n "__fish_evt_needs_command" -l token -d 'Authentication token (never printed)' -r
complete -c evt -n "__fish_evt_needs_command" -l creds -d 'User credentials file (JWT + nkey seed)' -r -F
complete -c evt -n "__fish_evt_needs_command" -l nkey -d 'File holding an nkey user seed' -r -F
complete -c evt -n "__fish_evt_needs_command" -l tls-ca -d 'CA certificate to verify the server (turns TLS on)' -r -F
complete -c evt -n "__fish_evt_needs_command" -l tls-cert -d 'Client certificate for mutual TLS' -r -F
complete -c evt -n "__fish_evt_needs_command" -l tls-key -d 'Client key for mutual TLS' -r -F
complete -c evt -n "__fish_evt_needs_command" -l context -d 'natscli context name (or path to its JSON); default: the selected natscli context' -r
complete -c evt -n "__fish_evt_needs_command" -l connect-timeout -d 'How long to wait for the server before giving up' -r
complete -c evt -n "__fish_evt_needs_command" -l schemas -d 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available' -r -F
complete -c evt -n "__fish_evt_needs_command" -l max-inflate -d 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes' -r
complete -c evt -n "__fish_evt_needs_command" -l max-json-values -d 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit' -r
complete -c evt -n "__fish_evt_needs_command" -l tls-first -d 'TLS handshake before the server INFO (servers with handshake_first)'
complete -c evt -n "__fish_evt_needs_command" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c evt -n "__fish_evt_needs_command" -s q -l quiet -d 'Only errors on stderr'
complete -c evt -n "__fish_evt_needs_command" -l log-json -d 'Log lines as JSON objects (for log shippers)'
complete -c evt -n "__fish_evt_needs_command" -s h -l help -d 'Print help'
complete -c evt -n "__fish_evt_needs_command" -s V -l version -d 'Print version'
complete -c evt -n "__fish_evt_needs_command" -f -a "publish" -d 'Publish one typed event, or a file of them (NDJSON or JSON array), validated and acked'
complete -c evt -n "__fish_evt_needs_command" -f -a "tail" -d 'Follow a subject like `tail -f`, optionally decoding typed events'
complete -c evt -n "__fish_evt_needs_command" -f -a "schemas" -d 'List, show and validate event schemas'
complete -c evt -n "__fish_evt_needs_command" -f -a "streams" -d 'Streams as code: validate, plan, apply, export, ls'
complete -c evt -n "__fish_evt_needs_command" -f -a "consume" -d 'Consume through a durable consumer, as declared or ad hoc (`--exec CMD` per event)'
complete -c evt -n "__fish_evt_needs_command" -f -a "dlq" -d 'Dead letters: ls, show, replay, purge'
complete -c evt -n "__fish_evt_needs_command" -f -a "check" -d 'Monitoring checks of the declared streams, consumers and DLQs (Nagios exit codes)'
complete -c evt -n "__fish_evt_needs_command" -f -a "report" -d 'One table of the declared streams and consumers: lag, ack pending, DLQ depth, drift'
complete -c evt -n "__fish_evt_needs_command" -f -a "ping" -d 'Check the connection: server, version, round trip, JetStream'
complete -c evt -n "__fish_evt_needs_command" -f -a "completions" -d 'Print shell completions (bash, zsh, fish, elvish, powershell)'
complete -c evt -n "__fish_evt_needs_command" -f -a "docs" -d 'Generated documentation: `asyncapi` (AsyncAPI 3.0 of streams and schemas)'
complete -c evt -n "__fish_evt_needs_command" -f -a "permissions" -d 'Least-privilege nats-server permissions for a role, derived from the declared streams'
complete -c evt -n "__fish_evt_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evt -n "__fish_evt_using_subcommand publish" -s f -l file -d 'Read events from FILE (\'-\' for stdin); default: stdin' -r -F
complete -c evt -n "__fish_evt_using_subcommand publish" -s H -l header -d 'Extra header KEY=VALUE (repeatable); cannot override the contract headers' -r
complete -c evt -n "__fish_evt_using_subcommand publish" -l correlation-id -d 'Correlation id for every event (overrides the body\'s)' -r
complete -c evt -n "__fish_evt_using_subcommand publish" -l traceparent -d 'W3C traceparent to attach to every event; default: a new trace per event' -r
complete -c evt -n "__fish_evt_using_subcommand publish" -l source -d '`source` for events that have none; default: evt@<hostname>' -r
complete -c evt -n "__fish_evt_using_subcommand publish" -l retries -d 'Cap on retries of one event; by default only --retry-for bounds them' -r
complete -c evt -n "__fish_evt_using_subcommand publish" -l retry-for -l retry-max -d 'How long one event keeps being retried while the cluster heals (timeouts, lost connection, a stream or meta leader election). The default covers a meta and a stream leader election on a 3-node cluster; a missing stream, a permission error or a full stream fail at once' -r
complete -c evt -n "__fish_evt_using_subcommand publish" -l ack-timeout -d 'How long to wait for each publish ack' -r
complete -c evt -n "__fish_evt_using_subcommand publish" -l window -d 'Publish acks in flight at most; 1 = strict order' -r
complete -c evt -n "__fish_evt_using_subcommand publish" -s o -l output -d 'Output format (the receipt or the batch summary on stdout with json)' -r -f -a "text\t''
json\t''"
complete -c evt -n "__fish_evt_using_subcommand publish" -s s -l server -d 'NATS server URL(s), comma separated' -r
complete -c evt -n "__fish_evt_using_subcommand publish" -l user -d 'Username for user/password authentication' -r
complete -c evt -n "__fish_evt_using_subcommand publish" -l password -d 'Password for user/password authentication (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand publish" -l token -d 'Authentication token (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand publish" -l creds -d 'User credentials file (JWT + nkey seed)' -r -F
complete -c evt -n "__fish_evt_using_subcommand publish" -l nkey -d 'File holding an nkey user seed' -r -F
complete -c evt -n "__fish_evt_using_subcommand publish" -l tls-ca -d 'CA certificate to verify the server (turns TLS on)' -r -F
complete -c evt -n "__fish_evt_using_subcommand publish" -l tls-cert -d 'Client certificate for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand publish" -l tls-key -d 'Client key for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand publish" -l context -d 'natscli context name (or path to its JSON); default: the selected natscli context' -r
complete -c evt -n "__fish_evt_using_subcommand publish" -l connect-timeout -d 'How long to wait for the server before giving up' -r
complete -c evt -n "__fish_evt_using_subcommand publish" -l schemas -d 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available' -r -F
complete -c evt -n "__fish_evt_using_subcommand publish" -l max-inflate -d 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes' -r
complete -c evt -n "__fish_evt_using_subcommand publish" -l max-json-values -d 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit' -r
complete -c evt -n "__fish_evt_using_subcommand publish" -l compress -d 'gzip the body (header `compressed: true`)'
complete -c evt -n "__fish_evt_using_subcommand publish" -l stop-on-error -d 'Stop at the first bad or failed event (events before it are published)'
complete -c evt -n "__fish_evt_using_subcommand publish" -l dry-run -d 'Validate and print headers, sizes and body without connecting'
complete -c evt -n "__fish_evt_using_subcommand publish" -l tls-first -d 'TLS handshake before the server INFO (servers with handshake_first)'
complete -c evt -n "__fish_evt_using_subcommand publish" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c evt -n "__fish_evt_using_subcommand publish" -s q -l quiet -d 'Only errors on stderr'
complete -c evt -n "__fish_evt_using_subcommand publish" -l log-json -d 'Log lines as JSON objects (for log shippers)'
complete -c evt -n "__fish_evt_using_subcommand publish" -s h -l help -d 'Print help'
complete -c evt -n "__fish_evt_using_subcommand publish" -s V -l version -d 'Print version'
complete -c evt -n "__fish_evt_using_subcommand tail" -l stream -d 'Read this stream (required when several streams capture the subject)' -r
complete -c evt -n "__fish_evt_using_subcommand tail" -l heartbeat -d 'Idle heartbeat asked of the server while a pull waits. Four missed in a row mean the consumer\'s leader changed or its node is gone, and evt pulls again at once (a leader change costs about the election); pull requests live ten heartbeats' -r
complete -c evt -n "__fish_evt_using_subcommand tail" -l last -d 'Start with the last N messages matching the subject' -r
complete -c evt -n "__fish_evt_using_subcommand tail" -l since -d 'Start at a time: a duration back from now (5m, 2h) or an RFC 3339 timestamp' -r
complete -c evt -n "__fish_evt_using_subcommand tail" -l seq -d 'Start at this stream sequence' -r
complete -c evt -n "__fish_evt_using_subcommand tail" -l count -d 'Exit after N messages' -r
complete -c evt -n "__fish_evt_using_subcommand tail" -l until-idle -d 'Exit when nothing arrives for this long (with --all: read to the end, then exit)' -r
complete -c evt -n "__fish_evt_using_subcommand tail" -s o -l output -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c evt -n "__fish_evt_using_subcommand tail" -s s -l server -d 'NATS server URL(s), comma separated' -r
complete -c evt -n "__fish_evt_using_subcommand tail" -l user -d 'Username for user/password authentication' -r
complete -c evt -n "__fish_evt_using_subcommand tail" -l password -d 'Password for user/password authentication (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand tail" -l token -d 'Authentication token (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand tail" -l creds -d 'User credentials file (JWT + nkey seed)' -r -F
complete -c evt -n "__fish_evt_using_subcommand tail" -l nkey -d 'File holding an nkey user seed' -r -F
complete -c evt -n "__fish_evt_using_subcommand tail" -l tls-ca -d 'CA certificate to verify the server (turns TLS on)' -r -F
complete -c evt -n "__fish_evt_using_subcommand tail" -l tls-cert -d 'Client certificate for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand tail" -l tls-key -d 'Client key for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand tail" -l context -d 'natscli context name (or path to its JSON); default: the selected natscli context' -r
complete -c evt -n "__fish_evt_using_subcommand tail" -l connect-timeout -d 'How long to wait for the server before giving up' -r
complete -c evt -n "__fish_evt_using_subcommand tail" -l schemas -d 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available' -r -F
complete -c evt -n "__fish_evt_using_subcommand tail" -l max-inflate -d 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes' -r
complete -c evt -n "__fish_evt_using_subcommand tail" -l max-json-values -d 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit' -r
complete -c evt -n "__fish_evt_using_subcommand tail" -l decode -d 'Decode typed events (schemas from the registry) instead of printing raw payloads'
complete -c evt -n "__fish_evt_using_subcommand tail" -l all -d 'Start with the oldest message the stream holds for the subject'
complete -c evt -n "__fish_evt_using_subcommand tail" -l new -d 'Start with messages stored after tail starts (the default)'
complete -c evt -n "__fish_evt_using_subcommand tail" -l tls-first -d 'TLS handshake before the server INFO (servers with handshake_first)'
complete -c evt -n "__fish_evt_using_subcommand tail" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c evt -n "__fish_evt_using_subcommand tail" -s q -l quiet -d 'Only errors on stderr'
complete -c evt -n "__fish_evt_using_subcommand tail" -l log-json -d 'Log lines as JSON objects (for log shippers)'
complete -c evt -n "__fish_evt_using_subcommand tail" -s h -l help -d 'Print help'
complete -c evt -n "__fish_evt_using_subcommand tail" -s V -l version -d 'Print version'
complete -c evt -n "__fish_evt_using_subcommand schemas; and not __fish_seen_subcommand_from ls show validate check infer help" -s s -l server -d 'NATS server URL(s), comma separated' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and not __fish_seen_subcommand_from ls show validate check infer help" -l user -d 'Username for user/password authentication' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and not __fish_seen_subcommand_from ls show validate check infer help" -l password -d 'Password for user/password authentication (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and not __fish_seen_subcommand_from ls show validate check infer help" -l token -d 'Authentication token (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and not __fish_seen_subcommand_from ls show validate check infer help" -l creds -d 'User credentials file (JWT + nkey seed)' -r -F
complete -c evt -n "__fish_evt_using_subcommand schemas; and not __fish_seen_subcommand_from ls show validate check infer help" -l nkey -d 'File holding an nkey user seed' -r -F
complete -c evt -n "__fish_evt_using_subcommand schemas; and not __fish_seen_subcommand_from ls show validate check infer help" -l tls-ca -d 'CA certificate to verify the server (turns TLS on)' -r -F
complete -c evt -n "__fish_evt_using_subcommand schemas; and not __fish_seen_subcommand_from ls show validate check infer help" -l tls-cert -d 'Client certificate for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand schemas; and not __fish_seen_subcommand_from ls show validate check infer help" -l tls-key -d 'Client key for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand schemas; and not __fish_seen_subcommand_from ls show validate check infer help" -l context -d 'natscli context name (or path to its JSON); default: the selected natscli context' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and not __fish_seen_subcommand_from ls show validate check infer help" -l connect-timeout -d 'How long to wait for the server before giving up' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and not __fish_seen_subcommand_from ls show validate check infer help" -l schemas -d 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available' -r -F
complete -c evt -n "__fish_evt_using_subcommand schemas; and not __fish_seen_subcommand_from ls show validate check infer help" -l max-inflate -d 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and not __fish_seen_subcommand_from ls show validate check infer help" -l max-json-values -d 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and not __fish_seen_subcommand_from ls show validate check infer help" -l tls-first -d 'TLS handshake before the server INFO (servers with handshake_first)'
complete -c evt -n "__fish_evt_using_subcommand schemas; and not __fish_seen_subcommand_from ls show validate check infer help" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c evt -n "__fish_evt_using_subcommand schemas; and not __fish_seen_subcommand_from ls show validate check infer help" -s q -l quiet -d 'Only errors on stderr'
complete -c evt -n "__fish_evt_using_subcommand schemas; and not __fish_seen_subcommand_from ls show validate check infer help" -l log-json -d 'Log lines as JSON objects (for log shippers)'
complete -c evt -n "__fish_evt_using_subcommand schemas; and not __fish_seen_subcommand_from ls show validate check infer help" -s h -l help -d 'Print help'
complete -c evt -n "__fish_evt_using_subcommand schemas; and not __fish_seen_subcommand_from ls show validate check infer help" -s V -l version -d 'Print version'
complete -c evt -n "__fish_evt_using_subcommand schemas; and not __fish_seen_subcommand_from ls show validate check infer help" -f -a "ls" -d 'List known event types: name, base name, version, where the schema comes from, and the type\'s own required fields (the envelope\'s are always required)'
complete -c evt -n "__fish_evt_using_subcommand schemas; and not __fish_seen_subcommand_from ls show validate check infer help" -f -a "show" -d 'Print an event type\'s effective JSON Schema (envelope fields included)'
complete -c evt -n "__fish_evt_using_subcommand schemas; and not __fish_seen_subcommand_from ls show validate check infer help" -f -a "validate" -d 'Check events in a file against their schemas, as `evt publish` would (or as a reader would, with --tolerant)'
complete -c evt -n "__fish_evt_using_subcommand schemas; and not __fish_seen_subcommand_from ls show validate check infer help" -f -a "check" -d 'Check schemas for compatibility with a git ref or a directory (--against), or the events retained in a stream against this tree\'s schemas (--stream)'
complete -c evt -n "__fish_evt_using_subcommand schemas; and not __fish_seen_subcommand_from ls show validate check infer help" -f -a "infer" -d 'Draft a JSON Schema per event type from sample events (a stream or a file): types seen, fields always present as required, enums for strings with few values, closed objects; Python\'s nulls make a field optional. Prints how many events each came from'
complete -c evt -n "__fish_evt_using_subcommand schemas; and not __fish_seen_subcommand_from ls show validate check infer help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from ls" -s o -l output -d 'Output format (json: one object per line)' -r -f -a "text\t''
json\t''"
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from ls" -s s -l server -d 'NATS server URL(s), comma separated' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from ls" -l user -d 'Username for user/password authentication' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from ls" -l password -d 'Password for user/password authentication (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from ls" -l token -d 'Authentication token (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from ls" -l creds -d 'User credentials file (JWT + nkey seed)' -r -F
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from ls" -l nkey -d 'File holding an nkey user seed' -r -F
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from ls" -l tls-ca -d 'CA certificate to verify the server (turns TLS on)' -r -F
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from ls" -l tls-cert -d 'Client certificate for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from ls" -l tls-key -d 'Client key for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from ls" -l context -d 'natscli context name (or path to its JSON); default: the selected natscli context' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from ls" -l connect-timeout -d 'How long to wait for the server before giving up' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from ls" -l schemas -d 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available' -r -F
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from ls" -l max-inflate -d 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from ls" -l max-json-values -d 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from ls" -l tls-first -d 'TLS handshake before the server INFO (servers with handshake_first)'
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Only errors on stderr'
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from ls" -l log-json -d 'Log lines as JSON objects (for log shippers)'
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help'
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from show" -s s -l server -d 'NATS server URL(s), comma separated' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from show" -l user -d 'Username for user/password authentication' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from show" -l password -d 'Password for user/password authentication (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from show" -l token -d 'Authentication token (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from show" -l creds -d 'User credentials file (JWT + nkey seed)' -r -F
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from show" -l nkey -d 'File holding an nkey user seed' -r -F
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from show" -l tls-ca -d 'CA certificate to verify the server (turns TLS on)' -r -F
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from show" -l tls-cert -d 'Client certificate for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from show" -l tls-key -d 'Client key for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from show" -l context -d 'natscli context name (or path to its JSON); default: the selected natscli context' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from show" -l connect-timeout -d 'How long to wait for the server before giving up' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from show" -l schemas -d 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available' -r -F
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from show" -l max-inflate -d 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from show" -l max-json-values -d 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from show" -l tls-first -d 'TLS handshake before the server INFO (servers with handshake_first)'
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Only errors on stderr'
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from show" -l log-json -d 'Log lines as JSON objects (for log shippers)'
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from validate" -s o -l output -d 'Output format for the reports (json: one object per bad event)' -r -f -a "text\t''
json\t''"
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from validate" -s s -l server -d 'NATS server URL(s), comma separated' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from validate" -l user -d 'Username for user/password authentication' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from validate" -l password -d 'Password for user/password authentication (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from validate" -l token -d 'Authentication token (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from validate" -l creds -d 'User credentials file (JWT + nkey seed)' -r -F
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from validate" -l nkey -d 'File holding an nkey user seed' -r -F
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from validate" -l tls-ca -d 'CA certificate to verify the server (turns TLS on)' -r -F
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from validate" -l tls-cert -d 'Client certificate for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from validate" -l tls-key -d 'Client key for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from validate" -l context -d 'natscli context name (or path to its JSON); default: the selected natscli context' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from validate" -l connect-timeout -d 'How long to wait for the server before giving up' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from validate" -l schemas -d 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available' -r -F
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from validate" -l max-inflate -d 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from validate" -l max-json-values -d 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from validate" -l tolerant -d 'Apply the reader\'s rules (nulls and unknown fields accepted, nothing filled in) instead of the publisher\'s'
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from validate" -l tls-first -d 'TLS handshake before the server INFO (servers with handshake_first)'
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from validate" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from validate" -s q -l quiet -d 'Only errors on stderr'
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from validate" -l log-json -d 'Log lines as JSON objects (for log shippers)'
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from validate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from validate" -s V -l version -d 'Print version'
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from check" -l against -d 'A git ref (branch, tag, commit) or a directory of schema files to compare with' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from check" -l dir -d 'The schema directory of this tree (default: --schemas, else ./schemas)' -r -F
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from check" -l format -d 'Output format' -r -f -a "text\t''
json\t''
github\t'GitHub Actions annotations (`::error file=…`)'"
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from check" -l stream -d 'Validate the events this stream retains against this tree\'s schemas (built-in plus --schemas), as a reader decodes them' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from check" -l since -d 'With --stream: start at a time, a duration back from now (7d, 2h) or RFC 3339' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from check" -l last -d 'With --stream: only the last N messages' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from check" -l failures -d 'With --stream: how many failures to show in full (all are counted)' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from check" -s s -l server -d 'NATS server URL(s), comma separated' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from check" -l user -d 'Username for user/password authentication' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from check" -l password -d 'Password for user/password authentication (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from check" -l token -d 'Authentication token (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from check" -l creds -d 'User credentials file (JWT + nkey seed)' -r -F
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from check" -l nkey -d 'File holding an nkey user seed' -r -F
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from check" -l tls-ca -d 'CA certificate to verify the server (turns TLS on)' -r -F
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from check" -l tls-cert -d 'Client certificate for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from check" -l tls-key -d 'Client key for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from check" -l context -d 'natscli context name (or path to its JSON); default: the selected natscli context' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from check" -l connect-timeout -d 'How long to wait for the server before giving up' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from check" -l schemas -d 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available' -r -F
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from check" -l max-inflate -d 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from check" -l max-json-values -d 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from check" -l tls-first -d 'TLS handshake before the server INFO (servers with handshake_first)'
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from check" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Only errors on stderr'
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from check" -l log-json -d 'Log lines as JSON objects (for log shippers)'
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from infer" -l stream -d 'Read the events this stream retains' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from infer" -l subject -d 'With --stream: only messages on these subjects (a pattern, e.g. \'trading.order.>\')' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from infer" -l file -d 'Read events from a file (JSON object, array or NDJSON; `-` for stdin)' -r -F
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from infer" -l limit -d 'Read at most this many events (with --stream: the last N)' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from infer" -l out -d 'Write one TYPE.json per event type here (created if missing)' -r -F
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from infer" -s s -l server -d 'NATS server URL(s), comma separated' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from infer" -l user -d 'Username for user/password authentication' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from infer" -l password -d 'Password for user/password authentication (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from infer" -l token -d 'Authentication token (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from infer" -l creds -d 'User credentials file (JWT + nkey seed)' -r -F
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from infer" -l nkey -d 'File holding an nkey user seed' -r -F
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from infer" -l tls-ca -d 'CA certificate to verify the server (turns TLS on)' -r -F
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from infer" -l tls-cert -d 'Client certificate for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from infer" -l tls-key -d 'Client key for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from infer" -l context -d 'natscli context name (or path to its JSON); default: the selected natscli context' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from infer" -l connect-timeout -d 'How long to wait for the server before giving up' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from infer" -l schemas -d 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available' -r -F
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from infer" -l max-inflate -d 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from infer" -l max-json-values -d 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from infer" -l force -d 'Overwrite schema files that already exist in --out'
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from infer" -l tls-first -d 'TLS handshake before the server INFO (servers with handshake_first)'
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from infer" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from infer" -s q -l quiet -d 'Only errors on stderr'
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from infer" -l log-json -d 'Log lines as JSON objects (for log shippers)'
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from infer" -s h -l help -d 'Print help'
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from infer" -s V -l version -d 'Print version'
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from help" -f -a "ls" -d 'List known event types: name, base name, version, where the schema comes from, and the type\'s own required fields (the envelope\'s are always required)'
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print an event type\'s effective JSON Schema (envelope fields included)'
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from help" -f -a "validate" -d 'Check events in a file against their schemas, as `evt publish` would (or as a reader would, with --tolerant)'
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from help" -f -a "check" -d 'Check schemas for compatibility with a git ref or a directory (--against), or the events retained in a stream against this tree\'s schemas (--stream)'
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from help" -f -a "infer" -d 'Draft a JSON Schema per event type from sample events (a stream or a file): types seen, fields always present as required, enums for strings with few values, closed objects; Python\'s nulls make a field optional. Prints how many events each came from'
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evt -n "__fish_evt_using_subcommand streams; and not __fish_seen_subcommand_from validate plan apply export ls help" -s s -l server -d 'NATS server URL(s), comma separated' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and not __fish_seen_subcommand_from validate plan apply export ls help" -l user -d 'Username for user/password authentication' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and not __fish_seen_subcommand_from validate plan apply export ls help" -l password -d 'Password for user/password authentication (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and not __fish_seen_subcommand_from validate plan apply export ls help" -l token -d 'Authentication token (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and not __fish_seen_subcommand_from validate plan apply export ls help" -l creds -d 'User credentials file (JWT + nkey seed)' -r -F
complete -c evt -n "__fish_evt_using_subcommand streams; and not __fish_seen_subcommand_from validate plan apply export ls help" -l nkey -d 'File holding an nkey user seed' -r -F
complete -c evt -n "__fish_evt_using_subcommand streams; and not __fish_seen_subcommand_from validate plan apply export ls help" -l tls-ca -d 'CA certificate to verify the server (turns TLS on)' -r -F
complete -c evt -n "__fish_evt_using_subcommand streams; and not __fish_seen_subcommand_from validate plan apply export ls help" -l tls-cert -d 'Client certificate for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand streams; and not __fish_seen_subcommand_from validate plan apply export ls help" -l tls-key -d 'Client key for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand streams; and not __fish_seen_subcommand_from validate plan apply export ls help" -l context -d 'natscli context name (or path to its JSON); default: the selected natscli context' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and not __fish_seen_subcommand_from validate plan apply export ls help" -l connect-timeout -d 'How long to wait for the server before giving up' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and not __fish_seen_subcommand_from validate plan apply export ls help" -l schemas -d 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available' -r -F
complete -c evt -n "__fish_evt_using_subcommand streams; and not __fish_seen_subcommand_from validate plan apply export ls help" -l max-inflate -d 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and not __fish_seen_subcommand_from validate plan apply export ls help" -l max-json-values -d 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and not __fish_seen_subcommand_from validate plan apply export ls help" -l tls-first -d 'TLS handshake before the server INFO (servers with handshake_first)'
complete -c evt -n "__fish_evt_using_subcommand streams; and not __fish_seen_subcommand_from validate plan apply export ls help" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c evt -n "__fish_evt_using_subcommand streams; and not __fish_seen_subcommand_from validate plan apply export ls help" -s q -l quiet -d 'Only errors on stderr'
complete -c evt -n "__fish_evt_using_subcommand streams; and not __fish_seen_subcommand_from validate plan apply export ls help" -l log-json -d 'Log lines as JSON objects (for log shippers)'
complete -c evt -n "__fish_evt_using_subcommand streams; and not __fish_seen_subcommand_from validate plan apply export ls help" -s h -l help -d 'Print help'
complete -c evt -n "__fish_evt_using_subcommand streams; and not __fish_seen_subcommand_from validate plan apply export ls help" -s V -l version -d 'Print version'
complete -c evt -n "__fish_evt_using_subcommand streams; and not __fish_seen_subcommand_from validate plan apply export ls help" -f -a "validate" -d 'Check stream specs without a server: names, subject overlaps (wildcards included), consumer filters, backoff vs max_deliver, duplicate_window vs max_age, DLQ wiring'
complete -c evt -n "__fish_evt_using_subcommand streams; and not __fish_seen_subcommand_from validate plan apply export ls help" -f -a "plan" -d 'Show what `apply` would change on the server, each change classified: create, in place, one-way, needs recreation, refused by this server'
complete -c evt -n "__fish_evt_using_subcommand streams; and not __fish_seen_subcommand_from validate plan apply export ls help" -f -a "apply" -d 'Apply the spec: compute the plan (as `evt streams plan` shows it) and execute exactly that. Streams first (DLQ and advisory capture before anything that needs them), then consumers'
complete -c evt -n "__fish_evt_using_subcommand streams; and not __fish_seen_subcommand_from validate plan apply export ls help" -f -a "export" -d 'Write live streams and their durable consumers as spec YAML (to stdout), such that `plan` of the result against the same server shows no changes'
complete -c evt -n "__fish_evt_using_subcommand streams; and not __fish_seen_subcommand_from validate plan apply export ls help" -f -a "ls" -d 'List streams: subjects, messages, bytes, consumers, and whether evt manages them'
complete -c evt -n "__fish_evt_using_subcommand streams; and not __fish_seen_subcommand_from validate plan apply export ls help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from validate" -s s -l server -d 'NATS server URL(s), comma separated' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from validate" -l user -d 'Username for user/password authentication' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from validate" -l password -d 'Password for user/password authentication (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from validate" -l token -d 'Authentication token (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from validate" -l creds -d 'User credentials file (JWT + nkey seed)' -r -F
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from validate" -l nkey -d 'File holding an nkey user seed' -r -F
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from validate" -l tls-ca -d 'CA certificate to verify the server (turns TLS on)' -r -F
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from validate" -l tls-cert -d 'Client certificate for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from validate" -l tls-key -d 'Client key for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from validate" -l context -d 'natscli context name (or path to its JSON); default: the selected natscli context' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from validate" -l connect-timeout -d 'How long to wait for the server before giving up' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from validate" -l schemas -d 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available' -r -F
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from validate" -l max-inflate -d 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from validate" -l max-json-values -d 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from validate" -l tls-first -d 'TLS handshake before the server INFO (servers with handshake_first)'
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from validate" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from validate" -s q -l quiet -d 'Only errors on stderr'
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from validate" -l log-json -d 'Log lines as JSON objects (for log shippers)'
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from validate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from validate" -s V -l version -d 'Print version'
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from plan" -s o -l output -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from plan" -s s -l server -d 'NATS server URL(s), comma separated' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from plan" -l user -d 'Username for user/password authentication' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from plan" -l password -d 'Password for user/password authentication (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from plan" -l token -d 'Authentication token (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from plan" -l creds -d 'User credentials file (JWT + nkey seed)' -r -F
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from plan" -l nkey -d 'File holding an nkey user seed' -r -F
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from plan" -l tls-ca -d 'CA certificate to verify the server (turns TLS on)' -r -F
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from plan" -l tls-cert -d 'Client certificate for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from plan" -l tls-key -d 'Client key for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from plan" -l context -d 'natscli context name (or path to its JSON); default: the selected natscli context' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from plan" -l connect-timeout -d 'How long to wait for the server before giving up' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from plan" -l schemas -d 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available' -r -F
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from plan" -l max-inflate -d 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from plan" -l max-json-values -d 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from plan" -l prune -d 'Also plan deleting evt-managed streams and consumers that are no longer declared'
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from plan" -l tls-first -d 'TLS handshake before the server INFO (servers with handshake_first)'
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from plan" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from plan" -s q -l quiet -d 'Only errors on stderr'
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from plan" -l log-json -d 'Log lines as JSON objects (for log shippers)'
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from plan" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from plan" -s V -l version -d 'Print version'
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from apply" -s o -l output -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from apply" -s s -l server -d 'NATS server URL(s), comma separated' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from apply" -l user -d 'Username for user/password authentication' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from apply" -l password -d 'Password for user/password authentication (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from apply" -l token -d 'Authentication token (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from apply" -l creds -d 'User credentials file (JWT + nkey seed)' -r -F
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from apply" -l nkey -d 'File holding an nkey user seed' -r -F
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from apply" -l tls-ca -d 'CA certificate to verify the server (turns TLS on)' -r -F
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from apply" -l tls-cert -d 'Client certificate for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from apply" -l tls-key -d 'Client key for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from apply" -l context -d 'natscli context name (or path to its JSON); default: the selected natscli context' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from apply" -l connect-timeout -d 'How long to wait for the server before giving up' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from apply" -l schemas -d 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available' -r -F
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from apply" -l max-inflate -d 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from apply" -l max-json-values -d 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from apply" -l prune -d 'Delete evt-managed streams and consumers that are no longer declared: the given files are then taken as the whole topology'
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from apply" -l allow-recreate -d 'Allow deleting and creating again what cannot change in place'
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from apply" -l allow-data-loss -d 'Allow a recreate or prune to delete a stream that holds messages'
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from apply" -l dry-run -d 'Print the plan and stop'
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from apply" -l tls-first -d 'TLS handshake before the server INFO (servers with handshake_first)'
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from apply" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from apply" -s q -l quiet -d 'Only errors on stderr'
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from apply" -l log-json -d 'Log lines as JSON objects (for log shippers)'
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from apply" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from apply" -s V -l version -d 'Print version'
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from export" -s s -l server -d 'NATS server URL(s), comma separated' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from export" -l user -d 'Username for user/password authentication' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from export" -l password -d 'Password for user/password authentication (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from export" -l token -d 'Authentication token (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from export" -l creds -d 'User credentials file (JWT + nkey seed)' -r -F
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from export" -l nkey -d 'File holding an nkey user seed' -r -F
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from export" -l tls-ca -d 'CA certificate to verify the server (turns TLS on)' -r -F
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from export" -l tls-cert -d 'Client certificate for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from export" -l tls-key -d 'Client key for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from export" -l context -d 'natscli context name (or path to its JSON); default: the selected natscli context' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from export" -l connect-timeout -d 'How long to wait for the server before giving up' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from export" -l schemas -d 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available' -r -F
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from export" -l max-inflate -d 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from export" -l max-json-values -d 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from export" -l tls-first -d 'TLS handshake before the server INFO (servers with handshake_first)'
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from export" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from export" -s q -l quiet -d 'Only errors on stderr'
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from export" -l log-json -d 'Log lines as JSON objects (for log shippers)'
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help'
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from export" -s V -l version -d 'Print version'
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from ls" -s o -l output -d 'Output format (json: one object per stream per line)' -r -f -a "text\t''
json\t''"
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from ls" -s s -l server -d 'NATS server URL(s), comma separated' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from ls" -l user -d 'Username for user/password authentication' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from ls" -l password -d 'Password for user/password authentication (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from ls" -l token -d 'Authentication token (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from ls" -l creds -d 'User credentials file (JWT + nkey seed)' -r -F
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from ls" -l nkey -d 'File holding an nkey user seed' -r -F
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from ls" -l tls-ca -d 'CA certificate to verify the server (turns TLS on)' -r -F
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from ls" -l tls-cert -d 'Client certificate for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from ls" -l tls-key -d 'Client key for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from ls" -l context -d 'natscli context name (or path to its JSON); default: the selected natscli context' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from ls" -l connect-timeout -d 'How long to wait for the server before giving up' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from ls" -l schemas -d 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available' -r -F
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from ls" -l max-inflate -d 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from ls" -l max-json-values -d 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from ls" -l tls-first -d 'TLS handshake before the server INFO (servers with handshake_first)'
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Only errors on stderr'
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from ls" -l log-json -d 'Log lines as JSON objects (for log shippers)'
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help'
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from help" -f -a "validate" -d 'Check stream specs without a server: names, subject overlaps (wildcards included), consumer filters, backoff vs max_deliver, duplicate_window vs max_age, DLQ wiring'
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from help" -f -a "plan" -d 'Show what `apply` would change on the server, each change classified: create, in place, one-way, needs recreation, refused by this server'
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from help" -f -a "apply" -d 'Apply the spec: compute the plan (as `evt streams plan` shows it) and execute exactly that. Streams first (DLQ and advisory capture before anything that needs them), then consumers'
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from help" -f -a "export" -d 'Write live streams and their durable consumers as spec YAML (to stdout), such that `plan` of the result against the same server shows no changes'
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from help" -f -a "ls" -d 'List streams: subjects, messages, bytes, consumers, and whether evt manages them'
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evt -n "__fish_evt_using_subcommand consume" -l durable -d 'Durable consumer name; processes sharing it share the events' -r
complete -c evt -n "__fish_evt_using_subcommand consume" -l stream -d 'Source stream (default: the one stream that captures SUBJECT). Required without SUBJECT' -r
complete -c evt -n "__fish_evt_using_subcommand consume" -l exec -d 'Command run per event via `sh -c`, the event JSON on its stdin' -r
complete -c evt -n "__fish_evt_using_subcommand consume" -l exec-batch -d 'One long-lived command (`sh -c`) for all events: each event\'s JSON is one line on its stdin, and it answers one line per event, in order, on its stdout: `ok` acks, `retry [reason]` retries, `dead [reason]` dead-letters. Up to --concurrency events wait for answers at once (e.g. 64). If it exits or answers anything else, unanswered events are nak\'ed (they come back) and evt stops with an error' -r
complete -c evt -n "__fish_evt_using_subcommand consume" -l concurrency -d 'Events handled at once' -r
complete -c evt -n "__fish_evt_using_subcommand consume" -l max-deliver -d 'Deliveries allowed per event before it is dead-lettered [default for a new durable: 5; an existing durable\'s own value otherwise]' -r
complete -c evt -n "__fish_evt_using_subcommand consume" -l ack-wait -d 'How long one delivery may take before the server redelivers it (with a backoff the server uses its first step) [default for a new durable: the first backoff step, or 30s]' -r
complete -c evt -n "__fish_evt_using_subcommand consume" -l backoff -d 'Delays between deliveries, comma separated (the last repeats), or `none` [default for a new durable: 1s,5s,30s]' -r
complete -c evt -n "__fish_evt_using_subcommand consume" -l dlq-stream -d 'DLQ stream that captures `dlq.<STREAM>.<DURABLE>` [default: the durable\'s declared DLQ, else DLQ]' -r
complete -c evt -n "__fish_evt_using_subcommand consume" -l count -d 'Handle N events (acked or dead-lettered; a retried event counts once, when it finishes), then exit. No more than N are handed to the handler: the rest stay on the server, but for the few already pulled, which are released (one more delivery)' -r
complete -c evt -n "__fish_evt_using_subcommand consume" -l prefetch -d 'Events pulled ahead of the handlers, per pull request [default: 512 when printing, N/64 (16 to 512) with --count N; max(2 × --concurrency, 16) with --exec or --exec-batch; never more than --count]. Pulled events wait here within their ack wait; a pull also stops at 16 MiB (or two max-size messages). With --count, events pulled past N are released (nak\'ed), which counts a delivery' -r
complete -c evt -n "__fish_evt_using_subcommand consume" -l until-idle -d 'Exit once idle for this long: connected, every pull live, no command running, and the server holding nothing pending or unacked for the durable. A stall during a failover, a slow command, or an event waiting for its retry is not idle' -r
complete -c evt -n "__fish_evt_using_subcommand consume" -l heartbeat -d 'Idle heartbeat asked of the server while a pull waits. Four missed in a row mean the consumer\'s leader changed or its node is gone, and evt pulls again at once (a leader change costs about the election); pull requests live ten heartbeats' -r
complete -c evt -n "__fish_evt_using_subcommand consume" -l stop-timeout -d 'How long a stop waits for running commands' -r
complete -c evt -n "__fish_evt_using_subcommand consume" -l metrics-addr -d 'Serve /metrics (handler outcomes and this durable\'s lag from the server), /healthz (connected) and /readyz (bound) over HTTP on this address, e.g. 127.0.0.1:9464' -r
complete -c evt -n "__fish_evt_using_subcommand consume" -l lag-refresh -d 'How often /metrics reads the durable\'s lag from the server' -r
complete -c evt -n "__fish_evt_using_subcommand consume" -s s -l server -d 'NATS server URL(s), comma separated' -r
complete -c evt -n "__fish_evt_using_subcommand consume" -l user -d 'Username for user/password authentication' -r
complete -c evt -n "__fish_evt_using_subcommand consume" -l password -d 'Password for user/password authentication (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand consume" -l token -d 'Authentication token (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand consume" -l creds -d 'User credentials file (JWT + nkey seed)' -r -F
complete -c evt -n "__fish_evt_using_subcommand consume" -l nkey -d 'File holding an nkey user seed' -r -F
complete -c evt -n "__fish_evt_using_subcommand consume" -l tls-ca -d 'CA certificate to verify the server (turns TLS on)' -r -F
complete -c evt -n "__fish_evt_using_subcommand consume" -l tls-cert -d 'Client certificate for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand consume" -l tls-key -d 'Client key for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand consume" -l context -d 'natscli context name (or path to its JSON); default: the selected natscli context' -r
complete -c evt -n "__fish_evt_using_subcommand consume" -l connect-timeout -d 'How long to wait for the server before giving up' -r
complete -c evt -n "__fish_evt_using_subcommand consume" -l schemas -d 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available' -r -F
complete -c evt -n "__fish_evt_using_subcommand consume" -l max-inflate -d 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes' -r
complete -c evt -n "__fish_evt_using_subcommand consume" -l max-json-values -d 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit' -r
complete -c evt -n "__fish_evt_using_subcommand consume" -l create-advisory-capture -d 'When no stream captures this durable\'s max-deliveries advisory (an ad-hoc durable no spec declares), add it to `<DLQ>_ADVISORIES` (created if missing) instead of failing'
complete -c evt -n "__fish_evt_using_subcommand consume" -l ordered-by-subject -d 'Keep events of one subject in order (different subjects still run in parallel)'
complete -c evt -n "__fish_evt_using_subcommand consume" -l tls-first -d 'TLS handshake before the server INFO (servers with handshake_first)'
complete -c evt -n "__fish_evt_using_subcommand consume" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c evt -n "__fish_evt_using_subcommand consume" -s q -l quiet -d 'Only errors on stderr'
complete -c evt -n "__fish_evt_using_subcommand consume" -l log-json -d 'Log lines as JSON objects (for log shippers)'
complete -c evt -n "__fish_evt_using_subcommand consume" -s h -l help -d 'Print help'
complete -c evt -n "__fish_evt_using_subcommand consume" -s V -l version -d 'Print version'
complete -c evt -n "__fish_evt_using_subcommand dlq; and not __fish_seen_subcommand_from ls show replay purge tasks cancel help" -s s -l server -d 'NATS server URL(s), comma separated' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and not __fish_seen_subcommand_from ls show replay purge tasks cancel help" -l user -d 'Username for user/password authentication' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and not __fish_seen_subcommand_from ls show replay purge tasks cancel help" -l password -d 'Password for user/password authentication (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and not __fish_seen_subcommand_from ls show replay purge tasks cancel help" -l token -d 'Authentication token (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and not __fish_seen_subcommand_from ls show replay purge tasks cancel help" -l creds -d 'User credentials file (JWT + nkey seed)' -r -F
complete -c evt -n "__fish_evt_using_subcommand dlq; and not __fish_seen_subcommand_from ls show replay purge tasks cancel help" -l nkey -d 'File holding an nkey user seed' -r -F
complete -c evt -n "__fish_evt_using_subcommand dlq; and not __fish_seen_subcommand_from ls show replay purge tasks cancel help" -l tls-ca -d 'CA certificate to verify the server (turns TLS on)' -r -F
complete -c evt -n "__fish_evt_using_subcommand dlq; and not __fish_seen_subcommand_from ls show replay purge tasks cancel help" -l tls-cert -d 'Client certificate for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand dlq; and not __fish_seen_subcommand_from ls show replay purge tasks cancel help" -l tls-key -d 'Client key for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand dlq; and not __fish_seen_subcommand_from ls show replay purge tasks cancel help" -l context -d 'natscli context name (or path to its JSON); default: the selected natscli context' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and not __fish_seen_subcommand_from ls show replay purge tasks cancel help" -l connect-timeout -d 'How long to wait for the server before giving up' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and not __fish_seen_subcommand_from ls show replay purge tasks cancel help" -l schemas -d 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available' -r -F
complete -c evt -n "__fish_evt_using_subcommand dlq; and not __fish_seen_subcommand_from ls show replay purge tasks cancel help" -l max-inflate -d 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and not __fish_seen_subcommand_from ls show replay purge tasks cancel help" -l max-json-values -d 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and not __fish_seen_subcommand_from ls show replay purge tasks cancel help" -l tls-first -d 'TLS handshake before the server INFO (servers with handshake_first)'
complete -c evt -n "__fish_evt_using_subcommand dlq; and not __fish_seen_subcommand_from ls show replay purge tasks cancel help" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c evt -n "__fish_evt_using_subcommand dlq; and not __fish_seen_subcommand_from ls show replay purge tasks cancel help" -s q -l quiet -d 'Only errors on stderr'
complete -c evt -n "__fish_evt_using_subcommand dlq; and not __fish_seen_subcommand_from ls show replay purge tasks cancel help" -l log-json -d 'Log lines as JSON objects (for log shippers)'
complete -c evt -n "__fish_evt_using_subcommand dlq; and not __fish_seen_subcommand_from ls show replay purge tasks cancel help" -s h -l help -d 'Print help'
complete -c evt -n "__fish_evt_using_subcommand dlq; and not __fish_seen_subcommand_from ls show replay purge tasks cancel help" -s V -l version -d 'Print version'
complete -c evt -n "__fish_evt_using_subcommand dlq; and not __fish_seen_subcommand_from ls show replay purge tasks cancel help" -f -a "ls" -d 'List dead letters. Without --all: one line per group of entries that failed the same way (by default the same consumer, reason and error, with numbers, uuids and hex ids in the error masked), with count, first and last failure, and an example DLQ sequence; parked entries (`dlq.….parked`) are listed apart. Use a group\'s ID with --group on ls, show, replay and purge'
complete -c evt -n "__fish_evt_using_subcommand dlq; and not __fish_seen_subcommand_from ls show replay purge tasks cancel help" -f -a "show" -d 'Show one entry of the DLQ: failure context, original headers, payload, and the event decoded through its schema (or why it does not decode)'
complete -c evt -n "__fish_evt_using_subcommand dlq; and not __fish_seen_subcommand_from ls show replay purge tasks cancel help" -f -a "replay" -d 'Replay dead letters: republish each to its original subject (or --to) under a new, stable message id with `Evt-Replay-Of`, and delete the DLQ entry only after the copy is acknowledged. Safe to re-run after a crash: already-replayed entries are deduplicated by the target stream (within its duplicate window) and removed'
complete -c evt -n "__fish_evt_using_subcommand dlq; and not __fish_seen_subcommand_from ls show replay purge tasks cancel help" -f -a "purge" -d 'Delete dead letters for good. Asks for confirmation on the terminal unless --yes; with no filter at all, --all is required'
complete -c evt -n "__fish_evt_using_subcommand dlq; and not __fish_seen_subcommand_from ls show replay purge tasks cancel help" -f -a "tasks" -d 'List redrive tasks, newest first: id, DLQ, filter, target, rate, moved, left, failed, status (RUNNING, COMPLETED, CANCELLED, FAILED, or INTERRUPTED when the process running it stopped without finishing), who started it and when'
complete -c evt -n "__fish_evt_using_subcommand dlq; and not __fish_seen_subcommand_from ls show replay purge tasks cancel help" -f -a "cancel" -d 'Stop a running redrive task: it takes no more entries, the copies in flight are acked and their entries removed, and it ends CANCELLED (resumable with `evt dlq replay --resume`). An interrupted task is marked CANCELLED at once'
complete -c evt -n "__fish_evt_using_subcommand dlq; and not __fish_seen_subcommand_from ls show replay purge tasks cancel help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from ls" -l dlq-stream -d 'Name of the dead-letter stream' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from ls" -l subject -d 'Original subject, wildcards allowed (`trading.order.*`, `trading.>`)' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from ls" -l type -d 'Event type (`event-type` header, or `event_type` in the body)' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from ls" -l consumer -d 'Consumer that dead-lettered the message' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from ls" -l error -d 'Text contained in the error (case-insensitive)' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from ls" -l since -d 'Failed at or after: a duration ago (`1h`, `7d`) or an RFC 3339 time' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from ls" -l until -d 'Failed at or before: a duration ago (`1h`, `7d`) or an RFC 3339 time' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from ls" -l seq -d 'One DLQ sequence' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from ls" -l seq-range -d 'DLQ sequences A to B inclusive (`A-B`, `A-`, `-B`)' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from ls" -l reason -d 'Why it was dead-lettered' -r -f -a "fatal\t''
decode\t''
retries-exhausted\t''
max-deliveries\t''"
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from ls" -l group -d 'One group of the `evt dlq ls` summary (its GROUP column)' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from ls" -l group-by -d 'Group the summary by these (comma-separated): subject, type, consumer, reason, error' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from ls" -l limit -d 'List at most N entries (with --all)' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from ls" -s o -l output -d 'Output format: a table, or one JSON object per line (per group, or per entry with the payload in base64)' -r -f -a "text\t''
json\t''"
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from ls" -s s -l server -d 'NATS server URL(s), comma separated' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from ls" -l user -d 'Username for user/password authentication' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from ls" -l password -d 'Password for user/password authentication (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from ls" -l token -d 'Authentication token (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from ls" -l creds -d 'User credentials file (JWT + nkey seed)' -r -F
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from ls" -l nkey -d 'File holding an nkey user seed' -r -F
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from ls" -l tls-ca -d 'CA certificate to verify the server (turns TLS on)' -r -F
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from ls" -l tls-cert -d 'Client certificate for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from ls" -l tls-key -d 'Client key for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from ls" -l context -d 'natscli context name (or path to its JSON); default: the selected natscli context' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from ls" -l connect-timeout -d 'How long to wait for the server before giving up' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from ls" -l schemas -d 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available' -r -F
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from ls" -l max-inflate -d 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from ls" -l max-json-values -d 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from ls" -l parked -d 'Parked entries only (`dlq.….parked`: dead-lettered again after being replayed too often). Replay leaves them alone unless this is given'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from ls" -l all -d 'List every selected entry instead of the summary'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from ls" -l tls-first -d 'TLS handshake before the server INFO (servers with handshake_first)'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Only errors on stderr'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from ls" -l log-json -d 'Log lines as JSON objects (for log shippers)'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from show" -l group -d 'Show the first entry of this group of the `evt dlq ls` summary instead' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from show" -l dlq-stream -d 'Name of the dead-letter stream' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from show" -s s -l server -d 'NATS server URL(s), comma separated' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from show" -l user -d 'Username for user/password authentication' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from show" -l password -d 'Password for user/password authentication (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from show" -l token -d 'Authentication token (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from show" -l creds -d 'User credentials file (JWT + nkey seed)' -r -F
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from show" -l nkey -d 'File holding an nkey user seed' -r -F
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from show" -l tls-ca -d 'CA certificate to verify the server (turns TLS on)' -r -F
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from show" -l tls-cert -d 'Client certificate for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from show" -l tls-key -d 'Client key for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from show" -l context -d 'natscli context name (or path to its JSON); default: the selected natscli context' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from show" -l connect-timeout -d 'How long to wait for the server before giving up' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from show" -l schemas -d 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available' -r -F
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from show" -l max-inflate -d 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from show" -l max-json-values -d 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from show" -l tls-first -d 'TLS handshake before the server INFO (servers with handshake_first)'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Only errors on stderr'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from show" -l log-json -d 'Log lines as JSON objects (for log shippers)'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l dlq-stream -d 'Name of the dead-letter stream' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l subject -d 'Original subject, wildcards allowed (`trading.order.*`, `trading.>`)' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l type -d 'Event type (`event-type` header, or `event_type` in the body)' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l consumer -d 'Consumer that dead-lettered the message' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l error -d 'Text contained in the error (case-insensitive)' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l since -d 'Failed at or after: a duration ago (`1h`, `7d`) or an RFC 3339 time' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l until -d 'Failed at or before: a duration ago (`1h`, `7d`) or an RFC 3339 time' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l seq -d 'One DLQ sequence' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l seq-range -d 'DLQ sequences A to B inclusive (`A-B`, `A-`, `-B`)' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l reason -d 'Why it was dead-lettered' -r -f -a "fatal\t''
decode\t''
retries-exhausted\t''
max-deliveries\t''"
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l group -d 'One group of the `evt dlq ls` summary (its GROUP column)' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l to -d 'Publish to this subject instead of each entry\'s original subject' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l limit -d 'Replay at most N entries' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l rate -d 'Velocity limit: N/s, N/m or N/h (e.g. 200/s)' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l in-flight -d 'Copies awaiting their acknowledgement at once' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from replay" -s o -l output -d 'Output format for the dry-run listing and the final report' -r -f -a "text\t''
json\t''"
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l resume -d 'Continue an interrupted or cancelled task (`evt dlq tasks`) with its own DLQ, filter, target and rate; selection flags are not taken with it' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from replay" -s s -l server -d 'NATS server URL(s), comma separated' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l user -d 'Username for user/password authentication' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l password -d 'Password for user/password authentication (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l token -d 'Authentication token (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l creds -d 'User credentials file (JWT + nkey seed)' -r -F
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l nkey -d 'File holding an nkey user seed' -r -F
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l tls-ca -d 'CA certificate to verify the server (turns TLS on)' -r -F
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l tls-cert -d 'Client certificate for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l tls-key -d 'Client key for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l context -d 'natscli context name (or path to its JSON); default: the selected natscli context' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l connect-timeout -d 'How long to wait for the server before giving up' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l schemas -d 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available' -r -F
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l max-inflate -d 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l max-json-values -d 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l parked -d 'Parked entries only (`dlq.….parked`: dead-lettered again after being replayed too often). Replay leaves them alone unless this is given'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l dry-run -d 'Show what would be replayed; publish and delete nothing'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l edit -d 'Open the event of the one entry --seq names in $EDITOR (else vi), validate the result against its schema, and replay it with `Evt-Replay-Edited: true`; the entry stays in the DLQ until the edited copy is acknowledged. Nothing is sent when it does not validate or the editor fails'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l tls-first -d 'TLS handshake before the server INFO (servers with handshake_first)'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from replay" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from replay" -s q -l quiet -d 'Only errors on stderr'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from replay" -l log-json -d 'Log lines as JSON objects (for log shippers)'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from replay" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from replay" -s V -l version -d 'Print version'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from purge" -l dlq-stream -d 'Name of the dead-letter stream' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from purge" -l subject -d 'Original subject, wildcards allowed (`trading.order.*`, `trading.>`)' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from purge" -l type -d 'Event type (`event-type` header, or `event_type` in the body)' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from purge" -l consumer -d 'Consumer that dead-lettered the message' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from purge" -l error -d 'Text contained in the error (case-insensitive)' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from purge" -l since -d 'Failed at or after: a duration ago (`1h`, `7d`) or an RFC 3339 time' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from purge" -l until -d 'Failed at or before: a duration ago (`1h`, `7d`) or an RFC 3339 time' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from purge" -l seq -d 'One DLQ sequence' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from purge" -l seq-range -d 'DLQ sequences A to B inclusive (`A-B`, `A-`, `-B`)' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from purge" -l reason -d 'Why it was dead-lettered' -r -f -a "fatal\t''
decode\t''
retries-exhausted\t''
max-deliveries\t''"
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from purge" -l group -d 'One group of the `evt dlq ls` summary (its GROUP column)' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from purge" -l before -d 'Only entries that failed before this: a duration ago (`7d`) or an RFC 3339 time (same as --until)' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from purge" -s o -l output -d 'Output format for the result' -r -f -a "text\t''
json\t''"
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from purge" -s s -l server -d 'NATS server URL(s), comma separated' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from purge" -l user -d 'Username for user/password authentication' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from purge" -l password -d 'Password for user/password authentication (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from purge" -l token -d 'Authentication token (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from purge" -l creds -d 'User credentials file (JWT + nkey seed)' -r -F
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from purge" -l nkey -d 'File holding an nkey user seed' -r -F
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from purge" -l tls-ca -d 'CA certificate to verify the server (turns TLS on)' -r -F
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from purge" -l tls-cert -d 'Client certificate for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from purge" -l tls-key -d 'Client key for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from purge" -l context -d 'natscli context name (or path to its JSON); default: the selected natscli context' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from purge" -l connect-timeout -d 'How long to wait for the server before giving up' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from purge" -l schemas -d 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available' -r -F
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from purge" -l max-inflate -d 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from purge" -l max-json-values -d 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from purge" -l parked -d 'Parked entries only (`dlq.….parked`: dead-lettered again after being replayed too often). Replay leaves them alone unless this is given'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from purge" -l all -d 'Purge every entry (required when no filter is given)'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from purge" -s y -l yes -d 'Do not ask for confirmation'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from purge" -l tls-first -d 'TLS handshake before the server INFO (servers with handshake_first)'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from purge" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from purge" -s q -l quiet -d 'Only errors on stderr'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from purge" -l log-json -d 'Log lines as JSON objects (for log shippers)'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from purge" -s h -l help -d 'Print help'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from purge" -s V -l version -d 'Print version'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from tasks" -s o -l output -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from tasks" -s s -l server -d 'NATS server URL(s), comma separated' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from tasks" -l user -d 'Username for user/password authentication' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from tasks" -l password -d 'Password for user/password authentication (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from tasks" -l token -d 'Authentication token (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from tasks" -l creds -d 'User credentials file (JWT + nkey seed)' -r -F
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from tasks" -l nkey -d 'File holding an nkey user seed' -r -F
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from tasks" -l tls-ca -d 'CA certificate to verify the server (turns TLS on)' -r -F
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from tasks" -l tls-cert -d 'Client certificate for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from tasks" -l tls-key -d 'Client key for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from tasks" -l context -d 'natscli context name (or path to its JSON); default: the selected natscli context' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from tasks" -l connect-timeout -d 'How long to wait for the server before giving up' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from tasks" -l schemas -d 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available' -r -F
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from tasks" -l max-inflate -d 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from tasks" -l max-json-values -d 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from tasks" -l tls-first -d 'TLS handshake before the server INFO (servers with handshake_first)'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from tasks" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from tasks" -s q -l quiet -d 'Only errors on stderr'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from tasks" -l log-json -d 'Log lines as JSON objects (for log shippers)'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from tasks" -s h -l help -d 'Print help'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from tasks" -s V -l version -d 'Print version'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from cancel" -s s -l server -d 'NATS server URL(s), comma separated' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from cancel" -l user -d 'Username for user/password authentication' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from cancel" -l password -d 'Password for user/password authentication (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from cancel" -l token -d 'Authentication token (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from cancel" -l creds -d 'User credentials file (JWT + nkey seed)' -r -F
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from cancel" -l nkey -d 'File holding an nkey user seed' -r -F
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from cancel" -l tls-ca -d 'CA certificate to verify the server (turns TLS on)' -r -F
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from cancel" -l tls-cert -d 'Client certificate for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from cancel" -l tls-key -d 'Client key for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from cancel" -l context -d 'natscli context name (or path to its JSON); default: the selected natscli context' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from cancel" -l connect-timeout -d 'How long to wait for the server before giving up' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from cancel" -l schemas -d 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available' -r -F
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from cancel" -l max-inflate -d 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from cancel" -l max-json-values -d 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit' -r
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from cancel" -l tls-first -d 'TLS handshake before the server INFO (servers with handshake_first)'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from cancel" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from cancel" -s q -l quiet -d 'Only errors on stderr'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from cancel" -l log-json -d 'Log lines as JSON objects (for log shippers)'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from cancel" -s h -l help -d 'Print help'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from cancel" -s V -l version -d 'Print version'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from help" -f -a "ls" -d 'List dead letters. Without --all: one line per group of entries that failed the same way (by default the same consumer, reason and error, with numbers, uuids and hex ids in the error masked), with count, first and last failure, and an example DLQ sequence; parked entries (`dlq.….parked`) are listed apart. Use a group\'s ID with --group on ls, show, replay and purge'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one entry of the DLQ: failure context, original headers, payload, and the event decoded through its schema (or why it does not decode)'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from help" -f -a "replay" -d 'Replay dead letters: republish each to its original subject (or --to) under a new, stable message id with `Evt-Replay-Of`, and delete the DLQ entry only after the copy is acknowledged. Safe to re-run after a crash: already-replayed entries are deduplicated by the target stream (within its duplicate window) and removed'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from help" -f -a "purge" -d 'Delete dead letters for good. Asks for confirmation on the terminal unless --yes; with no filter at all, --all is required'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from help" -f -a "tasks" -d 'List redrive tasks, newest first: id, DLQ, filter, target, rate, moved, left, failed, status (RUNNING, COMPLETED, CANCELLED, FAILED, or INTERRUPTED when the process running it stopped without finishing), who started it and when'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from help" -f -a "cancel" -d 'Stop a running redrive task: it takes no more entries, the copies in flight are acked and their entries removed, and it ends CANCELLED (resumable with `evt dlq replay --resume`). An interrupted task is marked CANCELLED at once'
complete -c evt -n "__fish_evt_using_subcommand dlq; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evt -n "__fish_evt_using_subcommand check" -l spec -d 'Spec file or directory (same as PATH; repeatable)' -r -F
complete -c evt -n "__fish_evt_using_subcommand check" -l format -d 'Output format' -r -f -a "nagios\t'One status line with performance data, then one line per item'
json\t'The whole report as one JSON document'
prometheus\t'Prometheus text format, for node_exporter\'s textfile collector'
text\t'A line per item and a summary'"
complete -c evt -n "__fish_evt_using_subcommand check" -l lag-warn -d 'Consumer messages not yet delivered: WARNING at or above' -r
complete -c evt -n "__fish_evt_using_subcommand check" -l lag-critical -d 'Consumer messages not yet delivered: CRITICAL at or above' -r
complete -c evt -n "__fish_evt_using_subcommand check" -l lag-seconds-warn -d 'Age of the oldest unacked message: WARNING at or above' -r
complete -c evt -n "__fish_evt_using_subcommand check" -l lag-seconds-critical -d 'Age of the oldest unacked message: CRITICAL at or above' -r
complete -c evt -n "__fish_evt_using_subcommand check" -l ack-pending-warn -d 'Ack pending: WARNING at or above (default 80% of max_ack_pending)' -r
complete -c evt -n "__fish_evt_using_subcommand check" -l ack-pending-critical -d 'Ack pending: CRITICAL at or above (default max_ack_pending)' -r
complete -c evt -n "__fish_evt_using_subcommand check" -l redelivered-warn -r
complete -c evt -n "__fish_evt_using_subcommand check" -l redelivered-critical -r
complete -c evt -n "__fish_evt_using_subcommand check" -l last-delivery-warn -r
complete -c evt -n "__fish_evt_using_subcommand check" -l last-delivery-critical -r
complete -c evt -n "__fish_evt_using_subcommand check" -l last-ack-warn -r
complete -c evt -n "__fish_evt_using_subcommand check" -l last-ack-critical -r
complete -c evt -n "__fish_evt_using_subcommand check" -l messages-warn -d 'Messages in a DLQ (or a stream with a monitor block): WARNING at or above (DLQ default 1)' -r
complete -c evt -n "__fish_evt_using_subcommand check" -l messages-critical -r
complete -c evt -n "__fish_evt_using_subcommand check" -l newest-age-warn -d 'Newest dead letter younger than this: WARNING (failures happening now)' -r
complete -c evt -n "__fish_evt_using_subcommand check" -l newest-age-critical -r
complete -c evt -n "__fish_evt_using_subcommand check" -s s -l server -d 'NATS server URL(s), comma separated' -r
complete -c evt -n "__fish_evt_using_subcommand check" -l user -d 'Username for user/password authentication' -r
complete -c evt -n "__fish_evt_using_subcommand check" -l password -d 'Password for user/password authentication (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand check" -l token -d 'Authentication token (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand check" -l creds -d 'User credentials file (JWT + nkey seed)' -r -F
complete -c evt -n "__fish_evt_using_subcommand check" -l nkey -d 'File holding an nkey user seed' -r -F
complete -c evt -n "__fish_evt_using_subcommand check" -l tls-ca -d 'CA certificate to verify the server (turns TLS on)' -r -F
complete -c evt -n "__fish_evt_using_subcommand check" -l tls-cert -d 'Client certificate for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand check" -l tls-key -d 'Client key for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand check" -l context -d 'natscli context name (or path to its JSON); default: the selected natscli context' -r
complete -c evt -n "__fish_evt_using_subcommand check" -l connect-timeout -d 'How long to wait for the server before giving up' -r
complete -c evt -n "__fish_evt_using_subcommand check" -l schemas -d 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available' -r -F
complete -c evt -n "__fish_evt_using_subcommand check" -l max-inflate -d 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes' -r
complete -c evt -n "__fish_evt_using_subcommand check" -l max-json-values -d 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit' -r
complete -c evt -n "__fish_evt_using_subcommand check" -l tls-first -d 'TLS handshake before the server INFO (servers with handshake_first)'
complete -c evt -n "__fish_evt_using_subcommand check" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c evt -n "__fish_evt_using_subcommand check" -s q -l quiet -d 'Only errors on stderr'
complete -c evt -n "__fish_evt_using_subcommand check" -l log-json -d 'Log lines as JSON objects (for log shippers)'
complete -c evt -n "__fish_evt_using_subcommand check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evt -n "__fish_evt_using_subcommand check" -s V -l version -d 'Print version'
complete -c evt -n "__fish_evt_using_subcommand report" -l watch -d 'Redraw every DURATION until interrupted' -r
complete -c evt -n "__fish_evt_using_subcommand report" -l rate-over -d 'Without --watch: how long to sample the stream rates over' -r
complete -c evt -n "__fish_evt_using_subcommand report" -s o -l output -d 'Output format (json: one document per draw)' -r -f -a "text\t''
json\t''"
complete -c evt -n "__fish_evt_using_subcommand report" -s s -l server -d 'NATS server URL(s), comma separated' -r
complete -c evt -n "__fish_evt_using_subcommand report" -l user -d 'Username for user/password authentication' -r
complete -c evt -n "__fish_evt_using_subcommand report" -l password -d 'Password for user/password authentication (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand report" -l token -d 'Authentication token (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand report" -l creds -d 'User credentials file (JWT + nkey seed)' -r -F
complete -c evt -n "__fish_evt_using_subcommand report" -l nkey -d 'File holding an nkey user seed' -r -F
complete -c evt -n "__fish_evt_using_subcommand report" -l tls-ca -d 'CA certificate to verify the server (turns TLS on)' -r -F
complete -c evt -n "__fish_evt_using_subcommand report" -l tls-cert -d 'Client certificate for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand report" -l tls-key -d 'Client key for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand report" -l context -d 'natscli context name (or path to its JSON); default: the selected natscli context' -r
complete -c evt -n "__fish_evt_using_subcommand report" -l connect-timeout -d 'How long to wait for the server before giving up' -r
complete -c evt -n "__fish_evt_using_subcommand report" -l schemas -d 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available' -r -F
complete -c evt -n "__fish_evt_using_subcommand report" -l max-inflate -d 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes' -r
complete -c evt -n "__fish_evt_using_subcommand report" -l max-json-values -d 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit' -r
complete -c evt -n "__fish_evt_using_subcommand report" -l tls-first -d 'TLS handshake before the server INFO (servers with handshake_first)'
complete -c evt -n "__fish_evt_using_subcommand report" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c evt -n "__fish_evt_using_subcommand report" -s q -l quiet -d 'Only errors on stderr'
complete -c evt -n "__fish_evt_using_subcommand report" -l log-json -d 'Log lines as JSON objects (for log shippers)'
complete -c evt -n "__fish_evt_using_subcommand report" -s h -l help -d 'Print help'
complete -c evt -n "__fish_evt_using_subcommand report" -s V -l version -d 'Print version'
complete -c evt -n "__fish_evt_using_subcommand ping" -s o -l output -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c evt -n "__fish_evt_using_subcommand ping" -s s -l server -d 'NATS server URL(s), comma separated' -r
complete -c evt -n "__fish_evt_using_subcommand ping" -l user -d 'Username for user/password authentication' -r
complete -c evt -n "__fish_evt_using_subcommand ping" -l password -d 'Password for user/password authentication (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand ping" -l token -d 'Authentication token (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand ping" -l creds -d 'User credentials file (JWT + nkey seed)' -r -F
complete -c evt -n "__fish_evt_using_subcommand ping" -l nkey -d 'File holding an nkey user seed' -r -F
complete -c evt -n "__fish_evt_using_subcommand ping" -l tls-ca -d 'CA certificate to verify the server (turns TLS on)' -r -F
complete -c evt -n "__fish_evt_using_subcommand ping" -l tls-cert -d 'Client certificate for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand ping" -l tls-key -d 'Client key for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand ping" -l context -d 'natscli context name (or path to its JSON); default: the selected natscli context' -r
complete -c evt -n "__fish_evt_using_subcommand ping" -l connect-timeout -d 'How long to wait for the server before giving up' -r
complete -c evt -n "__fish_evt_using_subcommand ping" -l schemas -d 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available' -r -F
complete -c evt -n "__fish_evt_using_subcommand ping" -l max-inflate -d 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes' -r
complete -c evt -n "__fish_evt_using_subcommand ping" -l max-json-values -d 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit' -r
complete -c evt -n "__fish_evt_using_subcommand ping" -l tls-first -d 'TLS handshake before the server INFO (servers with handshake_first)'
complete -c evt -n "__fish_evt_using_subcommand ping" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c evt -n "__fish_evt_using_subcommand ping" -s q -l quiet -d 'Only errors on stderr'
complete -c evt -n "__fish_evt_using_subcommand ping" -l log-json -d 'Log lines as JSON objects (for log shippers)'
complete -c evt -n "__fish_evt_using_subcommand ping" -s h -l help -d 'Print help'
complete -c evt -n "__fish_evt_using_subcommand ping" -s V -l version -d 'Print version'
complete -c evt -n "__fish_evt_using_subcommand completions" -s s -l server -d 'NATS server URL(s), comma separated' -r
complete -c evt -n "__fish_evt_using_subcommand completions" -l user -d 'Username for user/password authentication' -r
complete -c evt -n "__fish_evt_using_subcommand completions" -l password -d 'Password for user/password authentication (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand completions" -l token -d 'Authentication token (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand completions" -l creds -d 'User credentials file (JWT + nkey seed)' -r -F
complete -c evt -n "__fish_evt_using_subcommand completions" -l nkey -d 'File holding an nkey user seed' -r -F
complete -c evt -n "__fish_evt_using_subcommand completions" -l tls-ca -d 'CA certificate to verify the server (turns TLS on)' -r -F
complete -c evt -n "__fish_evt_using_subcommand completions" -l tls-cert -d 'Client certificate for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand completions" -l tls-key -d 'Client key for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand completions" -l context -d 'natscli context name (or path to its JSON); default: the selected natscli context' -r
complete -c evt -n "__fish_evt_using_subcommand completions" -l connect-timeout -d 'How long to wait for the server before giving up' -r
complete -c evt -n "__fish_evt_using_subcommand completions" -l schemas -d 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available' -r -F
complete -c evt -n "__fish_evt_using_subcommand completions" -l max-inflate -d 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes' -r
complete -c evt -n "__fish_evt_using_subcommand completions" -l max-json-values -d 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit' -r
complete -c evt -n "__fish_evt_using_subcommand completions" -l tls-first -d 'TLS handshake before the server INFO (servers with handshake_first)'
complete -c evt -n "__fish_evt_using_subcommand completions" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c evt -n "__fish_evt_using_subcommand completions" -s q -l quiet -d 'Only errors on stderr'
complete -c evt -n "__fish_evt_using_subcommand completions" -l log-json -d 'Log lines as JSON objects (for log shippers)'
complete -c evt -n "__fish_evt_using_subcommand completions" -s h -l help -d 'Print help'
complete -c evt -n "__fish_evt_using_subcommand completions" -s V -l version -d 'Print version'
complete -c evt -n "__fish_evt_using_subcommand docs; and not __fish_seen_subcommand_from asyncapi help" -s s -l server -d 'NATS server URL(s), comma separated' -r
complete -c evt -n "__fish_evt_using_subcommand docs; and not __fish_seen_subcommand_from asyncapi help" -l user -d 'Username for user/password authentication' -r
complete -c evt -n "__fish_evt_using_subcommand docs; and not __fish_seen_subcommand_from asyncapi help" -l password -d 'Password for user/password authentication (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand docs; and not __fish_seen_subcommand_from asyncapi help" -l token -d 'Authentication token (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand docs; and not __fish_seen_subcommand_from asyncapi help" -l creds -d 'User credentials file (JWT + nkey seed)' -r -F
complete -c evt -n "__fish_evt_using_subcommand docs; and not __fish_seen_subcommand_from asyncapi help" -l nkey -d 'File holding an nkey user seed' -r -F
complete -c evt -n "__fish_evt_using_subcommand docs; and not __fish_seen_subcommand_from asyncapi help" -l tls-ca -d 'CA certificate to verify the server (turns TLS on)' -r -F
complete -c evt -n "__fish_evt_using_subcommand docs; and not __fish_seen_subcommand_from asyncapi help" -l tls-cert -d 'Client certificate for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand docs; and not __fish_seen_subcommand_from asyncapi help" -l tls-key -d 'Client key for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand docs; and not __fish_seen_subcommand_from asyncapi help" -l context -d 'natscli context name (or path to its JSON); default: the selected natscli context' -r
complete -c evt -n "__fish_evt_using_subcommand docs; and not __fish_seen_subcommand_from asyncapi help" -l connect-timeout -d 'How long to wait for the server before giving up' -r
complete -c evt -n "__fish_evt_using_subcommand docs; and not __fish_seen_subcommand_from asyncapi help" -l schemas -d 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available' -r -F
complete -c evt -n "__fish_evt_using_subcommand docs; and not __fish_seen_subcommand_from asyncapi help" -l max-inflate -d 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes' -r
complete -c evt -n "__fish_evt_using_subcommand docs; and not __fish_seen_subcommand_from asyncapi help" -l max-json-values -d 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit' -r
complete -c evt -n "__fish_evt_using_subcommand docs; and not __fish_seen_subcommand_from asyncapi help" -l tls-first -d 'TLS handshake before the server INFO (servers with handshake_first)'
complete -c evt -n "__fish_evt_using_subcommand docs; and not __fish_seen_subcommand_from asyncapi help" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c evt -n "__fish_evt_using_subcommand docs; and not __fish_seen_subcommand_from asyncapi help" -s q -l quiet -d 'Only errors on stderr'
complete -c evt -n "__fish_evt_using_subcommand docs; and not __fish_seen_subcommand_from asyncapi help" -l log-json -d 'Log lines as JSON objects (for log shippers)'
complete -c evt -n "__fish_evt_using_subcommand docs; and not __fish_seen_subcommand_from asyncapi help" -s h -l help -d 'Print help'
complete -c evt -n "__fish_evt_using_subcommand docs; and not __fish_seen_subcommand_from asyncapi help" -s V -l version -d 'Print version'
complete -c evt -n "__fish_evt_using_subcommand docs; and not __fish_seen_subcommand_from asyncapi help" -f -a "asyncapi" -d 'Print an AsyncAPI 3.0 document: a channel per stream subject, a message per event type (payload schema and the wire headers), a receive operation per declared consumer with its NATS binding. Schemas: built-in plus --schemas DIR'
complete -c evt -n "__fish_evt_using_subcommand docs; and not __fish_seen_subcommand_from asyncapi help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evt -n "__fish_evt_using_subcommand docs; and __fish_seen_subcommand_from asyncapi" -l title -d 'The document\'s info.title' -r
complete -c evt -n "__fish_evt_using_subcommand docs; and __fish_seen_subcommand_from asyncapi" -l doc-version -d 'The document\'s info.version' -r
complete -c evt -n "__fish_evt_using_subcommand docs; and __fish_seen_subcommand_from asyncapi" -s o -l output -d 'Output format' -r -f -a "yaml\t''
json\t''"
complete -c evt -n "__fish_evt_using_subcommand docs; and __fish_seen_subcommand_from asyncapi" -s s -l server -d 'NATS server URL(s), comma separated' -r
complete -c evt -n "__fish_evt_using_subcommand docs; and __fish_seen_subcommand_from asyncapi" -l user -d 'Username for user/password authentication' -r
complete -c evt -n "__fish_evt_using_subcommand docs; and __fish_seen_subcommand_from asyncapi" -l password -d 'Password for user/password authentication (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand docs; and __fish_seen_subcommand_from asyncapi" -l token -d 'Authentication token (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand docs; and __fish_seen_subcommand_from asyncapi" -l creds -d 'User credentials file (JWT + nkey seed)' -r -F
complete -c evt -n "__fish_evt_using_subcommand docs; and __fish_seen_subcommand_from asyncapi" -l nkey -d 'File holding an nkey user seed' -r -F
complete -c evt -n "__fish_evt_using_subcommand docs; and __fish_seen_subcommand_from asyncapi" -l tls-ca -d 'CA certificate to verify the server (turns TLS on)' -r -F
complete -c evt -n "__fish_evt_using_subcommand docs; and __fish_seen_subcommand_from asyncapi" -l tls-cert -d 'Client certificate for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand docs; and __fish_seen_subcommand_from asyncapi" -l tls-key -d 'Client key for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand docs; and __fish_seen_subcommand_from asyncapi" -l context -d 'natscli context name (or path to its JSON); default: the selected natscli context' -r
complete -c evt -n "__fish_evt_using_subcommand docs; and __fish_seen_subcommand_from asyncapi" -l connect-timeout -d 'How long to wait for the server before giving up' -r
complete -c evt -n "__fish_evt_using_subcommand docs; and __fish_seen_subcommand_from asyncapi" -l schemas -d 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available' -r -F
complete -c evt -n "__fish_evt_using_subcommand docs; and __fish_seen_subcommand_from asyncapi" -l max-inflate -d 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes' -r
complete -c evt -n "__fish_evt_using_subcommand docs; and __fish_seen_subcommand_from asyncapi" -l max-json-values -d 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit' -r
complete -c evt -n "__fish_evt_using_subcommand docs; and __fish_seen_subcommand_from asyncapi" -l tls-first -d 'TLS handshake before the server INFO (servers with handshake_first)'
complete -c evt -n "__fish_evt_using_subcommand docs; and __fish_seen_subcommand_from asyncapi" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c evt -n "__fish_evt_using_subcommand docs; and __fish_seen_subcommand_from asyncapi" -s q -l quiet -d 'Only errors on stderr'
complete -c evt -n "__fish_evt_using_subcommand docs; and __fish_seen_subcommand_from asyncapi" -l log-json -d 'Log lines as JSON objects (for log shippers)'
complete -c evt -n "__fish_evt_using_subcommand docs; and __fish_seen_subcommand_from asyncapi" -s h -l help -d 'Print help'
complete -c evt -n "__fish_evt_using_subcommand docs; and __fish_seen_subcommand_from asyncapi" -s V -l version -d 'Print version'
complete -c evt -n "__fish_evt_using_subcommand docs; and __fish_seen_subcommand_from help" -f -a "asyncapi" -d 'Print an AsyncAPI 3.0 document: a channel per stream subject, a message per event type (payload schema and the wire headers), a receive operation per declared consumer with its NATS binding. Schemas: built-in plus --schemas DIR'
complete -c evt -n "__fish_evt_using_subcommand docs; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evt -n "__fish_evt_using_subcommand permissions" -l role -r -f -a "publisher\t'Publishes to the subjects given with --subject'
service\t'A handler bound to the declared durable given with --durable, with its DLQ wiring'
reader\t'Reads the declared streams with `evt tail`'
operator\t'Runs `evt streams apply` and `evt dlq replay`'"
complete -c evt -n "__fish_evt_using_subcommand permissions" -l subject -d 'Subject a publisher may publish to (repeat for several; wildcards allowed)' -r
complete -c evt -n "__fish_evt_using_subcommand permissions" -l durable -d 'The declared durable a service is bound to' -r
complete -c evt -n "__fish_evt_using_subcommand permissions" -s o -l output -r -f -a "text\t'A nats-server `permissions` block'
json\t''"
complete -c evt -n "__fish_evt_using_subcommand permissions" -s s -l server -d 'NATS server URL(s), comma separated' -r
complete -c evt -n "__fish_evt_using_subcommand permissions" -l user -d 'Username for user/password authentication' -r
complete -c evt -n "__fish_evt_using_subcommand permissions" -l password -d 'Password for user/password authentication (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand permissions" -l token -d 'Authentication token (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand permissions" -l creds -d 'User credentials file (JWT + nkey seed)' -r -F
complete -c evt -n "__fish_evt_using_subcommand permissions" -l nkey -d 'File holding an nkey user seed' -r -F
complete -c evt -n "__fish_evt_using_subcommand permissions" -l tls-ca -d 'CA certificate to verify the server (turns TLS on)' -r -F
complete -c evt -n "__fish_evt_using_subcommand permissions" -l tls-cert -d 'Client certificate for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand permissions" -l tls-key -d 'Client key for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand permissions" -l context -d 'natscli context name (or path to its JSON); default: the selected natscli context' -r
complete -c evt -n "__fish_evt_using_subcommand permissions" -l connect-timeout -d 'How long to wait for the server before giving up' -r
complete -c evt -n "__fish_evt_using_subcommand permissions" -l schemas -d 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available' -r -F
complete -c evt -n "__fish_evt_using_subcommand permissions" -l max-inflate -d 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes' -r
complete -c evt -n "__fish_evt_using_subcommand permissions" -l max-json-values -d 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit' -r
complete -c evt -n "__fish_evt_using_subcommand permissions" -l tls-first -d 'TLS handshake before the server INFO (servers with handshake_first)'
complete -c evt -n "__fish_evt_using_subcommand permissions" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c evt -n "__fish_evt_using_subcommand permissions" -s q -l quiet -d 'Only errors on stderr'
complete -c evt -n "__fish_evt_using_subcommand permissions" -l log-json -d 'Log lines as JSON objects (for log shippers)'
complete -c evt -n "__fish_evt_using_subcommand permissions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evt -n "__fish_evt_using_subcommand permissions" -s V -l version -d 'Print version'
complete -c evt -n "__fish_evt_using_subcommand help; and not __fish_seen_subcommand_from publish tail schemas streams consume dlq check report ping completions docs permissions help" -f -a "publish" -d 'Publish one typed event, or a file of them (NDJSON or JSON array), validated and acked'
complete -c evt -n "__fish_evt_using_subcommand help; and not __fish_seen_subcommand_from publish tail schemas streams consume dlq check report ping completions docs permissions help" -f -a "tail" -d 'Follow a subject like `tail -f`, optionally decoding typed events'
complete -c evt -n "__fish_evt_using_subcommand help; and not __fish_seen_subcommand_from publish tail schemas streams consume dlq check report ping completions docs permissions help" -f -a "schemas" -d 'List, show and validate event schemas'
complete -c evt -n "__fish_evt_using_subcommand help; and not __fish_seen_subcommand_from publish tail schemas streams consume dlq check report ping completions docs permissions help" -f -a "streams" -d 'Streams as code: validate, plan, apply, export, ls'
complete -c evt -n "__fish_evt_using_subcommand help; and not __fish_seen_subcommand_from publish tail schemas streams consume dlq check report ping completions docs permissions help" -f -a "consume" -d 'Consume through a durable consumer, as declared or ad hoc (`--exec CMD` per event)'
complete -c evt -n "__fish_evt_using_subcommand help; and not __fish_seen_subcommand_from publish tail schemas streams consume dlq check report ping completions docs permissions help" -f -a "dlq" -d 'Dead letters: ls, show, replay, purge'
complete -c evt -n "__fish_evt_using_subcommand help; and not __fish_seen_subcommand_from publish tail schemas streams consume dlq check report ping completions docs permissions help" -f -a "check" -d 'Monitoring checks of the declared streams, consumers and DLQs (Nagios exit codes)'
complete -c evt -n "__fish_evt_using_subcommand help; and not __fish_seen_subcommand_from publish tail schemas streams consume dlq check report ping completions docs permissions help" -f -a "report" -d 'One table of the declared streams and consumers: lag, ack pending, DLQ depth, drift'
complete -c evt -n "__fish_evt_using_subcommand help; and not __fish_seen_subcommand_from publish tail schemas streams consume dlq check report ping completions docs permissions help" -f -a "ping" -d 'Check the connection: server, version, round trip, JetStream'
complete -c evt -n "__fish_evt_using_subcommand help; and not __fish_seen_subcommand_from publish tail schemas streams consume dlq check report ping completions docs permissions help" -f -a "completions" -d 'Print shell completions (bash, zsh, fish, elvish, powershell)'
complete -c evt -n "__fish_evt_using_subcommand help; and not __fish_seen_subcommand_from publish tail schemas streams consume dlq check report ping completions docs permissions help" -f -a "docs" -d 'Generated documentation: `asyncapi` (AsyncAPI 3.0 of streams and schemas)'
complete -c evt -n "__fish_evt_using_subcommand help; and not __fish_seen_subcommand_from publish tail schemas streams consume dlq check report ping completions docs permissions help" -f -a "permissions" -d 'Least-privilege nats-server permissions for a role, derived from the declared streams'
complete -c evt -n "__fish_evt_using_subcommand help; and not __fish_seen_subcommand_from publish tail schemas streams consume dlq check report ping completions docs permissions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evt -n "__fish_evt_using_subcommand help; and __fish_seen_subcommand_from schemas" -f -a "ls" -d 'List known event types: name, base name, version, where the schema comes from, and the type\'s own required fields (the envelope\'s are always required)'
complete -c evt -n "__fish_evt_using_subcommand help; and __fish_seen_subcommand_from schemas" -f -a "show" -d 'Print an event type\'s effective JSON Schema (envelope fields included)'
complete -c evt -n "__fish_evt_using_subcommand help; and __fish_seen_subcommand_from schemas" -f -a "validate" -d 'Check events in a file against their schemas, as `evt publish` would (or as a reader would, with --tolerant)'
complete -c evt -n "__fish_evt_using_subcommand help; and __fish_seen_subcommand_from schemas" -f -a "check" -d 'Check schemas for compatibility with a git ref or a directory (--against), or the events retained in a stream against this tree\'s schemas (--stream)'
complete -c evt -n "__fish_evt_using_subcommand help; and __fish_seen_subcommand_from schemas" -f -a "infer" -d 'Draft a JSON Schema per event type from sample events (a stream or a file): types seen, fields always present as required, enums for strings with few values, closed objects; Python\'s nulls make a field optional. Prints how many events each came from'
complete -c evt -n "__fish_evt_using_subcommand help; and __fish_seen_subcommand_from streams" -f -a "validate" -d 'Check stream specs without a server: names, subject overlaps (wildcards included), consumer filters, backoff vs max_deliver, duplicate_window vs max_age, DLQ wiring'
complete -c evt -n "__fish_evt_using_subcommand help; and __fish_seen_subcommand_from streams" -f -a "plan" -d 'Show what `apply` would change on the server, each change classified: create, in place, one-way, needs recreation, refused by this server'
complete -c evt -n "__fish_evt_using_subcommand help; and __fish_seen_subcommand_from streams" -f -a "apply" -d 'Apply the spec: compute the plan (as `evt streams plan` shows it) and execute exactly that. Streams first (DLQ and advisory capture before anything that needs them), then consumers'
complete -c evt -n "__fish_evt_using_subcommand help; and __fish_seen_subcommand_from streams" -f -a "export" -d 'Write live streams and their durable consumers as spec YAML (to stdout), such that `plan` of the result against the same server shows no changes'
complete -c evt -n "__fish_evt_using_subcommand help; and __fish_seen_subcommand_from streams" -f -a "ls" -d 'List streams: subjects, messages, bytes, consumers, and whether evt manages them'
complete -c evt -n "__fish_evt_using_subcommand help; and __fish_seen_subcommand_from dlq" -f -a "ls" -d 'List dead letters. Without --all: one line per group of entries that failed the same way (by default the same consumer, reason and error, with numbers, uuids and hex ids in the error masked), with count, first and last failure, and an example DLQ sequence; parked entries (`dlq.….parked`) are listed apart. Use a group\'s ID with --group on ls, show, replay and purge'
complete -c evt -n "__fish_evt_using_subcommand help; and __fish_seen_subcommand_from dlq" -f -a "show" -d 'Show one entry of the DLQ: failure context, original headers, payload, and the event decoded through its schema (or why it does not decode)'
complete -c evt -n "__fish_evt_using_subcommand help; and __fish_seen_subcommand_from dlq" -f -a "replay" -d 'Replay dead letters: republish each to its original subject (or --to) under a new, stable message id with `Evt-Replay-Of`, and delete the DLQ entry only after the copy is acknowledged. Safe to re-run after a crash: already-replayed entries are deduplicated by the target stream (within its duplicate window) and removed'
complete -c evt -n "__fish_evt_using_subcommand help; and __fish_seen_subcommand_from dlq" -f -a "purge" -d 'Delete dead letters for good. Asks for confirmation on the terminal unless --yes; with no filter at all, --all is required'
complete -c evt -n "__fish_evt_using_subcommand help; and __fish_seen_subcommand_from dlq" -f -a "tasks" -d 'List redrive tasks, newest first: id, DLQ, filter, target, rate, moved, left, failed, status (RUNNING, COMPLETED, CANCELLED, FAILED, or INTERRUPTED when the process running it stopped without finishing), who started it and when'
complete -c evt -n "__fish_evt_using_subcommand help; and __fish_seen_subcommand_from dlq" -f -a "cancel" -d 'Stop a running redrive task: it takes no more entries, the copies in flight are acked and their entries removed, and it ends CANCELLED (resumable with `evt dlq replay --resume`). An interrupted task is marked CANCELLED at once'
complete -c evt -n "__fish_evt_using_subcommand help; and __fish_seen_subcommand_from docs" -f -a "asyncapi" -d 'Print an AsyncAPI 3.0 document: a channel per stream subject, a message per event type (payload schema and the wire headers), a receive operation per declared consumer with its NATS binding. Schemas: built-in plus --schemas DIR'
