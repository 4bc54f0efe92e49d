//! Sans-IO IMAP4rev1 and IMAP4rev2: commands, responses, literals and framing.
//!
//! This crate is a placeholder in the workspace; its parsers and encoders are
//! being built (see the project's issue tracker). It exposes no API yet.
#![forbid(unsafe_code)]
