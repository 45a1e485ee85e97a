//! A trie of words laid out at build time (this file is compiled into `build.rs` and into the
//! library): whether a word is in it, and whether any word of it lies within a small edit
//! distance of a given one. It answers, without parsing a dictionary, the questions that decide
//! most unknown words: "is this perhaps a dictionary form?" and "could the dictionary have a
//! close correction for it?".
//!
//! Layout: nodes of 8 bytes (little-endian u64): bits 0–7 the byte on the edge into the node,
//! bits 8–15 the number of children, bits 16–39 the index of the first child, bits 40–63 the
//! word's tag plus one where a word ends (0: none). Children are contiguous and sorted by byte;
//! node 0 is the root.

/// The trie of `words` (sorted, distinct), each with its tag (below 2^24 - 1).
#[allow(dead_code)] // used by build.rs
pub fn build(words: &[&[u8]], tags: &[u32]) -> Vec<u8> {
    assert_eq!(words.len(), tags.len());
    // Breadth first, so that each node's children are contiguous: a level is a list of
    // (range of words sharing the prefix, depth, byte into the node).
    struct Pending {
        from: usize,
        to: usize,
        depth: usize,
        byte: u8,
    }
    let mut nodes: Vec<u64> = Vec::new();
    let mut queue = std::collections::VecDeque::new();
    queue.push_back(Pending {
        from: 0,
        to: words.len(),
        depth: 0,
        byte: 0,
    });
    let mut next_free = 1usize;
    while let Some(p) = queue.pop_front() {
        let (mut i, mut tag) = (p.from, 0u64);
        if i < p.to && words[i].len() == p.depth {
            assert!(tags[i] < (1 << 24) - 1, "a tag fits in 24 bits");
            tag = u64::from(tags[i]) + 1;
            i += 1;
        }
        let first = next_free;
        let mut children = 0u64;
        while i < p.to {
            let byte = words[i][p.depth];
            let mut j = i;
            while j < p.to && words[j][p.depth] == byte {
                j += 1;
            }
            queue.push_back(Pending {
                from: i,
                to: j,
                depth: p.depth + 1,
                byte,
            });
            children += 1;
            i = j;
        }
        next_free += children as usize;
        assert!(children < 256, "a node has at most 255 children");
        assert!(first < 1 << 24, "the trie has under 2^24 nodes");
        nodes.push(u64::from(p.byte) | (children << 8) | ((first as u64) << 16) | (tag << 40));
    }
    nodes.iter().flat_map(|n| n.to_le_bytes()).collect()
}

/// A trie [`build`] made.
#[derive(Clone, Copy)]
pub struct Trie<'a>(pub &'a [u8]);

/// Whether words are in a trie of lower-case words, ASCII case ignored, for words that share a
/// beginning with one word: the path of that word is walked once, and each question starts
/// where its word leaves it. A suggester asks about hundreds of edits of a word, each the word
/// but for a byte or two.
pub struct Neighbourhood<'a> {
    trie: Trie<'a>,
    word: Vec<u8>,
    /// `path[k]`: the node of `word[..k]`, for each k the trie has.
    path: Vec<usize>,
}

#[allow(dead_code)] // used by the library
impl Neighbourhood<'_> {
    /// How many bytes of the word, lower-cased, begin some word of the trie.
    pub fn depth(&self) -> usize {
        self.path.len() - 1
    }

    /// Whether `candidate`, lower-cased, is one of the words.
    pub fn contains(&self, candidate: &[u8]) -> bool {
        if self.trie.0.is_empty() {
            return false;
        }
        let limit = candidate.len().min(self.path.len() - 1);
        let shared = (candidate[..limit].iter().zip(&self.word))
            .take_while(|(c, w)| c.to_ascii_lowercase() == **w)
            .count();
        let mut at = self.path[shared];
        for &b in &candidate[shared..] {
            match self.trie.child(at, b.to_ascii_lowercase()) {
                Some(next) => at = next,
                None => return false,
            }
        }
        self.trie.node(at).1.is_some()
    }
}

