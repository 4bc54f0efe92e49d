//! Serializers: infallible; a [`core::Writer`] collects one message and where a client must
//! wait before a synchronizing literal.

mod body;
pub mod core;
