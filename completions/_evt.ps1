
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'evt' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'evt'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'evt' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Username for user/password authentication')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Password for user/password authentication (never printed)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Authentication token (never printed)')
            [CompletionResult]::new('--creds', '--creds', [CompletionResultType]::ParameterName, 'User credentials file (JWT + nkey seed)')
            [CompletionResult]::new('--nkey', '--nkey', [CompletionResultType]::ParameterName, 'File holding an nkey user seed')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'CA certificate to verify the server (turns TLS on)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate for mutual TLS')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Client key for mutual TLS')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'natscli context name (or path to its JSON); default: the selected natscli context')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the server before giving up')
            [CompletionResult]::new('--schemas', '--schemas', [CompletionResultType]::ParameterName, 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available')
            [CompletionResult]::new('--max-inflate', '--max-inflate', [CompletionResultType]::ParameterName, 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes')
            [CompletionResult]::new('--max-json-values', '--max-json-values', [CompletionResultType]::ParameterName, 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit')
            [CompletionResult]::new('--tls-first', '--tls-first', [CompletionResultType]::ParameterName, 'TLS handshake before the server INFO (servers with handshake_first)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--log-json', '--log-json', [CompletionResultType]::ParameterName, 'Log lines as JSON objects (for log shippers)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('publish', 'publish', [CompletionResultType]::ParameterValue, 'Publish one typed event, or a file of them (NDJSON or JSON array), validated and acked')
            [CompletionResult]::new('tail', 'tail', [CompletionResultType]::ParameterValue, 'Follow a subject like `tail -f`, optionally decoding typed events')
            [CompletionResult]::new('schemas', 'schemas', [CompletionResultType]::ParameterValue, 'List, show and validate event schemas')
            [CompletionResult]::new('streams', 'streams', [CompletionResultType]::ParameterValue, 'Streams as code: validate, plan, apply, export, ls')
            [CompletionResult]::new('consume', 'consume', [CompletionResultType]::ParameterValue, 'Consume through a durable consumer, as declared or ad hoc (`--exec CMD` per event)')
            [CompletionResult]::new('dlq', 'dlq', [CompletionResultType]::ParameterValue, 'Dead letters: ls, show, replay, purge')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Monitoring checks of the declared streams, consumers and DLQs (Nagios exit codes)')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'One table of the declared streams and consumers: lag, ack pending, DLQ depth, drift')
            [CompletionResult]::new('ping', 'ping', [CompletionResultType]::ParameterValue, 'Check the connection: server, version, round trip, JetStream')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions (bash, zsh, fish, elvish, powershell)')
            [CompletionResult]::new('docs', 'docs', [CompletionResultType]::ParameterValue, 'Generated documentation: `asyncapi` (AsyncAPI 3.0 of streams and schemas)')
            [CompletionResult]::new('permissions', 'permissions', [CompletionResultType]::ParameterValue, 'Least-privilege nats-server permissions for a role, derived from the declared streams')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evt;publish' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read events from FILE (''-'' for stdin); default: stdin')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Read events from FILE (''-'' for stdin); default: stdin')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Extra header KEY=VALUE (repeatable); cannot override the contract headers')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Extra header KEY=VALUE (repeatable); cannot override the contract headers')
            [CompletionResult]::new('--correlation-id', '--correlation-id', [CompletionResultType]::ParameterName, 'Correlation id for every event (overrides the body''s)')
            [CompletionResult]::new('--traceparent', '--traceparent', [CompletionResultType]::ParameterName, 'W3C traceparent to attach to every event; default: a new trace per event')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, '`source` for events that have none; default: evt@<hostname>')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Cap on retries of one event; by default only --retry-for bounds them')
            [CompletionResult]::new('--retry-for', '--retry-for', [CompletionResultType]::ParameterName, 'How long one event keeps being retried while the cluster heals (timeouts, lost connection, a stream or meta leader election). The default covers a meta and a stream leader election on a 3-node cluster; a missing stream, a permission error or a full stream fail at once')
            [CompletionResult]::new('--retry-max', '--retry-max', [CompletionResultType]::ParameterName, 'How long one event keeps being retried while the cluster heals (timeouts, lost connection, a stream or meta leader election). The default covers a meta and a stream leader election on a 3-node cluster; a missing stream, a permission error or a full stream fail at once')
            [CompletionResult]::new('--ack-timeout', '--ack-timeout', [CompletionResultType]::ParameterName, 'How long to wait for each publish ack')
            [CompletionResult]::new('--window', '--window', [CompletionResultType]::ParameterName, 'Publish acks in flight at most; 1 = strict order')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (the receipt or the batch summary on stdout with json)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format (the receipt or the batch summary on stdout with json)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Username for user/password authentication')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Password for user/password authentication (never printed)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Authentication token (never printed)')
            [CompletionResult]::new('--creds', '--creds', [CompletionResultType]::ParameterName, 'User credentials file (JWT + nkey seed)')
            [CompletionResult]::new('--nkey', '--nkey', [CompletionResultType]::ParameterName, 'File holding an nkey user seed')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'CA certificate to verify the server (turns TLS on)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate for mutual TLS')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Client key for mutual TLS')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'natscli context name (or path to its JSON); default: the selected natscli context')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the server before giving up')
            [CompletionResult]::new('--schemas', '--schemas', [CompletionResultType]::ParameterName, 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available')
            [CompletionResult]::new('--max-inflate', '--max-inflate', [CompletionResultType]::ParameterName, 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes')
            [CompletionResult]::new('--max-json-values', '--max-json-values', [CompletionResultType]::ParameterName, 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit')
            [CompletionResult]::new('--compress', '--compress', [CompletionResultType]::ParameterName, 'gzip the body (header `compressed: true`)')
            [CompletionResult]::new('--stop-on-error', '--stop-on-error', [CompletionResultType]::ParameterName, 'Stop at the first bad or failed event (events before it are published)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Validate and print headers, sizes and body without connecting')
            [CompletionResult]::new('--tls-first', '--tls-first', [CompletionResultType]::ParameterName, 'TLS handshake before the server INFO (servers with handshake_first)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--log-json', '--log-json', [CompletionResultType]::ParameterName, 'Log lines as JSON objects (for log shippers)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evt;tail' {
            [CompletionResult]::new('--stream', '--stream', [CompletionResultType]::ParameterName, 'Read this stream (required when several streams capture the subject)')
            [CompletionResult]::new('--heartbeat', '--heartbeat', [CompletionResultType]::ParameterName, 'Idle heartbeat asked of the server while a pull waits. Four missed in a row mean the consumer''s leader changed or its node is gone, and evt pulls again at once (a leader change costs about the election); pull requests live ten heartbeats')
            [CompletionResult]::new('--last', '--last', [CompletionResultType]::ParameterName, 'Start with the last N messages matching the subject')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Start at a time: a duration back from now (5m, 2h) or an RFC 3339 timestamp')
            [CompletionResult]::new('--seq', '--seq', [CompletionResultType]::ParameterName, 'Start at this stream sequence')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Exit after N messages')
            [CompletionResult]::new('--until-idle', '--until-idle', [CompletionResultType]::ParameterName, 'Exit when nothing arrives for this long (with --all: read to the end, then exit)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Username for user/password authentication')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Password for user/password authentication (never printed)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Authentication token (never printed)')
            [CompletionResult]::new('--creds', '--creds', [CompletionResultType]::ParameterName, 'User credentials file (JWT + nkey seed)')
            [CompletionResult]::new('--nkey', '--nkey', [CompletionResultType]::ParameterName, 'File holding an nkey user seed')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'CA certificate to verify the server (turns TLS on)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate for mutual TLS')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Client key for mutual TLS')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'natscli context name (or path to its JSON); default: the selected natscli context')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the server before giving up')
            [CompletionResult]::new('--schemas', '--schemas', [CompletionResultType]::ParameterName, 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available')
            [CompletionResult]::new('--max-inflate', '--max-inflate', [CompletionResultType]::ParameterName, 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes')
            [CompletionResult]::new('--max-json-values', '--max-json-values', [CompletionResultType]::ParameterName, 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit')
            [CompletionResult]::new('--decode', '--decode', [CompletionResultType]::ParameterName, 'Decode typed events (schemas from the registry) instead of printing raw payloads')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Start with the oldest message the stream holds for the subject')
            [CompletionResult]::new('--new', '--new', [CompletionResultType]::ParameterName, 'Start with messages stored after tail starts (the default)')
            [CompletionResult]::new('--tls-first', '--tls-first', [CompletionResultType]::ParameterName, 'TLS handshake before the server INFO (servers with handshake_first)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--log-json', '--log-json', [CompletionResultType]::ParameterName, 'Log lines as JSON objects (for log shippers)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evt;schemas' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Username for user/password authentication')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Password for user/password authentication (never printed)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Authentication token (never printed)')
            [CompletionResult]::new('--creds', '--creds', [CompletionResultType]::ParameterName, 'User credentials file (JWT + nkey seed)')
            [CompletionResult]::new('--nkey', '--nkey', [CompletionResultType]::ParameterName, 'File holding an nkey user seed')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'CA certificate to verify the server (turns TLS on)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate for mutual TLS')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Client key for mutual TLS')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'natscli context name (or path to its JSON); default: the selected natscli context')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the server before giving up')
            [CompletionResult]::new('--schemas', '--schemas', [CompletionResultType]::ParameterName, 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available')
            [CompletionResult]::new('--max-inflate', '--max-inflate', [CompletionResultType]::ParameterName, 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes')
            [CompletionResult]::new('--max-json-values', '--max-json-values', [CompletionResultType]::ParameterName, 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit')
            [CompletionResult]::new('--tls-first', '--tls-first', [CompletionResultType]::ParameterName, 'TLS handshake before the server INFO (servers with handshake_first)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--log-json', '--log-json', [CompletionResultType]::ParameterName, 'Log lines as JSON objects (for log shippers)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List known event types: name, base name, version, where the schema comes from, and the type''s own required fields (the envelope''s are always required)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print an event type''s effective JSON Schema (envelope fields included)')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check events in a file against their schemas, as `evt publish` would (or as a reader would, with --tolerant)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check schemas for compatibility with a git ref or a directory (--against), or the events retained in a stream against this tree''s schemas (--stream)')
            [CompletionResult]::new('infer', 'infer', [CompletionResultType]::ParameterValue, 'Draft a JSON Schema per event type from sample events (a stream or a file): types seen, fields always present as required, enums for strings with few values, closed objects; Python''s nulls make a field optional. Prints how many events each came from')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evt;schemas;ls' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (json: one object per line)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format (json: one object per line)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Username for user/password authentication')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Password for user/password authentication (never printed)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Authentication token (never printed)')
            [CompletionResult]::new('--creds', '--creds', [CompletionResultType]::ParameterName, 'User credentials file (JWT + nkey seed)')
            [CompletionResult]::new('--nkey', '--nkey', [CompletionResultType]::ParameterName, 'File holding an nkey user seed')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'CA certificate to verify the server (turns TLS on)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate for mutual TLS')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Client key for mutual TLS')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'natscli context name (or path to its JSON); default: the selected natscli context')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the server before giving up')
            [CompletionResult]::new('--schemas', '--schemas', [CompletionResultType]::ParameterName, 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available')
            [CompletionResult]::new('--max-inflate', '--max-inflate', [CompletionResultType]::ParameterName, 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes')
            [CompletionResult]::new('--max-json-values', '--max-json-values', [CompletionResultType]::ParameterName, 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit')
            [CompletionResult]::new('--tls-first', '--tls-first', [CompletionResultType]::ParameterName, 'TLS handshake before the server INFO (servers with handshake_first)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--log-json', '--log-json', [CompletionResultType]::ParameterName, 'Log lines as JSON objects (for log shippers)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evt;schemas;show' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Username for user/password authentication')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Password for user/password authentication (never printed)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Authentication token (never printed)')
            [CompletionResult]::new('--creds', '--creds', [CompletionResultType]::ParameterName, 'User credentials file (JWT + nkey seed)')
            [CompletionResult]::new('--nkey', '--nkey', [CompletionResultType]::ParameterName, 'File holding an nkey user seed')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'CA certificate to verify the server (turns TLS on)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate for mutual TLS')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Client key for mutual TLS')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'natscli context name (or path to its JSON); default: the selected natscli context')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the server before giving up')
            [CompletionResult]::new('--schemas', '--schemas', [CompletionResultType]::ParameterName, 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available')
            [CompletionResult]::new('--max-inflate', '--max-inflate', [CompletionResultType]::ParameterName, 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes')
            [CompletionResult]::new('--max-json-values', '--max-json-values', [CompletionResultType]::ParameterName, 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit')
            [CompletionResult]::new('--tls-first', '--tls-first', [CompletionResultType]::ParameterName, 'TLS handshake before the server INFO (servers with handshake_first)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--log-json', '--log-json', [CompletionResultType]::ParameterName, 'Log lines as JSON objects (for log shippers)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evt;schemas;validate' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for the reports (json: one object per bad event)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for the reports (json: one object per bad event)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Username for user/password authentication')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Password for user/password authentication (never printed)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Authentication token (never printed)')
            [CompletionResult]::new('--creds', '--creds', [CompletionResultType]::ParameterName, 'User credentials file (JWT + nkey seed)')
            [CompletionResult]::new('--nkey', '--nkey', [CompletionResultType]::ParameterName, 'File holding an nkey user seed')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'CA certificate to verify the server (turns TLS on)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate for mutual TLS')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Client key for mutual TLS')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'natscli context name (or path to its JSON); default: the selected natscli context')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the server before giving up')
            [CompletionResult]::new('--schemas', '--schemas', [CompletionResultType]::ParameterName, 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available')
            [CompletionResult]::new('--max-inflate', '--max-inflate', [CompletionResultType]::ParameterName, 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes')
            [CompletionResult]::new('--max-json-values', '--max-json-values', [CompletionResultType]::ParameterName, 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit')
            [CompletionResult]::new('--tolerant', '--tolerant', [CompletionResultType]::ParameterName, 'Apply the reader''s rules (nulls and unknown fields accepted, nothing filled in) instead of the publisher''s')
            [CompletionResult]::new('--tls-first', '--tls-first', [CompletionResultType]::ParameterName, 'TLS handshake before the server INFO (servers with handshake_first)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--log-json', '--log-json', [CompletionResultType]::ParameterName, 'Log lines as JSON objects (for log shippers)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evt;schemas;check' {
            [CompletionResult]::new('--against', '--against', [CompletionResultType]::ParameterName, 'A git ref (branch, tag, commit) or a directory of schema files to compare with')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The schema directory of this tree (default: --schemas, else ./schemas)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--stream', '--stream', [CompletionResultType]::ParameterName, 'Validate the events this stream retains against this tree''s schemas (built-in plus --schemas), as a reader decodes them')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'With --stream: start at a time, a duration back from now (7d, 2h) or RFC 3339')
            [CompletionResult]::new('--last', '--last', [CompletionResultType]::ParameterName, 'With --stream: only the last N messages')
            [CompletionResult]::new('--failures', '--failures', [CompletionResultType]::ParameterName, 'With --stream: how many failures to show in full (all are counted)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Username for user/password authentication')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Password for user/password authentication (never printed)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Authentication token (never printed)')
            [CompletionResult]::new('--creds', '--creds', [CompletionResultType]::ParameterName, 'User credentials file (JWT + nkey seed)')
            [CompletionResult]::new('--nkey', '--nkey', [CompletionResultType]::ParameterName, 'File holding an nkey user seed')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'CA certificate to verify the server (turns TLS on)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate for mutual TLS')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Client key for mutual TLS')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'natscli context name (or path to its JSON); default: the selected natscli context')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the server before giving up')
            [CompletionResult]::new('--schemas', '--schemas', [CompletionResultType]::ParameterName, 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available')
            [CompletionResult]::new('--max-inflate', '--max-inflate', [CompletionResultType]::ParameterName, 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes')
            [CompletionResult]::new('--max-json-values', '--max-json-values', [CompletionResultType]::ParameterName, 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit')
            [CompletionResult]::new('--tls-first', '--tls-first', [CompletionResultType]::ParameterName, 'TLS handshake before the server INFO (servers with handshake_first)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--log-json', '--log-json', [CompletionResultType]::ParameterName, 'Log lines as JSON objects (for log shippers)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evt;schemas;infer' {
            [CompletionResult]::new('--stream', '--stream', [CompletionResultType]::ParameterName, 'Read the events this stream retains')
            [CompletionResult]::new('--subject', '--subject', [CompletionResultType]::ParameterName, 'With --stream: only messages on these subjects (a pattern, e.g. ''trading.order.>'')')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Read events from a file (JSON object, array or NDJSON; `-` for stdin)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Read at most this many events (with --stream: the last N)')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write one TYPE.json per event type here (created if missing)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Username for user/password authentication')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Password for user/password authentication (never printed)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Authentication token (never printed)')
            [CompletionResult]::new('--creds', '--creds', [CompletionResultType]::ParameterName, 'User credentials file (JWT + nkey seed)')
            [CompletionResult]::new('--nkey', '--nkey', [CompletionResultType]::ParameterName, 'File holding an nkey user seed')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'CA certificate to verify the server (turns TLS on)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate for mutual TLS')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Client key for mutual TLS')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'natscli context name (or path to its JSON); default: the selected natscli context')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the server before giving up')
            [CompletionResult]::new('--schemas', '--schemas', [CompletionResultType]::ParameterName, 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available')
            [CompletionResult]::new('--max-inflate', '--max-inflate', [CompletionResultType]::ParameterName, 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes')
            [CompletionResult]::new('--max-json-values', '--max-json-values', [CompletionResultType]::ParameterName, 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite schema files that already exist in --out')
            [CompletionResult]::new('--tls-first', '--tls-first', [CompletionResultType]::ParameterName, 'TLS handshake before the server INFO (servers with handshake_first)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--log-json', '--log-json', [CompletionResultType]::ParameterName, 'Log lines as JSON objects (for log shippers)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evt;schemas;help' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List known event types: name, base name, version, where the schema comes from, and the type''s own required fields (the envelope''s are always required)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print an event type''s effective JSON Schema (envelope fields included)')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check events in a file against their schemas, as `evt publish` would (or as a reader would, with --tolerant)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check schemas for compatibility with a git ref or a directory (--against), or the events retained in a stream against this tree''s schemas (--stream)')
            [CompletionResult]::new('infer', 'infer', [CompletionResultType]::ParameterValue, 'Draft a JSON Schema per event type from sample events (a stream or a file): types seen, fields always present as required, enums for strings with few values, closed objects; Python''s nulls make a field optional. Prints how many events each came from')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evt;schemas;help;ls' {
            break
        }
        'evt;schemas;help;show' {
            break
        }
        'evt;schemas;help;validate' {
            break
        }
        'evt;schemas;help;check' {
            break
        }
        'evt;schemas;help;infer' {
            break
        }
        'evt;schemas;help;help' {
            break
        }
        'evt;streams' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Username for user/password authentication')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Password for user/password authentication (never printed)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Authentication token (never printed)')
            [CompletionResult]::new('--creds', '--creds', [CompletionResultType]::ParameterName, 'User credentials file (JWT + nkey seed)')
            [CompletionResult]::new('--nkey', '--nkey', [CompletionResultType]::ParameterName, 'File holding an nkey user seed')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'CA certificate to verify the server (turns TLS on)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate for mutual TLS')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Client key for mutual TLS')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'natscli context name (or path to its JSON); default: the selected natscli context')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the server before giving up')
            [CompletionResult]::new('--schemas', '--schemas', [CompletionResultType]::ParameterName, 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available')
            [CompletionResult]::new('--max-inflate', '--max-inflate', [CompletionResultType]::ParameterName, 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes')
            [CompletionResult]::new('--max-json-values', '--max-json-values', [CompletionResultType]::ParameterName, 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit')
            [CompletionResult]::new('--tls-first', '--tls-first', [CompletionResultType]::ParameterName, 'TLS handshake before the server INFO (servers with handshake_first)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--log-json', '--log-json', [CompletionResultType]::ParameterName, 'Log lines as JSON objects (for log shippers)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check stream specs without a server: names, subject overlaps (wildcards included), consumer filters, backoff vs max_deliver, duplicate_window vs max_age, DLQ wiring')
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Show what `apply` would change on the server, each change classified: create, in place, one-way, needs recreation, refused by this server')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Apply the spec: compute the plan (as `evt streams plan` shows it) and execute exactly that. Streams first (DLQ and advisory capture before anything that needs them), then consumers')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write live streams and their durable consumers as spec YAML (to stdout), such that `plan` of the result against the same server shows no changes')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List streams: subjects, messages, bytes, consumers, and whether evt manages them')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evt;streams;validate' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Username for user/password authentication')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Password for user/password authentication (never printed)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Authentication token (never printed)')
            [CompletionResult]::new('--creds', '--creds', [CompletionResultType]::ParameterName, 'User credentials file (JWT + nkey seed)')
            [CompletionResult]::new('--nkey', '--nkey', [CompletionResultType]::ParameterName, 'File holding an nkey user seed')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'CA certificate to verify the server (turns TLS on)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate for mutual TLS')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Client key for mutual TLS')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'natscli context name (or path to its JSON); default: the selected natscli context')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the server before giving up')
            [CompletionResult]::new('--schemas', '--schemas', [CompletionResultType]::ParameterName, 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available')
            [CompletionResult]::new('--max-inflate', '--max-inflate', [CompletionResultType]::ParameterName, 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes')
            [CompletionResult]::new('--max-json-values', '--max-json-values', [CompletionResultType]::ParameterName, 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit')
            [CompletionResult]::new('--tls-first', '--tls-first', [CompletionResultType]::ParameterName, 'TLS handshake before the server INFO (servers with handshake_first)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--log-json', '--log-json', [CompletionResultType]::ParameterName, 'Log lines as JSON objects (for log shippers)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evt;streams;plan' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Username for user/password authentication')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Password for user/password authentication (never printed)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Authentication token (never printed)')
            [CompletionResult]::new('--creds', '--creds', [CompletionResultType]::ParameterName, 'User credentials file (JWT + nkey seed)')
            [CompletionResult]::new('--nkey', '--nkey', [CompletionResultType]::ParameterName, 'File holding an nkey user seed')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'CA certificate to verify the server (turns TLS on)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate for mutual TLS')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Client key for mutual TLS')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'natscli context name (or path to its JSON); default: the selected natscli context')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the server before giving up')
            [CompletionResult]::new('--schemas', '--schemas', [CompletionResultType]::ParameterName, 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available')
            [CompletionResult]::new('--max-inflate', '--max-inflate', [CompletionResultType]::ParameterName, 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes')
            [CompletionResult]::new('--max-json-values', '--max-json-values', [CompletionResultType]::ParameterName, 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit')
            [CompletionResult]::new('--prune', '--prune', [CompletionResultType]::ParameterName, 'Also plan deleting evt-managed streams and consumers that are no longer declared')
            [CompletionResult]::new('--tls-first', '--tls-first', [CompletionResultType]::ParameterName, 'TLS handshake before the server INFO (servers with handshake_first)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--log-json', '--log-json', [CompletionResultType]::ParameterName, 'Log lines as JSON objects (for log shippers)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evt;streams;apply' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Username for user/password authentication')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Password for user/password authentication (never printed)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Authentication token (never printed)')
            [CompletionResult]::new('--creds', '--creds', [CompletionResultType]::ParameterName, 'User credentials file (JWT + nkey seed)')
            [CompletionResult]::new('--nkey', '--nkey', [CompletionResultType]::ParameterName, 'File holding an nkey user seed')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'CA certificate to verify the server (turns TLS on)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate for mutual TLS')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Client key for mutual TLS')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'natscli context name (or path to its JSON); default: the selected natscli context')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the server before giving up')
            [CompletionResult]::new('--schemas', '--schemas', [CompletionResultType]::ParameterName, 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available')
            [CompletionResult]::new('--max-inflate', '--max-inflate', [CompletionResultType]::ParameterName, 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes')
            [CompletionResult]::new('--max-json-values', '--max-json-values', [CompletionResultType]::ParameterName, 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit')
            [CompletionResult]::new('--prune', '--prune', [CompletionResultType]::ParameterName, 'Delete evt-managed streams and consumers that are no longer declared: the given files are then taken as the whole topology')
            [CompletionResult]::new('--allow-recreate', '--allow-recreate', [CompletionResultType]::ParameterName, 'Allow deleting and creating again what cannot change in place')
            [CompletionResult]::new('--allow-data-loss', '--allow-data-loss', [CompletionResultType]::ParameterName, 'Allow a recreate or prune to delete a stream that holds messages')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan and stop')
            [CompletionResult]::new('--tls-first', '--tls-first', [CompletionResultType]::ParameterName, 'TLS handshake before the server INFO (servers with handshake_first)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--log-json', '--log-json', [CompletionResultType]::ParameterName, 'Log lines as JSON objects (for log shippers)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evt;streams;export' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Username for user/password authentication')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Password for user/password authentication (never printed)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Authentication token (never printed)')
            [CompletionResult]::new('--creds', '--creds', [CompletionResultType]::ParameterName, 'User credentials file (JWT + nkey seed)')
            [CompletionResult]::new('--nkey', '--nkey', [CompletionResultType]::ParameterName, 'File holding an nkey user seed')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'CA certificate to verify the server (turns TLS on)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate for mutual TLS')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Client key for mutual TLS')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'natscli context name (or path to its JSON); default: the selected natscli context')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the server before giving up')
            [CompletionResult]::new('--schemas', '--schemas', [CompletionResultType]::ParameterName, 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available')
            [CompletionResult]::new('--max-inflate', '--max-inflate', [CompletionResultType]::ParameterName, 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes')
            [CompletionResult]::new('--max-json-values', '--max-json-values', [CompletionResultType]::ParameterName, 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit')
            [CompletionResult]::new('--tls-first', '--tls-first', [CompletionResultType]::ParameterName, 'TLS handshake before the server INFO (servers with handshake_first)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--log-json', '--log-json', [CompletionResultType]::ParameterName, 'Log lines as JSON objects (for log shippers)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evt;streams;ls' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (json: one object per stream per line)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format (json: one object per stream per line)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Username for user/password authentication')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Password for user/password authentication (never printed)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Authentication token (never printed)')
            [CompletionResult]::new('--creds', '--creds', [CompletionResultType]::ParameterName, 'User credentials file (JWT + nkey seed)')
            [CompletionResult]::new('--nkey', '--nkey', [CompletionResultType]::ParameterName, 'File holding an nkey user seed')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'CA certificate to verify the server (turns TLS on)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate for mutual TLS')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Client key for mutual TLS')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'natscli context name (or path to its JSON); default: the selected natscli context')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the server before giving up')
            [CompletionResult]::new('--schemas', '--schemas', [CompletionResultType]::ParameterName, 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available')
            [CompletionResult]::new('--max-inflate', '--max-inflate', [CompletionResultType]::ParameterName, 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes')
            [CompletionResult]::new('--max-json-values', '--max-json-values', [CompletionResultType]::ParameterName, 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit')
            [CompletionResult]::new('--tls-first', '--tls-first', [CompletionResultType]::ParameterName, 'TLS handshake before the server INFO (servers with handshake_first)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--log-json', '--log-json', [CompletionResultType]::ParameterName, 'Log lines as JSON objects (for log shippers)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evt;streams;help' {
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check stream specs without a server: names, subject overlaps (wildcards included), consumer filters, backoff vs max_deliver, duplicate_window vs max_age, DLQ wiring')
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Show what `apply` would change on the server, each change classified: create, in place, one-way, needs recreation, refused by this server')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Apply the spec: compute the plan (as `evt streams plan` shows it) and execute exactly that. Streams first (DLQ and advisory capture before anything that needs them), then consumers')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write live streams and their durable consumers as spec YAML (to stdout), such that `plan` of the result against the same server shows no changes')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List streams: subjects, messages, bytes, consumers, and whether evt manages them')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evt;streams;help;validate' {
            break
        }
        'evt;streams;help;plan' {
            break
        }
        'evt;streams;help;apply' {
            break
        }
        'evt;streams;help;export' {
            break
        }
        'evt;streams;help;ls' {
            break
        }
        'evt;streams;help;help' {
            break
        }
        'evt;consume' {
            [CompletionResult]::new('--durable', '--durable', [CompletionResultType]::ParameterName, 'Durable consumer name; processes sharing it share the events')
            [CompletionResult]::new('--stream', '--stream', [CompletionResultType]::ParameterName, 'Source stream (default: the one stream that captures SUBJECT). Required without SUBJECT')
            [CompletionResult]::new('--exec', '--exec', [CompletionResultType]::ParameterName, 'Command run per event via `sh -c`, the event JSON on its stdin')
            [CompletionResult]::new('--exec-batch', '--exec-batch', [CompletionResultType]::ParameterName, 'One long-lived command (`sh -c`) for all events: each event''s JSON is one line on its stdin, and it answers one line per event, in order, on its stdout: `ok` acks, `retry [reason]` retries, `dead [reason]` dead-letters. Up to --concurrency events wait for answers at once (e.g. 64). If it exits or answers anything else, unanswered events are nak''ed (they come back) and evt stops with an error')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Events handled at once')
            [CompletionResult]::new('--max-deliver', '--max-deliver', [CompletionResultType]::ParameterName, 'Deliveries allowed per event before it is dead-lettered [default for a new durable: 5; an existing durable''s own value otherwise]')
            [CompletionResult]::new('--ack-wait', '--ack-wait', [CompletionResultType]::ParameterName, 'How long one delivery may take before the server redelivers it (with a backoff the server uses its first step) [default for a new durable: the first backoff step, or 30s]')
            [CompletionResult]::new('--backoff', '--backoff', [CompletionResultType]::ParameterName, 'Delays between deliveries, comma separated (the last repeats), or `none` [default for a new durable: 1s,5s,30s]')
            [CompletionResult]::new('--dlq-stream', '--dlq-stream', [CompletionResultType]::ParameterName, 'DLQ stream that captures `dlq.<STREAM>.<DURABLE>` [default: the durable''s declared DLQ, else DLQ]')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Handle N events (acked or dead-lettered; a retried event counts once, when it finishes), then exit. No more than N are handed to the handler: the rest stay on the server, but for the few already pulled, which are released (one more delivery)')
            [CompletionResult]::new('--prefetch', '--prefetch', [CompletionResultType]::ParameterName, 'Events pulled ahead of the handlers, per pull request [default: 512 when printing, N/64 (16 to 512) with --count N; max(2 × --concurrency, 16) with --exec or --exec-batch; never more than --count]. Pulled events wait here within their ack wait; a pull also stops at 16 MiB (or two max-size messages). With --count, events pulled past N are released (nak''ed), which counts a delivery')
            [CompletionResult]::new('--until-idle', '--until-idle', [CompletionResultType]::ParameterName, 'Exit once idle for this long: connected, every pull live, no command running, and the server holding nothing pending or unacked for the durable. A stall during a failover, a slow command, or an event waiting for its retry is not idle')
            [CompletionResult]::new('--heartbeat', '--heartbeat', [CompletionResultType]::ParameterName, 'Idle heartbeat asked of the server while a pull waits. Four missed in a row mean the consumer''s leader changed or its node is gone, and evt pulls again at once (a leader change costs about the election); pull requests live ten heartbeats')
            [CompletionResult]::new('--stop-timeout', '--stop-timeout', [CompletionResultType]::ParameterName, 'How long a stop waits for running commands')
            [CompletionResult]::new('--metrics-addr', '--metrics-addr', [CompletionResultType]::ParameterName, 'Serve /metrics (handler outcomes and this durable''s lag from the server), /healthz (connected) and /readyz (bound) over HTTP on this address, e.g. 127.0.0.1:9464')
            [CompletionResult]::new('--lag-refresh', '--lag-refresh', [CompletionResultType]::ParameterName, 'How often /metrics reads the durable''s lag from the server')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Username for user/password authentication')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Password for user/password authentication (never printed)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Authentication token (never printed)')
            [CompletionResult]::new('--creds', '--creds', [CompletionResultType]::ParameterName, 'User credentials file (JWT + nkey seed)')
            [CompletionResult]::new('--nkey', '--nkey', [CompletionResultType]::ParameterName, 'File holding an nkey user seed')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'CA certificate to verify the server (turns TLS on)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate for mutual TLS')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Client key for mutual TLS')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'natscli context name (or path to its JSON); default: the selected natscli context')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the server before giving up')
            [CompletionResult]::new('--schemas', '--schemas', [CompletionResultType]::ParameterName, 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available')
            [CompletionResult]::new('--max-inflate', '--max-inflate', [CompletionResultType]::ParameterName, 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes')
            [CompletionResult]::new('--max-json-values', '--max-json-values', [CompletionResultType]::ParameterName, 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit')
            [CompletionResult]::new('--create-advisory-capture', '--create-advisory-capture', [CompletionResultType]::ParameterName, 'When no stream captures this durable''s max-deliveries advisory (an ad-hoc durable no spec declares), add it to `<DLQ>_ADVISORIES` (created if missing) instead of failing')
            [CompletionResult]::new('--ordered-by-subject', '--ordered-by-subject', [CompletionResultType]::ParameterName, 'Keep events of one subject in order (different subjects still run in parallel)')
            [CompletionResult]::new('--tls-first', '--tls-first', [CompletionResultType]::ParameterName, 'TLS handshake before the server INFO (servers with handshake_first)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--log-json', '--log-json', [CompletionResultType]::ParameterName, 'Log lines as JSON objects (for log shippers)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evt;dlq' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Username for user/password authentication')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Password for user/password authentication (never printed)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Authentication token (never printed)')
            [CompletionResult]::new('--creds', '--creds', [CompletionResultType]::ParameterName, 'User credentials file (JWT + nkey seed)')
            [CompletionResult]::new('--nkey', '--nkey', [CompletionResultType]::ParameterName, 'File holding an nkey user seed')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'CA certificate to verify the server (turns TLS on)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate for mutual TLS')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Client key for mutual TLS')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'natscli context name (or path to its JSON); default: the selected natscli context')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the server before giving up')
            [CompletionResult]::new('--schemas', '--schemas', [CompletionResultType]::ParameterName, 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available')
            [CompletionResult]::new('--max-inflate', '--max-inflate', [CompletionResultType]::ParameterName, 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes')
            [CompletionResult]::new('--max-json-values', '--max-json-values', [CompletionResultType]::ParameterName, 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit')
            [CompletionResult]::new('--tls-first', '--tls-first', [CompletionResultType]::ParameterName, 'TLS handshake before the server INFO (servers with handshake_first)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--log-json', '--log-json', [CompletionResultType]::ParameterName, 'Log lines as JSON objects (for log shippers)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List dead letters. Without --all: one line per group of entries that failed the same way (by default the same consumer, reason and error, with numbers, uuids and hex ids in the error masked), with count, first and last failure, and an example DLQ sequence; parked entries (`dlq.….parked`) are listed apart. Use a group''s ID with --group on ls, show, replay and purge')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one entry of the DLQ: failure context, original headers, payload, and the event decoded through its schema (or why it does not decode)')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Replay dead letters: republish each to its original subject (or --to) under a new, stable message id with `Evt-Replay-Of`, and delete the DLQ entry only after the copy is acknowledged. Safe to re-run after a crash: already-replayed entries are deduplicated by the target stream (within its duplicate window) and removed')
            [CompletionResult]::new('purge', 'purge', [CompletionResultType]::ParameterValue, 'Delete dead letters for good. Asks for confirmation on the terminal unless --yes; with no filter at all, --all is required')
            [CompletionResult]::new('tasks', 'tasks', [CompletionResultType]::ParameterValue, 'List redrive tasks, newest first: id, DLQ, filter, target, rate, moved, left, failed, status (RUNNING, COMPLETED, CANCELLED, FAILED, or INTERRUPTED when the process running it stopped without finishing), who started it and when')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Stop a running redrive task: it takes no more entries, the copies in flight are acked and their entries removed, and it ends CANCELLED (resumable with `evt dlq replay --resume`). An interrupted task is marked CANCELLED at once')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evt;dlq;ls' {
            [CompletionResult]::new('--dlq-stream', '--dlq-stream', [CompletionResultType]::ParameterName, 'Name of the dead-letter stream')
            [CompletionResult]::new('--subject', '--subject', [CompletionResultType]::ParameterName, 'Original subject, wildcards allowed (`trading.order.*`, `trading.>`)')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Event type (`event-type` header, or `event_type` in the body)')
            [CompletionResult]::new('--consumer', '--consumer', [CompletionResultType]::ParameterName, 'Consumer that dead-lettered the message')
            [CompletionResult]::new('--error', '--error', [CompletionResultType]::ParameterName, 'Text contained in the error (case-insensitive)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Failed at or after: a duration ago (`1h`, `7d`) or an RFC 3339 time')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Failed at or before: a duration ago (`1h`, `7d`) or an RFC 3339 time')
            [CompletionResult]::new('--seq', '--seq', [CompletionResultType]::ParameterName, 'One DLQ sequence')
            [CompletionResult]::new('--seq-range', '--seq-range', [CompletionResultType]::ParameterName, 'DLQ sequences A to B inclusive (`A-B`, `A-`, `-B`)')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why it was dead-lettered')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'One group of the `evt dlq ls` summary (its GROUP column)')
            [CompletionResult]::new('--group-by', '--group-by', [CompletionResultType]::ParameterName, 'Group the summary by these (comma-separated): subject, type, consumer, reason, error')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'List at most N entries (with --all)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: a table, or one JSON object per line (per group, or per entry with the payload in base64)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: a table, or one JSON object per line (per group, or per entry with the payload in base64)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Username for user/password authentication')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Password for user/password authentication (never printed)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Authentication token (never printed)')
            [CompletionResult]::new('--creds', '--creds', [CompletionResultType]::ParameterName, 'User credentials file (JWT + nkey seed)')
            [CompletionResult]::new('--nkey', '--nkey', [CompletionResultType]::ParameterName, 'File holding an nkey user seed')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'CA certificate to verify the server (turns TLS on)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate for mutual TLS')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Client key for mutual TLS')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'natscli context name (or path to its JSON); default: the selected natscli context')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the server before giving up')
            [CompletionResult]::new('--schemas', '--schemas', [CompletionResultType]::ParameterName, 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available')
            [CompletionResult]::new('--max-inflate', '--max-inflate', [CompletionResultType]::ParameterName, 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes')
            [CompletionResult]::new('--max-json-values', '--max-json-values', [CompletionResultType]::ParameterName, 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit')
            [CompletionResult]::new('--parked', '--parked', [CompletionResultType]::ParameterName, 'Parked entries only (`dlq.….parked`: dead-lettered again after being replayed too often). Replay leaves them alone unless this is given')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'List every selected entry instead of the summary')
            [CompletionResult]::new('--tls-first', '--tls-first', [CompletionResultType]::ParameterName, 'TLS handshake before the server INFO (servers with handshake_first)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--log-json', '--log-json', [CompletionResultType]::ParameterName, 'Log lines as JSON objects (for log shippers)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evt;dlq;show' {
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Show the first entry of this group of the `evt dlq ls` summary instead')
            [CompletionResult]::new('--dlq-stream', '--dlq-stream', [CompletionResultType]::ParameterName, 'Name of the dead-letter stream')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Username for user/password authentication')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Password for user/password authentication (never printed)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Authentication token (never printed)')
            [CompletionResult]::new('--creds', '--creds', [CompletionResultType]::ParameterName, 'User credentials file (JWT + nkey seed)')
            [CompletionResult]::new('--nkey', '--nkey', [CompletionResultType]::ParameterName, 'File holding an nkey user seed')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'CA certificate to verify the server (turns TLS on)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate for mutual TLS')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Client key for mutual TLS')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'natscli context name (or path to its JSON); default: the selected natscli context')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the server before giving up')
            [CompletionResult]::new('--schemas', '--schemas', [CompletionResultType]::ParameterName, 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available')
            [CompletionResult]::new('--max-inflate', '--max-inflate', [CompletionResultType]::ParameterName, 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes')
            [CompletionResult]::new('--max-json-values', '--max-json-values', [CompletionResultType]::ParameterName, 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit')
            [CompletionResult]::new('--tls-first', '--tls-first', [CompletionResultType]::ParameterName, 'TLS handshake before the server INFO (servers with handshake_first)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--log-json', '--log-json', [CompletionResultType]::ParameterName, 'Log lines as JSON objects (for log shippers)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evt;dlq;replay' {
            [CompletionResult]::new('--dlq-stream', '--dlq-stream', [CompletionResultType]::ParameterName, 'Name of the dead-letter stream')
            [CompletionResult]::new('--subject', '--subject', [CompletionResultType]::ParameterName, 'Original subject, wildcards allowed (`trading.order.*`, `trading.>`)')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Event type (`event-type` header, or `event_type` in the body)')
            [CompletionResult]::new('--consumer', '--consumer', [CompletionResultType]::ParameterName, 'Consumer that dead-lettered the message')
            [CompletionResult]::new('--error', '--error', [CompletionResultType]::ParameterName, 'Text contained in the error (case-insensitive)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Failed at or after: a duration ago (`1h`, `7d`) or an RFC 3339 time')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Failed at or before: a duration ago (`1h`, `7d`) or an RFC 3339 time')
            [CompletionResult]::new('--seq', '--seq', [CompletionResultType]::ParameterName, 'One DLQ sequence')
            [CompletionResult]::new('--seq-range', '--seq-range', [CompletionResultType]::ParameterName, 'DLQ sequences A to B inclusive (`A-B`, `A-`, `-B`)')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why it was dead-lettered')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'One group of the `evt dlq ls` summary (its GROUP column)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Publish to this subject instead of each entry''s original subject')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Replay at most N entries')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Velocity limit: N/s, N/m or N/h (e.g. 200/s)')
            [CompletionResult]::new('--in-flight', '--in-flight', [CompletionResultType]::ParameterName, 'Copies awaiting their acknowledgement at once')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for the dry-run listing and the final report')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for the dry-run listing and the final report')
            [CompletionResult]::new('--resume', '--resume', [CompletionResultType]::ParameterName, 'Continue an interrupted or cancelled task (`evt dlq tasks`) with its own DLQ, filter, target and rate; selection flags are not taken with it')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Username for user/password authentication')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Password for user/password authentication (never printed)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Authentication token (never printed)')
            [CompletionResult]::new('--creds', '--creds', [CompletionResultType]::ParameterName, 'User credentials file (JWT + nkey seed)')
            [CompletionResult]::new('--nkey', '--nkey', [CompletionResultType]::ParameterName, 'File holding an nkey user seed')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'CA certificate to verify the server (turns TLS on)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate for mutual TLS')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Client key for mutual TLS')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'natscli context name (or path to its JSON); default: the selected natscli context')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the server before giving up')
            [CompletionResult]::new('--schemas', '--schemas', [CompletionResultType]::ParameterName, 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available')
            [CompletionResult]::new('--max-inflate', '--max-inflate', [CompletionResultType]::ParameterName, 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes')
            [CompletionResult]::new('--max-json-values', '--max-json-values', [CompletionResultType]::ParameterName, 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit')
            [CompletionResult]::new('--parked', '--parked', [CompletionResultType]::ParameterName, 'Parked entries only (`dlq.….parked`: dead-lettered again after being replayed too often). Replay leaves them alone unless this is given')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be replayed; publish and delete nothing')
            [CompletionResult]::new('--edit', '--edit', [CompletionResultType]::ParameterName, 'Open the event of the one entry --seq names in $EDITOR (else vi), validate the result against its schema, and replay it with `Evt-Replay-Edited: true`; the entry stays in the DLQ until the edited copy is acknowledged. Nothing is sent when it does not validate or the editor fails')
            [CompletionResult]::new('--tls-first', '--tls-first', [CompletionResultType]::ParameterName, 'TLS handshake before the server INFO (servers with handshake_first)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--log-json', '--log-json', [CompletionResultType]::ParameterName, 'Log lines as JSON objects (for log shippers)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evt;dlq;purge' {
            [CompletionResult]::new('--dlq-stream', '--dlq-stream', [CompletionResultType]::ParameterName, 'Name of the dead-letter stream')
            [CompletionResult]::new('--subject', '--subject', [CompletionResultType]::ParameterName, 'Original subject, wildcards allowed (`trading.order.*`, `trading.>`)')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Event type (`event-type` header, or `event_type` in the body)')
            [CompletionResult]::new('--consumer', '--consumer', [CompletionResultType]::ParameterName, 'Consumer that dead-lettered the message')
            [CompletionResult]::new('--error', '--error', [CompletionResultType]::ParameterName, 'Text contained in the error (case-insensitive)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Failed at or after: a duration ago (`1h`, `7d`) or an RFC 3339 time')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Failed at or before: a duration ago (`1h`, `7d`) or an RFC 3339 time')
            [CompletionResult]::new('--seq', '--seq', [CompletionResultType]::ParameterName, 'One DLQ sequence')
            [CompletionResult]::new('--seq-range', '--seq-range', [CompletionResultType]::ParameterName, 'DLQ sequences A to B inclusive (`A-B`, `A-`, `-B`)')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why it was dead-lettered')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'One group of the `evt dlq ls` summary (its GROUP column)')
            [CompletionResult]::new('--before', '--before', [CompletionResultType]::ParameterName, 'Only entries that failed before this: a duration ago (`7d`) or an RFC 3339 time (same as --until)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for the result')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for the result')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Username for user/password authentication')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Password for user/password authentication (never printed)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Authentication token (never printed)')
            [CompletionResult]::new('--creds', '--creds', [CompletionResultType]::ParameterName, 'User credentials file (JWT + nkey seed)')
            [CompletionResult]::new('--nkey', '--nkey', [CompletionResultType]::ParameterName, 'File holding an nkey user seed')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'CA certificate to verify the server (turns TLS on)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate for mutual TLS')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Client key for mutual TLS')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'natscli context name (or path to its JSON); default: the selected natscli context')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the server before giving up')
            [CompletionResult]::new('--schemas', '--schemas', [CompletionResultType]::ParameterName, 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available')
            [CompletionResult]::new('--max-inflate', '--max-inflate', [CompletionResultType]::ParameterName, 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes')
            [CompletionResult]::new('--max-json-values', '--max-json-values', [CompletionResultType]::ParameterName, 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit')
            [CompletionResult]::new('--parked', '--parked', [CompletionResultType]::ParameterName, 'Parked entries only (`dlq.….parked`: dead-lettered again after being replayed too often). Replay leaves them alone unless this is given')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Purge every entry (required when no filter is given)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--tls-first', '--tls-first', [CompletionResultType]::ParameterName, 'TLS handshake before the server INFO (servers with handshake_first)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--log-json', '--log-json', [CompletionResultType]::ParameterName, 'Log lines as JSON objects (for log shippers)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evt;dlq;tasks' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Username for user/password authentication')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Password for user/password authentication (never printed)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Authentication token (never printed)')
            [CompletionResult]::new('--creds', '--creds', [CompletionResultType]::ParameterName, 'User credentials file (JWT + nkey seed)')
            [CompletionResult]::new('--nkey', '--nkey', [CompletionResultType]::ParameterName, 'File holding an nkey user seed')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'CA certificate to verify the server (turns TLS on)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate for mutual TLS')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Client key for mutual TLS')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'natscli context name (or path to its JSON); default: the selected natscli context')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the server before giving up')
            [CompletionResult]::new('--schemas', '--schemas', [CompletionResultType]::ParameterName, 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available')
            [CompletionResult]::new('--max-inflate', '--max-inflate', [CompletionResultType]::ParameterName, 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes')
            [CompletionResult]::new('--max-json-values', '--max-json-values', [CompletionResultType]::ParameterName, 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit')
            [CompletionResult]::new('--tls-first', '--tls-first', [CompletionResultType]::ParameterName, 'TLS handshake before the server INFO (servers with handshake_first)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--log-json', '--log-json', [CompletionResultType]::ParameterName, 'Log lines as JSON objects (for log shippers)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evt;dlq;cancel' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Username for user/password authentication')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Password for user/password authentication (never printed)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Authentication token (never printed)')
            [CompletionResult]::new('--creds', '--creds', [CompletionResultType]::ParameterName, 'User credentials file (JWT + nkey seed)')
            [CompletionResult]::new('--nkey', '--nkey', [CompletionResultType]::ParameterName, 'File holding an nkey user seed')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'CA certificate to verify the server (turns TLS on)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate for mutual TLS')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Client key for mutual TLS')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'natscli context name (or path to its JSON); default: the selected natscli context')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the server before giving up')
            [CompletionResult]::new('--schemas', '--schemas', [CompletionResultType]::ParameterName, 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available')
            [CompletionResult]::new('--max-inflate', '--max-inflate', [CompletionResultType]::ParameterName, 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes')
            [CompletionResult]::new('--max-json-values', '--max-json-values', [CompletionResultType]::ParameterName, 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit')
            [CompletionResult]::new('--tls-first', '--tls-first', [CompletionResultType]::ParameterName, 'TLS handshake before the server INFO (servers with handshake_first)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--log-json', '--log-json', [CompletionResultType]::ParameterName, 'Log lines as JSON objects (for log shippers)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evt;dlq;help' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List dead letters. Without --all: one line per group of entries that failed the same way (by default the same consumer, reason and error, with numbers, uuids and hex ids in the error masked), with count, first and last failure, and an example DLQ sequence; parked entries (`dlq.….parked`) are listed apart. Use a group''s ID with --group on ls, show, replay and purge')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one entry of the DLQ: failure context, original headers, payload, and the event decoded through its schema (or why it does not decode)')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Replay dead letters: republish each to its original subject (or --to) under a new, stable message id with `Evt-Replay-Of`, and delete the DLQ entry only after the copy is acknowledged. Safe to re-run after a crash: already-replayed entries are deduplicated by the target stream (within its duplicate window) and removed')
            [CompletionResult]::new('purge', 'purge', [CompletionResultType]::ParameterValue, 'Delete dead letters for good. Asks for confirmation on the terminal unless --yes; with no filter at all, --all is required')
            [CompletionResult]::new('tasks', 'tasks', [CompletionResultType]::ParameterValue, 'List redrive tasks, newest first: id, DLQ, filter, target, rate, moved, left, failed, status (RUNNING, COMPLETED, CANCELLED, FAILED, or INTERRUPTED when the process running it stopped without finishing), who started it and when')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Stop a running redrive task: it takes no more entries, the copies in flight are acked and their entries removed, and it ends CANCELLED (resumable with `evt dlq replay --resume`). An interrupted task is marked CANCELLED at once')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evt;dlq;help;ls' {
            break
        }
        'evt;dlq;help;show' {
            break
        }
        'evt;dlq;help;replay' {
            break
        }
        'evt;dlq;help;purge' {
            break
        }
        'evt;dlq;help;tasks' {
            break
        }
        'evt;dlq;help;cancel' {
            break
        }
        'evt;dlq;help;help' {
            break
        }
        'evt;check' {
            [CompletionResult]::new('--spec', '--spec', [CompletionResultType]::ParameterName, 'Spec file or directory (same as PATH; repeatable)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--lag-warn', '--lag-warn', [CompletionResultType]::ParameterName, 'Consumer messages not yet delivered: WARNING at or above')
            [CompletionResult]::new('--lag-critical', '--lag-critical', [CompletionResultType]::ParameterName, 'Consumer messages not yet delivered: CRITICAL at or above')
            [CompletionResult]::new('--lag-seconds-warn', '--lag-seconds-warn', [CompletionResultType]::ParameterName, 'Age of the oldest unacked message: WARNING at or above')
            [CompletionResult]::new('--lag-seconds-critical', '--lag-seconds-critical', [CompletionResultType]::ParameterName, 'Age of the oldest unacked message: CRITICAL at or above')
            [CompletionResult]::new('--ack-pending-warn', '--ack-pending-warn', [CompletionResultType]::ParameterName, 'Ack pending: WARNING at or above (default 80% of max_ack_pending)')
            [CompletionResult]::new('--ack-pending-critical', '--ack-pending-critical', [CompletionResultType]::ParameterName, 'Ack pending: CRITICAL at or above (default max_ack_pending)')
            [CompletionResult]::new('--redelivered-warn', '--redelivered-warn', [CompletionResultType]::ParameterName, 'redelivered-warn')
            [CompletionResult]::new('--redelivered-critical', '--redelivered-critical', [CompletionResultType]::ParameterName, 'redelivered-critical')
            [CompletionResult]::new('--last-delivery-warn', '--last-delivery-warn', [CompletionResultType]::ParameterName, 'last-delivery-warn')
            [CompletionResult]::new('--last-delivery-critical', '--last-delivery-critical', [CompletionResultType]::ParameterName, 'last-delivery-critical')
            [CompletionResult]::new('--last-ack-warn', '--last-ack-warn', [CompletionResultType]::ParameterName, 'last-ack-warn')
            [CompletionResult]::new('--last-ack-critical', '--last-ack-critical', [CompletionResultType]::ParameterName, 'last-ack-critical')
            [CompletionResult]::new('--messages-warn', '--messages-warn', [CompletionResultType]::ParameterName, 'Messages in a DLQ (or a stream with a monitor block): WARNING at or above (DLQ default 1)')
            [CompletionResult]::new('--messages-critical', '--messages-critical', [CompletionResultType]::ParameterName, 'messages-critical')
            [CompletionResult]::new('--newest-age-warn', '--newest-age-warn', [CompletionResultType]::ParameterName, 'Newest dead letter younger than this: WARNING (failures happening now)')
            [CompletionResult]::new('--newest-age-critical', '--newest-age-critical', [CompletionResultType]::ParameterName, 'newest-age-critical')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Username for user/password authentication')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Password for user/password authentication (never printed)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Authentication token (never printed)')
            [CompletionResult]::new('--creds', '--creds', [CompletionResultType]::ParameterName, 'User credentials file (JWT + nkey seed)')
            [CompletionResult]::new('--nkey', '--nkey', [CompletionResultType]::ParameterName, 'File holding an nkey user seed')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'CA certificate to verify the server (turns TLS on)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate for mutual TLS')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Client key for mutual TLS')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'natscli context name (or path to its JSON); default: the selected natscli context')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the server before giving up')
            [CompletionResult]::new('--schemas', '--schemas', [CompletionResultType]::ParameterName, 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available')
            [CompletionResult]::new('--max-inflate', '--max-inflate', [CompletionResultType]::ParameterName, 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes')
            [CompletionResult]::new('--max-json-values', '--max-json-values', [CompletionResultType]::ParameterName, 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit')
            [CompletionResult]::new('--tls-first', '--tls-first', [CompletionResultType]::ParameterName, 'TLS handshake before the server INFO (servers with handshake_first)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--log-json', '--log-json', [CompletionResultType]::ParameterName, 'Log lines as JSON objects (for log shippers)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evt;report' {
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Redraw every DURATION until interrupted')
            [CompletionResult]::new('--rate-over', '--rate-over', [CompletionResultType]::ParameterName, 'Without --watch: how long to sample the stream rates over')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (json: one document per draw)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format (json: one document per draw)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Username for user/password authentication')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Password for user/password authentication (never printed)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Authentication token (never printed)')
            [CompletionResult]::new('--creds', '--creds', [CompletionResultType]::ParameterName, 'User credentials file (JWT + nkey seed)')
            [CompletionResult]::new('--nkey', '--nkey', [CompletionResultType]::ParameterName, 'File holding an nkey user seed')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'CA certificate to verify the server (turns TLS on)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate for mutual TLS')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Client key for mutual TLS')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'natscli context name (or path to its JSON); default: the selected natscli context')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the server before giving up')
            [CompletionResult]::new('--schemas', '--schemas', [CompletionResultType]::ParameterName, 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available')
            [CompletionResult]::new('--max-inflate', '--max-inflate', [CompletionResultType]::ParameterName, 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes')
            [CompletionResult]::new('--max-json-values', '--max-json-values', [CompletionResultType]::ParameterName, 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit')
            [CompletionResult]::new('--tls-first', '--tls-first', [CompletionResultType]::ParameterName, 'TLS handshake before the server INFO (servers with handshake_first)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--log-json', '--log-json', [CompletionResultType]::ParameterName, 'Log lines as JSON objects (for log shippers)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evt;ping' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Username for user/password authentication')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Password for user/password authentication (never printed)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Authentication token (never printed)')
            [CompletionResult]::new('--creds', '--creds', [CompletionResultType]::ParameterName, 'User credentials file (JWT + nkey seed)')
            [CompletionResult]::new('--nkey', '--nkey', [CompletionResultType]::ParameterName, 'File holding an nkey user seed')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'CA certificate to verify the server (turns TLS on)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate for mutual TLS')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Client key for mutual TLS')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'natscli context name (or path to its JSON); default: the selected natscli context')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the server before giving up')
            [CompletionResult]::new('--schemas', '--schemas', [CompletionResultType]::ParameterName, 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available')
            [CompletionResult]::new('--max-inflate', '--max-inflate', [CompletionResultType]::ParameterName, 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes')
            [CompletionResult]::new('--max-json-values', '--max-json-values', [CompletionResultType]::ParameterName, 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit')
            [CompletionResult]::new('--tls-first', '--tls-first', [CompletionResultType]::ParameterName, 'TLS handshake before the server INFO (servers with handshake_first)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--log-json', '--log-json', [CompletionResultType]::ParameterName, 'Log lines as JSON objects (for log shippers)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evt;completions' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Username for user/password authentication')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Password for user/password authentication (never printed)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Authentication token (never printed)')
            [CompletionResult]::new('--creds', '--creds', [CompletionResultType]::ParameterName, 'User credentials file (JWT + nkey seed)')
            [CompletionResult]::new('--nkey', '--nkey', [CompletionResultType]::ParameterName, 'File holding an nkey user seed')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'CA certificate to verify the server (turns TLS on)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate for mutual TLS')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Client key for mutual TLS')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'natscli context name (or path to its JSON); default: the selected natscli context')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the server before giving up')
            [CompletionResult]::new('--schemas', '--schemas', [CompletionResultType]::ParameterName, 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available')
            [CompletionResult]::new('--max-inflate', '--max-inflate', [CompletionResultType]::ParameterName, 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes')
            [CompletionResult]::new('--max-json-values', '--max-json-values', [CompletionResultType]::ParameterName, 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit')
            [CompletionResult]::new('--tls-first', '--tls-first', [CompletionResultType]::ParameterName, 'TLS handshake before the server INFO (servers with handshake_first)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--log-json', '--log-json', [CompletionResultType]::ParameterName, 'Log lines as JSON objects (for log shippers)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evt;docs' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Username for user/password authentication')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Password for user/password authentication (never printed)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Authentication token (never printed)')
            [CompletionResult]::new('--creds', '--creds', [CompletionResultType]::ParameterName, 'User credentials file (JWT + nkey seed)')
            [CompletionResult]::new('--nkey', '--nkey', [CompletionResultType]::ParameterName, 'File holding an nkey user seed')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'CA certificate to verify the server (turns TLS on)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate for mutual TLS')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Client key for mutual TLS')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'natscli context name (or path to its JSON); default: the selected natscli context')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the server before giving up')
            [CompletionResult]::new('--schemas', '--schemas', [CompletionResultType]::ParameterName, 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available')
            [CompletionResult]::new('--max-inflate', '--max-inflate', [CompletionResultType]::ParameterName, 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes')
            [CompletionResult]::new('--max-json-values', '--max-json-values', [CompletionResultType]::ParameterName, 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit')
            [CompletionResult]::new('--tls-first', '--tls-first', [CompletionResultType]::ParameterName, 'TLS handshake before the server INFO (servers with handshake_first)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--log-json', '--log-json', [CompletionResultType]::ParameterName, 'Log lines as JSON objects (for log shippers)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('asyncapi', 'asyncapi', [CompletionResultType]::ParameterValue, 'Print an AsyncAPI 3.0 document: a channel per stream subject, a message per event type (payload schema and the wire headers), a receive operation per declared consumer with its NATS binding. Schemas: built-in plus --schemas DIR')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evt;docs;asyncapi' {
            [CompletionResult]::new('--title', '--title', [CompletionResultType]::ParameterName, 'The document''s info.title')
            [CompletionResult]::new('--doc-version', '--doc-version', [CompletionResultType]::ParameterName, 'The document''s info.version')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Username for user/password authentication')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Password for user/password authentication (never printed)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Authentication token (never printed)')
            [CompletionResult]::new('--creds', '--creds', [CompletionResultType]::ParameterName, 'User credentials file (JWT + nkey seed)')
            [CompletionResult]::new('--nkey', '--nkey', [CompletionResultType]::ParameterName, 'File holding an nkey user seed')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'CA certificate to verify the server (turns TLS on)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate for mutual TLS')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Client key for mutual TLS')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'natscli context name (or path to its JSON); default: the selected natscli context')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the server before giving up')
            [CompletionResult]::new('--schemas', '--schemas', [CompletionResultType]::ParameterName, 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available')
            [CompletionResult]::new('--max-inflate', '--max-inflate', [CompletionResultType]::ParameterName, 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes')
            [CompletionResult]::new('--max-json-values', '--max-json-values', [CompletionResultType]::ParameterName, 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit')
            [CompletionResult]::new('--tls-first', '--tls-first', [CompletionResultType]::ParameterName, 'TLS handshake before the server INFO (servers with handshake_first)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--log-json', '--log-json', [CompletionResultType]::ParameterName, 'Log lines as JSON objects (for log shippers)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evt;docs;help' {
            [CompletionResult]::new('asyncapi', 'asyncapi', [CompletionResultType]::ParameterValue, 'Print an AsyncAPI 3.0 document: a channel per stream subject, a message per event type (payload schema and the wire headers), a receive operation per declared consumer with its NATS binding. Schemas: built-in plus --schemas DIR')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evt;docs;help;asyncapi' {
            break
        }
        'evt;docs;help;help' {
            break
        }
        'evt;permissions' {
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'role')
            [CompletionResult]::new('--subject', '--subject', [CompletionResultType]::ParameterName, 'Subject a publisher may publish to (repeat for several; wildcards allowed)')
            [CompletionResult]::new('--durable', '--durable', [CompletionResultType]::ParameterName, 'The declared durable a service is bound to')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'o')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'output')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'NATS server URL(s), comma separated')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Username for user/password authentication')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Password for user/password authentication (never printed)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Authentication token (never printed)')
            [CompletionResult]::new('--creds', '--creds', [CompletionResultType]::ParameterName, 'User credentials file (JWT + nkey seed)')
            [CompletionResult]::new('--nkey', '--nkey', [CompletionResultType]::ParameterName, 'File holding an nkey user seed')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'CA certificate to verify the server (turns TLS on)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate for mutual TLS')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Client key for mutual TLS')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'natscli context name (or path to its JSON); default: the selected natscli context')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the server before giving up')
            [CompletionResult]::new('--schemas', '--schemas', [CompletionResultType]::ParameterName, 'Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available')
            [CompletionResult]::new('--max-inflate', '--max-inflate', [CompletionResultType]::ParameterName, 'Largest message body read after gzip inflation (and largest item `publish` reads); a body past it is an error naming the limit, never a truncated body. Binary units: 512KiB, 8MiB, 1GiB, or bytes')
            [CompletionResult]::new('--max-json-values', '--max-json-values', [CompletionResultType]::ParameterName, 'Most JSON values one message body may hold (a body within --max-inflate can still expand many times over once parsed); past it is an error naming the limit')
            [CompletionResult]::new('--tls-first', '--tls-first', [CompletionResultType]::ParameterName, 'TLS handshake before the server INFO (servers with handshake_first)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--log-json', '--log-json', [CompletionResultType]::ParameterName, 'Log lines as JSON objects (for log shippers)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evt;help' {
            [CompletionResult]::new('publish', 'publish', [CompletionResultType]::ParameterValue, 'Publish one typed event, or a file of them (NDJSON or JSON array), validated and acked')
            [CompletionResult]::new('tail', 'tail', [CompletionResultType]::ParameterValue, 'Follow a subject like `tail -f`, optionally decoding typed events')
            [CompletionResult]::new('schemas', 'schemas', [CompletionResultType]::ParameterValue, 'List, show and validate event schemas')
            [CompletionResult]::new('streams', 'streams', [CompletionResultType]::ParameterValue, 'Streams as code: validate, plan, apply, export, ls')
            [CompletionResult]::new('consume', 'consume', [CompletionResultType]::ParameterValue, 'Consume through a durable consumer, as declared or ad hoc (`--exec CMD` per event)')
            [CompletionResult]::new('dlq', 'dlq', [CompletionResultType]::ParameterValue, 'Dead letters: ls, show, replay, purge')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Monitoring checks of the declared streams, consumers and DLQs (Nagios exit codes)')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'One table of the declared streams and consumers: lag, ack pending, DLQ depth, drift')
            [CompletionResult]::new('ping', 'ping', [CompletionResultType]::ParameterValue, 'Check the connection: server, version, round trip, JetStream')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions (bash, zsh, fish, elvish, powershell)')
            [CompletionResult]::new('docs', 'docs', [CompletionResultType]::ParameterValue, 'Generated documentation: `asyncapi` (AsyncAPI 3.0 of streams and schemas)')
            [CompletionResult]::new('permissions', 'permissions', [CompletionResultType]::ParameterValue, 'Least-privilege nats-server permissions for a role, derived from the declared streams')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evt;help;publish' {
            break
        }
        'evt;help;tail' {
            break
        }
        'evt;help;schemas' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List known event types: name, base name, version, where the schema comes from, and the type''s own required fields (the envelope''s are always required)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print an event type''s effective JSON Schema (envelope fields included)')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check events in a file against their schemas, as `evt publish` would (or as a reader would, with --tolerant)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check schemas for compatibility with a git ref or a directory (--against), or the events retained in a stream against this tree''s schemas (--stream)')
            [CompletionResult]::new('infer', 'infer', [CompletionResultType]::ParameterValue, 'Draft a JSON Schema per event type from sample events (a stream or a file): types seen, fields always present as required, enums for strings with few values, closed objects; Python''s nulls make a field optional. Prints how many events each came from')
            break
        }
        'evt;help;schemas;ls' {
            break
        }
        'evt;help;schemas;show' {
            break
        }
        'evt;help;schemas;validate' {
            break
        }
        'evt;help;schemas;check' {
            break
        }
        'evt;help;schemas;infer' {
            break
        }
        'evt;help;streams' {
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check stream specs without a server: names, subject overlaps (wildcards included), consumer filters, backoff vs max_deliver, duplicate_window vs max_age, DLQ wiring')
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Show what `apply` would change on the server, each change classified: create, in place, one-way, needs recreation, refused by this server')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Apply the spec: compute the plan (as `evt streams plan` shows it) and execute exactly that. Streams first (DLQ and advisory capture before anything that needs them), then consumers')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write live streams and their durable consumers as spec YAML (to stdout), such that `plan` of the result against the same server shows no changes')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List streams: subjects, messages, bytes, consumers, and whether evt manages them')
            break
        }
        'evt;help;streams;validate' {
            break
        }
        'evt;help;streams;plan' {
            break
        }
        'evt;help;streams;apply' {
            break
        }
        'evt;help;streams;export' {
            break
        }
        'evt;help;streams;ls' {
            break
        }
        'evt;help;consume' {
            break
        }
        'evt;help;dlq' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List dead letters. Without --all: one line per group of entries that failed the same way (by default the same consumer, reason and error, with numbers, uuids and hex ids in the error masked), with count, first and last failure, and an example DLQ sequence; parked entries (`dlq.….parked`) are listed apart. Use a group''s ID with --group on ls, show, replay and purge')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one entry of the DLQ: failure context, original headers, payload, and the event decoded through its schema (or why it does not decode)')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Replay dead letters: republish each to its original subject (or --to) under a new, stable message id with `Evt-Replay-Of`, and delete the DLQ entry only after the copy is acknowledged. Safe to re-run after a crash: already-replayed entries are deduplicated by the target stream (within its duplicate window) and removed')
            [CompletionResult]::new('purge', 'purge', [CompletionResultType]::ParameterValue, 'Delete dead letters for good. Asks for confirmation on the terminal unless --yes; with no filter at all, --all is required')
            [CompletionResult]::new('tasks', 'tasks', [CompletionResultType]::ParameterValue, 'List redrive tasks, newest first: id, DLQ, filter, target, rate, moved, left, failed, status (RUNNING, COMPLETED, CANCELLED, FAILED, or INTERRUPTED when the process running it stopped without finishing), who started it and when')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Stop a running redrive task: it takes no more entries, the copies in flight are acked and their entries removed, and it ends CANCELLED (resumable with `evt dlq replay --resume`). An interrupted task is marked CANCELLED at once')
            break
        }
        'evt;help;dlq;ls' {
            break
        }
        'evt;help;dlq;show' {
            break
        }
        'evt;help;dlq;replay' {
            break
        }
        'evt;help;dlq;purge' {
            break
        }
        'evt;help;dlq;tasks' {
            break
        }
        'evt;help;dlq;cancel' {
            break
        }
        'evt;help;check' {
            break
        }
        'evt;help;report' {
            break
        }
        'evt;help;ping' {
            break
        }
        'evt;help;completions' {
            break
        }
        'evt;help;docs' {
            [CompletionResult]::new('asyncapi', 'asyncapi', [CompletionResultType]::ParameterValue, 'Print an AsyncAPI 3.0 document: a channel per stream subject, a message per event type (payload schema and the wire headers), a receive operation per declared consumer with its NATS binding. Schemas: built-in plus --schemas DIR')
            break
        }
        'evt;help;docs;asyncapi' {
            break
        }
        'evt;help;permissions' {
            break
        }
        'evt;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
