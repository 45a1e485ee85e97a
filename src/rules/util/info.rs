//! Helpers shared by the info rules.
