//! The rule API: what a rule is, what the registry knows of it, and what it checks with.
//!
//! One rule lives in one file under `src/rules/<family>/`: its documentation (a `///` comment
//! captured by [`declare_rule!`]), its options struct (deserialized from its table in
//! `rules/default.toml` through a [`RuleContext`]) and its `check`, which reports diagnostics and
//! their fixes together through a [`Checker`]. This layer knows no particular rule and no
//! settings file: rules depend on it, and the settings layer builds rules through it.

use std::borrow::Cow;
use std::sync::Arc;

mod checker;
mod context;

pub use checker::{Checker, RuleReport};
pub use context::{FamilyState, NoOptions, OptionsError, RuleContext};

/// Whether a rule can fix what it reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixAvailability {
    /// Every violation comes with a fix.
    Always,
    /// Some violations come with a fix; the others only the author can resolve.
    Sometimes,
    /// The rule only reports.
    None,
}

impl FixAvailability {
    /// Whether the rule fixes anything at all.
    pub fn is_fixable(self) -> bool {
        self != FixAvailability::None
    }
}

/// A configured rule's check.
pub trait Rule: Send + Sync {
    /// Report this rule's violations in `checker.doc()`.
    fn check(&self, checker: &mut Checker<'_>);
}

/// What the registry knows of a built-in rule before any config is read.
pub struct RuleSpec {
    /// `family/name`.
    pub id: &'static str,
    /// Whether the rule fixes what it finds.
    pub fix: FixAvailability,
    /// The variables the rule's `message` and `fix` templates may use.
    pub vars: &'static [&'static str],
    /// The rule's documentation: what it does, an example, what to write instead.
    pub doc: &'static str,
    /// Build the rule from its family's shared keys and its own options.
    pub build: fn(&RuleContext<'_>) -> Result<Box<dyn Rule>, OptionsError>,
}

impl RuleSpec {
    /// The family part of the id (`summary` of `summary/heading`).
    pub fn family(&self) -> &'static str {
        self.id
            .split_once('/')
            .map_or(self.id, |(family, _)| family)
    }

    /// The name part of the id (`heading` of `summary/heading`), the key of its config table.
    pub fn name(&self) -> &'static str {
        self.id.split_once('/').map_or(self.id, |(_, name)| name)
    }
}

/// What `blogfmt rules`, `blogfmt explain` and the fixer know of a configured rule: copied
/// from the registry for a built-in rule, built from its table for a `[[custom]]` rule (whose
/// id and documentation exist only once the config is read, hence owned rather than static).
#[derive(Debug, Clone)]
pub struct RuleMeta {
    /// `family/name`.
    pub id: Arc<str>,
    /// Whether the rule fixes what it finds.
    pub fix: FixAvailability,
    /// The variables the rule's `message` and `fix` templates may use.
    pub vars: &'static [&'static str],
    /// The rule's documentation, as `blogfmt explain` prints it.
    pub doc: Cow<'static, str>,
}

impl From<&'static RuleSpec> for RuleMeta {
    fn from(spec: &'static RuleSpec) -> Self {
        RuleMeta {
            id: Arc::from(spec.id),
            fix: spec.fix,
            vars: spec.vars,
            doc: Cow::Borrowed(spec.doc),
        }
    }
}

/// Declare a rule's spec with its `///` documentation captured as text for `blogfmt explain`.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])+
        id: $id:literal,
        fix: $fix:ident,
        vars: [$($var:literal),* $(,)?],
        build: $build:expr $(,)?
    ) => {
        /// This rule's registry entry.
        pub(crate) static SPEC: $crate::rule::RuleSpec = $crate::rule::RuleSpec {
            id: $id,
            fix: $crate::rule::FixAvailability::$fix,
            vars: &[$($var),*],
            doc: concat!($($doc, "\n"),+),
            build: $build,
        };
    };
}
pub(crate) use declare_rule;
