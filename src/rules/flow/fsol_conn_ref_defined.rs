//! ## What it checks
//! That each connection reference a cloud flow names in
//! `connection.connectionReferenceLogicalName` is a `<connectionreference>` of the flow's own
//! solution (`customizations.xml`, or `Other/Customizations.xml` when unpacked).
//!
//! When it is not, the message says whether the solution at least lists it in
//! `<MissingDependencies>` (the import then needs it from elsewhere: the environment, or
//! another solution imported first) and whether another solution of the same package defines
//! it.
//!
//! ## Why it matters
//! Importing the flow's solution into a clean environment fails when a connection reference it
//! needs is neither in the solution nor already in the environment. Five of the 22 certified
//! packages we opened rely on a missing dependency (the connection reference sits in the
//! connector solution, or nowhere), so this is a warning: reviewers import the connector
//! solution first, but a flow solution that carries its own reference imports anywhere.
//!
//! ## Example
//! A flow naming `cr123_sharedcontosoweather_5f0a1b`, with `solution.xml` saying
//! ```xml
//! <MissingDependency>
//!   <Required type="connectionreference" id.connectionreferencelogicalname="cr123_sharedcontosoweather_5f0a1b" … />
//! ```
//! Use instead: add the connection reference to the flow's solution (Add existing →
//! More → Connection reference) and export again.
//!
//! ## Fix safety
//! No fix: the connection reference is added to the flow's solution in the environment and exported again; ppcert never rewrites solutions.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/power-apps/maker/data-platform/create-connection-reference>
use crate::rules::util::flows;
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct FsolConnRefDefined;

impl SolutionRule for FsolConnRefDefined {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        for s in &input.solutions {
            for flow in &s.flows {
                let name = flows::flow_name(s, flow);
                for e in flows::entries(&flow.file) {
                    let (Some(logical), Some(node)) = (e.reference(), e.reference) else {
                        continue;
                    };
                    if flows::local_reference(s, logical).is_some() {
                        continue;
                    }
                    let listed = s.manifest.as_ref().is_some_and(|m| {
                        m.missing_dependencies.iter().any(|d| {
                            d.required.as_ref().is_some_and(|r| {
                                r.kind
                                    .as_deref()
                                    .is_some_and(|k| k.eq_ignore_ascii_case("connectionreference"))
                                    && [&r.id, &r.schema_name].iter().any(|v| {
                                        v.as_deref()
                                            .is_some_and(|v| v.trim().eq_ignore_ascii_case(logical))
                                    })
                            })
                        })
                    });
                    let elsewhere = input
                        .solutions
                        .iter()
                        .filter(|o| !std::ptr::eq(*o, s))
                        .find(|o| flows::local_reference(o, logical).is_some())
                        .map(|o| o.name());
                    let mut message = format!(
                        "flow `{name}` uses connection reference `{logical}`, which solution `{}` does not define",
                        s.name()
                    );
                    match (listed, &elsewhere) {
                        (true, Some(other)) => message.push_str(&format!(
                            "; it is listed as a missing dependency and defined in solution `{other}`, which must be imported first"
                        )),
                        (true, None) => message.push_str(
                            "; it is only listed as a missing dependency, so a clean import needs it from elsewhere",
                        ),
                        (false, Some(other)) => message.push_str(&format!(
                            "; solution `{other}` defines it, but this solution does not even list it as a missing dependency"
                        )),
                        (false, None) => message.push_str(
                            " nor lists as a missing dependency: the import will fail",
                        ),
                    }
                    cx.report_json(&flow.file, node, message).help(
                        "add the connection reference to the flow's solution (Add existing → More → Connection reference) and export it again",
                    );
                }
            }
        }
    }
}
