//! Serializers: infallible; a [`core::Writer`] collects one message and where a client must
//! wait before a synchronizing literal.

mod body;
pub(crate) mod command;
pub mod core;
#[allow(dead_code)] // used by the command and response encoders
pub(crate) mod fetch;
pub mod response;
pub(crate) mod search;
