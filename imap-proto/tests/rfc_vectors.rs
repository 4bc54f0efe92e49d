//! Format check of the RFC example transcripts in `tests/rfc/<rfc-number>.txt`.
//!
//! The files hold the C:/S: examples of RFC 3501, RFC 9051 and the extension RFCs, copied
//! from the RFC text (the format is described in `tests/rfc/README.md`). The IMAP parser
//! tests read them later; this test only checks that every file keeps the format, so that a
//! broken data file fails here and not as a puzzling parser failure:
//!
//! - the file starts with a `# source:` line, then blocks separated by one blank line;
//! - every block starts with a `# RFC <n> §<section> <what>` header whose `<n>` is the
//!   file's RFC number, then `! ` flag lines of the known kinds, then message lines;
//! - message lines are `C: ` / `S: ` (or a bare `C:` / `S:` for an empty line) and
//!   `C+ ` / `S+ ` continuation lines, which need an earlier `C:` / `S:` in the block;
//! - a block flagged `! elided` has `...` (every elision marker holds it) in a message;
//! - the octet count of every literal (`{n}`, `{n+}`, `{n-}`, `~{n}`) matches the data as
//!   shown, read the way an IMAP receiver frames a message (see [`frame`]), unless the
//!   block carries `! count-mismatch: announced N, shown M` — and then the count must
//!   really mismatch and `N` must be an announced count;
//! - no tab, CR or trailing space anywhere (they would be invisible differences).
//!
//! It does not parse IMAP. The number of blocks per RFC is pinned in [`EXPECTED_BLOCKS`], so
//! that a truncated or accidentally merged file is noticed.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// Blocks per RFC, counted when the files were written (update it together with the data).
const EXPECTED_BLOCKS: &[(u32, usize)] = &[
    (2177, 1),
    (2342, 9),
    (2971, 2),
    (3501, 46),
    (3502, 1),
    (3691, 1),
    (4314, 23),
    (4315, 2),
    (4469, 4),
    (4731, 6),
    (4959, 4),
    (4978, 2),
    (5161, 2),
    (5182, 11),
    (5256, 5),
    (5258, 19),
    (5464, 14),
    (5465, 18),
    (5530, 20),
    (5819, 2),
    (6154, 5),
    (6851, 1),
    (7162, 44),
    (7888, 2),
    (8438, 3),
    (8474, 8),
    (8514, 2),
    (8970, 4),
    (9051, 131),
    (9208, 10),
];

/// Which side sent a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    Client,
    Server,
}

/// One protocol message: its first line and the continuation lines joined to it.
#[derive(Debug)]
struct Message {
    side: Side,
    lines: Vec<String>,
}

/// One example block.
#[derive(Debug)]
struct Block {
    line: usize,
    header: String,
    flags: Vec<String>,
    messages: Vec<Message>,
}

/// The flags a block may carry as `! <flag>`.
const FLAGS: &[&str] = &["joined-wrapped-lines", "elided", "invalid-example"];

/// The flags that carry text, as `! <kind> <text>`.
const TEXT_FLAGS: &[&str] = &["count-mismatch: ", "omitted: ", "note: "];

fn known_flag(flag: &str) -> bool {
    FLAGS.contains(&flag)
        || TEXT_FLAGS
            .iter()
            .any(|k| flag.strip_prefix(k).is_some_and(|text| !text.is_empty()))
}

