//! Helpers shared by the operations rules.
