//! Message types and validated newtypes.

pub mod reply;
