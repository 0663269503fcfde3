//! Declarative handlers and the SubscriberManager (in progress).
