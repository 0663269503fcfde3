
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
            [CompletionResult]::new('ping', 'ping', [CompletionResultType]::ParameterValue, 'Check the connection: server, version, round trip, JetStream')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions (bash, zsh, fish, elvish, powershell)')
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
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries of a failed publish (timeouts, no responders, connection loss)')
            [CompletionResult]::new('--retry-max', '--retry-max', [CompletionResultType]::ParameterName, 'Total time budget for retrying one event')
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
        'evt;schemas;help' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List known event types: name, base name, version, where the schema comes from, and the type''s own required fields (the envelope''s are always required)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print an event type''s effective JSON Schema (envelope fields included)')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check events in a file against their schemas, as `evt publish` would (or as a reader would, with --tolerant)')
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
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List streams')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evt;streams;ls' {
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
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List streams')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evt;streams;help;ls' {
            break
        }
        'evt;streams;help;help' {
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
        'evt;help' {
            [CompletionResult]::new('publish', 'publish', [CompletionResultType]::ParameterValue, 'Publish one typed event, or a file of them (NDJSON or JSON array), validated and acked')
            [CompletionResult]::new('tail', 'tail', [CompletionResultType]::ParameterValue, 'Follow a subject like `tail -f`, optionally decoding typed events')
            [CompletionResult]::new('schemas', 'schemas', [CompletionResultType]::ParameterValue, 'List, show and validate event schemas')
            [CompletionResult]::new('streams', 'streams', [CompletionResultType]::ParameterValue, 'Streams as code: validate, plan, apply, export, ls')
            [CompletionResult]::new('ping', 'ping', [CompletionResultType]::ParameterValue, 'Check the connection: server, version, round trip, JetStream')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions (bash, zsh, fish, elvish, powershell)')
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
        'evt;help;streams' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List streams')
            break
        }
        'evt;help;streams;ls' {
            break
        }
        'evt;help;ping' {
            break
        }
        'evt;help;completions' {
            break
        }
        'evt;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
