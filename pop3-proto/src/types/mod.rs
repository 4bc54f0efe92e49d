//! Message types and validated newtypes.