#[allow(dead_code)] // used by the library
impl<'a> Trie<'a> {
    /// (byte into the node, the tag of the word ending there, children, first child).
    fn node(&self, i: usize) -> (u8, Option<u32>, usize, usize) {
        let n = u64::from_le_bytes(self.0[i * 8..i * 8 + 8].try_into().expect("8 bytes"));
        let tag = (n >> 40) as u32;
        (
            n as u8,
            tag.checked_sub(1),
            ((n >> 8) & 0xff) as usize,
            ((n >> 16) & 0xff_ffff) as usize,
        )
    }

    fn child(&self, i: usize, byte: u8) -> Option<usize> {
        let (_, _, count, first) = self.node(i);
        // Children are sorted by byte; the top levels have dozens of them.
        let (mut lo, mut hi) = (first, first + count);
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.node(mid).0.cmp(&byte) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    /// The tag of `word`, if it is one of the words.
    pub fn get(&self, word: &[u8]) -> Option<u32> {
        if self.0.is_empty() {
            return None;
        }
        self.tag_after(0, word)
    }

    /// The tag of the word that `rest` spells on from node `from`, if it is one of the words.
    fn tag_after(&self, from: usize, rest: &[u8]) -> Option<u32> {
        let mut at = from;
        for &b in rest {
            at = self.child(at, b)?;
        }
        self.node(at).1
    }

    /// The nodes of `word[..k]`, for each k from 0 up to as far as the trie has the word.
    fn path_of(&self, word: &[u8]) -> Vec<usize> {
        let mut path = vec![0];
        if !self.0.is_empty() {
            for &b in word {
                match self.child(*path.last().expect("the root"), b) {
                    Some(next) => path.push(next),
                    None => break,
                }
            }
        }
        path
    }

    /// Whether `word` is one of the words.
    pub fn contains(&self, word: &[u8]) -> bool {
        self.get(word).is_some()
    }

    /// For questions about words that mostly begin as `word` does (the edits of it that a
    /// suggester tries), see [`Neighbourhood`].
    pub fn around(self, word: &[u8]) -> Neighbourhood<'a> {
        let word = word.to_ascii_lowercase();
        let path = self.path_of(&word);
        Neighbourhood {
            trie: self,
            word,
            path,
        }
    }

    /// Calls `found` with the tag of each word within one edit of `word`: the words
    /// [`within`](Self::within)`(word, 1, ..)` finds, some perhaps more than once. Each edit (a
    /// byte added, dropped, replaced, or two neighbours swapped) is walked from the node of the
    /// part of `word` before it, and most walks end a byte or two later; the search of the band
    /// around every path that `within` makes visits some ten times the nodes.
    pub fn within_one(&self, word: &[u8], found: &mut dyn FnMut(u32)) {
        if self.0.is_empty() {
            return;
        }
        let n = word.len();
        let path = self.path_of(word);
        if path.len() == n + 1
            && let Some(tag) = self.node(path[n]).1
        {
            found(tag);
        }
        for (i, &at) in path.iter().enumerate() {
            let (_, _, count, first) = self.node(at);
            for child in first..first + count {
                // A byte added before word[i], or word[i] replaced.
                if let Some(tag) = self.tag_after(child, &word[i..]) {
                    found(tag);
                }
                if i < n
                    && self.node(child).0 != word[i]
                    && let Some(tag) = self.tag_after(child, &word[i + 1..])
                {
                    found(tag);
                }
            }
            if i < n
                && let Some(tag) = self.tag_after(at, &word[i + 1..])
            {
                found(tag); // word[i] dropped
            }
            if i + 1 < n
                && word[i] != word[i + 1]
                && let Some(swapped) = self
                    .child(at, word[i + 1])
                    .and_then(|next| self.child(next, word[i]))
                && let Some(tag) = self.tag_after(swapped, &word[i + 2..])
            {
                found(tag);
            }
        }
    }

