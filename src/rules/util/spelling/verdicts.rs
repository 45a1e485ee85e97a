//! What the dictionaries said of each word met in a run, shared by its threads: a corpus run
//! meets the same few thousand words hundreds of thousands of times.

use rustc_hash::FxHashMap;
use std::hash::{BuildHasher, BuildHasherDefault};
use std::sync::Mutex;

use super::Verdict;

const SHARDS: usize = 16;

/// A map split into locked shards, so that threads seldom wait for each other.
#[derive(Default)]
pub struct Cache {
    shards: [Mutex<FxHashMap<Box<str>, Verdict>>; SHARDS],
}

impl Cache {
    /// The cached verdict on `word`, or `judge`'s, which is then kept. `judge` runs unlocked: two
    /// threads may judge one word at once, and agree.
    pub fn get_or_insert_with(&self, word: &str, judge: impl FnOnce() -> Verdict) -> Verdict {
        let shard = &self.shards[BuildHasherDefault::<rustc_hash::FxHasher>::default()
            .hash_one(word) as usize
            % SHARDS];
        if let Some(v) = shard.lock().unwrap_or_else(|e| e.into_inner()).get(word) {
            return v.clone();
        }
        let verdict = judge();
        shard
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(word.into(), verdict.clone());
        verdict
    }
}

impl Cache {
    /// How many words were judged, and how many of them are unknown (for benchmarks).
    pub fn counts(&self) -> (usize, usize) {
        let mut total = 0;
        let mut unknown = 0;
        for shard in &self.shards {
            let map = shard.lock().unwrap_or_else(|e| e.into_inner());
            total += map.len();
            unknown += map.values().filter(|v| v.is_some()).count();
        }
        (total, unknown)
    }
}
