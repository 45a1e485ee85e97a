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
