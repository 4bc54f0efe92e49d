//! Proptest strategies for envelopes and body structures, shared by the property tests
//! of `body.rs` and `response.rs` (each includes this file with `#[path]`). Values are
//! built through the public types; nesting is bounded (bodies 4 levels, extension lists
//! 3), and the strategies are boxed to keep debug-build stacks small.
#![allow(dead_code)]

use imap_proto::types::body::{
    Address, BasicType, BodyEncoding, BodyExtension, BodyFields, BodyParams, BodyStructure,
    Disposition, DispositionExt, Envelope, Language, LanguageExt, LocationExt, MessageSubtype,
    MultiPart, MultiPartExt, NonEmpty, OtherEncoding, PartKind, SinglePart, SinglePartExt,
};
use imap_proto::types::core::IString;
use proptest::prelude::*;

/// An owned string value (test data: panics on NUL).
pub(crate) fn sb(v: &[u8]) -> IString<'static> {
    IString::new(v.to_vec()).unwrap()
}

/// [`sb`] of text.
pub(crate) fn s(v: &str) -> IString<'static> {
    sb(v.as_bytes())
}

pub(crate) fn any_string() -> BoxedStrategy<IString<'static>> {
    prop_oneof![
        // Mostly printable ASCII (quoted), sometimes anything but NUL (literals).
        3 => "[ -~]{0,10}".prop_map(|v| s(&v)),
        1 => proptest::collection::vec(1u8..=255, 0..10).prop_map(|v| sb(&v)),
    ]
    .boxed()
}

pub(crate) fn any_nstring() -> BoxedStrategy<Option<IString<'static>>> {
    proptest::option::of(any_string()).boxed()
}

pub(crate) fn any_address() -> BoxedStrategy<Address<'static>> {
    (any_nstring(), any_nstring(), any_nstring(), any_nstring())
        .prop_map(|(name, adl, mailbox, host)| Address {
            name,
            adl,
            mailbox,
            host,
        })
        .boxed()
}

pub(crate) fn any_addresses() -> BoxedStrategy<Vec<Address<'static>>> {
    proptest::collection::vec(any_address(), 0..3).boxed()
}

pub(crate) fn any_envelope() -> BoxedStrategy<Envelope<'static>> {
    (
        (any_nstring(), any_nstring()),
        (any_addresses(), any_addresses(), any_addresses()),
        (any_addresses(), any_addresses(), any_addresses()),
        (any_nstring(), any_nstring()),
    )
        .prop_map(
            |((date, subject), (from, sender, reply_to), (to, cc, bcc), (irt, mid))| Envelope {
                date,
                subject,
                from,
                sender,
                reply_to,
                to,
                cc,
                bcc,
                in_reply_to: irt,
                message_id: mid,
            },
        )
        .boxed()
}

pub(crate) fn any_params() -> BoxedStrategy<BodyParams<'static>> {
    proptest::collection::vec((any_string(), any_string()), 0..3).boxed()
}

pub(crate) fn any_encoding() -> BoxedStrategy<BodyEncoding<'static>> {
    prop_oneof![
        Just(BodyEncoding::SevenBit),
        Just(BodyEncoding::EightBit),
        Just(BodyEncoding::Binary),
        Just(BodyEncoding::Base64),
        Just(BodyEncoding::QuotedPrintable),
        any_string().prop_filter_map("a known name", |v| OtherEncoding::new(v)
            .ok()
            .map(BodyEncoding::Other)),
    ]
    .boxed()
}

pub(crate) fn any_fields() -> BoxedStrategy<BodyFields<'static>> {
    (
        any_params(),
        any_nstring(),
        any_nstring(),
        any_encoding(),
        any::<u32>(),
    )
        .prop_map(|(params, id, description, encoding, octets)| BodyFields {
            params,
            id,
            description,
            encoding,
            octets,
        })
        .boxed()
}

