//! Inputs: Dataverse solutions, zipped or unpacked, and certification packages
//! (`docs/solutions.md`). Archives are read in memory through the bounded reader of
//! [`archive`], never extracted; every level is checked before anything in it is parsed.
//! What the files say becomes the [`model`]; the connectors they carry become connectors of
//! the run through [`connectors`].

pub mod archive;
pub mod connectors;
mod load;
pub mod model;
mod open;
mod package;
mod sources;
mod tree;
mod xml;

pub use load::{
    ArchiveLevel, ArchiveRole, At, Flow, InnerPackage, Input, InputKind, Package, Problem,
    Solution, SolutionConnector, detect_dir, ends_ci, find_solution_file, is_git_integration_yaml,
};
pub use open::{MAX_INPUT_BYTES, load_dir, load_zip, looks_like_solution_zip, read_zip_file};

use crate::connector::{SolutionProbe, SolutionSource};
use std::path::Path;

/// How target discovery recognises solutions in a tree (the connector module knows folders of
/// connectors only, and must not depend on this one).
pub const PROBE: SolutionProbe = SolutionProbe {
    folder: solution_folder,
    zip: looks_like_solution_zip,
};

/// A folder that is a solution's source: unpacked by SolutionPackager (`Other/Solution.xml`), or
/// Dataverse Git integration's YAML. `names`: its entries, when discovery could list them.
fn solution_folder(dir: &Path, names: Option<&[String]>) -> Option<SolutionSource> {
    if load::detect_dir_listed(dir, names).as_deref() == Some(dir) {
        return Some(SolutionSource::Unpacked(dir.to_path_buf()));
    }
    load::is_git_integration_yaml_listed(dir, names)
        .then(|| SolutionSource::GitYaml(dir.to_path_buf()))
}
pub use sources::{Loc, SourceFile, Sources, Val, decode_text};
pub use tree::{ReadFailure, Tree, TreeEntry};

#[cfg(test)]
mod tests {
    use super::*;

    /// Discovery asks about a folder with the names it listed; the answer is the one the folder
    /// itself gives when read afresh.
    #[test]
    fn a_listed_folder_is_judged_as_a_read_one() {
        let tmp = tempfile::tempdir().unwrap();
        let layouts: &[(&str, &[&str], Option<&str>)] = &[
            (
                "export",
                &["solution.xml", "customizations.xml"],
                Some("unpacked"),
            ),
            (
                "export-caps",
                &["Solution.XML", "Customizations.xml"],
                Some("unpacked"),
            ),
            ("export-half", &["solution.xml"], None),
            ("Other", &["solution.xml", "customizations.xml"], None),
            (
                "packager",
                &["Other/Solution.xml", "Entities/x.xml"],
                Some("unpacked"),
            ),
            ("packager-lower", &["Other/solution.xml"], Some("unpacked")),
            ("packager-below-src", &["src/Other/Solution.xml"], None),
            ("yaml", &["solution.yml"], Some("yaml")),
            ("yaml-long", &["solution.yaml"], Some("yaml")),
            (
                "yaml-nested",
                &["Solutions/Contoso/solution.yml"],
                Some("yaml"),
            ),
            (
                "connector",
                &["apiDefinition.swagger.json", "apiProperties.json"],
                None,
            ),
            ("empty", &[], None),
        ];
        for (name, files, expected) in layouts {
            let dir = tmp.path().join(name);
            std::fs::create_dir_all(&dir).unwrap();
            for file in *files {
                let path = dir.join(file);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, "").unwrap();
            }
            let names: Vec<String> = std::fs::read_dir(&dir)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            let listed = solution_folder(&dir, Some(&names));
            assert_eq!(listed, solution_folder(&dir, None), "{name}");
            let kind = listed.map(|s| match s {
                SolutionSource::Unpacked(_) => "unpacked",
                SolutionSource::GitYaml(_) => "yaml",
                SolutionSource::Zip(_) => "zip",
            });
            assert_eq!(kind, *expected, "{name}");
        }
    }
}
