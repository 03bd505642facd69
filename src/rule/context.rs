//! What a rule's `build` reads its configuration from, and the error it reports.
//!
//! The settings layer hands each rule its family's shared keys and its own table; the rule
//! deserializes them into its options struct. Errors carry a byte span of the config text, which
//! the settings layer turns into a file, line and column.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::ops::Range;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

/// A problem in a config, located by a byte span of the config text.
#[derive(Debug)]
pub struct OptionsError {
    /// Where in the config text, when known.
    pub span: Option<Range<usize>>,
    /// What is wrong.
    pub message: String,
}

impl OptionsError {
    /// An error at `span`.
    pub fn at(span: Range<usize>, message: impl Into<String>) -> Self {
        OptionsError {
            span: Some(span),
            message: message.into(),
        }
    }
}

impl From<toml::de::Error> for OptionsError {
    fn from(err: toml::de::Error) -> Self {
        OptionsError {
            span: err.span(),
            message: err.message().trim().to_string(),
        }
    }
}

/// What a rule's `build` reads its configuration from.
pub struct RuleContext<'a> {
    shared: &'a Spanned<DeTable<'a>>,
    family: &'a FamilyState,
    options: Spanned<DeTable<'a>>,
    is_default_literal: fn(&str) -> bool,
}

/// What the rules of one family share while a config loads.
#[derive(Default)]
pub struct FamilyState {
    /// Whether any rule read the family's shared keys (else they are reported as unknown).
    used: Cell<bool>,
    /// The family's style, built once (regexes compiled once) and shared by its rules.
    built: RefCell<Option<Arc<dyn Any + Send + Sync>>>,
}

impl FamilyState {
    /// Whether any rule read the family's shared keys: if none did, they are unknown keys.
    pub fn was_used(&self) -> bool {
        self.used.get()
    }
}

impl<'a> RuleContext<'a> {
    /// The context of one rule: its family's shared keys and state, its own table, and a test
    /// of whether a string is written as a literal in the embedded house style.
    pub fn new(
        shared: &'a Spanned<DeTable<'a>>,
        family: &'a FamilyState,
        options: Spanned<DeTable<'a>>,
        is_default_literal: fn(&str) -> bool,
    ) -> Self {
        RuleContext {
            shared,
            family,
            options,
            is_default_literal,
        }
    }

    /// Whether `text` is written, as a single-quoted literal, in the embedded house style: a
    /// pattern the tests build, which a rule may leave to compile lazily.
    pub fn is_default_literal(&self, text: &str) -> bool {
        (self.is_default_literal)(text)
    }

    /// The family's shared keys (`[summary]`), deserialized into the family's options struct.
    pub fn family<T: DeserializeOwned>(&self) -> Result<T, OptionsError> {
        self.family.used.set(true);
        deserialize(self.shared.span(), self.shared.get_ref().clone())
    }

    /// The family's style built by `build` from its shared keys, once per config: every rule of
    /// the family gets the same `Arc`, so regexes and word lists are compiled once.
    pub fn family_shared<T: Any + Send + Sync>(
        &self,
        build: impl FnOnce(&Self) -> Result<T, OptionsError>,
    ) -> Result<Arc<T>, OptionsError> {
        let cached = self.family.built.borrow().clone();
        if let Some(style) = cached.and_then(|any| any.downcast::<T>().ok()) {
            return Ok(style);
        }
        let style = Arc::new(build(self)?);
        *self.family.built.borrow_mut() = Some(style.clone());
        Ok(style)
    }

    /// The rule's own options (its table minus severity, message, why and fix).
    pub fn options<T: DeserializeOwned>(&self) -> Result<T, OptionsError> {
        deserialize(self.options.span(), self.options.get_ref().clone())
    }
}

fn deserialize<T: DeserializeOwned>(
    span: Range<usize>,
    table: DeTable<'_>,
) -> Result<T, OptionsError> {
    T::deserialize(ValueDeserializer::from(Spanned::new(
        span.clone(),
        DeValue::Table(table),
    )))
    .map_err(|e| {
        let mut err = OptionsError::from(e);
        err.span.get_or_insert(span);
        err
    })
}

/// The options of a rule that has none of its own: its table holds only the common keys.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoOptions {}
