//! Collecting errors, so that one expansion reports all of them.

use std::fmt::Display;

use quote::ToTokens;

#[derive(Default)]
pub(crate) struct Diagnostics {
    error: Option<syn::Error>,
}

impl Diagnostics {
    /// Records an error spanning `tokens`.
    pub(crate) fn error(&mut self, tokens: impl ToTokens, message: impl Display) {
        self.push(syn::Error::new_spanned(tokens, message));
    }

    pub(crate) fn push(&mut self, error: syn::Error) {
        match &mut self.error {
            Some(existing) => existing.combine(error),
            None => self.error = Some(error),
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.error.is_none()
    }

    pub(crate) fn take(&mut self) -> Option<syn::Error> {
        self.error.take()
    }
}
