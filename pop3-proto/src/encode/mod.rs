//! Serializers: infallible, writing into a caller's [`bytes::BufMut`].

pub mod command;
