//! Message types and validated newtypes.

pub mod ehlo;
pub mod reply;
