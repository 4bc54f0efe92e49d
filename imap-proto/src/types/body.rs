//! TEMPORARY STUB (replaced by the imap-body branch).
#![allow(missing_docs, dead_code)]
use crate::encode::core::Writer;
use crate::error::Error;
use crate::parse::core::Cursor;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Envelope<'a>(pub &'a [u8]);
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BodyStructure<'a>(pub &'a [u8]);
impl Envelope<'_> {
    pub fn into_owned(self) -> Envelope<'static> {
        Envelope(Box::leak(self.0.to_vec().into_boxed_slice()))
    }
    pub(crate) fn write(&self, w: &mut Writer) {
        w.raw(self.0)
    }
}
impl BodyStructure<'_> {
    pub fn into_owned(self) -> BodyStructure<'static> {
        BodyStructure(Box::leak(self.0.to_vec().into_boxed_slice()))
    }
    pub(crate) fn write(&self, w: &mut Writer) {
        w.raw(self.0)
    }
}
impl<'a> Cursor<'a> {
    pub(crate) fn envelope(&mut self) -> Result<Envelope<'a>, Error> {
        let s = self.pos;
        self.skip_parens()?;
        Ok(Envelope(&self.b[s..self.pos]))
    }
    pub(crate) fn body(&mut self) -> Result<BodyStructure<'a>, Error> {
        let s = self.pos;
        self.skip_parens()?;
        Ok(BodyStructure(&self.b[s..self.pos]))
    }
}
