//! Sans-IO POP3: commands, replies, multi-line bodies and a command-aware client decoder.
//!
//! This crate is a placeholder in the workspace; its parsers and encoders are
//! being built (see the project's issue tracker). It exposes no API yet.
#![forbid(unsafe_code)]