/// Splits a data file into blocks and checks the line grammar; `rfc` is the number the
/// file name promises.
fn parse_file(rfc: u32, text: &str) -> Result<Vec<Block>, String> {
    if text.contains('\r') || text.contains('\t') {
        return Err("CR or tab in the file".into());
    }
    if !text.ends_with('\n') || text.ends_with("\n\n") {
        return Err("the file must end with exactly one newline".into());
    }
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
    match lines.next() {
        Some((_, l)) if l.starts_with("# source: ") && l.len() > 12 => {}
        _ => return Err("line 1: expected `# source: <where the RFC text was read>`".into()),
    }
    match lines.next() {
        Some((_, "")) => {}
        _ => return Err("line 2: expected a blank line after the source line".into()),
    }
    let header_prefix = format!("# RFC {rfc} §");
    let mut blocks: Vec<Block> = Vec::new();
    let mut current: Option<Block> = None;
    let mut previous_blank = false;
    for (n, line) in lines {
        if line.ends_with(' ') {
            return Err(format!("line {n}: trailing space"));
        }
        if line.is_empty() {
            if previous_blank {
                return Err(format!("line {n}: two blank lines in a row"));
            }
            previous_blank = true;
            match current.take() {
                Some(block) => blocks.push(finish(block)?),
                None => return Err(format!("line {n}: blank line outside a block")),
            }
            continue;
        }
        previous_blank = false;
        let Some(block) = current.as_mut() else {
            if !line.starts_with(&header_prefix) || line.len() <= header_prefix.len() + 2 {
                return Err(format!(
                    "line {n}: a block must start with `{header_prefix}<section> <what>`, found {line:?}"
                ));
            }
            current = Some(Block {
                line: n,
                header: line.to_owned(),
                flags: Vec::new(),
                messages: Vec::new(),
            });
            continue;
        };
        if let Some(flag) = line.strip_prefix("! ") {
            if !block.messages.is_empty() {
                return Err(format!("line {n}: flag after the first message line"));
            }
            if !known_flag(flag) {
                return Err(format!("line {n}: unknown flag {line:?}"));
            }
            block.flags.push(flag.to_owned());
            continue;
        }
        let (side, continuation, rest) = match line.get(..2) {
            Some("C:") => (Side::Client, false, &line[2..]),
            Some("S:") => (Side::Server, false, &line[2..]),
            Some("C+") => (Side::Client, true, &line[2..]),
            Some("S+") => (Side::Server, true, &line[2..]),
            _ => return Err(format!("line {n}: not a C:/S:/C+/S+/! line: {line:?}")),
        };
        let content = if rest.is_empty() {
            ""
        } else if let Some(c) = rest.strip_prefix(' ') {
            c
        } else {
            return Err(format!(
                "line {n}: expected a space after the two-character prefix"
            ));
        };
        if continuation {
            let Some(message) = block.messages.iter_mut().rev().find(|m| m.side == side) else {
                return Err(format!(
                    "line {n}: continuation line without an earlier message from that side"
                ));
            };
            message.lines.push(content.to_owned());
        } else {
            block.messages.push(Message {
                side,
                lines: vec![content.to_owned()],
            });
        }
    }
    match current {
        Some(block) => blocks.push(finish(block)?),
        None => return Err("the file ends with a blank line or has no block".into()),
    }
    Ok(blocks)
}

/// Checks a complete block: it has messages, a block marked `! elided` has `...` in a
/// message (the parser tests skip the messages holding it in such blocks; `...` in an
/// unmarked block is text, as in RFC 3502's `Subject: hmm...`), and
/// its literal counts are right unless the block says they are not (and then they must
/// really be wrong).
fn finish(block: Block) -> Result<Block, String> {
    let at = format!("block at line {} ({})", block.line, block.header);
    if block.messages.is_empty() {
        return Err(format!("{at}: no message lines"));
    }
    let dots = block
        .messages
        .iter()
        .any(|m| m.lines.iter().any(|l| l.contains("...")));
    if block.flags.iter().any(|f| f == "elided") && !dots {
        return Err(format!("{at}: marked elided, but no message holds ..."));
    }
    let mismatch: Vec<&String> = block
        .flags
        .iter()
        .filter(|f| f.starts_with("count-mismatch:"))
        .collect();
    let mut problems = Vec::new();
    let mut announced = Vec::new();
    for message in &block.messages {
        match frame(&message.lines) {
            Ok(counts) => {
                if message.lines.len() > 1 && counts.is_empty() {
                    problems.push(format!(
                        "continuation lines after {:?}, which announces no literal",
                        message.lines[0]
                    ));
                }
                announced.extend(counts);
            }
            Err((counts, why)) => {
                announced.extend(counts);
                problems.push(why);
            }
        }
    }
    match (mismatch.as_slice(), problems.is_empty()) {
        ([], true) => {}
        ([], false) => return Err(format!("{at}: {}", problems.join("; "))),
        (_, true) => {
            return Err(format!(
                "{at}: marked count-mismatch, but every literal count matches"
            ));
        }
        (flags, false) => {
            for flag in flags {
                let n = flag
                    .strip_prefix("count-mismatch: announced ")
                    .and_then(|r| r.split_once(", shown "))
                    .and_then(|(a, s)| Some((a.parse::<usize>().ok()?, s.parse::<usize>().ok()?)));
                match n {
                    Some((a, _)) if announced.contains(&a) => {}
                    _ => {
                        return Err(format!(
                            "{at}: bad flag {flag:?} (announced counts: {announced:?})"
                        ));
                    }
                }
            }
        }
    }
    Ok(block)
}

