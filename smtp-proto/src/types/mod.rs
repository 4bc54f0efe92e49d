//! Message types and validated newtypes.
pub mod command;
pub mod param;
pub mod path;
