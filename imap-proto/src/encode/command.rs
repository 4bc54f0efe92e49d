//! Writers for commands: the inverse of `parse::command`, in the canonical (upper) case,
//! with the wire form of each string chosen by the [`Writer`].

use crate::encode::core::{EncodeOptions, Encoded, Writer};
use crate::parse::chars::{self, LIST};
use crate::parse::command::literal_marker;
use crate::types::command::{
    AppendData, AppendMessage, CatPart, Command, CommandBody, CreateParam, EventGroup, ExtValue,
    FetchModifier, InitialResponse, ListArgs, ListPatterns, ListReturnOpt, ListSelectOpt,
    MetadataDepth, MetadataOption, MetadataValue, NOTIFY_EVENTS, Notify, NotifyEvent, NotifyFilter,
    OptionValue, QResync, RawArgs, SelectParam, StatusAttr, StoreMode, StoreModifier, StoreValues,
    UseAttr,
};
use crate::types::core::{IString, Mailbox};

impl Command<'_> {
    /// Writes the command (`tag SP body CRLF`) for a peer described by `opts`: strings as
    /// atoms, quoted strings or literals, literals synchronizing unless LITERAL+ /
    /// LITERAL- allow otherwise. [`Encoded::fragments`] says where a client waits for a
    /// continuation request. A parsed [`CommandBody::Unknown`] is written back byte for
    /// byte.
    pub fn encode(&self, opts: &EncodeOptions) -> Encoded {
        let mut w = Writer::new(*opts);
        w.raw(self.tag.as_bytes());
        w.raw(b" ");
        self.body.write(&mut w);
        w.raw(b"\r\n");
        w.finish()
    }
}

/// `SP` then `f`.
fn sp(w: &mut Writer) {
    w.raw(b" ");
}

/// `"(" item *(SP item) ")"`.
fn list<T>(w: &mut Writer, items: &[T], mut f: impl FnMut(&mut Writer, &T)) {
    w.raw(b"(");
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            sp(w);
        }
        f(w, x);
    }
    w.raw(b")");
}

/// RFC 9051 §9 `list-mailbox = 1*list-char / string`.
fn write_list_mailbox(w: &mut Writer, s: &IString<'_>) {
    let b = s.as_bytes();
    if !b.is_empty() && b.iter().all(|&c| chars::is(c, LIST)) {
        w.raw(b);
    } else {
        w.string(s);
    }
}

/// Bytes kept from the wire (validated: a line end only right after a literal
/// announcement), written unchanged, with each literal's data made known to the writer.
pub(crate) fn write_kept(w: &mut Writer, b: &[u8]) {
    let mut at = 0;
    while let Some(p) = memchr::memchr(b'\n', &b[at..]) {
        let nl = at + p;
        let line_end = if nl > at && b[nl - 1] == b'\r' {
            nl - 1
        } else {
            nl
        };
        let Some(m) = literal_marker(&b[..line_end]).filter(|&m| m >= at) else {
            // Not reachable for validated bytes; keep them as they are.
            break;
        };
        let header = &b[m..line_end];
        let digits: &[u8] = header
            .iter()
            .position(u8::is_ascii_digit)
            .map_or(&[], |s| &header[s..]);
        let n = digits
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .try_fold(0usize, |v, &d| {
                v.checked_mul(10)?.checked_add(usize::from(d - b'0'))
            })
            .unwrap_or(usize::MAX);
        let data_end = nl.saturating_add(1).saturating_add(n).min(b.len());
        let sync = !header.ends_with(b"+}");
        w.kept_literal(&b[at..=nl], &b[nl + 1..data_end], sync);
        at = data_end;
    }
    w.raw(&b[at..]);
}

impl ExtValue<'_> {
    /// The value as received.
    pub(crate) fn write(&self, w: &mut Writer) {
        write_kept(w, self.as_bytes());
    }
}

impl OptionValue<'_> {
    /// The value as received.
    pub(crate) fn write(&self, w: &mut Writer) {
        write_kept(w, self.as_bytes());
    }
}

impl RawArgs<'_> {
    /// The arguments as received.
    pub(crate) fn write(&self, w: &mut Writer) {
        write_kept(w, self.as_bytes());
    }
}

/// `name [SP value]` of a kept extension parameter.
fn write_ext(w: &mut Writer, name: &str, value: Option<&ExtValue<'_>>) {
    w.raw(name.as_bytes());
    if let Some(v) = value {
        sp(w);
        v.write(w);
    }
}

impl StatusAttr<'_> {
    /// `status-att`.
    pub(crate) fn write(&self, w: &mut Writer) {
        w.raw(self.name().as_bytes());
    }
}

