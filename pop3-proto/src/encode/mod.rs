//! Serializers: infallible, writing into a caller's [`bytes::BufMut`].

pub mod body;
pub mod command;
pub mod reply;
