//! Running the rules over a connector: build the views once, walk them once, and dispatch each
//! node to the rules subscribed to its kind.

pub use crate::rules::{
    Checker, RuleSelector, SelectError, SolutionChecker, Strictness, pattern_is_known,
};

use crate::connector::{Connector, FileKind, Profile};
use crate::diagnostic::Diagnostic;
use crate::props::Props;
use crate::rules::{self, NodeKind, RuleEntry};
use crate::swagger::Swagger;
use std::sync::OnceLock;

mod parts;

pub(crate) use parts::worker_count;

/// Which rules run: the active rules per profile, grouped by the node kinds they subscribe to.
/// A profile's tables are built when a connector judged under it first needs them: most runs
/// (one connector in an editor or a hook) use one profile of the three.
pub struct RuleSet {
    selector: RuleSelector,
    by_profile: [OnceLock<Dispatch>; 3],
    /// Rules on solution inputs, per profile.
    solution: [OnceLock<Vec<&'static RuleEntry>>; 3],
}

/// Rules grouped by the node kinds they subscribe to: the entries of a rule set, or, narrowed to
/// one connector, the entries that apply to it with their checks.
struct Dispatch<T = &'static RuleEntry> {
    connector: Vec<T>,
    document: Vec<T>,
    swagger_node: Vec<T>,
    operation: Vec<T>,
    parameter: Vec<T>,
    response: Vec<T>,
    schema: Vec<T>,
    any_schema: Vec<T>,
    props: Vec<T>,
    connection_parameter: Vec<T>,
}

impl<T> Default for Dispatch<T> {
    fn default() -> Self {
        Dispatch {
            connector: Vec::new(),
            document: Vec::new(),
            swagger_node: Vec::new(),
            operation: Vec::new(),
            parameter: Vec::new(),
            response: Vec::new(),
            schema: Vec::new(),
            any_schema: Vec::new(),
            props: Vec::new(),
            connection_parameter: Vec::new(),
        }
    }
}

/// A rule that applies to the connector being linted, with its check.
type Applicable = (&'static RuleEntry, &'static dyn rules::Rule);

impl<T> Dispatch<T> {
    fn slot(&mut self, kind: NodeKind) -> &mut Vec<T> {
        match kind {
            NodeKind::Connector => &mut self.connector,
            NodeKind::Document => &mut self.document,
            NodeKind::SwaggerNode => &mut self.swagger_node,
            NodeKind::Operation => &mut self.operation,
            NodeKind::Parameter => &mut self.parameter,
            NodeKind::Response => &mut self.response,
            NodeKind::Schema => &mut self.schema,
            NodeKind::AnySchema => &mut self.any_schema,
            NodeKind::Props => &mut self.props,
            NodeKind::ConnectionParameter => &mut self.connection_parameter,
        }
    }

    /// The slots: the connector's, the definition's (document to any schema), apiProperties'.
    fn slots(&self) -> [&Vec<T>; 10] {
        [
            &self.connector,
            &self.document,
            &self.swagger_node,
            &self.operation,
            &self.parameter,
            &self.response,
            &self.schema,
            &self.any_schema,
            &self.props,
            &self.connection_parameter,
        ]
    }

    fn needs_swagger(&self) -> bool {
        self.slots()[1..8].iter().any(|v| !v.is_empty())
    }

    /// Whether any rule subscribes to the definition's nodes (see [`walk_nodes`]).
    fn walks_nodes(&self) -> bool {
        self.slots()[2..8].iter().any(|v| !v.is_empty())
    }
}

impl Dispatch {
    /// The rules of each kind that apply to `connector`, with their checks.
    fn applying_to(&self, connector: &Connector) -> Dispatch<Applicable> {
        let pick = |rules: &[&'static RuleEntry]| {
            rules
                .iter()
                .filter_map(|e| {
                    e.check
                        .filter(|_| applies_to_connector(e, connector))
                        .map(|c| (*e, c))
                })
                .collect()
        };
        Dispatch {
            connector: pick(&self.connector),
            document: pick(&self.document),
            swagger_node: pick(&self.swagger_node),
            operation: pick(&self.operation),
            parameter: pick(&self.parameter),
            response: pick(&self.response),
            schema: pick(&self.schema),
            any_schema: pick(&self.any_schema),
            props: pick(&self.props),
            connection_parameter: pick(&self.connection_parameter),
        }
    }
}

impl RuleSet {
    /// The linted rules that `selector` keeps.
    pub fn new(selector: &RuleSelector) -> RuleSet {
        RuleSet {
            selector: selector.clone(),
            by_profile: Default::default(),
            solution: Default::default(),
        }
    }