impl SelectParam<'_> {
    /// `select-param`.
    pub(crate) fn write(&self, w: &mut Writer) {
        match self {
            Self::CondStore => w.raw(b"CONDSTORE"),
            Self::QResync(q) => q.write(w),
            Self::Other { name, value } => write_ext(w, name.as_str(), value.as_ref()),
        }
    }
}

impl QResync<'_> {
    /// `"QRESYNC" SP "(" uidvalidity SP mod-sequence-value [SP known-uids] [SP
    /// seq-match-data] ")"`.
    pub(crate) fn write(&self, w: &mut Writer) {
        w.raw(b"QRESYNC (");
        w.number(u64::from(self.uidvalidity.get()));
        sp(w);
        w.number(self.modseq.get());
        if let Some(k) = &self.known_uids {
            sp(w);
            w.raw(k.as_str().as_bytes());
        }
        if let Some((s, u)) = &self.seq_match {
            w.raw(b" (");
            w.raw(s.as_str().as_bytes());
            sp(w);
            w.raw(u.as_str().as_bytes());
            w.raw(b")");
        }
        w.raw(b")");
    }
}

impl CreateParam<'_> {
    /// `create-param`.
    pub(crate) fn write(&self, w: &mut Writer) {
        match self {
            Self::Use(attrs) => {
                w.raw(b"USE ");
                list(w, attrs, |w, a: &UseAttr<'_>| {
                    w.raw(b"\\");
                    w.raw(a.name().as_bytes());
                });
            }
            Self::Other { name, value } => write_ext(w, name.as_str(), value.as_ref()),
        }
    }
}

impl ListArgs<'_> {
    /// The arguments after `LIST SP`.
    pub(crate) fn write(&self, w: &mut Writer) {
        if let Some(sel) = &self.selection {
            list(w, sel, |w, o| o.write(w));
            sp(w);
        }
        w.mailbox(&self.reference);
        sp(w);
        match &self.patterns {
            ListPatterns::One(p) => write_list_mailbox(w, p),
            ListPatterns::List(v) => list(w, v, |w, p| write_list_mailbox(w, p)),
        }
        if let Some(ret) = &self.return_opts {
            w.raw(b" RETURN ");
            list(w, ret, |w, o| o.write(w));
        }
    }
}

impl ListSelectOpt<'_> {
    /// `list-select-opt`.
    pub(crate) fn write(&self, w: &mut Writer) {
        match self {
            Self::Subscribed => w.raw(b"SUBSCRIBED"),
            Self::Remote => w.raw(b"REMOTE"),
            Self::RecursiveMatch => w.raw(b"RECURSIVEMATCH"),
            Self::SpecialUse => w.raw(b"SPECIAL-USE"),
            Self::Other { name, value } => {
                w.raw(name.as_bytes());
                if let Some(v) = value {
                    sp(w);
                    v.write(w);
                }
            }
        }
    }
}

impl ListReturnOpt<'_> {
    /// `return-option`.
    pub(crate) fn write(&self, w: &mut Writer) {
        match self {
            Self::Subscribed => w.raw(b"SUBSCRIBED"),
            Self::Children => w.raw(b"CHILDREN"),
            Self::SpecialUse => w.raw(b"SPECIAL-USE"),
            Self::MyRights => w.raw(b"MYRIGHTS"),
            Self::Status(items) => {
                w.raw(b"STATUS ");
                list(w, items, |w, a| a.write(w));
            }
            Self::Other { name, value } => {
                w.raw(name.as_bytes());
                if let Some(v) = value {
                    sp(w);
                    v.write(w);
                }
            }
        }
    }
}

impl AppendMessage<'_> {
    /// `append-opts SP append-data` (the leading SP included).
    pub(crate) fn write(&self, w: &mut Writer) {
        if !self.flags.is_empty() {
            sp(w);
            list(w, &self.flags, |w, f| w.flag(f));
        }
        if let Some(d) = &self.date {
            sp(w);
            w.date_time(d);
        }
        sp(w);
        match &self.data {
            AppendData::Literal(s) => w.literal_data(s.as_bytes()),
            AppendData::Literal8(b) => w.literal8(b),
            AppendData::Utf8(b) => {
                w.raw(b"UTF8 (");
                w.literal8(b);
                w.raw(b")");
            }
            AppendData::Catenate(parts) => {
                w.raw(b"CATENATE ");
                list(w, parts, |w, p| match p {
                    CatPart::Url(u) => {
                        w.raw(b"URL ");
                        w.astring(u);
                    }
                    CatPart::Text(t) => {
                        w.raw(b"TEXT ");
                        w.literal_data(t.as_bytes());
                    }
                });
            }
        }
    }
}

