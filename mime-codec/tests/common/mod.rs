//! Test helpers shared by the integration tests.
#![allow(dead_code, unreachable_pub)]

/// A deliberately plain Base64 written from RFC 4648 §4–§5, sharing no code
/// with the crate: a bit accumulator, a linear search in the alphabet string,
/// and the rules of §3.2 (padding) and §3.5 (canonical encoding) spelled out.
pub mod oracle {
    pub const STD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    pub const URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    pub const IMAP: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

    pub fn encode(alphabet: &[u8; 64], pad: bool, data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut acc: u32 = 0;
        let mut bits = 0;
        for &b in data {
            acc = (acc << 8) | u32::from(b);
            bits += 8;
            while bits >= 6 {
                bits -= 6;
                out.push(alphabet[((acc >> bits) & 63) as usize]);
            }
        }
        if bits > 0 {
            out.push(alphabet[((acc << (6 - bits)) & 63) as usize]);
        }
        if pad {
            while out.len() % 4 != 0 {
                out.push(b'=');
            }
        }
        out
    }

    /// Wraps `text` into lines of `width` bytes, each followed by `eol`.
    pub fn wrap(text: &[u8], width: usize, eol: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        for line in text.chunks(width) {
            out.extend_from_slice(line);
            out.extend_from_slice(eol);
        }
        out
    }

    #[derive(Clone, Copy, PartialEq, Eq, Debug)]
    pub enum Pad {
        Required,
        Forbidden,
        Optional,
    }

    /// Returns the decoded bytes, or None when the input is not acceptable.
    pub fn decode(
        alphabet: &[u8; 64],
        pad: Pad,
        skip_ws: bool,
        allow_trailing: bool,
        text: &[u8],
    ) -> Option<Vec<u8>> {
        let text: Vec<u8> = if skip_ws {
            text.iter()
                .copied()
                .filter(|b| !matches!(b, b'\r' | b'\n' | b' ' | b'\t'))
                .collect()
        } else {
            text.to_vec()
        };
        let first_pad = text.iter().position(|&b| b == b'=').unwrap_or(text.len());
        let (symbols, pads) = text.split_at(first_pad);
        if pads.iter().any(|&b| b != b'=') {
            return None;
        }
        let rem = symbols.len() % 4;
        if rem == 1 {
            return None;
        }
        match pad {
            Pad::Forbidden if !pads.is_empty() => return None,
            Pad::Required if (symbols.len() + pads.len()) % 4 != 0 => return None,
            _ => {}
        }
        if !pads.is_empty() && (rem == 0 || rem + pads.len() != 4) {
            return None;
        }
        let mut out = Vec::new();
        let mut acc: u32 = 0;
        let mut bits = 0;
        for &c in symbols {
            let v = alphabet.iter().position(|&a| a == c)? as u32;
            acc = (acc << 6) | v;
            bits += 6;
            if bits >= 8 {
                bits -= 8;
                out.push((acc >> bits) as u8);
            }
        }
        if !allow_trailing && acc & ((1 << bits) - 1) != 0 {
            return None;
        }
        Some(out)
    }
}
