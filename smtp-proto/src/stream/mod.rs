//! Sans-IO streaming decoders that keep SMTP framing state between reads.

pub mod bdat;
pub mod data;