impl FetchModifier<'_> {
    /// `fetch-modifier`.
    pub(crate) fn write(&self, w: &mut Writer) {
        match self {
            Self::ChangedSince(n) => {
                w.raw(b"CHANGEDSINCE ");
                w.number(n.get());
            }
            Self::Vanished => w.raw(b"VANISHED"),
            Self::Other { name, value } => write_ext(w, name.as_str(), value.as_ref()),
        }
    }
}

impl StoreModifier<'_> {
    /// `store-modifier`.
    pub(crate) fn write(&self, w: &mut Writer) {
        match self {
            Self::UnchangedSince(n) => {
                w.raw(b"UNCHANGEDSINCE ");
                w.number(n.get());
            }
            Self::Other { name, value } => write_ext(w, name.as_str(), value.as_ref()),
        }
    }
}

impl MetadataOption<'_> {
    /// `getmetadata-option`.
    pub(crate) fn write(&self, w: &mut Writer) {
        match self {
            Self::MaxSize(n) => {
                w.raw(b"MAXSIZE ");
                w.number(u64::from(*n));
            }
            Self::Depth(d) => w.raw(match d {
                MetadataDepth::Zero => b"DEPTH 0",
                MetadataDepth::One => b"DEPTH 1",
                MetadataDepth::Infinity => b"DEPTH infinity",
            }),
            Self::Other { name, value } => write_ext(w, name.as_str(), value.as_ref()),
        }
    }
}

impl Notify<'_> {
    /// The arguments after `NOTIFY SP`.
    pub(crate) fn write(&self, w: &mut Writer) {
        match self {
            Self::None => w.raw(b"NONE"),
            Self::Set { status, groups } => {
                w.raw(if *status { b"SET STATUS" } else { b"SET" });
                for g in groups {
                    sp(w);
                    g.write(w);
                }
            }
        }
    }
}

/// `one-or-more-mailbox = mailbox / many-mailboxes`.
fn write_mailboxes(w: &mut Writer, v: &[Mailbox<'_>]) {
    match v {
        [one] => w.mailbox(one),
        _ => list(w, v, |w, m| w.mailbox(m)),
    }
}

impl EventGroup<'_> {
    /// `event-group`.
    pub(crate) fn write(&self, w: &mut Writer) {
        w.raw(b"(");
        match &self.filter {
            NotifyFilter::Selected => w.raw(b"SELECTED"),
            NotifyFilter::SelectedDelayed => w.raw(b"SELECTED-DELAYED"),
            NotifyFilter::Inboxes => w.raw(b"INBOXES"),
            NotifyFilter::Personal => w.raw(b"PERSONAL"),
            NotifyFilter::Subscribed => w.raw(b"SUBSCRIBED"),
            NotifyFilter::Subtree(v) => {
                w.raw(b"SUBTREE ");
                write_mailboxes(w, v);
            }
            NotifyFilter::Mailboxes(v) => {
                w.raw(b"MAILBOXES ");
                write_mailboxes(w, v);
            }
        }
        sp(w);
        match &self.events {
            None => w.raw(b"NONE"),
            Some(ev) => list(w, ev, |w, e| e.write(w)),
        }
        w.raw(b")");
    }
}

impl NotifyEvent<'_> {
    /// `event`.
    pub(crate) fn write(&self, w: &mut Writer) {
        match self {
            Self::MessageNew(atts) => {
                w.raw(b"MessageNew");
                if !atts.is_empty() {
                    sp(w);
                    list(w, atts, |w, a| a.write(w));
                }
            }
            Self::Other(a) => w.raw(a.as_bytes()),
            known => {
                let name = NOTIFY_EVENTS
                    .iter()
                    .find(|(_, e)| e == known)
                    .map_or("", |(n, _)| n);
                w.raw(name.as_bytes());
            }
        }
    }
}

/// `[UID ]` and the command word.
fn word(w: &mut Writer, uid: bool, name: &[u8]) {
    if uid {
        w.raw(b"UID ");
    }
    w.raw(name);
}

