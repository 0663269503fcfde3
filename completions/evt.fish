# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_evt_global_optspecs
    string join \n s/server= user= password= token= creds= nkey= tls-ca= tls-cert= tls-key= tls-first context= connect-timeout= schemas= v/verbose q/quiet log-json h/help V/version
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
complete -c evt -n "__fish_evt_needs_command" -f -a "ping" -d 'Check the connection: server, version, round trip, JetStream'
complete -c evt -n "__fish_evt_needs_command" -f -a "completions" -d 'Print shell completions (bash, zsh, fish, elvish, powershell)'
complete -c evt -n "__fish_evt_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evt -n "__fish_evt_using_subcommand publish" -s f -l file -d 'Read events from FILE (\'-\' for stdin); default: stdin' -r -F
complete -c evt -n "__fish_evt_using_subcommand publish" -s H -l header -d 'Extra header KEY=VALUE (repeatable); cannot override the contract headers' -r
complete -c evt -n "__fish_evt_using_subcommand publish" -l correlation-id -d 'Correlation id for every event (overrides the body\'s)' -r
complete -c evt -n "__fish_evt_using_subcommand publish" -l traceparent -d 'W3C traceparent to attach to every event; default: a new trace per event' -r
complete -c evt -n "__fish_evt_using_subcommand publish" -l source -d '`source` for events that have none; default: evt@<hostname>' -r
complete -c evt -n "__fish_evt_using_subcommand publish" -l retries -d 'Retries of a failed publish (timeouts, no responders, connection loss)' -r
complete -c evt -n "__fish_evt_using_subcommand publish" -l retry-max -d 'Total time budget for retrying one event' -r
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
complete -c evt -n "__fish_evt_using_subcommand publish" -l compress -d 'gzip the body (header `compressed: true`)'
complete -c evt -n "__fish_evt_using_subcommand publish" -l stop-on-error -d 'Stop at the first bad or failed event (events before it are published)'
complete -c evt -n "__fish_evt_using_subcommand publish" -l dry-run -d 'Validate and print headers, sizes and body without connecting'
complete -c evt -n "__fish_evt_using_subcommand publish" -l tls-first -d 'TLS handshake before the server INFO (servers with handshake_first)'
complete -c evt -n "__fish_evt_using_subcommand publish" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c evt -n "__fish_evt_using_subcommand publish" -s q -l quiet -d 'Only errors on stderr'
complete -c evt -n "__fish_evt_using_subcommand publish" -l log-json -d 'Log lines as JSON objects (for log shippers)'
complete -c evt -n "__fish_evt_using_subcommand publish" -s h -l help -d 'Print help'
complete -c evt -n "__fish_evt_using_subcommand publish" -s V -l version -d 'Print version'
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
complete -c evt -n "__fish_evt_using_subcommand tail" -l tls-first -d 'TLS handshake before the server INFO (servers with handshake_first)'
complete -c evt -n "__fish_evt_using_subcommand tail" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c evt -n "__fish_evt_using_subcommand tail" -s q -l quiet -d 'Only errors on stderr'
complete -c evt -n "__fish_evt_using_subcommand tail" -l log-json -d 'Log lines as JSON objects (for log shippers)'
complete -c evt -n "__fish_evt_using_subcommand tail" -s h -l help -d 'Print help'
complete -c evt -n "__fish_evt_using_subcommand tail" -s V -l version -d 'Print version'
complete -c evt -n "__fish_evt_using_subcommand schemas; and not __fish_seen_subcommand_from ls show validate help" -s s -l server -d 'NATS server URL(s), comma separated' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and not __fish_seen_subcommand_from ls show validate help" -l user -d 'Username for user/password authentication' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and not __fish_seen_subcommand_from ls show validate help" -l password -d 'Password for user/password authentication (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and not __fish_seen_subcommand_from ls show validate help" -l token -d 'Authentication token (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and not __fish_seen_subcommand_from ls show validate help" -l creds -d 'User credentials file (JWT + nkey seed)' -r -F
complete -c evt -n "__fish_evt_using_subcommand schemas; and not __fish_seen_subcommand_from ls show validate help" -l nkey -d 'File holding an nkey user seed' -r -F
complete -c evt -n "__fish_evt_using_subcommand schemas; and not __fish_seen_subcommand_from ls show validate help" -l tls-ca -d 'CA certificate to verify the server (turns TLS on)' -r -F
complete -c evt -n "__fish_evt_using_subcommand schemas; and not __fish_seen_subcommand_from ls show validate help" -l tls-cert -d 'Client certificate for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand schemas; and not __fish_seen_subcommand_from ls show validate help" -l tls-key -d 'Client key for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand schemas; and not __fish_seen_subcommand_from ls show validate help" -l context -d 'natscli context name (or path to its JSON); default: the selected natscli context' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and not __fish_seen_subcommand_from ls show validate help" -l connect-timeout -d 'How long to wait for the server before giving up' -r
complete -c evt -n "__fish_evt_using_subcommand schemas; and not __fish_seen_subcommand_from ls show validate help" -l schemas -d 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available' -r -F
complete -c evt -n "__fish_evt_using_subcommand schemas; and not __fish_seen_subcommand_from ls show validate help" -l tls-first -d 'TLS handshake before the server INFO (servers with handshake_first)'
complete -c evt -n "__fish_evt_using_subcommand schemas; and not __fish_seen_subcommand_from ls show validate help" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c evt -n "__fish_evt_using_subcommand schemas; and not __fish_seen_subcommand_from ls show validate help" -s q -l quiet -d 'Only errors on stderr'
complete -c evt -n "__fish_evt_using_subcommand schemas; and not __fish_seen_subcommand_from ls show validate help" -l log-json -d 'Log lines as JSON objects (for log shippers)'
complete -c evt -n "__fish_evt_using_subcommand schemas; and not __fish_seen_subcommand_from ls show validate help" -s h -l help -d 'Print help'
complete -c evt -n "__fish_evt_using_subcommand schemas; and not __fish_seen_subcommand_from ls show validate help" -s V -l version -d 'Print version'
complete -c evt -n "__fish_evt_using_subcommand schemas; and not __fish_seen_subcommand_from ls show validate help" -f -a "ls" -d 'List known event types: name, base name, version, where the schema comes from, and the type\'s own required fields (the envelope\'s are always required)'
complete -c evt -n "__fish_evt_using_subcommand schemas; and not __fish_seen_subcommand_from ls show validate help" -f -a "show" -d 'Print an event type\'s effective JSON Schema (envelope fields included)'
complete -c evt -n "__fish_evt_using_subcommand schemas; and not __fish_seen_subcommand_from ls show validate help" -f -a "validate" -d 'Check events in a file against their schemas, as `evt publish` would (or as a reader would, with --tolerant)'
complete -c evt -n "__fish_evt_using_subcommand schemas; and not __fish_seen_subcommand_from ls show validate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
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
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from validate" -l tolerant -d 'Apply the reader\'s rules (nulls and unknown fields accepted, nothing filled in) instead of the publisher\'s'
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from validate" -l tls-first -d 'TLS handshake before the server INFO (servers with handshake_first)'
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from validate" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from validate" -s q -l quiet -d 'Only errors on stderr'
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from validate" -l log-json -d 'Log lines as JSON objects (for log shippers)'
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from validate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from validate" -s V -l version -d 'Print version'
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from help" -f -a "ls" -d 'List known event types: name, base name, version, where the schema comes from, and the type\'s own required fields (the envelope\'s are always required)'
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print an event type\'s effective JSON Schema (envelope fields included)'
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from help" -f -a "validate" -d 'Check events in a file against their schemas, as `evt publish` would (or as a reader would, with --tolerant)'
complete -c evt -n "__fish_evt_using_subcommand schemas; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evt -n "__fish_evt_using_subcommand streams; and not __fish_seen_subcommand_from ls help" -s s -l server -d 'NATS server URL(s), comma separated' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and not __fish_seen_subcommand_from ls help" -l user -d 'Username for user/password authentication' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and not __fish_seen_subcommand_from ls help" -l password -d 'Password for user/password authentication (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and not __fish_seen_subcommand_from ls help" -l token -d 'Authentication token (never printed)' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and not __fish_seen_subcommand_from ls help" -l creds -d 'User credentials file (JWT + nkey seed)' -r -F
complete -c evt -n "__fish_evt_using_subcommand streams; and not __fish_seen_subcommand_from ls help" -l nkey -d 'File holding an nkey user seed' -r -F
complete -c evt -n "__fish_evt_using_subcommand streams; and not __fish_seen_subcommand_from ls help" -l tls-ca -d 'CA certificate to verify the server (turns TLS on)' -r -F
complete -c evt -n "__fish_evt_using_subcommand streams; and not __fish_seen_subcommand_from ls help" -l tls-cert -d 'Client certificate for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand streams; and not __fish_seen_subcommand_from ls help" -l tls-key -d 'Client key for mutual TLS' -r -F
complete -c evt -n "__fish_evt_using_subcommand streams; and not __fish_seen_subcommand_from ls help" -l context -d 'natscli context name (or path to its JSON); default: the selected natscli context' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and not __fish_seen_subcommand_from ls help" -l connect-timeout -d 'How long to wait for the server before giving up' -r
complete -c evt -n "__fish_evt_using_subcommand streams; and not __fish_seen_subcommand_from ls help" -l schemas -d 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available' -r -F
complete -c evt -n "__fish_evt_using_subcommand streams; and not __fish_seen_subcommand_from ls help" -l tls-first -d 'TLS handshake before the server INFO (servers with handshake_first)'
complete -c evt -n "__fish_evt_using_subcommand streams; and not __fish_seen_subcommand_from ls help" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c evt -n "__fish_evt_using_subcommand streams; and not __fish_seen_subcommand_from ls help" -s q -l quiet -d 'Only errors on stderr'
complete -c evt -n "__fish_evt_using_subcommand streams; and not __fish_seen_subcommand_from ls help" -l log-json -d 'Log lines as JSON objects (for log shippers)'
complete -c evt -n "__fish_evt_using_subcommand streams; and not __fish_seen_subcommand_from ls help" -s h -l help -d 'Print help'
complete -c evt -n "__fish_evt_using_subcommand streams; and not __fish_seen_subcommand_from ls help" -s V -l version -d 'Print version'
complete -c evt -n "__fish_evt_using_subcommand streams; and not __fish_seen_subcommand_from ls help" -f -a "ls" -d 'List streams'
complete -c evt -n "__fish_evt_using_subcommand streams; and not __fish_seen_subcommand_from ls help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
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
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from ls" -l tls-first -d 'TLS handshake before the server INFO (servers with handshake_first)'
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Only errors on stderr'
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from ls" -l log-json -d 'Log lines as JSON objects (for log shippers)'
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help'
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from help" -f -a "ls" -d 'List streams'
complete -c evt -n "__fish_evt_using_subcommand streams; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
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
complete -c evt -n "__fish_evt_using_subcommand completions" -l tls-first -d 'TLS handshake before the server INFO (servers with handshake_first)'
complete -c evt -n "__fish_evt_using_subcommand completions" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c evt -n "__fish_evt_using_subcommand completions" -s q -l quiet -d 'Only errors on stderr'
complete -c evt -n "__fish_evt_using_subcommand completions" -l log-json -d 'Log lines as JSON objects (for log shippers)'
complete -c evt -n "__fish_evt_using_subcommand completions" -s h -l help -d 'Print help'
complete -c evt -n "__fish_evt_using_subcommand completions" -s V -l version -d 'Print version'
complete -c evt -n "__fish_evt_using_subcommand help; and not __fish_seen_subcommand_from publish tail schemas streams ping completions help" -f -a "publish" -d 'Publish one typed event, or a file of them (NDJSON or JSON array), validated and acked'
complete -c evt -n "__fish_evt_using_subcommand help; and not __fish_seen_subcommand_from publish tail schemas streams ping completions help" -f -a "tail" -d 'Follow a subject like `tail -f`, optionally decoding typed events'
complete -c evt -n "__fish_evt_using_subcommand help; and not __fish_seen_subcommand_from publish tail schemas streams ping completions help" -f -a "schemas" -d 'List, show and validate event schemas'
complete -c evt -n "__fish_evt_using_subcommand help; and not __fish_seen_subcommand_from publish tail schemas streams ping completions help" -f -a "streams" -d 'Streams as code: validate, plan, apply, export, ls'
complete -c evt -n "__fish_evt_using_subcommand help; and not __fish_seen_subcommand_from publish tail schemas streams ping completions help" -f -a "ping" -d 'Check the connection: server, version, round trip, JetStream'
complete -c evt -n "__fish_evt_using_subcommand help; and not __fish_seen_subcommand_from publish tail schemas streams ping completions help" -f -a "completions" -d 'Print shell completions (bash, zsh, fish, elvish, powershell)'
complete -c evt -n "__fish_evt_using_subcommand help; and not __fish_seen_subcommand_from publish tail schemas streams ping completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evt -n "__fish_evt_using_subcommand help; and __fish_seen_subcommand_from schemas" -f -a "ls" -d 'List known event types: name, base name, version, where the schema comes from, and the type\'s own required fields (the envelope\'s are always required)'
complete -c evt -n "__fish_evt_using_subcommand help; and __fish_seen_subcommand_from schemas" -f -a "show" -d 'Print an event type\'s effective JSON Schema (envelope fields included)'
complete -c evt -n "__fish_evt_using_subcommand help; and __fish_seen_subcommand_from schemas" -f -a "validate" -d 'Check events in a file against their schemas, as `evt publish` would (or as a reader would, with --tolerant)'
complete -c evt -n "__fish_evt_using_subcommand help; and __fish_seen_subcommand_from streams" -f -a "ls" -d 'List streams'
