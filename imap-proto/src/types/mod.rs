//! Message types and validated newtypes.

pub mod core;