    /// Calls `found` with the tag of each word within `max` edits of `word` (optimal string
    /// alignment distance over bytes: insertions, deletions, substitutions and swaps of
    /// neighbours) until it returns `false`; returns whether it never did.
    pub fn within(&self, word: &[u8], max: usize, found: &mut dyn FnMut(u32) -> bool) -> bool {
        if self.0.is_empty() {
            return true;
        }
        let n = word.len();
        let w = n + 1;
        // Only whether a distance is within `max` matters, so distances saturate at `far`; and
        // the cell of depth d and prefix j is at least |d - j| away, so only the band of
        // 2 max + 1 cells around the diagonal is computed, the rest being `far`.
        let max = max.min(usize::from(u8::MAX) - 1);
        let far = max as u8 + 1;
        // Row d (at rows[d * w..]): the distances of the first 0..=n bytes of `word` to the trie
        // path of depth d; path[d]: the byte into the node at depth d. A path deeper than
        // n + max + 1 is never within reach, so the buffers never grow past that.
        let mut rows: Vec<u8> = (0..=n).map(|j| (j.min(usize::from(far))) as u8).collect();
        let mut path: Vec<u8> = vec![0];
        if let Some(tag) = self.node(0).1
            && n <= max
            && !found(tag)
        {
            return false;
        }
        let (_, _, count, first) = self.node(0);
        let mut stack: Vec<(usize, usize)> = (first..first + count).rev().map(|c| (c, 1)).collect();
        while let Some((id, depth)) = stack.pop() {
            let (byte, tag, count, first) = self.node(id);
            let (prev, here) = ((depth - 1) * w, depth * w);
            rows.truncate(here);
            rows.resize(here + w, far);
            path.truncate(depth);
            rows[here] = depth.min(usize::from(far)) as u8;
            let mut within = depth <= max;
            let mut least = rows[here];
            for j in depth.saturating_sub(max).max(1)..=(depth + max).min(n) {
                let cost = u8::from(word[j - 1] != byte);
                let mut d = (rows[prev + j] + 1)
                    .min(rows[here + j - 1] + 1)
                    .min(rows[prev + j - 1] + cost);
                if depth > 1 && j > 1 && word[j - 1] == path[depth - 1] && word[j - 2] == byte {
                    d = d.min(rows[(depth - 2) * w + j - 2] + 1);
                }
                let d = d.min(far);
                within |= d < far;
                least = least.min(d);
                rows[here + j] = d;
            }
            if let Some(tag) = tag
                && rows[here + n] < far
                && !found(tag)
            {
                return false;
            }
            // No cell within reach: no longer path comes back within `max` (a swap reaches back
            // two rows, but only from a cell that would have kept this row within reach).
            if !within {
                continue;
            }
            path.push(byte);
            let children = (first..first + count).rev();
            if least < max as u8 {
                stack.extend(children.map(|c| (c, depth + 1)));
            } else {
                // Every cell of this row is `max` or more. A child whose byte the word does not
                // have where the child's band reads it (cost and swap) is one edit further in
                // every cell: out of reach, and so its subtree. Only the others are visited,
                // most names' search being mostly such children.
                let window =
                    &word[(depth + 1).saturating_sub(max + 2).min(n)..(depth + max + 1).min(n)];
                stack.extend(
                    children
                        .filter(|&c| window.contains(&self.node(c).0))
                        .map(|c| (c, depth + 1)),
                );
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trie_of(words: &[&str]) -> Vec<u8> {
        let mut w: Vec<&[u8]> = words.iter().map(|w| w.as_bytes()).collect();
        w.sort();
        w.dedup();
        let tags: Vec<u32> = (0..w.len() as u32).collect();
        build(&w, &tags)
    }

    #[test]
    fn holds_its_words_and_no_others() {
        let bytes = trie_of(&["a", "an", "and", "ant", "be", "bee", "zoo"]);
        let t = Trie(&bytes);
        for w in ["a", "an", "and", "ant", "be", "bee", "zoo"] {
            assert!(t.contains(w.as_bytes()), "{w}");
        }
        for w in ["", "b", "anda", "zo", "zooo", "c"] {
            assert!(!t.contains(w.as_bytes()), "{w}");
        }
        // Tags: the words' ranks here.
        assert_eq!(t.get(b"a"), Some(0));
        assert_eq!(t.get(b"zoo"), Some(6));
        assert!(!Trie(&[]).contains(b"a"));
    }

    /// A neighbourhood answers as the trie does for the candidate lower-cased, whatever the
    /// candidate shares with its word: all of it, a part, nothing, more than the trie has.
    #[test]
    fn a_neighbourhood_answers_as_the_trie() {
        let bytes = trie_of(&[
            "a", "an", "and", "ant", "answer", "answers", "be", "bee", "zoo",
        ]);
        let t = Trie(&bytes);
        let candidates = [
            "", "a", "A", "an", "aN", "and", "ANT", "anx", "answer", "Answers", "answered", "ans",
            "answe", "nswer", "be", "Bee", "bees", "zoo", "zo", "x", "answerss",
        ];
        for word in [
            "answer", "ANSWER", "answerz", "ax", "", "zoo", "q", "antelope",
        ] {
            let around = t.around(word.as_bytes());
            for c in candidates {
                let lower = c.to_ascii_lowercase();
                assert_eq!(
                    around.contains(c.as_bytes()),
                    t.contains(lower.as_bytes()),
                    "{word} {c}"
                );
            }
        }
        assert!(!Trie(&[]).around(b"a").contains(b"a"));
    }

    /// The search agrees with the distance of the spelling check, word by word.
    #[test]
    fn finds_exactly_the_words_within_reach() {
        let words = [
            "receive", "retrieve", "the", "their", "a", "form", "from", "access", "process",
            "address", "calendar", "separate",
        ];
        let bytes = trie_of(&words);
        let t = Trie(&bytes);
        let probes = [
            "recieve",
            "reteive",
            "teh",
            "thier",
            "fomr",
            "acess",
            "proccess",
            "adress",
            "calender",
            "seperate",
            "xyzzy",
            "b",
            "",
            "frmo",
            "ab",
            "recievde",
            "zzzzzzzzzz",
            "aaddress",
            "adddresss",
        ];
        for p in probes {
            for max in 0..=3 {
                let expected = words.iter().any(|w| super::super::distance(p, w) <= max);
                // Stopped at the first word found, or not.
                let stopped = !t.within(p.as_bytes(), max, &mut |_| false);
                assert_eq!(stopped, expected, "{p} within {max}");
                let mut tags = Vec::new();
                t.within(p.as_bytes(), max, &mut |tag| {
                    tags.push(tag);
                    true
                });
                let mut sorted: Vec<&str> = words.to_vec();
                sorted.sort();
                let mut all: Vec<&str> = tags.iter().map(|&t| sorted[t as usize]).collect();
                all.sort();
                let mut want: Vec<&str> = sorted
                    .iter()
                    .copied()
                    .filter(|w| super::super::distance(p, w) <= max)
                    .collect();
                want.sort();
                assert_eq!(all, want, "{p} within {max}");
            }
        }
    }

    /// The same over many words of a small alphabet, where nearly every probe has neighbours
    /// at every distance and most prefixes are near the probe's: the pruning keeps nothing out.
    #[test]
    fn finds_exactly_the_words_within_reach_among_many() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move |below: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % below
        };
        let word = |next: &mut dyn FnMut(u64) -> u64| -> String {
            let len = 1 + next(8) as usize;
            (0..len).map(|_| (b'a' + next(4) as u8) as char).collect()
        };
        let words: Vec<String> = (0..600).map(|_| word(&mut next)).collect();
        let mut sorted: Vec<&str> = words.iter().map(String::as_str).collect();
        sorted.sort();
        sorted.dedup();
        let bytes = trie_of(&sorted);
        let t = Trie(&bytes);
        for _ in 0..150 {
            let p = word(&mut next);
            for max in 0..=3 {
                let mut found: Vec<&str> = Vec::new();
                t.within(p.as_bytes(), max, &mut |tag| {
                    found.push(sorted[tag as usize]);
                    true
                });
                found.sort();
                let want: Vec<&str> = (sorted.iter().copied())
                    .filter(|w| super::super::distance(&p, w) <= max)
                    .collect();
                assert_eq!(found, want, "{p} within {max}");
                if max == 1 {
                    let mut by_edits: Vec<&str> = Vec::new();
                    t.within_one(p.as_bytes(), &mut |tag| by_edits.push(sorted[tag as usize]));
                    by_edits.sort();
                    by_edits.dedup();
                    assert_eq!(by_edits, want, "{p}: the single edits");
                }
            }
        }
    }
}
