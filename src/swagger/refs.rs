//! `$ref` resolution, shared by every rule, with cycle safety.

use super::Swagger;
use crate::json::{JsonRef, NodeId};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefErrorKind {
    /// `$ref` is not a string.
    NotAString,
    /// Not a local reference (`#/...`): connectors are one self-contained file.
    NotLocal,
    /// Points into something other than `#/definitions`, `#/parameters` or `#/responses`.
    WrongSection,
    /// Points to nothing.
    NotFound,
    /// Follows itself round.
    Loop,
}

/// Why a `$ref` does not resolve; `at` is the `$ref` value that fails.
#[derive(Debug, Clone, Copy)]
pub struct RefError<'a> {
    pub kind: RefErrorKind,
    pub at: JsonRef<'a>,
}

const MAX_HOPS: usize = 64;

pub(super) fn resolve<'a>(
    sw: &Swagger<'a>,
    node: JsonRef<'a>,
) -> Result<JsonRef<'a>, RefError<'a>> {
    let mut current = node;
    // The `$ref`s followed so far, to tell a loop; most resolutions follow one or two.
    let mut trail = [NodeId(0); MAX_HOPS];
    for hops in 0..MAX_HOPS {
        let Some(reference) = current.get("$ref") else {
            return Ok(current);
        };
        let err = |kind| {
            Err(RefError {
                kind,
                at: reference,
            })
        };
        let Some(text) = reference.as_str() else {
            return err(RefErrorKind::NotAString);
        };
        if trail[..hops].contains(&reference.id()) {
            return err(RefErrorKind::Loop);
        }
        trail[hops] = reference.id();
        let Some(pointer) = text.strip_prefix('#') else {
            return err(RefErrorKind::NotLocal);
        };
        let target = match split_section(pointer) {
            Some(("definitions", name)) => sw.definitions.get(name).copied(),
            Some(("parameters", name)) => sw.parameters.get(name).copied(),
            Some(("responses", name)) => sw.responses.get(name).copied(),
            _ if pointer.starts_with("/definitions/")
                || pointer.starts_with("/parameters/")
                || pointer.starts_with("/responses/") =>
            {
                sw.doc.pointer(pointer)
            }
            _ => return err(RefErrorKind::WrongSection),
        };
        match target {
            Some(t) => current = t,
            None => return err(RefErrorKind::NotFound),
        }
    }
    Err(RefError {
        kind: RefErrorKind::Loop,
        at: current,
    })
}

/// Splits `/definitions/Name` into the section and the (unescaped) name, for the common one-level form.
fn split_section(pointer: &str) -> Option<(&str, &str)> {
    let rest = pointer.strip_prefix('/')?;
    let (section, name) = rest.split_once('/')?;
    (!name.contains('/') && !name.contains('~')).then_some((section, name))
}
