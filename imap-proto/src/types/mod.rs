//! Message types and validated newtypes.

pub mod body;
pub mod capability;
pub mod command;
pub mod core;
pub mod fetch;
pub mod response;
pub mod search;
