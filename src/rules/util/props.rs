//! Helpers shared by the props rules.