impl CommandBody<'_> {
    /// The command after `tag SP`, without the final CRLF.
    pub(crate) fn write(&self, w: &mut Writer) {
        match self {
            Self::Capability
            | Self::Noop
            | Self::Logout
            | Self::StartTls
            | Self::Namespace
            | Self::Idle
            | Self::Check
            | Self::Close
            | Self::Unselect
            | Self::Expunge
            | Self::Unauthenticate => w.raw(self.name().as_bytes()),
            Self::Authenticate {
                mechanism,
                initial_response,
            } => {
                w.raw(b"AUTHENTICATE ");
                w.raw(mechanism.as_bytes());
                match initial_response {
                    None => {}
                    Some(InitialResponse::Empty) => w.raw(b" ="),
                    Some(InitialResponse::Data(d)) => {
                        sp(w);
                        w.raw(d.as_str().as_bytes());
                    }
                }
            }
            Self::Login { username, password } => {
                w.raw(b"LOGIN ");
                w.astring(username);
                sp(w);
                w.astring(password);
            }
            Self::Enable { capabilities } => {
                w.raw(b"ENABLE");
                for c in capabilities {
                    sp(w);
                    w.raw(c.to_string().as_bytes());
                }
            }
            Self::Select { mailbox, params } | Self::Examine { mailbox, params } => {
                w.raw(self.name().as_bytes());
                sp(w);
                w.mailbox(mailbox);
                if !params.is_empty() {
                    sp(w);
                    list(w, params, |w, p| p.write(w));
                }
            }
            Self::Create { mailbox, params } => {
                w.raw(b"CREATE ");
                w.mailbox(mailbox);
                if !params.is_empty() {
                    sp(w);
                    list(w, params, |w, p| p.write(w));
                }
            }
            Self::Delete { mailbox }
            | Self::Subscribe { mailbox }
            | Self::Unsubscribe { mailbox }
            | Self::GetQuotaRoot { mailbox }
            | Self::GetAcl { mailbox }
            | Self::MyRights { mailbox } => {
                w.raw(self.name().as_bytes());
                sp(w);
                w.mailbox(mailbox);
            }
            Self::Rename { from, to } => {
                w.raw(b"RENAME ");
                w.mailbox(from);
                sp(w);
                w.mailbox(to);
            }
            Self::List(args) => {
                w.raw(b"LIST ");
                args.write(w);
            }
            Self::Lsub { reference, pattern } => {
                w.raw(b"LSUB ");
                w.mailbox(reference);
                sp(w);
                write_list_mailbox(w, pattern);
            }
            Self::Status { mailbox, items } => {
                w.raw(b"STATUS ");
                w.mailbox(mailbox);
                sp(w);
                list(w, items, |w, a| a.write(w));
            }
            Self::Append { mailbox, messages } => {
                w.raw(b"APPEND ");
                w.mailbox(mailbox);
                for m in messages {
                    m.write(w);
                }
            }
            Self::UidExpunge { set } => {
                w.raw(b"UID EXPUNGE ");
                w.raw(set.as_str().as_bytes());
            }
            Self::Fetch {
                uid,
                set,
                items,
                modifiers,
            } => {
                word(w, *uid, b"FETCH ");
                w.raw(set.as_str().as_bytes());
                sp(w);
                items.write(w);
                if !modifiers.is_empty() {
                    sp(w);
                    list(w, modifiers, |w, m| m.write(w));
                }
            }
            Self::Store {
                uid,
                set,
                modifiers,
                mode,
                silent,
                values,
            } => {
                word(w, *uid, b"STORE ");
                w.raw(set.as_str().as_bytes());
                if !modifiers.is_empty() {
                    sp(w);
                    list(w, modifiers, |w, m| m.write(w));
                }
                sp(w);
                match mode {
                    StoreMode::Replace => {}
                    StoreMode::Add => w.raw(b"+"),
                    StoreMode::Remove => w.raw(b"-"),
                }
                w.raw(match values {
                    StoreValues::Flags(_) => b"FLAGS",
                    StoreValues::GmLabels(_) => b"X-GM-LABELS",
                });
                if *silent {
                    w.raw(b".SILENT");
                }
                sp(w);
                match values {
                    StoreValues::Flags(f) => list(w, f, |w, f| w.flag(f)),
                    StoreValues::GmLabels(l) => list(w, l, |w, l| l.write(w)),
                }
            }
            Self::Copy { uid, set, mailbox } | Self::Move { uid, set, mailbox } => {
                word(w, *uid, self.name().as_bytes());
                sp(w);
                w.raw(set.as_str().as_bytes());
                sp(w);
                w.mailbox(mailbox);
            }
            Self::GetQuota { root } => {
                w.raw(b"GETQUOTA ");
                w.astring(root);
            }
            Self::SetQuota { root, limits } => {
                w.raw(b"SETQUOTA ");
                w.astring(root);
                sp(w);
                list(w, limits, |w, l| {
                    w.raw(l.resource.name().as_bytes());
                    sp(w);
                    w.number(l.limit.get());
                });
            }
            Self::GetMetadata {
                options,
                mailbox,
                entries,
            } => {
                w.raw(b"GETMETADATA ");
                if !options.is_empty() {
                    list(w, options, |w, o| o.write(w));
                    sp(w);
                }
                w.mailbox(mailbox);
                sp(w);
                match entries.as_slice() {
                    [one] => w.astring(one),
                    many => list(w, many, |w, e| w.astring(e)),
                }
            }
            Self::SetMetadata { mailbox, entries } => {
                w.raw(b"SETMETADATA ");
                w.mailbox(mailbox);
                sp(w);
                list(w, entries, |w, (e, v)| {
                    w.astring(e);
                    sp(w);
                    match v {
                        MetadataValue::Nil => w.raw(b"NIL"),
                        MetadataValue::String(s) => w.string(s),
                        MetadataValue::Binary(b) => w.literal8(b),
                    }
                });
            }
            Self::Id { params } => {
                w.raw(b"ID ");
                match params {
                    None => w.raw(b"NIL"),
                    Some(p) => list(w, p, |w, (k, v)| {
                        w.string(k);
                        sp(w);
                        w.nstring(v.as_ref());
                    }),
                }
            }
            Self::Compress { algorithm } => {
                w.raw(b"COMPRESS ");
                w.raw(algorithm.as_bytes());
            }
            Self::Notify(n) => {
                w.raw(b"NOTIFY ");
                n.write(w);
            }
            Self::SetAcl {
                mailbox,
                identifier,
                rights,
            } => {
                w.raw(b"SETACL ");
                w.mailbox(mailbox);
                sp(w);
                w.astring(identifier);
                sp(w);
                w.astring(rights);
            }
            Self::DeleteAcl {
                mailbox,
                identifier,
            }
            | Self::ListRights {
                mailbox,
                identifier,
            } => {
                w.raw(self.name().as_bytes());
                sp(w);
                w.mailbox(mailbox);
                sp(w);
                w.astring(identifier);
            }
            Self::Search { uid, args } => {
                word(w, *uid, b"SEARCH ");
                args.write(w);
            }
            Self::Sort { uid, args } => {
                word(w, *uid, b"SORT ");
                args.write(w);
            }
            Self::Thread { uid, args } => {
                word(w, *uid, b"THREAD ");
                args.write(w);
            }
            Self::Unknown { name, args } => {
                w.raw(name.as_bytes());
                args.write(w);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_bytes_keep_their_waits() {
        let mut w = Writer::new(EncodeOptions::default());
        write_kept(&mut w, b" a {3}\r\nxyz b {2+}\r\nqq");
        let m = w.finish();
        assert_eq!(m.as_bytes(), b" a {3}\r\nxyz b {2+}\r\nqq");
        use crate::encode::core::Fragment;
        let f: Vec<_> = m.fragments().collect();
        assert_eq!(
            f,
            [
                Fragment::Line(b" a {3}\r\n"),
                Fragment::Literal {
                    data: b"xyz",
                    sync: true
                },
                Fragment::Line(b" b {2+}\r\n"),
                Fragment::Literal {
                    data: b"qq",
                    sync: false
                },
            ]
        );
    }

    #[test]
    fn unknown_fetch_item_literals_wait() {
        // RFC 9051 §7.5: the client sends a synchronizing literal's data only after the
        // server's continuation request; a literal kept in an unknown FETCH item's
        // arguments is one (found by the imap_proto_command_roundtrip fuzz target: it was
        // written as plain line text, so a client would not wait).
        use crate::encode::core::Fragment;
        use crate::types::command::{Command, CommandBody};
        use crate::types::core::{Atom, SequenceSet, Tag};
        use crate::types::fetch::{FetchAttr, FetchItems};
        let cmd = Command {
            tag: Tag::new("a1").unwrap(),
            body: CommandBody::Fetch {
                uid: false,
                set: SequenceSet::new("1").unwrap(),
                items: FetchItems::One(FetchAttr::Other {
                    name: Atom::new("X-ITEM").unwrap(),
                    args: Some(OptionValue::new(&b"({3}\r\nabc)"[..]).unwrap()),
                }),
                modifiers: vec![],
            },
        };
        let m = cmd.encode(&EncodeOptions::default());
        let f: Vec<_> = m.fragments().collect();
        assert_eq!(
            f,
            [
                Fragment::Line(b"a1 FETCH 1 X-ITEM ({3}\r\n"),
                Fragment::Literal {
                    data: b"abc",
                    sync: true
                },
                Fragment::Line(b")\r\n"),
            ]
        );
    }
}
