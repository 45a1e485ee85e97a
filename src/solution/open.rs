//! Where an input is opened: a zip the user named (a solution or a certification package, told
//! apart by its root entries, `docs/solutions.md` §1.6) or an unpacked solution folder.

use super::archive::{Archive, Limits};
use super::load::*;
use super::package::read_package;
use super::sources::Sources;
use super::tree::Tree;
use std::path::Path;
use std::sync::Arc;

/// Reads a zip the user named: a solution zip or a certification package.
pub fn load_zip(path: &Path, display: String, bytes: Vec<u8>, limits: &Limits) -> Input {
    let outer = Arc::new(Archive::open(bytes, &display, limits));
    let mut input = empty_input(path, display, InputKind::SolutionZip);
    let tree = Tree::of_archive(outer.clone());
    let root = Root::of(&tree);
    // Anything without a package's `.md` or `.zip` is judged as a solution, whose rules say
    // what is missing.
    if root.solution || (root.md == 0 && root.zips == 0) {
        input.archives.push(ArchiveLevel {
            archive: outer,
            depth: 0,
            role: ArchiveRole::Solution,
        });
        let solution = read_solution(tree, None, &mut input, 0);
        input.solutions.push(solution);
    } else {
        input.kind = InputKind::Package;
        input.archives.push(ArchiveLevel {
            archive: outer,
            depth: 0,
            role: ArchiveRole::Outer,
        });
        let package = read_package(tree, &mut input, limits);
        input.package = Some(package);
    }
    input
}

/// Reads an unpacked solution folder (`root` holds `Other/Solution.xml`).
pub fn load_dir(path: &Path, root: &Path, display: String) -> Input {
    let mut input = empty_input(path, display.clone(), InputKind::Unpacked);
    let shown = if root == path {
        display
    } else {
        format!(
            "{display}/{}",
            root.file_name().unwrap_or_default().to_string_lossy()
        )
    };
    let tree = Tree::of_dir(root, shown);
    let solution = read_solution(tree, None, &mut input, 0);
    input.solutions.push(solution);
    input
}

/// The largest solution zip or package read: Dataverse refuses solutions over 95 MB (D14).
pub const MAX_INPUT_BYTES: u64 = 256 << 20;

/// Reads a zip the user named, bounded.
pub fn read_zip_file(path: &Path) -> Result<Vec<u8>, String> {
    crate::connector::read_named_file(path, MAX_INPUT_BYTES)
        .map_err(|e| e.describe(MAX_INPUT_BYTES))
}

/// Whether a zip found in a tree is a solution or a certification package (by its root
/// entries), so that other zips in a repository are left alone.
pub fn looks_like_solution_zip(path: &Path) -> bool {
    let Ok(bytes) = read_zip_file(path) else {
        return false;
    };
    let archive = Arc::new(Archive::open(bytes, "", &Limits::default()));
    let root = Root::of(&Tree::of_archive(archive));
    root.solution || (root.md > 0 && root.zips > 0)
}

/// What the root of a zip holds, as far as telling its shape goes (§1.6).
struct Root {
    /// `solution.xml` or `customizations.xml`.
    solution: bool,
    md: usize,
    zips: usize,
}

impl Root {
    fn of(tree: &Tree) -> Root {
        let named = |name: &str| tree.root_files().any(|e| e.path.eq_ignore_ascii_case(name));
        let count = |ext: &str| tree.root_files().filter(|e| ends_ci(&e.path, ext)).count();
        Root {
            solution: named("solution.xml") || named("customizations.xml"),
            md: count(".md"),
            zips: count(".zip"),
        }
    }
}

fn empty_input(path: &Path, display: String, kind: InputKind) -> Input {
    Input {
        path: path.to_path_buf(),
        display,
        kind,
        sources: Sources::default(),
        archives: Vec::new(),
        package: None,
        solutions: Vec::new(),
        problems: Vec::new(),
        too_deep: Vec::new(),
        read_bytes: 0,
    }
}