    /// Whether `id` runs on solution inputs judged under `profile`.
    pub fn runs_on_solutions(&self, profile: Profile, id: &str) -> bool {
        self.solution(profile).iter().any(|e| e.meta.id == id)
    }

    /// Whether `entry` is linted under `profile` with this set's selection.
    fn keeps(&self, entry: &RuleEntry, profile: Profile) -> bool {
        entry.meta.is_linted()
            && entry.meta.applies_to(profile)
            && self.selector.is_selected(&entry.meta)
    }

    fn solution(&self, profile: Profile) -> &[&'static RuleEntry] {
        self.solution[profile_index(profile)].get_or_init(|| {
            rules::all()
                .iter()
                .filter(|e| e.solution.is_some() && self.keeps(e, profile))
                .collect()
        })
    }

    fn dispatch(&self, profile: Profile) -> &Dispatch {
        self.by_profile[profile_index(profile)].get_or_init(|| {
            let mut dispatch = Dispatch::default();
            for entry in rules::all() {
                let Some(check) = entry.check else { continue };
                if self.keeps(entry, profile) {
                    for kind in check.kinds() {
                        dispatch.slot(*kind).push(entry);
                    }
                }
            }
            dispatch
        })
    }
}

fn profile_index(profile: Profile) -> usize {
    Profile::ALL.iter().position(|p| *p == profile).unwrap_or(2)
}

/// Lints a solution input (package, solution zip or unpacked solution) with the solution rules;
/// the connectors it carries are linted by [`lint`]. Findings come back sorted by place.
pub fn lint_solution(
    input: &crate::solution::Input,
    set: &RuleSet,
    profile: Profile,
    strictness: Strictness,
    folder: Option<&Connector>,
) -> Vec<Diagnostic> {
    let mut cx = SolutionChecker::new(input, profile, strictness, folder);
    for entry in set.solution(profile) {
        if let Some(check) = entry.solution {
            cx.begin(&entry.meta);
            check.check(&mut cx, input);
        }
    }
    let mut diags = cx.finish();
    for d in &mut diags {
        if let Some(entry) = rules::find(d.rule) {
            crate::rules::clamp_heuristic(&entry.meta, d);
        }
    }
    sorted_once(diags)
}

/// Rules about the folder layout and sibling files do not apply when the user named files
/// directly; readme and intro rules apply to a readme or intro so named, and `file-readable` to
/// every file read.
pub(crate) fn applies_to_connector(entry: &RuleEntry, connector: &Connector) -> bool {
    if connector.in_solution {
        return crate::solution::connectors::applies(
            entry.meta.file,
            entry.meta.id,
            connector.intro.is_some(),
        );
    }
    if !connector.single_file {
        return true;
    }
    match entry.meta.file {
        FileKind::Pr => entry.meta.id == "file-readable",
        FileKind::Readme => connector.readme.is_some(),
        FileKind::Intro => connector.intro.is_some(),
        _ => true,
    }
}

/// Whether the caller leaves the machine's other cores to one connector's lint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cores {
    /// Other connectors are linted meanwhile, a thread each (a run over a repository): the
    /// connector keeps to its thread, but for a large definition (see [`SIDE_BY_SIDE_BYTES`]).
    Shared,
    /// The connector is all there is to lint (an editor's, a hook's, `ppcert lint <folder>`):
    /// a large one is shared out among the machine's threads (see [`parts`]).
    Spare,
}

/// The size of a definition from which, in a run that keeps every core busy, a connector is
/// still shared out between two threads: its run takes 10 ms and more from there, and the last
/// connectors of a long run do not leave a core idle.
const SIDE_BY_SIDE_BYTES: u64 = 256 * 1024;

/// Lints one connector, in a run that keeps the cores busy ([`Cores::Shared`]). Findings come
/// back sorted by file and position, duplicates removed.
pub fn lint(connector: &Connector, set: &RuleSet) -> Vec<Diagnostic> {
    lint_with(connector, set, Cores::Shared)
}

