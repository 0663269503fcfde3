
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
            cand consume 'Run handlers for a subject through a durable consumer (`--exec CMD` per event)'
            cand dlq 'Dead letters: ls, show, replay, purge'
            cand ping 'Check the connection: server, version, round trip, JetStream'
            cand completions 'Print shell completions (bash, zsh, fish, elvish, powershell)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evt;publish'= {
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
        &'evt;tail'= {
            cand --stream 'Read this stream (required when several streams capture the subject)'
            cand --last 'Start with the last N messages matching the subject'
            cand --since 'Start at a time: a duration back from now (5m, 2h) or an RFC 3339 timestamp'
            cand --seq 'Start at this stream sequence'
            cand --count 'Exit after N messages'
            cand --until-idle 'Exit when nothing arrives for this long (with --all: read to the end, then exit)'
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
            cand --decode 'Decode typed events (schemas from the registry) instead of printing raw payloads'
            cand --all 'Start with the oldest message the stream holds for the subject'
            cand --new 'Start with messages stored after tail starts (the default)'
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
            cand validate 'Check stream specs without a server: names, subject overlaps (wildcards included), consumer filters, backoff vs max_deliver, duplicate_window vs max_age, DLQ wiring'
            cand plan 'Show what `apply` would change on the server, each change classified: create, in place, one-way, needs recreation, refused by this server'
            cand apply 'Apply the spec: compute the plan (as `evt streams plan` shows it) and execute exactly that. Streams first (DLQ and advisory capture before anything that needs them), then consumers'
            cand export 'Write live streams and their durable consumers as spec YAML (to stdout), such that `plan` of the result against the same server shows no changes'
            cand ls 'List streams: subjects, messages, bytes, consumers, and whether evt manages them'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evt;streams;validate'= {
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
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evt;streams;plan'= {
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
            cand --prune 'Also plan deleting evt-managed streams and consumers that are no longer declared'
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
        &'evt;streams;apply'= {
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
            cand --prune 'Delete evt-managed streams and consumers that are no longer declared: the given files are then taken as the whole topology'
            cand --allow-recreate 'Allow deleting and creating again what cannot change in place'
            cand --allow-data-loss 'Allow a recreate or prune to delete a stream that holds messages'
            cand --dry-run 'Print the plan and stop'
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
        &'evt;streams;export'= {
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
        &'evt;streams;ls'= {
            cand -o 'Output format (json: one object per stream per line)'
            cand --output 'Output format (json: one object per stream per line)'
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
            cand validate 'Check stream specs without a server: names, subject overlaps (wildcards included), consumer filters, backoff vs max_deliver, duplicate_window vs max_age, DLQ wiring'
            cand plan 'Show what `apply` would change on the server, each change classified: create, in place, one-way, needs recreation, refused by this server'
            cand apply 'Apply the spec: compute the plan (as `evt streams plan` shows it) and execute exactly that. Streams first (DLQ and advisory capture before anything that needs them), then consumers'
            cand export 'Write live streams and their durable consumers as spec YAML (to stdout), such that `plan` of the result against the same server shows no changes'
            cand ls 'List streams: subjects, messages, bytes, consumers, and whether evt manages them'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evt;streams;help;validate'= {
        }
        &'evt;streams;help;plan'= {
        }
        &'evt;streams;help;apply'= {
        }
        &'evt;streams;help;export'= {
        }
        &'evt;streams;help;ls'= {
        }
        &'evt;streams;help;help'= {
        }
        &'evt;consume'= {
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
        &'evt;dlq'= {
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
            cand ls 'List dead letters'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evt;dlq;ls'= {
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
        &'evt;dlq;help'= {
            cand ls 'List dead letters'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evt;dlq;help;ls'= {
        }
        &'evt;dlq;help;help'= {
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
            cand consume 'Run handlers for a subject through a durable consumer (`--exec CMD` per event)'
            cand dlq 'Dead letters: ls, show, replay, purge'
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
            cand validate 'Check stream specs without a server: names, subject overlaps (wildcards included), consumer filters, backoff vs max_deliver, duplicate_window vs max_age, DLQ wiring'
            cand plan 'Show what `apply` would change on the server, each change classified: create, in place, one-way, needs recreation, refused by this server'
            cand apply 'Apply the spec: compute the plan (as `evt streams plan` shows it) and execute exactly that. Streams first (DLQ and advisory capture before anything that needs them), then consumers'
            cand export 'Write live streams and their durable consumers as spec YAML (to stdout), such that `plan` of the result against the same server shows no changes'
            cand ls 'List streams: subjects, messages, bytes, consumers, and whether evt manages them'
        }
        &'evt;help;streams;validate'= {
        }
        &'evt;help;streams;plan'= {
        }
        &'evt;help;streams;apply'= {
        }
        &'evt;help;streams;export'= {
        }
        &'evt;help;streams;ls'= {
        }
        &'evt;help;consume'= {
        }
        &'evt;help;dlq'= {
            cand ls 'List dead letters'
        }
        &'evt;help;dlq;ls'= {
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
