//! Serializers: infallible, writing into a caller's [`bytes::BufMut`].

pub mod command;
pub mod data;
pub mod ehlo;
pub mod reply;
