//! Whether a text reads as another language than English (shared by `swagger-strings-english`
//! and `spelling`, which leaves such text to it).

/// Common words of other languages that are not English words or abbreviations.
fn is_foreign_word(w: &str) -> bool {
    matches!(
        w,
        // Spanish
        "para" | "por" | "una" | "como" | "que" | "obtener" | "crear" | "actualizar"
            | "eliminar" | "listar" | "buscar" | "enviar" | "nuevo" | "nueva" | "fecha"
            | "usuario" | "usuarios" | "datos" | "cliente" | "clientes" | "archivo"
            | "registro" | "también" | "según"
            // French
            | "avec" | "dans" | "sur" | "obtenir" | "créer" | "supprimer" | "rechercher"
            | "envoyer" | "utilisateur" | "utilisateurs" | "nouveau" | "nouvelle" | "fichier"
            | "cette" | "sont" | "leur" | "être" | "mettre"
            // German
            | "und" | "oder" | "nicht" | "für" | "abrufen" | "erstellen" | "aktualisieren"
            | "löschen" | "suchen" | "senden" | "neue" | "neuen" | "benutzer" | "werden"
            | "wird" | "auf" | "eine" | "einen" | "einer" | "vom" | "zum" | "zur" | "über"
            | "datei"
            // Portuguese
            | "uma" | "não" | "obter" | "criar" | "atualizar" | "excluir" | "pesquisar"
            | "arquivo" | "usuário" | "são"
            // Dutch
            | "het" | "een" | "voor" | "niet" | "ophalen" | "maken" | "verwijderen"
            | "zoeken" | "nieuwe" | "gebruiker"
            // Italian
            | "della" | "delle" | "alla" | "dalla" | "ottenere" | "creare" | "aggiornare"
            | "cercare"
    )
}

fn is_english_word(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "a"
            | "an"
            | "of"
            | "to"
            | "and"
            | "is"
            | "for"
            | "with"
            | "in"
            | "on"
            | "by"
            | "from"
            | "this"
            | "that"
            | "be"
            | "are"
            | "or"
            | "it"
            | "as"
            | "at"
            | "which"
            | "will"
            | "if"
            | "not"
            | "you"
            | "your"
    )
}

/// When the text reads as another language: the first foreign words found, for the message.
pub fn foreign_words(text: &str) -> Option<String> {
    // Most texts are ASCII and plainly English within a few words: those are read a byte at
    // a time. Words end at the same places either way until a non-ASCII byte, where the
    // reading starts over by characters.
    let bytes = text.as_bytes();
    let mut tally = Tally::default();
    let (mut i, mut taken) = (0, 0);
    while i < bytes.len() && taken < WORDS_LOOKED_AT {
        if bytes[i] >= 0x80 {
            return foreign_words_by_chars(text);
        }
        if !bytes[i].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
            i += 1;
        }
        if bytes.get(i).is_some_and(|&b| b >= 0x80) {
            return foreign_words_by_chars(text);
        }
        taken += 1;
        if tally.add(&text[start..i]) {
            return None;
        }
    }
    tally.verdict()
}

/// Text in another language shows it from its first words: only the first 16 are looked at.
const WORDS_LOOKED_AT: usize = 16;

/// [`foreign_words`] for any text.
fn foreign_words_by_chars(text: &str) -> Option<String> {
    let mut tally = Tally::default();
    let words = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .take(WORDS_LOOKED_AT);
    for word in words {
        if tally.add(word) {
            return None;
        }
    }
    tally.verdict()
}

#[derive(Default)]
struct Tally<'a> {
    foreign: Vec<&'a str>,
    foreign_count: usize,
    english: usize,
}

impl<'a> Tally<'a> {
    /// Counts `word`; `true` when the text is plainly English already.
    fn add(&mut self, word: &'a str) -> bool {
        if word.len() > 24 {
            return false;
        }
        // Most words are lower-case already: those are looked up as they are, and other ASCII
        // ones are lower-cased on the stack.
        let mut ascii = [0u8; 24];
        let owned;
        let lower: &str = if word.bytes().all(|b| b.is_ascii_lowercase()) {
            word
        } else if word.is_ascii() {
            let buf = &mut ascii[..word.len()];
            buf.copy_from_slice(word.as_bytes());
            buf.make_ascii_lowercase();
            std::str::from_utf8(buf).expect("ASCII stays UTF-8")
        } else {
            owned = word.to_lowercase();
            &owned
        };
        if is_english_word(lower) {
            self.english += 1;
            // Plainly English: stop early (most descriptions get here within a few words).
            return self.english >= 3 && self.foreign_count == 0;
        }
        if is_foreign_word(lower) {
            self.foreign_count += 1;
            if !self.foreign.iter().any(|f| f.eq_ignore_ascii_case(word)) {
                self.foreign.push(word);
            }
        }
        false
    }

    fn verdict(self) -> Option<String> {
        (self.foreign.len() >= 2 && self.foreign_count > self.english).then(|| {
            self.foreign
                .iter()
                .take(3)
                .map(|w| format!("`{w}`"))
                .collect::<Vec<_>>()
                .join(", ")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_and_characters_read_alike() {
        let texts = [
            "Obtener una lista de usuarios para el cliente",
            "Get the list of the users for a client",
            "Créer un nouveau fichier dans le dossier avec cette option",
            "Datei erstellen und für den Benutzer senden",
            "para uma, não são",
            "Para una é",
            "x y z",
            "",
            "Obtener una über",
            "Obtenerü una para",
            "Liste der Benutzer für die Suche, oder neue",
            "PARA UNA COMO QUE",
            "the the the para una",
            "supercalifragilisticexpialidocious para una",
        ];
        for text in texts {
            assert_eq!(foreign_words(text), foreign_words_by_chars(text), "{text}");
        }
        assert_eq!(
            foreign_words("Obtener una lista de usuarios para el cliente").as_deref(),
            Some("`Obtener`, `una`, `usuarios`")
        );
        assert_eq!(
            foreign_words("Get the list of the users for a client"),
            None
        );
    }
}