/// [`lint`], on as many threads as `cores` and the definition's size make worth starting.
pub fn lint_with(connector: &Connector, set: &RuleSet, cores: Cores) -> Vec<Diagnostic> {
    // Which rules apply is decided once per connector, not once per node visited.
    let d = &set.dispatch(connector.profile).applying_to(connector);
    let size = connector.swagger.as_ref().map_or(0, |f| f.size);
    // Each rule runs whole on one thread and the sort below orders findings by rule too, so the
    // result is the same however the rules are shared out.
    let found = if rayon::current_thread_index().is_some() {
        // On a worker of the pool (connectors linted by a parallel iterator), the two halves are
        // joined: the pool's other workers take one up when idle.
        let (mut files, definition) = rayon::join(
            || lint_files(connector, d),
            || lint_definition(connector, d),
        );
        files.extend(definition);
        files
    } else {
        let threads = match cores {
            Cores::Spare => parts::threads_for(size),
            Cores::Shared if size >= SIDE_BY_SIDE_BYTES => 2.min(worker_count()),
            Cores::Shared => 1,
        };
        parts::lint_in_parts(connector, d, threads)
    };
    // A definition shared by several operations is judged once per use; report it once.
    sorted_once(found)
}

/// Runs each of `rules` on `cx`.
fn run_rules(
    cx: &mut Checker,
    rules: &[Applicable],
    f: &mut dyn FnMut(&dyn rules::Rule, &mut Checker),
) {
    for (entry, check) in rules {
        cx.begin(&entry.meta);
        f(*check, cx);
        cx.end();
    }
}

/// The rules of the connector as a whole and of apiProperties.json.
fn lint_files(connector: &Connector, d: &Dispatch<Applicable>) -> Vec<Diagnostic> {
    let mut cx = Checker::new(connector);
    run_rules(&mut cx, &d.connector, &mut |r, cx| {
        r.connector(cx, connector)
    });
    if (!d.props.is_empty() || !d.connection_parameter.is_empty())
        && let Some(props) = connector.props.as_ref().and_then(Props::new)
    {
        run_rules(&mut cx, &d.props, &mut |r, cx| r.props(cx, &props));
        for cp in &props.connection_parameters {
            run_rules(&mut cx, &d.connection_parameter, &mut |r, cx| {
                r.connection_parameter(cx, &props, cp)
            });
        }
    }

    cx.finish()
}

/// The rules of the definition, in one walk of it.
fn lint_definition(connector: &Connector, d: &Dispatch<Applicable>) -> Vec<Diagnostic> {
    let mut cx = Checker::new(connector);
    if d.needs_swagger()
        && let Some(sw) = connector.swagger.as_ref().and_then(Swagger::new)
    {
        run_rules(&mut cx, &d.document, &mut |r, cx| r.document(cx, &sw));
        walk_nodes(&mut cx, &sw, d);
    }
    cx.finish()
}

/// The rules of the definition's nodes: each operation, parameter, response and schema.
fn walk_nodes(cx: &mut Checker, sw: &Swagger, d: &Dispatch<Applicable>) {
    if !d.swagger_node.is_empty() {
        for node in sw.root.descendants() {
            run_rules(cx, &d.swagger_node, &mut |r, cx| {
                r.swagger_node(cx, sw, node)
            });
        }
    }
    for op in &sw.operations {
        run_rules(cx, &d.operation, &mut |r, cx| r.operation(cx, sw, op));
        if !d.parameter.is_empty() {
            for p in &op.parameters {
                run_rules(cx, &d.parameter, &mut |r, cx| r.parameter(cx, sw, op, p));
            }
        }
        if !d.response.is_empty() {
            for resp in op.responses(sw) {
                run_rules(cx, &d.response, &mut |r, cx| r.response(cx, sw, op, &resp));
            }
        }
    }
    for schema in &sw.schemas {
        run_rules(cx, &d.schema, &mut |r, cx| r.schema(cx, sw, schema));
    }
    if !d.any_schema.is_empty() {
        // Schemas once each; parameters and headers once per use (findings are merged below).
        let simple = sw.operations.iter().flat_map(|op| {
            let params = op
                .parameters
                .iter()
                .filter(|p| !p.is_body())
                .map(|p| p.node);
            let headers = op
                .responses(sw)
                .into_iter()
                .filter_map(|r| r.node.get("headers"))
                .flat_map(|h| h.child_values());
            params
                .chain(headers)
                .flat_map(crate::swagger::simple_schemas)
        });
        for node in sw.schemas.iter().map(|s| s.node).chain(simple) {
            run_rules(cx, &d.any_schema, &mut |r, cx| r.any_schema(cx, sw, node));
        }
    }
}

/// Findings sorted by file and place, each reported once.
fn sorted_once(mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diags.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.rule, &a.message)
            .cmp(&(&b.file, b.line, b.column, b.rule, &b.message))
    });
    diags.dedup_by(|a, b| {
        a.rule == b.rule && a.file == b.file && a.span == b.span && a.message == b.message
    });
    diags
}
