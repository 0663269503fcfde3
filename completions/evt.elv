
use builtin;
use str;

set edit:completion:arg-completer[evt] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'evt'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'evt'= {
            cand -s 'NATS server URL(s), comma separated'
            cand --server 'NATS server URL(s), comma separated'
            cand --user 'Username for user/password authentication'
            cand --password 'Password for user/password authentication (never printed)'
            cand --token 'Authentication token (never printed)'
            cand --creds 'User credentials file (JWT + nkey seed)'
            cand --nkey 'File holding an nkey user seed'
            cand --tls-ca 'CA certificate to verify the server (turns TLS on)'
            cand --tls-cert 'Client certificate for mutual TLS'
            cand --tls-key 'Client key for mutual TLS'
            cand --context 'natscli context name (or path to its JSON); default: the selected natscli context'
            cand --connect-timeout 'How long to wait for the server before giving up'
            cand --schemas 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available'
            cand --tls-first 'TLS handshake before the server INFO (servers with handshake_first)'
            cand -v 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand --log-json 'Log lines as JSON objects (for log shippers)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand publish 'Publish one typed event, or a file of them (NDJSON or JSON array), validated and acked'
            cand tail 'Follow a subject like `tail -f`, optionally decoding typed events'
            cand schemas 'List, show and validate event schemas'
            cand streams 'Streams as code: validate, plan, apply, export, ls'
            cand ping 'Check the connection: server, version, round trip, JetStream'
            cand completions 'Print shell completions (bash, zsh, fish, elvish, powershell)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evt;publish'= {
            cand -f 'Read events from FILE (''-'' for stdin); default: stdin'
            cand --file 'Read events from FILE (''-'' for stdin); default: stdin'
            cand -H 'Extra header KEY=VALUE (repeatable); cannot override the contract headers'
            cand --header 'Extra header KEY=VALUE (repeatable); cannot override the contract headers'
            cand --correlation-id 'Correlation id for every event (overrides the body''s)'
            cand --traceparent 'W3C traceparent to attach to every event; default: a new trace per event'
            cand --source '`source` for events that have none; default: evt@<hostname>'
            cand --retries 'Retries of a failed publish (timeouts, no responders, connection loss)'
            cand --retry-max 'Total time budget for retrying one event'
            cand --ack-timeout 'How long to wait for each publish ack'
            cand --window 'Publish acks in flight at most; 1 = strict order'
            cand -o 'Output format (the receipt or the batch summary on stdout with json)'
            cand --output 'Output format (the receipt or the batch summary on stdout with json)'
            cand -s 'NATS server URL(s), comma separated'
            cand --server 'NATS server URL(s), comma separated'
            cand --user 'Username for user/password authentication'
            cand --password 'Password for user/password authentication (never printed)'
            cand --token 'Authentication token (never printed)'
            cand --creds 'User credentials file (JWT + nkey seed)'
            cand --nkey 'File holding an nkey user seed'
            cand --tls-ca 'CA certificate to verify the server (turns TLS on)'
            cand --tls-cert 'Client certificate for mutual TLS'
            cand --tls-key 'Client key for mutual TLS'
            cand --context 'natscli context name (or path to its JSON); default: the selected natscli context'
            cand --connect-timeout 'How long to wait for the server before giving up'
            cand --schemas 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available'
            cand --compress 'gzip the body (header `compressed: true`)'
            cand --stop-on-error 'Stop at the first bad or failed event (events before it are published)'
            cand --dry-run 'Validate and print headers, sizes and body without connecting'
            cand --tls-first 'TLS handshake before the server INFO (servers with handshake_first)'
            cand -v 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand --log-json 'Log lines as JSON objects (for log shippers)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evt;tail'= {
            cand -s 'NATS server URL(s), comma separated'
            cand --server 'NATS server URL(s), comma separated'
            cand --user 'Username for user/password authentication'
            cand --password 'Password for user/password authentication (never printed)'
            cand --token 'Authentication token (never printed)'
            cand --creds 'User credentials file (JWT + nkey seed)'
            cand --nkey 'File holding an nkey user seed'
            cand --tls-ca 'CA certificate to verify the server (turns TLS on)'
            cand --tls-cert 'Client certificate for mutual TLS'
            cand --tls-key 'Client key for mutual TLS'
            cand --context 'natscli context name (or path to its JSON); default: the selected natscli context'
            cand --connect-timeout 'How long to wait for the server before giving up'
            cand --schemas 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available'
            cand --tls-first 'TLS handshake before the server INFO (servers with handshake_first)'
            cand -v 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand --log-json 'Log lines as JSON objects (for log shippers)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evt;schemas'= {
            cand -s 'NATS server URL(s), comma separated'
            cand --server 'NATS server URL(s), comma separated'
            cand --user 'Username for user/password authentication'
            cand --password 'Password for user/password authentication (never printed)'
            cand --token 'Authentication token (never printed)'
            cand --creds 'User credentials file (JWT + nkey seed)'
            cand --nkey 'File holding an nkey user seed'
            cand --tls-ca 'CA certificate to verify the server (turns TLS on)'
            cand --tls-cert 'Client certificate for mutual TLS'
            cand --tls-key 'Client key for mutual TLS'
            cand --context 'natscli context name (or path to its JSON); default: the selected natscli context'
            cand --connect-timeout 'How long to wait for the server before giving up'
            cand --schemas 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available'
            cand --tls-first 'TLS handshake before the server INFO (servers with handshake_first)'
            cand -v 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand --log-json 'Log lines as JSON objects (for log shippers)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand ls 'List known event types: name, base name, version, where the schema comes from, and the type''s own required fields (the envelope''s are always required)'
            cand show 'Print an event type''s effective JSON Schema (envelope fields included)'
            cand validate 'Check events in a file against their schemas, as `evt publish` would (or as a reader would, with --tolerant)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evt;schemas;ls'= {
            cand -o 'Output format (json: one object per line)'
            cand --output 'Output format (json: one object per line)'
            cand -s 'NATS server URL(s), comma separated'
            cand --server 'NATS server URL(s), comma separated'
            cand --user 'Username for user/password authentication'
            cand --password 'Password for user/password authentication (never printed)'
            cand --token 'Authentication token (never printed)'
            cand --creds 'User credentials file (JWT + nkey seed)'
            cand --nkey 'File holding an nkey user seed'
            cand --tls-ca 'CA certificate to verify the server (turns TLS on)'
            cand --tls-cert 'Client certificate for mutual TLS'
            cand --tls-key 'Client key for mutual TLS'
            cand --context 'natscli context name (or path to its JSON); default: the selected natscli context'
            cand --connect-timeout 'How long to wait for the server before giving up'
            cand --schemas 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available'
            cand --tls-first 'TLS handshake before the server INFO (servers with handshake_first)'
            cand -v 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand --log-json 'Log lines as JSON objects (for log shippers)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evt;schemas;show'= {
            cand -s 'NATS server URL(s), comma separated'
            cand --server 'NATS server URL(s), comma separated'
            cand --user 'Username for user/password authentication'
            cand --password 'Password for user/password authentication (never printed)'
            cand --token 'Authentication token (never printed)'
            cand --creds 'User credentials file (JWT + nkey seed)'
            cand --nkey 'File holding an nkey user seed'
            cand --tls-ca 'CA certificate to verify the server (turns TLS on)'
            cand --tls-cert 'Client certificate for mutual TLS'
            cand --tls-key 'Client key for mutual TLS'
            cand --context 'natscli context name (or path to its JSON); default: the selected natscli context'
            cand --connect-timeout 'How long to wait for the server before giving up'
            cand --schemas 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available'
            cand --tls-first 'TLS handshake before the server INFO (servers with handshake_first)'
            cand -v 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand --log-json 'Log lines as JSON objects (for log shippers)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evt;schemas;validate'= {
            cand -o 'Output format for the reports (json: one object per bad event)'
            cand --output 'Output format for the reports (json: one object per bad event)'
            cand -s 'NATS server URL(s), comma separated'
            cand --server 'NATS server URL(s), comma separated'
            cand --user 'Username for user/password authentication'
            cand --password 'Password for user/password authentication (never printed)'
            cand --token 'Authentication token (never printed)'
            cand --creds 'User credentials file (JWT + nkey seed)'
            cand --nkey 'File holding an nkey user seed'
            cand --tls-ca 'CA certificate to verify the server (turns TLS on)'
            cand --tls-cert 'Client certificate for mutual TLS'
            cand --tls-key 'Client key for mutual TLS'
            cand --context 'natscli context name (or path to its JSON); default: the selected natscli context'
            cand --connect-timeout 'How long to wait for the server before giving up'
            cand --schemas 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available'
            cand --tolerant 'Apply the reader''s rules (nulls and unknown fields accepted, nothing filled in) instead of the publisher''s'
            cand --tls-first 'TLS handshake before the server INFO (servers with handshake_first)'
            cand -v 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand --log-json 'Log lines as JSON objects (for log shippers)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evt;schemas;help'= {
            cand ls 'List known event types: name, base name, version, where the schema comes from, and the type''s own required fields (the envelope''s are always required)'
            cand show 'Print an event type''s effective JSON Schema (envelope fields included)'
            cand validate 'Check events in a file against their schemas, as `evt publish` would (or as a reader would, with --tolerant)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evt;schemas;help;ls'= {
        }
        &'evt;schemas;help;show'= {
        }
        &'evt;schemas;help;validate'= {
        }
        &'evt;schemas;help;help'= {
        }
        &'evt;streams'= {
            cand -s 'NATS server URL(s), comma separated'
            cand --server 'NATS server URL(s), comma separated'
            cand --user 'Username for user/password authentication'
            cand --password 'Password for user/password authentication (never printed)'
            cand --token 'Authentication token (never printed)'
            cand --creds 'User credentials file (JWT + nkey seed)'
            cand --nkey 'File holding an nkey user seed'
            cand --tls-ca 'CA certificate to verify the server (turns TLS on)'
            cand --tls-cert 'Client certificate for mutual TLS'
            cand --tls-key 'Client key for mutual TLS'
            cand --context 'natscli context name (or path to its JSON); default: the selected natscli context'
            cand --connect-timeout 'How long to wait for the server before giving up'
            cand --schemas 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available'
            cand --tls-first 'TLS handshake before the server INFO (servers with handshake_first)'
            cand -v 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand --log-json 'Log lines as JSON objects (for log shippers)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand ls 'List streams'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evt;streams;ls'= {
            cand -s 'NATS server URL(s), comma separated'
            cand --server 'NATS server URL(s), comma separated'
            cand --user 'Username for user/password authentication'
            cand --password 'Password for user/password authentication (never printed)'
            cand --token 'Authentication token (never printed)'
            cand --creds 'User credentials file (JWT + nkey seed)'
            cand --nkey 'File holding an nkey user seed'
            cand --tls-ca 'CA certificate to verify the server (turns TLS on)'
            cand --tls-cert 'Client certificate for mutual TLS'
            cand --tls-key 'Client key for mutual TLS'
            cand --context 'natscli context name (or path to its JSON); default: the selected natscli context'
            cand --connect-timeout 'How long to wait for the server before giving up'
            cand --schemas 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available'
            cand --tls-first 'TLS handshake before the server INFO (servers with handshake_first)'
            cand -v 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand --log-json 'Log lines as JSON objects (for log shippers)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evt;streams;help'= {
            cand ls 'List streams'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evt;streams;help;ls'= {
        }
        &'evt;streams;help;help'= {
        }
        &'evt;ping'= {
            cand -o 'Output format'
            cand --output 'Output format'
            cand -s 'NATS server URL(s), comma separated'
            cand --server 'NATS server URL(s), comma separated'
            cand --user 'Username for user/password authentication'
            cand --password 'Password for user/password authentication (never printed)'
            cand --token 'Authentication token (never printed)'
            cand --creds 'User credentials file (JWT + nkey seed)'
            cand --nkey 'File holding an nkey user seed'
            cand --tls-ca 'CA certificate to verify the server (turns TLS on)'
            cand --tls-cert 'Client certificate for mutual TLS'
            cand --tls-key 'Client key for mutual TLS'
            cand --context 'natscli context name (or path to its JSON); default: the selected natscli context'
            cand --connect-timeout 'How long to wait for the server before giving up'
            cand --schemas 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available'
            cand --tls-first 'TLS handshake before the server INFO (servers with handshake_first)'
            cand -v 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand --log-json 'Log lines as JSON objects (for log shippers)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evt;completions'= {
            cand -s 'NATS server URL(s), comma separated'
            cand --server 'NATS server URL(s), comma separated'
            cand --user 'Username for user/password authentication'
            cand --password 'Password for user/password authentication (never printed)'
            cand --token 'Authentication token (never printed)'
            cand --creds 'User credentials file (JWT + nkey seed)'
            cand --nkey 'File holding an nkey user seed'
            cand --tls-ca 'CA certificate to verify the server (turns TLS on)'
            cand --tls-cert 'Client certificate for mutual TLS'
            cand --tls-key 'Client key for mutual TLS'
            cand --context 'natscli context name (or path to its JSON); default: the selected natscli context'
            cand --connect-timeout 'How long to wait for the server before giving up'
            cand --schemas 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available'
            cand --tls-first 'TLS handshake before the server INFO (servers with handshake_first)'
            cand -v 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand --log-json 'Log lines as JSON objects (for log shippers)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evt;help'= {
            cand publish 'Publish one typed event, or a file of them (NDJSON or JSON array), validated and acked'
            cand tail 'Follow a subject like `tail -f`, optionally decoding typed events'
            cand schemas 'List, show and validate event schemas'
            cand streams 'Streams as code: validate, plan, apply, export, ls'
            cand ping 'Check the connection: server, version, round trip, JetStream'
            cand completions 'Print shell completions (bash, zsh, fish, elvish, powershell)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evt;help;publish'= {
        }
        &'evt;help;tail'= {
        }
        &'evt;help;schemas'= {
            cand ls 'List known event types: name, base name, version, where the schema comes from, and the type''s own required fields (the envelope''s are always required)'
            cand show 'Print an event type''s effective JSON Schema (envelope fields included)'
            cand validate 'Check events in a file against their schemas, as `evt publish` would (or as a reader would, with --tolerant)'
        }
        &'evt;help;schemas;ls'= {
        }
        &'evt;help;schemas;show'= {
        }
        &'evt;help;schemas;validate'= {
        }
        &'evt;help;streams'= {
            cand ls 'List streams'
        }
        &'evt;help;streams;ls'= {
        }
        &'evt;help;ping'= {
        }
        &'evt;help;completions'= {
        }
        &'evt;help;help'= {
        }
    ]
    $completions[$command]
}
