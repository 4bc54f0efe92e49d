//! Message types and validated newtypes.

pub mod capability;
pub mod command;
pub mod core;
pub mod fetch;
