//! Exit codes, decided in one place and listed in the README.

/// Success (for `streams plan`: nothing to change).
pub const OK: u8 = 0;
/// Any error: bad input, unreachable server, refused request, some events failed.
pub const ERROR: u8 = 1;
/// Usage error (clap), and for `streams plan`: changes pending.
pub const USAGE_OR_CHANGES: u8 = 2;
/// `streams plan`: a destructive change (recreate, data loss, prune) is pending.
pub const DESTRUCTIVE: u8 = 3;
/// The server refused this user a publish or subscribe the command needs.
pub const PERMISSION_DENIED: u8 = 4;
/// Interrupted by Ctrl-C / SIGTERM.
pub const INTERRUPTED: u8 = 130;
