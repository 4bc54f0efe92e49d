//! Message types and validated newtypes.

pub mod capability;
pub mod core;
pub mod response;
