//! Whether two subtrees mean the same to every diff rule, through `$ref`s: the walk skips what is
//! the same on both sides, so unchanged schemas shared by many operations are compared once.

use crate::json::{JsonRef, NodeId};
use crate::swagger::Swagger;
use std::collections::HashMap;

/// Keys no diff rule reads inside a schema or parameter: documentation only.
const DOC_KEYS: &[&str] = &[
    "description",
    "summary",
    "title",
    "x-ms-summary",
    "example",
    "x-example",
    "externalDocs",
];

/// Deeper than this, subtrees are compared as plain JSON.
const MAX_DEPTH: usize = 64;

/// What the members of an object are, which decides whether [`DOC_KEYS`] may be skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Mode {
    /// Keywords of a schema or parameter (`type`, `description`, ...): documentation is skipped.
    Keywords,
    /// Names chosen by the author (the members of `properties`): a property called `title` or
    /// `description` is a field like any other.
    Names,
    /// A value given by the author (`default`, `enum`): compared exactly.
    Literal,
}

impl Mode {
    /// The mode of the value found under `key` in an object of this mode.
    fn child(self, key: &str) -> Mode {
        match self {
            Mode::Names => Mode::Keywords,
            Mode::Literal => Mode::Literal,
            Mode::Keywords => match key {
                "properties" => Mode::Names,
                "default" | "enum" => Mode::Literal,
                _ => Mode::Keywords,
            },
        }
    }
}

pub(super) struct Sameness<'s, 'a> {
    old: &'s Swagger<'a>,
    new: &'s Swagger<'a>,
    memo: HashMap<(NodeId, NodeId, Mode), bool>,
    /// Pairs being compared further up: meeting one again is a cycle, assumed the same.
    active: Vec<(NodeId, NodeId, Mode)>,
    /// How many times a cycle was assumed the same; a result reached under such an assumption
    /// is only provisional and is not remembered (unless it is "different", which is final).
    assumptions: usize,
}

impl<'s, 'a> Sameness<'s, 'a> {
    pub fn new(old: &'s Swagger<'a>, new: &'s Swagger<'a>) -> Self {
        Sameness {
            old,
            new,
            memo: HashMap::new(),
            active: Vec::new(),
            assumptions: 0,
        }
    }

    pub fn same(&mut self, old: JsonRef<'a>, new: JsonRef<'a>) -> bool {
        self.same_at(old, new, Mode::Keywords, 0)
    }

    fn same_at(&mut self, old: JsonRef<'a>, new: JsonRef<'a>, mode: Mode, depth: usize) -> bool {
        if mode == Mode::Literal {
            return old.json_eq(&new);
        }
        // Keywords written beside a `$ref` (an `x-ms-visibility` on a property, which rules read)
        // are lost by resolving: compare them first.
        if mode == Mode::Keywords && !self.same_ref_siblings(old, new, depth) {
            return false;
        }
        let old = self.old.resolve(old).unwrap_or(old);
        let new = self.new.resolve(new).unwrap_or(new);
        if depth > MAX_DEPTH {
            return old.json_eq(&new);
        }
        let key = (old.id(), new.id(), mode);
        if let Some(&known) = self.memo.get(&key) {
            return known;
        }
        if self.active.contains(&key) {
            self.assumptions += 1;
            return true;
        }
        let assumptions_before = self.assumptions;
        self.active.push(key);
        let result = match (
            old.is_object(),
            new.is_object(),
            old.is_array(),
            new.is_array(),
        ) {
            (true, true, _, _) => self.same_members(old, new, mode, depth, false),
            (_, _, true, true) => {
                old.len() == new.len()
                    && old
                        .items()
                        .zip(new.items())
                        .all(|(o, n)| self.same_at(o, n, mode, depth + 1))
            }
            _ => old.json_eq(&new),
        };
        self.active.pop();
        if !result || self.assumptions == assumptions_before {
            self.memo.insert(key, result);
        }
        result
    }

    /// The members of two objects, documentation skipped unless the members are names, and
    /// `$ref` skipped when only the keywords beside it are compared.
    fn same_members(
        &mut self,
        old: JsonRef<'a>,
        new: JsonRef<'a>,
        mode: Mode,
        depth: usize,
        skip_ref: bool,
    ) -> bool {
        let counted = |k: &str| {
            !(skip_ref && k == "$ref") && (mode != Mode::Keywords || !DOC_KEYS.contains(&k))
        };
        let count = |n: JsonRef<'a>| n.members().filter(|(k, _)| counted(k)).count();
        count(old) == count(new)
            && old.members().filter(|(k, _)| counted(k)).all(|(k, o)| {
                new.get(k)
                    .is_some_and(|n| self.same_at(o, n, mode.child(k), depth + 1))
            })
    }

    /// Whether the keywords written beside a `$ref` are the same on both sides (true when
    /// neither side has any).
    fn same_ref_siblings(&mut self, old: JsonRef<'a>, new: JsonRef<'a>, depth: usize) -> bool {
        let has_siblings = |n: JsonRef<'a>| {
            n.is_object()
                && n.has("$ref")
                && n.members()
                    .any(|(k, _)| k != "$ref" && !DOC_KEYS.contains(&k))
        };
        if !has_siblings(old) && !has_siblings(new) {
            return true;
        }
        old.has("$ref")
            && new.has("$ref")
            && self.same_members(old, new, Mode::Keywords, depth, true)
    }
}
