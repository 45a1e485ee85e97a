//! Pairing the two versions: operations by operationId, parameters by name, properties by name
//! (case-sensitively, as the validator does), array items with array items; each pair is handed
//! to the rules subscribed to its kind.

use super::Dispatch;
use super::same::Sameness;
use crate::json::{JsonRef, NodeId};
use crate::rules::DiffChecker;
use crate::rules::RuleEntry;
use crate::swagger::pairs::{
    Field, FieldKind, FieldPair, FieldRole, OperationPair, SuccessResponse,
};
use crate::swagger::{Operation, Parameter, Swagger};
use std::collections::HashMap;

/// Schemas nested deeper than this are not compared further (real connectors stay far below it).
const MAX_DEPTH: usize = 32;
/// At most this many field pairs per operation: a bound for pathological shared-schema graphs.
const MAX_FIELDS_PER_OPERATION: usize = 20_000;
/// `allOf` chains deeper than this are not followed for properties.
const MAX_ALL_OF_DEPTH: usize = 16;
/// The rule that says where the walk stopped at one of the bounds above. It subscribes to input
/// and output fields, so that the walk happens when it is selected; the walker reports it.
const LIMIT_RULE: &str = "diff-limit-reached";

pub(super) fn run<'a>(
    old: &Swagger<'a>,
    new: &Swagger<'a>,
    dispatch: &Dispatch,
    cx: &mut DiffChecker<'_>,
) {
    run_rules(cx, &dispatch.document, |r, cx| r.document(cx, old, new));

    let mut walker = Walker {
        dispatch,
        same: Sameness::new(old, new),
        fields: 0,
        limit_rule: dispatch
            .input
            .iter()
            .chain(&dispatch.output)
            .copied()
            .find(|e| e.meta.id == LIMIT_RULE),
        limit_reported: false,
    };
    for pair in pair_operations(old, new) {
        run_rules(cx, &dispatch.operation, |r, cx| r.operation(cx, &pair));
        if let Some((o, n)) = pair.both()
            && o.operation_id() == n.operation_id()
        {
            walker.fields = 0;
            walker.limit_reported = false;
            walker.operation(cx, &pair, o, n);
        }
    }
}

fn run_rules(
    cx: &mut DiffChecker<'_>,
    rules: &[&'static RuleEntry],
    mut f: impl FnMut(&dyn super::DiffRule, &mut DiffChecker<'_>),
) {
    for entry in rules {
        if let Some(rule) = entry.diff {
            cx.begin(&entry.meta);
            f(rule, cx);
        }
    }
}

/// The name an operation goes by: its operationId, else `METHOD /path`.
fn operation_key(op: &Operation<'_>) -> String {
    match op.operation_id() {
        Some(id) => id.to_owned(),
        None => format!("{} {}", op.method.to_uppercase(), op.path),
    }
}

/// Old operations in document order (each with its match, if any), then the new ones nobody matched.
/// Unmatched operations on the same method and path are one operation whose operationId changed.
fn pair_operations<'s, 'a>(
    old: &'s Swagger<'a>,
    new: &'s Swagger<'a>,
) -> Vec<OperationPair<'s, 'a>> {
    let mut new_by_key: HashMap<String, usize> = HashMap::new();
    for (i, op) in new.operations.iter().enumerate() {
        new_by_key.entry(operation_key(op)).or_insert(i);
    }
    let mut taken = vec![false; new.operations.len()];
    let mut matched: Vec<Option<usize>> = Vec::with_capacity(old.operations.len());
    let mut old_seen: HashMap<String, ()> = HashMap::new();
    for op in &old.operations {
        let key = operation_key(op);
        // A duplicated operationId pairs once; the duplicates are a lint finding, not a change.
        let first = old_seen.insert(key.clone(), ()).is_none();
        let m = new_by_key
            .get(&key)
            .copied()
            .filter(|&i| first && !taken[i]);
        if let Some(i) = m {
            taken[i] = true;
        }
        matched.push(m);
    }
    for (o, m) in old.operations.iter().zip(matched.iter_mut()) {
        if m.is_some() || o.operation_id().is_none() {
            continue;
        }
        let same_route = new.operations.iter().enumerate().position(|(i, n)| {
            !taken[i]
                && n.method == o.method
                && n.path == o.path
                && n.operation_id().is_some()
                && !old
                    .operations
                    .iter()
                    .any(|x| x.operation_id() == n.operation_id())
        });
        if let Some(i) = same_route {
            taken[i] = true;
            *m = Some(i);
        }
    }
    let mut pairs = Vec::new();
    for (o, m) in old.operations.iter().zip(matched) {
        pairs.push(OperationPair {
            old: Some(o),
            new: m.map(|i| &new.operations[i]),
            old_sw: old,
            new_sw: new,
            key: operation_key(o),
        });
    }
    for (i, n) in new.operations.iter().enumerate() {
        if !taken[i] {
            pairs.push(OperationPair {
                old: None,
                new: Some(n),
                old_sw: old,
                new_sw: new,
                key: operation_key(n),
            });
        }
    }
    pairs
}

/// The response an operation's outputs come from (see [`SuccessResponse`]).
pub(crate) fn success_response<'a>(
    sw: &Swagger<'a>,
    op: &Operation<'a>,
) -> Option<SuccessResponse<'a>> {
    let mut responses: Vec<SuccessResponse<'a>> = op
        .responses(sw)
        .into_iter()
        .filter(|r| r.code.starts_with('2') || r.code == "default")
        .map(|r| SuccessResponse {
            code: r.code,
            node: r.node,
            site: r.site,
            schema: r.node.get("schema").filter(|s| s.is_object()),
        })
        .collect();
    // `2xx` before `default`, and in numeric order.
    responses.sort_by_key(|r| (r.code == "default", r.code));
    responses
        .iter()
        .find(|r| r.schema.is_some())
        .or_else(|| responses.first())
        .copied()
}

