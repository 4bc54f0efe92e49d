//! Mail codecs: Base64 (RFC 4648, with the MIME, PEM and IMAP variants).
//!
//! - [`charset`]: decoding text in a named charset (UTF-8, US-ASCII, ISO-8859-1;
//!   every `encoding_rs` charset with the `charsets` feature).
//! - [`rfc2047`]: encoded words in header values (RFC 2047).
//! - [`rfc2231`]: MIME parameter values: continuations, charsets, languages (RFC 2231).
//!
//! Every codec works on byte slices, writes into caller-provided buffers or
//! appends to `Vec<u8>` / `BytesMut`, and has a streaming form that accepts input
//! split anywhere. Errors carry the byte offset and the kind of problem.
//!
//! ```
//! use mime_codec::base64;
//!
//! let encoded = base64::STANDARD.encode_to_string(b"hello");
//! assert_eq!(encoded, "aGVsbG8=");
//! assert_eq!(base64::STANDARD.decode_to_vec(encoded.as_bytes()).unwrap(), b"hello");
//! ```
//!
//! The crate is `no_std` with `alloc`; the default `std` feature only enables
//! `std` in its dependencies.
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod base64;
pub mod charset;
pub mod rfc2047;
pub mod rfc2231;

/// The workspace README's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;
