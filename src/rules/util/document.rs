//! Helpers shared by the document rules.
