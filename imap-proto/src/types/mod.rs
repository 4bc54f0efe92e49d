//! Message types and validated newtypes.

pub mod body;
pub mod capability;
pub mod core;