struct Walker<'s, 'a> {
    dispatch: &'s Dispatch,
    same: Sameness<'s, 'a>,
    fields: usize,
    /// `diff-limit-reached`, when it is selected.
    limit_rule: Option<&'static RuleEntry>,
    /// Whether the current operation's walk already said where it stopped (once is enough).
    limit_reported: bool,
}

impl<'s, 'a> Walker<'s, 'a> {
    fn operation(
        &mut self,
        cx: &mut DiffChecker<'_>,
        pair: &OperationPair<'s, 'a>,
        old: &Operation<'a>,
        new: &Operation<'a>,
    ) {
        let op_path = pair.value_path();
        if !self.dispatch.input.is_empty() {
            self.inputs(cx, pair, &op_path, old, new);
        }

        let old_main = success_response(pair.old_sw, old);
        let new_main = success_response(pair.new_sw, new);
        run_rules(cx, &self.dispatch.success_response, |r, cx| {
            r.success_response(cx, pair, old_main.as_ref(), new_main.as_ref())
        });
        if self.dispatch.output.is_empty() {
            return;
        }
        if let (Some(o), Some(n)) = (
            old_main.and_then(|r| r.schema),
            new_main.and_then(|r| r.schema),
        ) {
            let code = new_main.map_or("200", |r| r.code);
            self.root(
                cx,
                pair,
                FieldRole::Output,
                format!("{op_path}/responses/{code}/schema"),
                Some(o),
                Some(n),
            );
        }
        if old.is_trigger() || new.is_trigger() {
            let payload = |op: &Operation<'a>| {
                op.path_item
                    .get("x-ms-notification-content")
                    .and_then(|c| c.get("schema"))
            };
            let path = format!("{op_path}/responses/x-ms-notification-content/schema");
            let (o, n) = (payload(old), payload(new));
            if o.is_some() || n.is_some() {
                self.root(cx, pair, FieldRole::Output, path, o, n);
            }
        }
    }

    fn inputs(
        &mut self,
        cx: &mut DiffChecker<'_>,
        pair: &OperationPair<'s, 'a>,
        op_path: &str,
        old: &Operation<'a>,
        new: &Operation<'a>,
    ) {
        let named = |ps: &[Parameter<'a>]| -> Vec<Parameter<'a>> {
            ps.iter().filter(|p| p.name().is_some()).copied().collect()
        };
        let old_params = named(&old.parameters);
        let new_params = named(&new.parameters);
        let mut taken = vec![false; new_params.len()];
        let mut pairs: Vec<(Option<Parameter<'a>>, Option<Parameter<'a>>)> = Vec::new();
        for p in &old_params {
            // Same name and place first; then same name elsewhere (a parameter that moved).
            let found = new_params
                .iter()
                .enumerate()
                .position(|(i, n)| {
                    !taken[i] && n.name() == p.name() && n.location() == p.location()
                })
                .or_else(|| {
                    new_params
                        .iter()
                        .enumerate()
                        .position(|(i, n)| !taken[i] && n.name() == p.name())
                });
            if let Some(i) = found {
                taken[i] = true;
            }
            pairs.push((Some(*p), found.map(|i| new_params[i])));
        }
        for (i, n) in new_params.iter().enumerate() {
            if !taken[i] {
                pairs.push((None, Some(*n)));
            }
        }

        let field = |p: Parameter<'a>| Field {
            node: p.node,
            site: p.site,
            kind: FieldKind::Parameter,
            required: p.is_required(),
            parent: None,
        };
        let added: Vec<&'a str> = pairs
            .iter()
            .filter(|(o, _)| o.is_none())
            .filter_map(|(_, n)| n.and_then(|p| p.name()))
            .collect();
        for (o, n) in pairs {
            let name = o.or(n).and_then(|p| p.name()).unwrap_or_default();
            let fp = FieldPair {
                path: format!("{op_path}/parameter/{name}"),
                label: name.to_owned(),
                role: FieldRole::Input,
                old: o.map(field),
                new: n.map(field),
                likely_rename: n
                    .is_none()
                    .then(|| crate::rules::util::diff::likely_rename(name, &added))
                    .flatten(),
            };
            self.emit(cx, pair, &fp);
            let (Some(o), Some(n)) = (o, n) else { continue };
            if o.is_body() && n.is_body() {
                if let (Some(os), Some(ns)) = (o.node.get("schema"), n.node.get("schema")) {
                    let fp = FieldPair {
                        path: format!("{}/schema", fp.path),
                        label: fp.label.clone(),
                        role: FieldRole::Input,
                        old: Some(Field::schema(
                            pair.old_sw,
                            os,
                            FieldKind::SchemaRoot,
                            o.is_required(),
                        )),
                        new: Some(Field::schema(
                            pair.new_sw,
                            ns,
                            FieldKind::SchemaRoot,
                            n.is_required(),
                        )),
                        likely_rename: None,
                    };
                    self.emit(cx, pair, &fp);
                    self.children(cx, pair, &fp, 1, &mut Vec::new());
                }
            } else if !o.is_body() && !n.is_body() {
                self.children(cx, pair, &fp, 1, &mut Vec::new());
            }
        }
    }

    /// A response or payload schema of either side, and everything below it.
    fn root(
        &mut self,
        cx: &mut DiffChecker<'_>,
        pair: &OperationPair<'s, 'a>,
        role: FieldRole,
        path: String,
        old: Option<JsonRef<'a>>,
        new: Option<JsonRef<'a>>,
    ) {
        let fp = FieldPair {
            path,
            label: String::new(),
            role,
            old: old.map(|s| Field::schema(pair.old_sw, s, FieldKind::SchemaRoot, true)),
            new: new.map(|s| Field::schema(pair.new_sw, s, FieldKind::SchemaRoot, true)),
            likely_rename: None,
        };
        self.emit(cx, pair, &fp);
        self.children(cx, pair, &fp, 1, &mut Vec::new());
    }

    fn emit(&mut self, cx: &mut DiffChecker<'_>, pair: &OperationPair<'s, 'a>, fp: &FieldPair<'a>) {
        self.fields += 1;
        let rules = match fp.role {
            FieldRole::Input => &self.dispatch.input,
            FieldRole::Output => &self.dispatch.output,
        };
        match fp.role {
            FieldRole::Input => run_rules(cx, rules, |r, cx| r.input(cx, pair, fp)),
            FieldRole::Output => run_rules(cx, rules, |r, cx| r.output(cx, pair, fp)),
        }
    }

    /// Says, once per operation, that the comparison stopped at `field` and why.
    fn limit_reached(&mut self, cx: &mut DiffChecker<'_>, field: &FieldPair<'a>, why: &str) {
        let Some(rule) = self.limit_rule.filter(|_| !self.limit_reported) else {
            return;
        };
        self.limit_reported = true;
        let Some(at) = field.new.as_ref().or(field.old.as_ref()) else {
            return;
        };
        cx.begin(&rule.meta);
        cx.report_field(
            at,
            field.path.clone(),
            format!(
                "the comparison stopped at {}: {why}; changes below it are not reported",
                field.describe()
            ),
        )
        .help("compare the rest by hand, or flatten the schema");
    }

    /// The properties and items of a field present on both sides, unless the two are the same.
    fn children(
        &mut self,
        cx: &mut DiffChecker<'_>,
        pair: &OperationPair<'s, 'a>,
        parent: &FieldPair<'a>,
        depth: usize,
        stack: &mut Vec<(NodeId, NodeId)>,
    ) {
        let Some((o, n)) = parent.both() else { return };
        let key = (o.node.id(), n.node.id());
        if stack.contains(&key) || self.same.same(o.node, n.node) {
            return;
        }
        if depth > MAX_DEPTH {
            let why = format!("schemas nested more than {MAX_DEPTH} levels deep are not compared");
            return self.limit_reached(cx, parent, &why);
        }
        if self.fields > MAX_FIELDS_PER_OPERATION {
            let why = format!(
                "an operation's comparison stops after {MAX_FIELDS_PER_OPERATION} fields (its schemas share and nest so much that walking them all would not end in reasonable time)"
            );
            return self.limit_reached(cx, parent, &why);
        }
        stack.push(key);

        let (old_props, old_cut) = properties(pair.old_sw, o.node);
        let (new_props, new_cut) = properties(pair.new_sw, n.node);
        if old_cut || new_cut {
            let why = format!(
                "`allOf` chains longer than {MAX_ALL_OF_DEPTH} are not followed for properties"
            );
            self.limit_reached(cx, parent, &why);
        }
        let child_label = |name: &str| {
            if parent.label.is_empty() {
                name.to_owned()
            } else {
                format!("{}.{name}", parent.label)
            }
        };
        let mut names: Vec<&'a str> = old_props.iter().map(|p| p.name).collect();
        names.extend(
            new_props
                .iter()
                .map(|p| p.name)
                .filter(|n| !old_props.iter().any(|o| o.name == *n)),
        );
        let added: Vec<&'a str> = new_props
            .iter()
            .map(|p| p.name)
            .filter(|n| !old_props.iter().any(|o| o.name == *n))
            .collect();
        for name in names {
            let side = |props: &[Prop<'a>]| {
                props.iter().find(|p| p.name == name).map(|p| Field {
                    node: p.node,
                    site: p.site,
                    kind: FieldKind::Property,
                    required: p.required,
                    parent: Some(p.parent),
                })
            };
            let fp = FieldPair {
                path: format!("{}/{name}", parent.path),
                label: child_label(name),
                role: parent.role,
                old: side(&old_props),
                new: side(&new_props),
                likely_rename: new_props
                    .iter()
                    .all(|p| p.name != name)
                    .then(|| crate::rules::util::diff::likely_rename(name, &added))
                    .flatten(),
            };
            self.emit(cx, pair, &fp);
            self.children(cx, pair, &fp, depth + 1, stack);
        }

        if let (Some(oi), Some(ni)) = (o.node.get("items"), n.node.get("items"))
            && oi.is_object()
            && ni.is_object()
        {
            let fp = FieldPair {
                path: format!("{}/items", parent.path),
                label: format!("{}[]", parent.label),
                role: parent.role,
                old: Some(Field::schema(pair.old_sw, oi, FieldKind::Items, false)),
                new: Some(Field::schema(pair.new_sw, ni, FieldKind::Items, false)),
                likely_rename: None,
            };
            self.emit(cx, pair, &fp);
            self.children(cx, pair, &fp, depth + 1, stack);
        }
        stack.pop();
    }
}

