//! Inputs: Dataverse solutions, zipped or unpacked, and certification packages
//! (`docs/solutions.md`). Archives are read in memory through the bounded reader of
//! [`archive`], never extracted; every level is checked before anything in it is parsed.
//! What the files say becomes the [`model`]; the connectors they carry become connectors of
//! the run through [`connectors`].

pub mod archive;
pub mod connectors;
mod load;
pub mod model;
mod sources;
mod tree;
mod xml;

pub use load::{
    ArchiveLevel, ArchiveRole, At, Flow, InnerPackage, Input, InputKind, Package, Problem,
    Solution, SolutionConnector, detect_dir, find_solution_file, is_git_integration_yaml, load_dir,
    load_zip,
};
pub use sources::{Loc, SourceFile, Sources, Val, decode_text};
pub use tree::{Tree, TreeEntry};
