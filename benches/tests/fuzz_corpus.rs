//! Replays the checked-in fuzz corpora (`fuzz/corpus/<target>/`) through the
//! same checks the fuzz targets run, so a normal `cargo test` catches a
//! regression on any input the fuzzer once found interesting.
//!
//! The checks live in `fuzz/checks/`; this crate is the only main-workspace crate
//! that may depend on the peer crate `base64`, which the differential checks need.

use std::fs;
use std::path::{Path, PathBuf};

#[path = "../../fuzz/checks/base64.rs"]
mod base64_checks;
#[path = "../../fuzz/checks/base64_roundtrip.rs"]
mod base64_roundtrip_checks;
#[path = "../../fuzz/checks/encoded_words.rs"]
mod encoded_words_checks;
#[path = "../../fuzz/checks/imap_command.rs"]
mod imap_command_checks;
#[path = "../../fuzz/checks/imap_command_roundtrip.rs"]
mod imap_command_roundtrip_checks;
#[path = "../../fuzz/checks/imap_framing.rs"]
mod imap_framing_checks;
#[path = "../../fuzz/checks/imap_response.rs"]
mod imap_response_checks;
#[path = "../../fuzz/checks/imap_response_roundtrip.rs"]
mod imap_response_roundtrip_checks;
#[path = "../../fuzz/checks/imap_values.rs"]
mod imap_values;
#[path = "../../fuzz/checks/parts.rs"]
mod parts;
#[path = "../../fuzz/checks/pop3_body.rs"]
mod pop3_body_checks;
#[path = "../../fuzz/checks/pop3_client_stream.rs"]
mod pop3_client_stream_checks;
#[path = "../../fuzz/checks/pop3_command.rs"]
mod pop3_command_checks;
#[path = "../../fuzz/checks/pop3_reply.rs"]
mod pop3_reply_checks;
#[path = "../../fuzz/checks/pop3_roundtrip.rs"]
mod pop3_roundtrip_checks;
#[path = "../../fuzz/checks/qp.rs"]
mod qp_checks;
#[path = "../../fuzz/checks/smtp_command.rs"]
mod smtp_command_checks;
#[path = "../../fuzz/checks/smtp_command_roundtrip.rs"]
mod smtp_command_roundtrip_checks;
#[path = "../../fuzz/checks/smtp_data.rs"]
mod smtp_data_checks;
#[path = "../../fuzz/checks/smtp_reply.rs"]
mod smtp_reply_checks;
#[path = "../../fuzz/checks/smtp_server_stream.rs"]
mod smtp_server_stream_checks;
#[path = "../../fuzz/checks/utf7.rs"]
mod utf7_checks;

/// Every file of `fuzz/corpus/<target>/`, sorted; panics when the directory is
/// missing or holds no file.
fn corpus(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/corpus")
        .join(target);
    let entries = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("corpus directory {} unreadable: {e}", dir.display()));
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.expect("corpus directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "corpus {} is empty", dir.display());
    files
}

/// Runs `check` on every corpus file of `target`, naming the file that fails.
fn replay(target: &str, check: fn(&[u8])) {
    for path in corpus(target) {
        let data = fs::read(&path).expect("corpus file");
        let outcome = std::panic::catch_unwind(|| check(&data));
        assert!(outcome.is_ok(), "{target}: {} fails", path.display());
    }
}

#[test]
fn mime_codec_base64_corpus() {
    replay("mime_codec_base64", base64_checks::check);
}

#[test]
fn mime_codec_base64_roundtrip_corpus() {
    replay(
        "mime_codec_base64_roundtrip",
        base64_roundtrip_checks::check,
    );
}

#[test]
fn mime_codec_qp_corpus() {
    replay("mime_codec_qp", qp_checks::check);
}

#[test]
fn mime_codec_encoded_words_corpus() {
    replay("mime_codec_encoded_words", encoded_words_checks::check);
}

#[test]
fn mime_codec_utf7_corpus() {
    replay("mime_codec_utf7", utf7_checks::check);
}

#[test]
fn smtp_proto_reply_corpus() {
    replay("smtp_proto_reply", smtp_reply_checks::check);
}

#[test]
fn smtp_proto_data_corpus() {
    replay("smtp_proto_data", smtp_data_checks::check);
}

#[test]
fn smtp_proto_command_corpus() {
    replay("smtp_proto_command", smtp_command_checks::check);
}

#[test]
fn smtp_proto_command_roundtrip_corpus() {
    replay(
        "smtp_proto_command_roundtrip",
        smtp_command_roundtrip_checks::check,
    );
}

#[test]
fn smtp_proto_server_stream_corpus() {
    replay("smtp_proto_server_stream", smtp_server_stream_checks::check);
}

#[test]
fn pop3_proto_command_corpus() {
    replay("pop3_proto_command", pop3_command_checks::check);
}

#[test]
fn pop3_proto_roundtrip_corpus() {
    replay("pop3_proto_roundtrip", pop3_roundtrip_checks::check);
}

#[test]
fn pop3_proto_reply_corpus() {
    replay("pop3_proto_reply", pop3_reply_checks::check);
}

#[test]
fn pop3_proto_body_corpus() {
    replay("pop3_proto_body", pop3_body_checks::check);
}

#[test]
fn pop3_proto_client_stream_corpus() {
    replay("pop3_proto_client_stream", pop3_client_stream_checks::check);
}

#[test]
fn imap_proto_framing_corpus() {
    replay("imap_proto_framing", imap_framing_checks::check);
}

#[test]
fn imap_proto_response_corpus() {
    replay("imap_proto_response", imap_response_checks::check);
}

#[test]
fn imap_proto_command_corpus() {
    replay("imap_proto_command", imap_command_checks::check);
}

#[test]
fn imap_proto_command_roundtrip_corpus() {
    replay(
        "imap_proto_command_roundtrip",
        imap_command_roundtrip_checks::check,
    );
}

#[test]
fn imap_proto_response_roundtrip_corpus() {
    replay(
        "imap_proto_response_roundtrip",
        imap_response_roundtrip_checks::check,
    );
}
