//! The table of `dictionaries/known-words.txt` that `build.rs` lays out at build time (this file
//! is compiled into both): the words hashed into buckets, each bucket's words stored together.
//! Looking a word up costs a hash and a short scan, and nothing at start-up.
//!
//! Layout, little-endian u32s then bytes: the bucket count B (a power of two), B + 1 offsets of
//! the buckets in the word bytes, then the word bytes, each word after its length (a byte).
//! A look-up reads the offsets (64 KB for the bundled list) and one bucket's words, nothing
//! else: a run that looks up a few hundred words touches half the pages a hash table of offsets
//! into the list did (each of which costs a page fault on a run's first touch).

/// FNV-1a, 64 bits: the same on every platform and in `build.rs`.
pub fn hash(word: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in word {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Words per bucket, on average: a bucket is a scan of some fifty bytes.
#[allow(dead_code)] // used by build.rs
const WORDS_PER_BUCKET: usize = 8;

/// The table of `list` (a word a line, each line ending in `\n`).
#[allow(dead_code)] // used by build.rs
pub fn build(list: &str) -> Vec<u8> {
    let words: Vec<&str> = list.lines().collect();
    let buckets = (words.len() / WORDS_PER_BUCKET).next_power_of_two().max(1);
    let mut by_bucket: Vec<Vec<&str>> = vec![Vec::new(); buckets];
    for word in words {
        by_bucket[hash(word.as_bytes()) as usize & (buckets - 1)].push(word);
    }
    let mut offsets = Vec::with_capacity(buckets + 1);
    let mut bytes = Vec::new();
    for bucket in &by_bucket {
        offsets.push(u32::try_from(bytes.len()).expect("word list under 4 GB"));
        for word in bucket {
            bytes.push(u8::try_from(word.len()).expect("a word under 256 bytes"));
            bytes.extend_from_slice(word.as_bytes());
        }
    }
    offsets.push(u32::try_from(bytes.len()).expect("word list under 4 GB"));
    let mut table = u32::try_from(buckets)
        .expect("few buckets")
        .to_le_bytes()
        .to_vec();
    table.extend(offsets.iter().flat_map(|o| o.to_le_bytes()));
    table.extend(bytes);
    table
}

/// Whether `word` is a line of the list [`build`] made `table` of.
#[allow(dead_code)] // used by the library
pub fn contains(table: &[u8], word: &[u8]) -> bool {
    let u32_at = |i: usize| {
        table.get(i * 4..i * 4 + 4).map_or(0, |b| {
            u32::from_le_bytes(b.try_into().expect("4 bytes")) as usize
        })
    };
    let buckets = u32_at(0);
    if buckets == 0 {
        return false;
    }
    let bucket = hash(word) as usize & (buckets - 1);
    let words_at = 4 * (buckets + 2);
    let (start, end) = (u32_at(1 + bucket), u32_at(2 + bucket));
    let Some(words) = table.get(words_at + start..words_at + end) else {
        return false;
    };
    let mut rest = words;
    while let Some((&len, after)) = rest.split_first() {
        let (candidate, next) = after.split_at(usize::from(len).min(after.len()));
        if candidate == word {
            return true;
        }
        rest = next;
    }
    false
}

#[cfg(test)]
mod tests {
    #[test]
    fn looks_up_lines() {
        let list = "apple\nbanana\ncherry\n";
        let table = super::build(list);
        let contains = |w: &str| super::contains(&table, w.as_bytes());
        for w in ["apple", "banana", "cherry"] {
            assert!(contains(w), "{w}");
        }
        for w in ["", "app", "apples", "b", "cherr", "zebra", "aaa", "pple"] {
            assert!(!contains(w), "{w}");
        }
        assert!(!super::contains(&[], b"a"));
        // Lists of every size, each word found in its bucket and no other word with it.
        for n in [0, 1, 7, 8, 9, 100, 1000] {
            let list: String = (0..n).map(|i| format!("w{i}\n")).collect();
            let table = super::build(&list);
            assert!(
                (0..n).all(|i| super::contains(&table, format!("w{i}").as_bytes())),
                "{n}"
            );
            assert!(
                !super::contains(&table, format!("w{n}").as_bytes())
                    && !super::contains(&table, b"w")
            );
        }
    }
}
