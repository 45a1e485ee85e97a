//! Hunspell affix rules, as far as the bundled en_US affix file uses them (one prefix, one
//! suffix, cross products; no continuation classes): the forms a dictionary line stands for.
//! Compiled into the library (for `known-words.txt`) and into `build.rs` (for the table of
//! near words, `near.rs`).

/// One prefix or suffix rule of an affix file: strip, add, and the condition on the stem.
pub struct Affix {
    flag: char,
    suffix: bool,
    cross: bool,
    strip: String,
    add: String,
    condition: Vec<(bool, Vec<char>)>,
}

impl Affix {
    /// `condition` as Hunspell writes it: `.`, letters, `[abc]`, `[^abc]`.
    fn parse_condition(text: &str) -> Vec<(bool, Vec<char>)> {
        let mut out = Vec::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            match c {
                '.' => out.push((true, Vec::new())),
                '[' => {
                    let mut set: Vec<char> = chars.by_ref().take_while(|&c| c != ']').collect();
                    let negated = set.first() == Some(&'^');
                    if negated {
                        set.remove(0);
                    }
                    out.push((negated, set));
                }
                c => out.push((false, vec![c])),
            }
        }
        out
    }

    fn apply(&self, word: &str) -> Option<String> {
        let chars: Vec<char> = word.chars().collect();
        let n = self.condition.len();
        if chars.len() < n {
            return None;
        }
        let window = if self.suffix {
            &chars[chars.len() - n..]
        } else {
            &chars[..n]
        };
        let fits = window
            .iter()
            .zip(&self.condition)
            .all(|(c, (negated, set))| set.contains(c) != *negated);
        if !fits {
            return None;
        }
        if self.suffix {
            let stem = word.strip_suffix(self.strip.as_str())?;
            Some(format!("{stem}{}", self.add))
        } else {
            let stem = word.strip_prefix(self.strip.as_str())?;
            Some(format!("{}{stem}", self.add))
        }
    }
}

pub fn affixes(aff: &str) -> Vec<Affix> {
    let mut cross = std::collections::HashMap::new();
    let mut out = Vec::new();
    for line in aff.lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let (Some(&kind), Some(flag)) = (fields.first(), fields.get(1)) else {
            continue;
        };
        if kind != "PFX" && kind != "SFX" {
            continue;
        }
        let Some(flag) = flag.chars().next() else {
            continue;
        };
        if fields.len() == 4 {
            cross.insert((kind, flag), fields[2] == "Y");
            continue;
        }
        if fields.len() < 5 {
            continue;
        }
        let field = |s: &str| {
            if s == "0" {
                String::new()
            } else {
                s.to_owned()
            }
        };
        out.push(Affix {
            flag,
            suffix: kind == "SFX",
            cross: cross.get(&(kind, flag)).copied().unwrap_or(false),
            strip: field(fields[2]),
            // Continuation flags (`add/FLAGS`) are not followed: a missed form only costs time.
            add: field(fields[3].split('/').next().unwrap_or("")),
            condition: Affix::parse_condition(fields[4]),
        });
    }
    out
}

/// The forms of a dictionary line `stem/FLAGS`: the stem, each affix it names, and each
/// prefix with each suffix where both allow it. For an affix file without continuation classes
/// or compounding, every form a Hunspell checker accepts for the line is among them.
pub fn forms(line: &str, affixes: &[Affix], out: &mut Vec<String>) {
    let (stem, flags) = line.split_once('/').unwrap_or((line, ""));
    let stem = stem.trim();
    out.push(stem.to_owned());
    let named: Vec<&Affix> = affixes.iter().filter(|a| flags.contains(a.flag)).collect();
    for sfx in named.iter().filter(|a| a.suffix) {
        let Some(with_suffix) = sfx.apply(stem) else {
            continue;
        };
        for pfx in named.iter().filter(|a| !a.suffix && a.cross && sfx.cross) {
            out.extend(pfx.apply(&with_suffix));
            // Which form a prefix's condition applies to differs between checkers; both
            // readings are kept, so the forms are a superset of what a checker accepts.
            out.extend(pfx.apply(stem).and_then(|p| sfx.apply(&p)));
        }
        out.push(with_suffix);
    }
    for pfx in named.iter().filter(|a| !a.suffix) {
        out.extend(pfx.apply(stem));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn affix_conditions() {
        let aff = "SFX D Y 4\nSFX D 0 d e\nSFX D y ied [^aeiou]y\nSFX D 0 ed [^ey]\nSFX D 0 ed [aeiou]y\nPFX U Y 1\nPFX U 0 un .\n";
        let affixes = affixes(aff);
        let mut out = Vec::new();
        forms("carry/DU", &affixes, &mut out);
        forms("play/D", &affixes, &mut out);
        forms("move/D", &affixes, &mut out);
        assert_eq!(
            out,
            [
                "carry",
                "uncarried",
                "uncarried",
                "carried",
                "uncarry",
                "play",
                "played",
                "move",
                "moved"
            ]
        );
    }
}
