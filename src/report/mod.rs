//! What blogfmt writes for people: the changes log that teaches the author each change, and the
//! rule reference generated from the rules' own documentation.

pub mod changes_log;
pub mod rule_reference;
