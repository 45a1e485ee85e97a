//! ## What it checks
//! The size limits of the platform. Microsoft does not document how the validator counts, so
//! this rule counts schemas fully expanded: every schema object (the root, each property,
//! `items`, `additionalProperties` and `allOf` member) counts once per place it is used, and a
//! `$ref` counts the definition it points to, expanded again at every use. A definition that
//! refers back to itself is counted once per cycle. (With this count the largest body in the
//! public connector repository has 457 schemas, under the 512 limit.)
//! - at most 512 schemas per body parameter — `BodySchemaCountExceedsMaxAllowed`;
//! - at most 16,384 schemas per operation (its body, its non-body parameters, its responses and
//!   its notification content) — `OperationSchemaCountExceedsMaxAllowed`;
//! - at most 256 × 16,384 schemas in the whole definition — `TotalSchemaCountExceedsMaxAllowed`;
//! - schemas at most 32 levels deep, following `$ref`s — `SchemaTooDeep`.
//!
//! Microsoft does not publish the depth limit. 32 levels is twice the deepest schema in the
//! public connector repository (15 levels), so a finding means a schema far outside what the
//! platform is known to accept. Recursive definitions are not reported for their recursion
//! itself: the expansion stops at the first repeat.
//!
//! ## Why it matters for certification
//! Beyond these limits the Swagger Validator rejects the connector (the body and operation
//! limits are documented in the custom connector FAQ); very large or deep schemas also make the
//! designer slow to load the operation.
//!
//! ## Example
//! A body whose definitions reference each other so that the expanded request has 600 fields
//! (for instance an `Order` with 20 `Address` properties of 30 fields each).
//!
//! Use instead: split the operation, or replace rarely used nested objects by a smaller
//! schema (or by `x-ms-dynamic-schema` when the shape depends on the input).
//!
//! ## Fix safety
//! No fix: which parts of a schema to split out, drop or make dynamic is a design decision for the author, and each changes the operation's inputs or outputs.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/faq>
use crate::json::NodeId;
use crate::rules::prelude::*;
use std::collections::HashMap;
use util::schemas::for_each_child;

pub struct SchemaLimits;

const BODY_LIMIT: u64 = 512;
const OPERATION_LIMIT: u64 = 16_384;
const TOTAL_LIMIT: u64 = 256 * 16_384;
const DEPTH_LIMIT: u32 = 32;
/// Counts saturate here: far above every limit, and it bounds the work on pathological files.
const COUNT_CAP: u64 = TOTAL_LIMIT + 1;
/// The walk stops descending here (above the depth limit).
const DEPTH_CAP: u32 = DEPTH_LIMIT + 1;

/// How many schema objects one document's walk may visit before it stops descending.
const VISIT_BUDGET: u32 = 2_000_000;

#[derive(Clone, Copy, Default)]
struct Size {
    count: u64,
    depth: u32,
    /// The walk stopped early somewhere below (depth cap or budget): not worth memoizing.
    truncated: bool,
}

const LEAF: Size = Size {
    count: 1,
    depth: 1,
    truncated: false,
};

/// Expanded sizes, memoized per definition for the whole document.
struct Sizer<'s, 'a> {
    sw: &'s Swagger<'a>,
    memo: HashMap<NodeId, Size>,
    /// Definitions being expanded (to cut cycles).
    stack: Vec<NodeId>,
    visits: u32,
}

impl<'a> Sizer<'_, 'a> {
    fn size(&mut self, node: JsonRef<'a>, level: u32) -> Size {
        if !node.has("$ref") {
            return self.inline(node, level);
        }
        let Ok(target) = self.sw.resolve(node) else {
            return LEAF;
        };
        if self.stack.contains(&target.id()) {
            return LEAF;
        }
        if let Some(size) = self.memo.get(&target.id()) {
            return *size;
        }
        self.stack.push(target.id());
        let size = self.inline(target, level);
        self.stack.pop();
        if !size.truncated {
            self.memo.insert(target.id(), size);
        }
        size
    }

    fn inline(&mut self, node: JsonRef<'a>, level: u32) -> Size {
        let mut size = LEAF;
        self.visits = self.visits.saturating_add(1);
        if level >= DEPTH_CAP || self.visits > VISIT_BUDGET {
            size.truncated = true;
            return size;
        }
        for_each_child(node, |child, _| {
            let s = self.size(child, level + 1);
            size.count = (size.count + s.count).min(COUNT_CAP);
            size.depth = size.depth.max(s.depth.saturating_add(1));
            size.truncated |= s.truncated;
        });
        size
    }
}

impl Rule for SchemaLimits {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Document]
    }

    fn document(&self, cx: &mut Checker, sw: &Swagger) {
        let mut sizer = Sizer {
            sw,
            memo: HashMap::new(),
            stack: Vec::new(),
            visits: 0,
        };
        let mut total: u64 = 0;
        for op in &sw.operations {
            let mut op_count: u64 = 0;
            let mut roots: Vec<(JsonRef, Size)> = Vec::new();
            for p in &op.parameters {
                match p.node.get("schema").filter(|_| p.is_body()) {
                    Some(schema) => {
                        let size = sizer.size(schema, 0);
                        if size.count > BODY_LIMIT {
                            cx.report_key(schema, format!("the body schema of {} expands to {} schemas (following `$ref`s); the limit is {BODY_LIMIT}", op.label(), shown(size.count)))
                                .code("BodySchemaCountExceedsMaxAllowed")
                                .help("split the operation or slim the request schema");
                        }
                        op_count += size.count;
                        roots.push((schema, size));
                    }
                    None => op_count += 1,
                }
            }
            for r in op.responses(sw) {
                if let Some(schema) = r.node.get("schema") {
                    let size = sizer.size(schema, 0);
                    op_count += size.count;
                    roots.push((schema, size));
                }
            }
            for holder in [op.node, op.path_item] {
                if let Some(schema) = holder
                    .get("x-ms-notification-content")
                    .and_then(|c| c.get("schema"))
                {
                    let size = sizer.size(schema, 0);
                    op_count += size.count;
                    roots.push((schema, size));
                }
            }
            if op_count > OPERATION_LIMIT {
                cx.report_key(op.node, format!("{} uses {} schemas (following `$ref`s); the limit is {OPERATION_LIMIT} per operation", op.label(), shown(op_count)))
                    .code("OperationSchemaCountExceedsMaxAllowed");
            }
            for (root, size) in roots {
                if size.depth > DEPTH_LIMIT {
                    cx.report_key(root, format!("this schema of {} nests more than {DEPTH_LIMIT} levels deep (following `$ref`s)", op.label()))
                        .code("SchemaTooDeep")
                        .help("flatten the nesting, or stop it with a less detailed schema at some level");
                }
            }
            total = (total + op_count).min(COUNT_CAP);
        }
        if total > TOTAL_LIMIT {
            if let Some(paths) = sw.root.get("paths") {
                cx.report_key(paths, format!("the operations use {} schemas in all (following `$ref`s); the limit is {TOTAL_LIMIT}", shown(total)))
                    .code("TotalSchemaCountExceedsMaxAllowed");
            }
        }
    }
}

fn shown(count: u64) -> String {
    if count >= COUNT_CAP {
        format!("more than {TOTAL_LIMIT}")
    } else {
        count.to_string()
    }
}
