//! ## What it checks
//! That `[Content_Types].xml` of a solution zip gives every file of the zip a content type:
//! a `Default` for its extension or an `Override` for its path. Each uncovered extension is
//! reported once, with the files that have it.
//!
//! Extensions are compared without regard to case, as the Open Packaging Conventions and
//! .NET's `System.IO.Packaging` do; exports write the extension as the files have it (`Png`,
//! `Jpeg`). Unpacked folders have no `[Content_Types].xml` (packing writes it) and are not
//! judged; nor is a zip whose files sit in a wrapper folder.
//!
//! ## Why it matters
//! A solution zip is an OPC package: a part without a content type is not part of the package
//! when Dataverse opens it. Every one of the 47 real exports we opened covers every file, so an
//! uncovered one means the zip was edited by hand, typically a file added (a script, an icon)
//! without declaring its extension.
//!
//! ## Example
//! `Connector/cts_contoso_customcodeblobcontent.csx` added to a zip whose
//! `[Content_Types].xml` has no `<Default Extension="csx" …/>`.
//!
//! Use instead: add the file in the environment and export again, or add
//! `<Default Extension="csx" ContentType="application/octet-stream" />`.
//!
//! ## Fix safety
//! No fix: ppcert reads solution zips in memory and never rewrites them; add the file in the environment and export again.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/dotnet/api/system.io.packaging.zippackage>
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct SolContentTypes;

impl SolutionRule for SolContentTypes {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        for s in input
            .solutions
            .iter()
            .filter(|s| !s.unpacked && s.wrapper.is_none())
        {
            let Some(types) = &s.content_types else {
                continue;
            };
            let mut missing: Vec<(String, Vec<String>)> = Vec::new();
            for e in &s.tree.entries {
                if e.path.eq_ignore_ascii_case("[Content_Types].xml") {
                    continue;
                }
                let part = format!("/{}", e.path);
                if types
                    .overrides
                    .iter()
                    .any(|o| o.trim().eq_ignore_ascii_case(&part))
                {
                    continue;
                }
                let file = e.path.rsplit('/').next().unwrap_or(&e.path);
                let ext = file.rsplit_once('.').map(|(_, x)| x).unwrap_or("");
                if !ext.is_empty()
                    && types
                        .defaults
                        .iter()
                        .any(|d| d.trim().eq_ignore_ascii_case(ext))
                {
                    continue;
                }
                let key = ext.to_ascii_lowercase();
                match missing
                    .iter_mut()
                    .find(|(k, _)| k.eq_ignore_ascii_case(&key))
                {
                    Some((_, files)) => files.push(e.path.clone()),
                    None => missing.push((ext.to_owned(), vec![e.path.clone()])),
                }
            }
            for (ext, files) in missing {
                let shown = match files.as_slice() {
                    [one] => format!("`{one}`"),
                    [first, rest @ ..] => format!("`{first}` and {} more", rest.len()),
                    [] => continue,
                };
                let (what, help) = if ext.is_empty() {
                    (
                        format!("{shown} has no extension and no `Override`"),
                        format!(
                            "add `<Override PartName=\"/{}\" ContentType=\"application/octet-stream\" />`, or export the solution again",
                            files[0]
                        ),
                    )
                } else {
                    (
                        format!("the extension `{ext}` ({shown}) has no `Default`"),
                        format!(
                            "add `<Default Extension=\"{ext}\" ContentType=\"application/octet-stream\" />`, or export the solution again"
                        ),
                    )
                };
                cx.report_at(
                    types.loc,
                    format!("`[Content_Types].xml` gives no content type to a file of the solution zip: {what}"),
                )
                .help(help);
            }
        }
    }
}
