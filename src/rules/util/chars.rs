//! Characters that look like plain text but are not: typographic punctuation, special spaces,
//! invisible characters and the debris of a wrong encoding. `swagger-strings-english` reports
//! them (with what to type instead); rules about the characters of one field leave them to it.

/// The plain replacement of a typographic character, and how to name it.
pub fn typographic(c: char) -> Option<(&'static str, &'static str)> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => ("curly quote", "'"),
        '\u{00B4}' => ("acute accent", "'"),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => ("curly quote", "\""),
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => ("dash", "-"),
        '\u{2026}' => ("ellipsis", "..."),
        '\u{2022}' | '\u{25CF}' | '\u{25AA}' => ("bullet", "-"),
        _ => return None,
    })
}

/// Special spaces and invisible characters: their name, and whether a space should replace them.
pub fn invisible(c: char) -> Option<(&'static str, bool)> {
    Some(match c {
        '\u{00A0}' => ("no-break space", true),
        '\u{202F}' => ("narrow no-break space", true),
        '\u{2000}'..='\u{200A}' => ("typographic space", true),
        '\u{3000}' => ("ideographic space", true),
        '\u{200B}' => ("zero-width space", false),
        '\u{200C}' => ("zero-width non-joiner", false),
        '\u{200D}' => ("zero-width joiner", false),
        '\u{2060}' => ("word joiner", false),
        '\u{FEFF}' => ("zero-width no-break space (byte-order mark)", false),
        '\u{00AD}' => ("soft hyphen", false),
        _ => return None,
    })
}

/// Whether `swagger-strings-english` reports `c` on its own: typographic punctuation, special
/// spaces and invisible characters, the replacement character U+FFFD and C1 control characters.
pub fn is_special(c: char) -> bool {
    typographic(c).is_some()
        || invisible(c).is_some()
        || c == '\u{FFFD}'
        || ('\u{80}'..='\u{9F}').contains(&c)
}
