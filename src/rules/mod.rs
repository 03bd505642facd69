//! The built-in rules, one file per rule under `src/rules/<family>/`, and the registry that
//! lists them.
//!
//! Shared detection for a family (where the summary is, where the bio is) sits in the family's
//! `mod.rs`, configured by the family table's own keys. Rules know the rule API
//! ([`crate::rule`]) and the document ([`crate::markdown`]), never the settings that build them.

pub(crate) mod assets;
pub(crate) mod bio;
pub(crate) mod custom;
mod registry;
pub(crate) mod structure;
pub(crate) mod summary;
pub(crate) mod text;
pub(crate) mod typography;

pub(crate) use registry::RULES;
