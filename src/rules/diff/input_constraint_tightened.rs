//! ## What it checks
//! Input constraints that accept less than before: a lower `maxLength`, `maximum` or `maxItems`, a
//! higher `minLength`, `minimum` or `minItems` (or any of them newly set), a new or changed
//! `pattern` or `multipleOf`, `exclusiveMinimum`/`exclusiveMaximum` or `uniqueItems` newly true.
//!
//! ## Why it matters for certification
//! Values that flows send today may be refused.
//!
//! ## Example
//! Old: `"title": { "type": "string", "maxLength": 200 }`; new: `"maxLength": 100`.
//!
//! ## Fix safety
//! No fix: whether the backend really refuses the values the old constraint allowed is for the author to know; ppcert does not loosen it back.
//!
//! ## References
//! - <https://github.com/Tufin/oasdiff/blob/main/docs/BREAKING-CHANGES.md>
//! - <https://github.com/Azure/openapi-diff/blob/main/docs/README.md>
use crate::rules::prelude::*;

pub struct InputConstraintTightened;

impl DiffRule for InputConstraintTightened {
    fn kinds(&self) -> &'static [DiffKind] {
        &[DiffKind::Input]
    }

    fn input(&self, cx: &mut DiffChecker, op: &OperationPair, field: &FieldPair) {
        let Some((old, new)) = field.both() else { return };
        let num = |f: &Field, key: &str| f.node.get(key).and_then(|v| v.as_f64());
        let flag = |f: &Field, key: &str| f.node.get(key).and_then(|v| v.as_bool()) == Some(true);
        let mut tightened: Vec<(&str, String)> = Vec::new();
        for key in ["maxLength", "maximum", "maxItems"] {
            match (num(old, key), num(new, key)) {
                (Some(a), Some(b)) if b < a => tightened.push((key, format!("lowered from {a} to {b}"))),
                (None, Some(b)) => tightened.push((key, format!("set to {b}"))),
                _ => {}
            }
        }
        for key in ["minLength", "minimum", "minItems"] {
            match (num(old, key), num(new, key)) {
                (Some(a), Some(b)) if b > a => tightened.push((key, format!("raised from {a} to {b}"))),
                (None, Some(b)) if b > 0.0 => tightened.push((key, format!("set to {b}"))),
                _ => {}
            }
        }
        for key in ["pattern", "multipleOf"] {
            match (old.node.get(key), new.node.get(key)) {
                (None, Some(b)) => tightened.push((key, format!("set to `{}`", b.raw()))),
                (Some(a), Some(b)) if !a.json_eq(&b) => {
                    tightened.push((key, format!("changed from `{}` to `{}`", a.raw(), b.raw())))
                }
                _ => {}
            }
        }
        for key in ["exclusiveMinimum", "exclusiveMaximum", "uniqueItems"] {
            if !flag(old, key) && flag(new, key) {
                tightened.push((key, "set to true".to_owned()));
            }
        }
        for (key, change) in tightened {
            cx.report(
                new.attr(key),
                field.attr_path(key),
                format!("`{key}` of {} of {} was {change}; values flows send today may be refused", field.describe(), op.label()),
            );
        }
    }
}
