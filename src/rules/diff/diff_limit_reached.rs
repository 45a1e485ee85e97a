//! ## What it checks
//! Nothing by itself: the diff engine reports it where it stopped comparing two versions before
//! the end, at one of its bounds:
//!
//! - schemas nested more than 32 levels deep (counting properties and array items);
//! - more than 20,000 fields in one operation (graphs of schemas that share and nest each other
//!   grow exponentially when walked as trees);
//! - `allOf` chains longer than 16, whose deeper members' properties are not collected.
//!
//! One finding per operation, at the field where the walk stopped, with its ValuePath. Real
//! connectors stay far below these bounds; the finding means the definition is unusual enough to
//! be checked by hand below that point.
//!
//! ## Why it matters for certification
//! `ppcert diff` must never say "no changes that affect existing flows" about fields it did not
//! compare. A breaking change below the bound would otherwise pass silently, and Microsoft's
//! change validator or a reviewer would find it later.
//!
//! ## Example
//! A response schema `A` with properties `left` and `right`, both `$ref: B`, `B` the same with
//! `C`, and so on for 40 levels: walked as a tree, it has 2⁴⁰ fields.
//!
//! Use instead: flatten the schema, or review the changes below the reported field by hand.
//!
//! ## Fix safety
//! No fix: the finding marks where ppcert stopped comparing, not a defect in the definition; the fields below it are reviewed by hand.
//!
//! ## References
//! - ppcert's own bound; see `src/diff/walk.rs`.
use crate::rules::prelude::*;

pub struct DiffLimitReached;

impl DiffRule for DiffLimitReached {
    /// Subscribed to the fields the walk visits, so that selecting or ignoring the rule works
    /// as for any other; the walker reports the findings where it stops (`src/diff/walk.rs`).
    fn kinds(&self) -> &'static [DiffKind] {
        &[DiffKind::Input, DiffKind::Output]
    }
}