pub(crate) fn any_extension() -> BoxedStrategy<BodyExtension<'static>> {
    let leaf = prop_oneof![
        any_nstring().prop_map(BodyExtension::String),
        any::<u64>().prop_map(BodyExtension::Number),
    ];
    leaf.prop_recursive(3, 12, 3, |inner| {
        proptest::collection::vec(inner, 1..4)
            .prop_map(|v| BodyExtension::List(NonEmpty::new(v).unwrap()))
    })
    .boxed()
}

pub(crate) fn any_language() -> BoxedStrategy<Language<'static>> {
    prop_oneof![
        any_nstring().prop_map(Language::Single),
        proptest::collection::vec(any_string(), 1..3)
            .prop_map(|v| Language::List(NonEmpty::new(v).unwrap())),
    ]
    .boxed()
}

pub(crate) fn any_disposition() -> BoxedStrategy<Option<Disposition<'static>>> {
    proptest::option::of(
        (any_string(), any_params()).prop_map(|(kind, params)| Disposition { kind, params }),
    )
    .boxed()
}

/// The optional chain after md5 / params: absent, or 1–3 of disposition, language,
/// location (+ extensions).
pub(crate) fn any_rest() -> BoxedStrategy<Option<DispositionExt<'static>>> {
    let location = (
        any_nstring(),
        proptest::collection::vec(any_extension(), 0..3),
    )
        .prop_map(|(location, extensions)| LocationExt {
            location,
            extensions,
        });
    let language = (any_language(), proptest::option::of(location))
        .prop_map(|(language, rest)| LanguageExt { language, rest });
    proptest::option::of(
        (any_disposition(), proptest::option::of(language))
            .prop_map(|(disposition, rest)| DispositionExt { disposition, rest }),
    )
    .boxed()
}

pub(crate) fn any_leaf_kind() -> BoxedStrategy<PartKind<'static>> {
    prop_oneof![
        (any_string(), any_string()).prop_filter_map("text or message/rfc822", |(t, st)| {
            BasicType::new(t, st).ok().map(PartKind::Basic)
        }),
        (any_string(), any::<u64>()).prop_map(|(subtype, lines)| PartKind::Text { subtype, lines }),
        // MESSAGE/GLOBAL as a basic part (the RFC 3501 form).
        Just(PartKind::Basic(
            BasicType::new(s("message"), s("global")).unwrap()
        )),
    ]
    .boxed()
}

pub(crate) fn single(
    kind: impl Strategy<Value = PartKind<'static>> + 'static,
) -> BoxedStrategy<BodyStructure<'static>> {
    (
        kind,
        any_fields(),
        proptest::option::of(
            (any_nstring(), any_rest()).prop_map(|(md5, rest)| SinglePartExt { md5, rest }),
        ),
    )
        .prop_map(|(kind, fields, extension)| {
            BodyStructure::Single(SinglePart {
                kind,
                fields,
                extension,
            })
        })
        .boxed()
}

// The strategies are boxed: nested value trees of unboxed strategies take more than the
// 2 MiB of a test thread in debug builds.

/// Bodies nested at most 4 levels (plus up to 3 levels of extension lists).
pub(crate) fn any_body() -> BoxedStrategy<BodyStructure<'static>> {
    single(any_leaf_kind())
        .prop_recursive(4, 24, 3, |inner| {
            prop_oneof![
                (
                    proptest::collection::vec(inner.clone(), 1..4),
                    any_string(),
                    proptest::option::of(
                        (any_params(), any_rest())
                            .prop_map(|(params, rest)| MultiPartExt { params, rest })
                    ),
                )
                    .prop_map(|(parts, subtype, extension)| {
                        BodyStructure::Multi(MultiPart {
                            parts: NonEmpty::new(parts).unwrap(),
                            subtype,
                            extension,
                        })
                    }),
                single(
                    (
                        prop_oneof![Just(MessageSubtype::Rfc822), Just(MessageSubtype::Global)],
                        any_envelope(),
                        inner,
                        any::<u64>()
                    )
                        .prop_map(|(subtype, envelope, body, lines)| {
                            PartKind::Message {
                                subtype,
                                envelope: Box::new(envelope),
                                body: Box::new(body),
                                lines,
                            }
                        })
                ),
            ]
        })
        .boxed()
}
