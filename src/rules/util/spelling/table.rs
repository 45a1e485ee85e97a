//! The hash table over `dictionaries/known-words.txt` that `build.rs` lays out at build time
//! (this file is compiled into both): open addressing, a little-endian u32 a slot holding the
//! word's byte offset plus one (0: empty), linear probing, as many slots as the next power of two
//! of twice the words. Looking a word up costs a hash and a probe or two, and nothing at start-up.

/// FNV-1a, 64 bits: the same on every platform and in `build.rs`.
pub fn hash(word: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in word {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The table of `list` (a word a line, each line ending in `\n`).
#[allow(dead_code)] // used by build.rs
pub fn build(list: &str) -> Vec<u8> {
    let words = list.lines().count();
    let slots = (words * 2).next_power_of_two().max(2);
    let mut table = vec![0u32; slots];
    let mut offset = 0;
    for line in list.split_inclusive('\n') {
        let word = line.trim_end_matches('\n');
        let mut i = hash(word.as_bytes()) as usize & (slots - 1);
        while table[i] != 0 {
            i = (i + 1) & (slots - 1);
        }
        table[i] = u32::try_from(offset + 1).expect("word list under 4 GB");
        offset += line.len();
    }
    table.iter().flat_map(|s| s.to_le_bytes()).collect()
}

/// Whether `word` is a line of `list`, by `table` (what [`build`] made of `list`).
#[allow(dead_code)] // used by the library
pub fn contains(list: &str, table: &[u8], word: &str) -> bool {
    let slots = table.len() / 4;
    if slots == 0 {
        return false;
    }
    let slot = |i: usize| u32::from_le_bytes(table[i * 4..i * 4 + 4].try_into().expect("4 bytes"));
    let mut i = hash(word.as_bytes()) as usize & (slots - 1);
    loop {
        let at = slot(i) as usize;
        if at == 0 {
            return false;
        }
        let start = at - 1;
        let rest = &list.as_bytes()[start..];
        if rest.starts_with(word.as_bytes()) && rest.get(word.len()) == Some(&b'\n') {
            return true;
        }
        i = (i + 1) & (slots - 1);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn looks_up_lines() {
        let list = "apple\nbanana\ncherry\n";
        let table = super::build(list);
        let contains = |w| super::contains(list, &table, w);
        for w in ["apple", "banana", "cherry"] {
            assert!(contains(w), "{w}");
        }
        for w in ["", "app", "apples", "b", "cherr", "zebra", "aaa", "pple"] {
            assert!(!contains(w), "{w}");
        }
        assert!(!super::contains("", &[], "a"));
    }
}
