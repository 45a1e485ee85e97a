//! Helpers shared by the schemas rules.