/// Frames one message the way an IMAP receiver does: the lines are joined with CRLF (and
/// the last one ends with CRLF); a line that ends with a literal announcement is followed
/// by exactly that many octets, which must be followed by SP, ")" or CRLF (as everywhere in
/// the IMAP grammar), after which the line goes on; the message ends at the first CRLF not
/// preceded by a literal announcement, and that must be the end of the joined text.
///
/// One shift goes unnoticed: a count one too large when the data is followed by a line
/// holding only ")" (the literal then swallows the ")" and the message still ends cleanly).
///
/// Returns the announced counts, or the counts seen so far and what went wrong.
fn frame(lines: &[String]) -> Result<Vec<usize>, (Vec<usize>, String)> {
    let mut data = lines.join("\r\n").into_bytes();
    data.extend_from_slice(b"\r\n");
    let mut counts = Vec::new();
    let mut pos = 0;
    loop {
        let Some(eol) = data[pos..]
            .windows(2)
            .position(|w| w == b"\r\n")
            .map(|i| pos + i)
        else {
            return Err((
                counts,
                "message ends inside a literal's tail without CRLF".into(),
            ));
        };
        let Some(n) = literal_at_end(&data[pos..eol]) else {
            pos = eol + 2;
            break;
        };
        counts.push(n);
        let start = eol + 2;
        let available = data.len() - start;
        if n > available {
            return Err((
                counts,
                format!("literal of {n} octets, only {available} octets follow"),
            ));
        }
        pos = start + n;
        // In every IMAP rule that has a literal, what follows it is SP, ")" or the CRLF
        // that ends the message; anything else means the count cuts the data wrongly.
        if !matches!(data.get(pos), Some(b' ' | b')' | b'\r')) {
            let next = String::from_utf8_lossy(&data[pos..(pos + 10).min(data.len())]).into_owned();
            return Err((
                counts,
                format!("literal of {n} octets is followed by {next:?}, not SP, \")\" or CRLF"),
            ));
        }
    }
    if pos == data.len() {
        Ok(counts)
    } else {
        let left = String::from_utf8_lossy(&data[pos..]).into_owned();
        Err((
            counts,
            format!(
                "message ends before its last line(s) {left:?}: a literal count does not match the data"
            ),
        ))
    }
}

/// The count of a literal announced at the end of `line`: `{n}`, `{n+}`, `{n-}` or `~{n}`.
fn literal_at_end(line: &[u8]) -> Option<usize> {
    let inner = line.strip_suffix(b"}")?;
    let open = inner.iter().rposition(|&b| b == b'{')?;
    let mut digits = &inner[open + 1..];
    if let Some(d) = digits
        .strip_suffix(b"+")
        .or_else(|| digits.strip_suffix(b"-"))
    {
        digits = d;
    }
    if digits.is_empty() || digits.len() > 19 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(digits).ok()?.parse().ok()
}

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("rfc")
}

/// Every `<number>.txt` in tests/rfc, sorted by RFC number.
fn data_files() -> Vec<(u32, PathBuf)> {
    let mut files = Vec::new();
    for entry in fs::read_dir(data_dir()).expect("tests/rfc exists") {
        let path = entry.expect("readable directory entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        if name == "README.md" {
            continue;
        }
        let rfc = name
            .strip_suffix(".txt")
            .and_then(|n| n.parse::<u32>().ok())
            .unwrap_or_else(|| panic!("unexpected file tests/rfc/{name}: only <rfc-number>.txt and README.md belong there"));
        files.push((rfc, path));
    }
    files.sort();
    files
}

#[test]
fn every_data_file_keeps_the_format() {
    let mut failures = String::new();
    let mut counts = Vec::new();
    for (rfc, path) in data_files() {
        let text = fs::read_to_string(&path).expect("data files are UTF-8");
        match parse_file(rfc, &text) {
            Ok(blocks) => counts.push((rfc, blocks.len())),
            Err(e) => writeln!(failures, "tests/rfc/{rfc}.txt: {e}").unwrap(),
        }
    }
    assert!(
        failures.is_empty(),
        "malformed RFC vector files:\n{failures}"
    );
    let total: usize = counts.iter().map(|c| c.1).sum();
    eprintln!("RFC example blocks: {counts:?}, {total} in all");
    assert_eq!(
        counts, EXPECTED_BLOCKS,
        "blocks per RFC changed: update EXPECTED_BLOCKS with the data"
    );
}

#[test]
fn readme_lists_every_data_file() {
    let readme =
        fs::read_to_string(data_dir().join("README.md")).expect("tests/rfc/README.md exists");
    for (rfc, _) in data_files() {
        assert!(
            readme.contains(&format!("{rfc}.txt")),
            "README.md does not mention {rfc}.txt"
        );
    }
}

