//! Message types and validated newtypes.

pub mod capa;
pub mod command;
pub mod listing;
pub mod reply;
