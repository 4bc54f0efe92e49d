//! Message types and validated newtypes.

pub mod command;