// The checker itself: each of these must be refused. They are small files written for the
// test; the good one is accepted, so a refusal is due to the one defect each carries.

const GOOD: &str = "# source: test\n\n# RFC 1 §1 good\nC: a LOGIN {3}\nS: + go\nC+ abc\nS: a OK done\n\n# RFC 1 §2 literal in a response\nS: * 1 FETCH (BODY[] {5}\nS+ hello)\n";

#[test]
fn checker_accepts_a_good_file() {
    let blocks = parse_file(1, GOOD).expect("good file");
    assert_eq!(blocks.len(), 2);
    assert_eq!(blocks[0].messages.len(), 3);
    assert_eq!(blocks[0].messages[0].lines, ["a LOGIN {3}", "abc"]);
    assert_eq!(
        blocks[1].messages[0].lines,
        ["* 1 FETCH (BODY[] {5}", "hello)"]
    );
}

#[test]
fn checker_refuses_malformed_files() {
    let bad: &[(&str, String)] = &[
        ("no source line", GOOD.replacen("# source: test\n\n", "", 1)),
        (
            "header of another RFC",
            GOOD.replacen("# RFC 1 §1", "# RFC 2 §1", 1),
        ),
        (
            "header without section",
            GOOD.replacen("# RFC 1 §1 good", "# RFC 1 good", 1),
        ),
        (
            "unknown line kind",
            GOOD.replacen("S: a OK done", "X: a OK done", 1),
        ),
        (
            "missing space after prefix",
            GOOD.replacen("S: a OK done", "S:a OK done", 1),
        ),
        (
            "unknown flag",
            GOOD.replacen("# RFC 1 §1 good\n", "# RFC 1 §1 good\n! shiny\n", 1),
        ),
        (
            "flag after messages",
            GOOD.replacen("S: a OK done", "S: a OK done\n! elided", 1),
        ),
        (
            "continuation without message",
            GOOD.replacen("S: * 1 FETCH (BODY[] {5}\n", "", 1),
        ),
        ("count too small", GOOD.replacen("{3}", "{2}", 1)),
        ("count too large", GOOD.replacen("{5}", "{9}", 1)),
        ("continuation without literal", GOOD.replacen("{3}", "x", 1)),
        (
            "mismatch flag on a correct block",
            GOOD.replacen(
                "# RFC 1 §1 good\n",
                "# RFC 1 §1 good\n! count-mismatch: announced 3, shown 3\n",
                1,
            ),
        ),
        (
            "trailing space",
            GOOD.replacen("S: a OK done", "S: a OK done ", 1),
        ),
        (
            "two blank lines",
            GOOD.replacen("\n\n# RFC 1 §2", "\n\n\n# RFC 1 §2", 1),
        ),
        ("tab", GOOD.replacen("a OK done", "a\tOK done", 1)),
        (
            "block without messages",
            format!("{GOOD}\n# RFC 1 §3 empty\n! elided\n"),
        ),
        (
            "elided without an elision",
            GOOD.replacen("# RFC 1 §1 good\n", "# RFC 1 §1 good\n! elided\n", 1),
        ),
    ];
    for (what, text) in bad {
        assert!(parse_file(1, text).is_err(), "accepted a file with: {what}");
    }
    let marked = GOOD.replacen("{3}", "{2}", 1).replacen(
        "# RFC 1 §1 good\n",
        "# RFC 1 §1 good\n! count-mismatch: announced 2, shown 3\n",
        1,
    );
    assert!(
        parse_file(1, &marked).is_ok(),
        "a marked mismatch is accepted"
    );
    let wrong_n = marked.replacen("announced 2", "announced 7", 1);
    assert!(
        parse_file(1, &wrong_n).is_err(),
        "the flag must name an announced count"
    );
}

#[test]
fn literal_announcements() {
    assert_eq!(literal_at_end(b"A001 LOGIN {11}"), Some(11));
    assert_eq!(literal_at_end(b"A APPEND x {297+}"), Some(297));
    assert_eq!(literal_at_end(b"A APPEND x {5-}"), Some(5));
    assert_eq!(literal_at_end(b"* 1 FETCH (BINARY[1] ~{4}"), Some(4));
    assert_eq!(literal_at_end(b"a SEARCH {}"), None);
    assert_eq!(literal_at_end(b"a SEARCH {x}"), None);
    assert_eq!(literal_at_end(b"a SEARCH {3} x"), None);
}
