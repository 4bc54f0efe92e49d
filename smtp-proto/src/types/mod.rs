//! Message types and validated newtypes.

pub mod command;
pub mod ehlo;
pub mod param;
pub mod path;
pub mod reply;
