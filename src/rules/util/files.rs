//! Helpers shared by the files rules.
