//! The certification package's two outer levels (`docs/solutions.md` §1.2): the outer zip with
//! `intro.md` and the package zip, and the package zip with its assets folder of solution zips.

use super::archive::{Archive, Limits};
use super::load::*;
use super::model;
use super::sources::Loc;
use super::tree::Tree;
use crate::connector::{FileKind, TextFile};
use std::path::Path;
use std::sync::Arc;

pub(super) fn read_package(outer: Tree, input: &mut Input, limits: &Limits) -> Package {
    let outer_files: Vec<String> = outer.root_files().map(|e| e.path.clone()).collect();
    let md_files: Vec<String> = outer_files
        .iter()
        .filter(|f| ends_ci(f, ".md"))
        .cloned()
        .collect();
    let zip_files: Vec<String> = outer_files
        .iter()
        .filter(|f| ends_ci(f, ".zip"))
        .cloned()
        .collect();
    let intro = match md_files.as_slice() {
        [one] => outer.find(one).cloned().and_then(|e| {
            let bytes = read_or_note(&outer, &e, input)?;
            let mut problems = Vec::new();
            let file = TextFile::from_bytes(
                FileKind::Intro,
                Path::new(&e.path),
                outer.display_of(&e.path),
                bytes,
                &mut problems,
            );
            note_file_problems(problems, "pkg-outer-intro", input);
            Some(file)
        }),
        _ => None,
    };
    let inner = zip_files.first().cloned().and_then(|name| {
        let entry = outer.find(&name)?.clone();
        let bytes = read_or_note(&outer, &entry, input)?;
        let display = outer.display_of(&name);
        let archive = Arc::new(Archive::open(bytes, &display, limits));
        input.archives.push(ArchiveLevel {
            archive: archive.clone(),
            depth: 1,
            role: ArchiveRole::Package,
        });
        Some(read_inner(Tree::of_archive(archive), name, input, limits))
    });
    Package {
        outer_folders: outer.root_folders(),
        outer_files,
        md_files,
        zip_files,
        intro,
        inner,
    }
}

fn read_inner(tree: Tree, name: String, input: &mut Input, limits: &Limits) -> InnerPackage {
    let root_folders = tree.root_folders();
    let root_files: Vec<String> = tree.root_files().map(|e| e.path.clone()).collect();
    let assets = match root_folders.as_slice() {
        [one] => Some(one.clone()),
        many => many
            .iter()
            .find(|f| f.eq_ignore_ascii_case("PkgAssets"))
            .cloned(),
    };
    let mut assets_subfolders = Vec::new();
    let mut solution_zips = Vec::new();
    let mut assets_files = Vec::new();
    let mut stray_zips = Vec::new();
    for e in &tree.entries {
        let in_assets = assets.as_ref().and_then(|a| {
            e.path
                .get(..a.len())
                .filter(|p| {
                    p.eq_ignore_ascii_case(a) && e.path.as_bytes().get(a.len()) == Some(&b'/')
                })
                .map(|_| &e.path[a.len() + 1..])
        });
        match in_assets {
            Some(rest) if rest.contains('/') => {
                let sub = rest.split('/').next().unwrap_or(rest).to_owned();
                if !assets_subfolders.contains(&sub) {
                    assets_subfolders.push(sub);
                }
                if ends_ci(rest, ".zip") {
                    stray_zips.push(e.path.clone());
                }
            }
            Some(rest) if ends_ci(rest, ".zip") => solution_zips.push(rest.to_owned()),
            Some(rest) => assets_files.push(rest.to_owned()),
            None if ends_ci(&e.path, ".zip") => stray_zips.push(e.path.clone()),
            None => {}
        }
    }
    // Folder entries of the zip name sub-folders too, even empty ones.
    if let (Some(a), Some(archive)) = (&assets, tree.archive()) {
        for e in archive.entries.iter().filter(|e| e.is_dir) {
            let name = e.name.replace('\\', "/");
            let name = name.trim_end_matches('/');
            if let Some(rest) = name.get(a.len() + 1..).filter(|_| {
                name.len() > a.len()
                    && name[..a.len()].eq_ignore_ascii_case(a)
                    && name.as_bytes()[a.len()] == b'/'
            }) {
                let sub = rest.split('/').next().unwrap_or(rest).to_owned();
                if !sub.is_empty() && !assets_subfolders.contains(&sub) {
                    assets_subfolders.push(sub);
                }
            }
        }
    }
    let import_config = assets.as_ref().and_then(|a| {
        let entry = tree.find(&format!("{a}/ImportConfig.xml"))?.clone();
        let bytes = read_or_note(&tree, &entry, input)?;
        let display = tree.display_of(&entry.path);
        let file = add_text(input, display.clone(), &bytes, "pkg-importconfig")?;
        match model::parse_import_config(file, &input.sources.get(file).text) {
            Ok(c) => Some(c),
            Err((span, message)) => {
                input.problems.push(Problem {
                    rule: "pkg-importconfig",
                    at: At::Loc(Loc { file, span }),
                    message: format!("`{display}` {message}"),
                });
                None
            }
        }
    });
    let display = tree.display.clone();
    if let Some(a) = &assets {
        for zip in &solution_zips {
            let Some(entry) = tree.find(&format!("{a}/{zip}")).cloned() else {
                continue;
            };
            let Some(bytes) = read_or_note(&tree, &entry, input) else {
                continue;
            };
            let archive = Arc::new(Archive::open(bytes, &tree.display_of(&entry.path), limits));
            input.archives.push(ArchiveLevel {
                archive: archive.clone(),
                depth: 2,
                role: ArchiveRole::Solution,
            });
            let solution = read_solution(Tree::of_archive(archive), Some(zip.clone()), input, 2);
            input.solutions.push(solution);
        }
    }
    InnerPackage {
        name,
        display,
        root_files,
        root_folders,
        assets,
        assets_subfolders,
        solution_zips,
        assets_files,
        stray_zips,
        import_config,
    }
}
