//! Case-insensitive keyword lookup in constant time: a table of ASCII names hashed when
//! the crate is compiled, probed at run time with one hash of the word and (nearly always)
//! one comparison.
//!
//! IMAP keywords (response codes, capability names, data and FETCH item names …) are
//! case-insensitive. Comparing a word with each name in turn costs one comparison per name;
//! with 40 to 60 names per family that was the largest cost of a CAPABILITY response. Here a
//! word is hashed over its bytes with the ASCII case bit set (`c | 0x20`, the same for `A`
//! and `a`; for other bytes it is a fixed map, so equal words still hash equally) and looked
//! up in an open-addressed table of 256 slots filled at compile time; the slot's name is
//! then compared with [`<[u8]>::eq_ignore_ascii_case`], so a hash collision costs a second
//! probe, never a wrong answer.
//!
//! [`keywords!`] declares a `Copy` enum with one variant per name and its `find`.

/// Slots of every table: a power of two, more than twice the largest family.
const SLOTS: usize = 256;

/// The hash of `w`, case-folded; the same function builds the tables and probes them.
///
/// It mixes the length with the first two, the middle and the last byte (one
/// multiplication, no loop): IMAP keywords of one family differ there nearly always, and the rare equal
/// hashes only cost a probe more.
#[inline]
pub(crate) const fn hash(w: &[u8]) -> usize {
    let n = w.len();
    if n == 0 {
        return 0;
    }
    let x = (n as u32)
        ^ (fold(w[0]) << 8)
        ^ (fold(w[1 % n]) << 16)
        ^ (fold(w[n - 1]) << 24)
        ^ (fold(w[n / 2]) << 4);
    (x.wrapping_mul(0x9E37_79B1) >> 24) as usize & (SLOTS - 1)
}

/// `c` with the ASCII case bit set.
#[inline]
const fn fold(c: u8) -> u32 {
    (c | 0x20) as u32
}

/// `a` and `b` equal but for ASCII case (a `const` `eq_ignore_ascii_case`).
const fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if !a[i].eq_ignore_ascii_case(&b[i]) {
            return false;
        }
        i += 1;
    }
    true
}

/// `a == b` for slices of one length, eight bytes at a time (keywords are short: a call
/// to `memcmp` cost more than the comparison).
#[inline(always)]
fn exact(a: &[u8], b: &[u8]) -> bool {
    let mut a8 = a.chunks_exact(8);
    let mut b8 = b.chunks_exact(8);
    for (x, y) in (&mut a8).zip(&mut b8) {
        if x != y {
            return false;
        }
    }
    a8.remainder()
        .iter()
        .zip(b8.remainder())
        .all(|(x, y)| x == y)
}

/// An open-addressed table of up to 127 names: each slot holds a name's index plus one,
/// or 0 for an empty slot.
pub(crate) struct Table {
    slots: [u8; SLOTS],
}

impl Table {
    /// The table of `names`. Fails the build (a `const` panic) on more than 127 names or
    /// on two names equal but for case.
    pub(crate) const fn new(names: &[&[u8]]) -> Self {
        assert!(names.len() < 128, "too many keywords for one table");
        let mut slots = [0u8; SLOTS];
        let mut n = 0;
        while n < names.len() {
            let mut i = hash(names[n]);
            while slots[i] != 0 {
                i = (i + 1) & (SLOTS - 1);
            }
            slots[i] = n as u8 + 1;
            n += 1;
        }
        let mut a = 0;
        while a < names.len() {
            let mut b = a + 1;
            while b < names.len() {
                assert!(!same(names[a], names[b]), "a keyword is listed twice");
                b += 1;
            }
            a += 1;
        }
        Self { slots }
    }

    /// The index in `names` (the list the table was built from) of the name equal to `w`
    /// but for ASCII case.
    #[inline(always)]
    pub(crate) fn find(&self, names: &[&[u8]], w: &[u8]) -> Option<usize> {
        let mut i = hash(w);
        loop {
            let s = usize::from(self.slots[i]);
            let name = names.get(s.checked_sub(1)?)?;
            // Servers write keywords as the RFCs spell them: an exact match is the
            // usual case and the cheaper test.
            if name.len() == w.len() && (exact(name, w) || name.eq_ignore_ascii_case(w)) {
                return Some(s - 1);
            }
            i = (i + 1) & (SLOTS - 1);
        }
    }
}

