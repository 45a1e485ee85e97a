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

pub(super) struct Sameness<'s, 'a> {
    old: &'s Swagger<'a>,
    new: &'s Swagger<'a>,
    memo: HashMap<(NodeId, NodeId), bool>,
    /// Pairs being compared further up: meeting one again is a cycle, assumed the same.
    active: Vec<(NodeId, NodeId)>,
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
        self.same_at(old, new, 0)
    }

    fn same_at(&mut self, old: JsonRef<'a>, new: JsonRef<'a>, depth: usize) -> bool {
        let old = self.old.resolve(old).unwrap_or(old);
        let new = self.new.resolve(new).unwrap_or(new);
        if depth > MAX_DEPTH {
            return old.json_eq(&new);
        }
        let key = (old.id(), new.id());
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
            (true, true, _, _) => {
                let count =
                    |n: JsonRef<'a>| n.members().filter(|(k, _)| !DOC_KEYS.contains(k)).count();
                count(old) == count(new)
                    && old
                        .members()
                        .filter(|(k, _)| !DOC_KEYS.contains(k))
                        .all(|(k, o)| new.get(k).is_some_and(|n| self.same_at(o, n, depth + 1)))
            }
            (_, _, true, true) => {
                old.len() == new.len()
                    && old
                        .items()
                        .zip(new.items())
                        .all(|(o, n)| self.same_at(o, n, depth + 1))
            }
            _ => old.json_eq(&new),
        };
        self.active.pop();
        if !result || self.assumptions == assumptions_before {
            self.memo.insert(key, result);
        }
        result
    }
}
