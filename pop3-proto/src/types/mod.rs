//! Message types and validated newtypes.

pub mod capa;
pub mod listing;
pub mod reply;