/// Declares `enum $ty { $variant, … }` (`Copy`) for the names `$name` (byte strings in the
/// wire's spelling), with `$ty::find(word) -> Option<$ty>` (any ASCII case) and
/// `$ty::name(self) -> &'static [u8]`.
macro_rules! keywords {
    ($(#[$doc:meta])* $vis:vis enum $ty:ident { $($(#[$vdoc:meta])* $variant:ident = $name:literal,)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        $vis enum $ty {
            $($(#[$vdoc])* $variant,)+
        }

        impl $ty {
            const NAMES: &'static [&'static [u8]] = &[$($name,)+];
            const ALL: &'static [Self] = &[$(Self::$variant,)+];
            const TABLE: $crate::parse::kw::Table = $crate::parse::kw::Table::new(Self::NAMES);

            /// The keyword `w` is, in any ASCII case.
            #[inline(always)]
            $vis fn find(w: &[u8]) -> Option<Self> {
                Self::TABLE.find(Self::NAMES, w).and_then(|i| Self::ALL.get(i).copied())
            }

            /// The name, as listed.
            #[allow(dead_code)]
            $vis fn name(self) -> &'static [u8] {
                Self::NAMES[self as usize]
            }
        }
    };
}
pub(crate) use keywords;

#[cfg(test)]
mod tests {
    keywords! {
        enum Fruit {
            Apple = b"APPLE",
            Pear = b"Pear",
            Fig = b"fig",
            Kiwi = b"KIWI-2",
        }
    }

    #[test]
    fn finds_every_name_in_any_case_and_nothing_else() {
        for (w, f) in [
            (&b"apple"[..], Fruit::Apple),
            (b"APPLE", Fruit::Apple),
            (b"ApPlE", Fruit::Apple),
            (b"PEAR", Fruit::Pear),
            (b"Fig", Fruit::Fig),
            (b"kiwi-2", Fruit::Kiwi),
        ] {
            assert_eq!(Fruit::find(w), Some(f), "{}", String::from_utf8_lossy(w));
        }
        // Near misses: a prefix, a longer word, another byte whose case bit is 0x20
        // ("-" is 0x2D, "\r" is 0x0D), empty.
        for w in [&b"appl"[..], b"apples", b"kiwi\r2", b"", b"figs", b"pea"] {
            assert_eq!(Fruit::find(w), None, "{}", String::from_utf8_lossy(w));
        }
        assert_eq!(Fruit::Kiwi.name(), b"KIWI-2");
    }

    #[test]
    fn colliding_names_are_probed_in_turn() {
        // Build a table whose names all land in one slot: more than one name per hash
        // value is found by probing on. Names with one equal hash are searched for among
        // the 2-letter words.
        let mut words: Vec<Vec<u8>> = Vec::new();
        let target = super::hash(b"AA");
        for a in b'A'..=b'Z' {
            for b in b'A'..=b'Z' {
                for c in b'A'..=b'Z' {
                    let w = vec![a, b, c];
                    if super::hash(&w) == target && words.len() < 4 {
                        words.push(w);
                    }
                }
            }
        }
        assert_eq!(words.len(), 4, "four 3-letter words with one hash");
        let names: Vec<&[u8]> = words.iter().map(Vec::as_slice).collect();
        // Build at run time through the same const fn.
        let table = super::Table::new(&names);
        for (i, w) in names.iter().enumerate() {
            assert_eq!(table.find(&names, w), Some(i));
            assert_eq!(table.find(&names, &w.to_ascii_lowercase()), Some(i));
        }
        assert_eq!(table.find(&names, b"AA"), None);
    }

    #[test]
    #[should_panic(expected = "a keyword is listed twice")]
    fn a_name_listed_twice_in_another_case_is_refused() {
        let names: [&[u8]; 3] = [b"SORT", b"THREAD", b"sort"];
        let _ = super::Table::new(&names);
    }
}
