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
/// Dataverse Git integration's YAML.
fn solution_folder(dir: &Path) -> Option<SolutionSource> {
    if detect_dir(dir).as_deref() == Some(dir) {
        return Some(SolutionSource::Unpacked(dir.to_path_buf()));
    }
    is_git_integration_yaml(dir).then(|| SolutionSource::GitYaml(dir.to_path_buf()))
}
pub use sources::{Loc, SourceFile, Sources, Val, decode_text};
pub use tree::{ReadFailure, Tree, TreeEntry};
