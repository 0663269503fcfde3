//! The JetStream API's HTTP-style statuses (`jetstream::Error::code()`), by name. Its numbered
//! `err_code`s are named by async-nats (`jetstream::ErrorCode`) and matched through those;
//! a status is compared here, never as a bare number at the call site.

use async_nats::StatusCode;

/// The request was refused as invalid. async-nats has no constant for it (nats-server answers
/// with Go's `http.StatusBadRequest` in its API errors).
pub const BAD_REQUEST: usize = 400;

/// No responders / JetStream unavailable: async-nats' `StatusCode::NO_RESPONDERS`.
pub fn is_unavailable(status: usize) -> bool {
    status == usize::from(StatusCode::NO_RESPONDERS.as_u16())
}

/// A refusal of the request itself: sending it again gets the same answer.
pub fn is_bad_request(status: usize) -> bool {
    status == BAD_REQUEST
}
