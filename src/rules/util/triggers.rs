//! Helpers shared by the triggers rules.