/// A property of an object schema, with the schema that lists it.
struct Prop<'a> {
    name: &'a str,
    site: JsonRef<'a>,
    node: JsonRef<'a>,
    required: bool,
    parent: JsonRef<'a>,
}

/// The properties of `schema`, its `allOf` members' included, in document order, each name once;
/// and whether an `allOf` chain was too long to follow to its end.
fn properties<'a>(sw: &Swagger<'a>, schema: JsonRef<'a>) -> (Vec<Prop<'a>>, bool) {
    let mut out = Vec::new();
    let mut required: Vec<&'a str> = Vec::new();
    let mut seen = Vec::new();
    let cut = collect_properties(sw, schema, &mut out, &mut required, &mut seen);
    for p in &mut out {
        p.required = required.contains(&p.name);
    }
    (out, cut)
}

/// Returns whether the `allOf` chain was cut.
fn collect_properties<'a>(
    sw: &Swagger<'a>,
    schema: JsonRef<'a>,
    out: &mut Vec<Prop<'a>>,
    required: &mut Vec<&'a str>,
    seen: &mut Vec<NodeId>,
) -> bool {
    let schema = sw.resolve(schema).unwrap_or(schema);
    if seen.contains(&schema.id()) {
        return false;
    }
    if seen.len() > MAX_ALL_OF_DEPTH {
        return true;
    }
    seen.push(schema.id());
    if let Some(list) = schema.get("required") {
        required.extend(list.items().filter_map(|r| r.as_str()));
    }
    if let Some(props) = schema.get("properties") {
        for (name, site) in props.members() {
            if site.is_object() && !out.iter().any(|p: &Prop<'a>| p.name == name) {
                out.push(Prop {
                    name,
                    site,
                    node: sw.resolve(site).unwrap_or(site),
                    required: false,
                    parent: schema,
                });
            }
        }
    }
    let mut cut = false;
    if let Some(all_of) = schema.get("allOf") {
        for member in all_of.items() {
            cut |= collect_properties(sw, member, out, required, seen);
        }
    }
    cut
}
