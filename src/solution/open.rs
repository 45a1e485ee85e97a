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
    let mut input = Input {
        path: path.to_path_buf(),
        display,
        kind: InputKind::SolutionZip,
        sources: Sources::default(),
        archives: Vec::new(),
        package: None,
        solutions: Vec::new(),
        problems: Vec::new(),
        too_deep: Vec::new(),
        read_bytes: 0,
    };
    let tree = Tree::of_archive(outer.clone());
    let has_root = |t: &Tree, name: &str| t.root_files().any(|e| e.path.eq_ignore_ascii_case(name));
    let is_solution = has_root(&tree, "solution.xml") || has_root(&tree, "customizations.xml");
    let md = tree
        .root_files()
        .filter(|e| ends_ci(&e.path, ".md"))
        .count();
    let zips = tree
        .root_files()
        .filter(|e| ends_ci(&e.path, ".zip"))
        .count();
    if is_solution || (md == 0 && zips == 0) {
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
    let mut input = Input {
        path: path.to_path_buf(),
        display: display.clone(),
        kind: InputKind::Unpacked,
        sources: Sources::default(),
        archives: Vec::new(),
        package: None,
        solutions: Vec::new(),
        problems: Vec::new(),
        too_deep: Vec::new(),
        read_bytes: 0,
    };
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
    let archive = Archive::open(bytes, "", &Limits::default());
    let root: Vec<String> = archive
        .entries
        .iter()
        .filter(|e| !e.is_dir && !e.name.replace('\\', "/").contains('/'))
        .map(|e| e.name.to_ascii_lowercase())
        .collect();
    root.iter()
        .any(|n| n == "solution.xml" || n == "customizations.xml")
        || (root.iter().any(|n| n.ends_with(".md")) && root.iter().any(|n| n.ends_with(".zip")))
}
