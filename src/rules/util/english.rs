//! Whether a text reads as another language than English (shared by `swagger-strings-english`
//! and `spelling`, which leaves such text to it).

/// Common words of other languages (Spanish, French, German, Portuguese, Dutch, Italian) that
/// are not English words or abbreviations, sorted by their bytes for a binary search.
const FOREIGN_WORDS: [&str; 94] = [
    "abrufen",
    "actualizar",
    "aggiornare",
    "aktualisieren",
    "alla",
    "archivo",
    "arquivo",
    "atualizar",
    "auf",
    "avec",
    "benutzer",
    "buscar",
    "cercare",
    "cette",
    "cliente",
    "clientes",
    "como",
    "crear",
    "creare",
    "criar",
    "créer",
    "dalla",
    "dans",
    "datei",
    "datos",
    "della",
    "delle",
    "een",
    "eine",
    "einen",
    "einer",
    "eliminar",
    "enviar",
    "envoyer",
    "erstellen",
    "excluir",
    "fecha",
    "fichier",
    "für",
    "gebruiker",
    "het",
    "leur",
    "listar",
    "löschen",
    "maken",
    "mettre",
    "neue",
    "neuen",
    "nicht",
    "niet",
    "nieuwe",
    "nouveau",
    "nouvelle",
    "nueva",
    "nuevo",
    "não",
    "obtener",
    "obtenir",
    "obter",
    "oder",
    "ophalen",
    "ottenere",
    "para",
    "pesquisar",
    "por",
    "que",
    "rechercher",
    "registro",
    "según",
    "senden",
    "sont",
    "suchen",
    "supprimer",
    "sur",
    "são",
    "también",
    "uma",
    "una",
    "und",
    "usuario",
    "usuarios",
    "usuário",
    "utilisateur",
    "utilisateurs",
    "verwijderen",
    "vom",
    "voor",
    "werden",
    "wird",
    "zoeken",
    "zum",
    "zur",
    "être",
    "über",
];

fn is_foreign_word(w: &str) -> bool {
    FOREIGN_WORDS.binary_search(&w).is_ok()
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
    let mut foreign: Vec<&str> = Vec::new();
    let mut foreign_count = 0;
    let mut english = 0;
    let mut buf = [0u8; 24];
    // Text in another language shows it from its first words: look at the first 16 only.
    let words = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .take(16);
    for word in words {
        if word.len() > buf.len() {
            continue;
        }
        let lower: std::borrow::Cow<str> = if word.is_ascii() {
            let bytes = &mut buf[..word.len()];
            bytes.copy_from_slice(word.as_bytes());
            bytes.make_ascii_lowercase();
            std::borrow::Cow::Borrowed(std::str::from_utf8(bytes).unwrap_or_default())
        } else {
            std::borrow::Cow::Owned(word.to_lowercase())
        };
        if is_english_word(&lower) {
            english += 1;
            // Plainly English: stop early (most descriptions get here within a few words).
            if english >= 3 && foreign_count == 0 {
                return None;
            }
        } else if is_foreign_word(&lower) {
            foreign_count += 1;
            if !foreign.iter().any(|f| f.eq_ignore_ascii_case(word)) {
                foreign.push(word);
            }
        }
    }
    (foreign.len() >= 2 && foreign_count > english).then(|| {
        foreign
            .iter()
            .take(3)
            .map(|w| format!("`{w}`"))
            .collect::<Vec<_>>()
            .join(", ")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn foreign_words_are_sorted_and_each_is_found() {
        assert!(FOREIGN_WORDS.windows(2).all(|pair| pair[0] < pair[1]));
        for w in FOREIGN_WORDS {
            assert!(is_foreign_word(w), "{w}");
            assert!(!is_english_word(w), "{w}");
        }
        assert!(!is_foreign_word("the") && !is_foreign_word("paras") && !is_foreign_word(""));
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
