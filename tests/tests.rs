//! Integration tests: every test talks to its own real nats-server (see `support::server`).

mod support;

mod cases;
