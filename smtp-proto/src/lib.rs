//! Sans-IO SMTP and LMTP: commands, replies, EHLO capabilities and DATA/BDAT receivers.
//!
//! This crate is a placeholder in the workspace; its parsers and encoders are
//! being built (see the project's issue tracker). It exposes no API yet.
#![forbid(unsafe_code)]
