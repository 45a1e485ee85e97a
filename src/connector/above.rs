//! Questions answered by the nearest folder at or above a path (a configuration file, a git
//! repository), asked for many folders of one tree.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The answer of the first folder of `start` and those above it for which `at` gives one, else
/// `otherwise`. `known` keeps the answer for every folder looked at, so that the thousand
/// connectors of one tree look at each folder above them once.
pub fn nearest_above<T: Clone>(
    start: &Path,
    known: &mut HashMap<PathBuf, T>,
    otherwise: T,
    mut at: impl FnMut(&Path) -> Option<T>,
) -> T {
    let mut looked = Vec::new();
    let mut answer = otherwise;
    for folder in start.ancestors() {
        if let Some(known) = known.get(folder) {
            answer = known.clone();
            break;
        }
        looked.push(folder);
        if let Some(found) = at(folder) {
            answer = found;
            break;
        }
    }
    for folder in looked {
        known.insert(folder.to_path_buf(), answer.clone());
    }
    answer
}
