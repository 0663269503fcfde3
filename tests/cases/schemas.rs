//! `evt schemas` (in progress).
