//! Helpers shared by the parameters rules.
