//! Helpers shared by the files rules: reading markdown sections, masking C# comments and strings,
//! decoding the icon, and a few facts about the connector's other files.

use crate::connector::{Connector, FolderEntry};
use crate::json::{JsonRef, Span};

// ---------------------------------------------------------------------------------------------
// Markdown
// ---------------------------------------------------------------------------------------------

/// What a markdown line is, as far as the readme and intro rules care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Blank,
    /// A heading: `#` to `######`, a setext heading, an `<hN>` line, or a line that is only bold
    /// text (`**Prerequisites**`) or starts with a bold label (`**Publisher:** Contoso`); the
    /// last two have level 0.
    Heading(u8),
    /// A bullet or numbered list item.
    ListItem,
    /// Paragraph text, quotes, tables, HTML.
    Text,
    /// Inside a fenced code block or an HTML comment, or a fence / setext underline itself.
    Code,
}

/// One line of a markdown file.
#[derive(Debug, Clone)]
pub struct MdLine<'a> {
    pub kind: LineKind,
    /// The line without its line break.
    pub raw: &'a str,
    /// Byte range of the line in the file, without its line break.
    pub span: Span,
    /// For headings: the heading text, normalised (see [`normalize_heading`]); otherwise empty.
    pub heading: String,
}

impl MdLine<'_> {
    pub fn is_heading(&self) -> bool {
        matches!(self.kind, LineKind::Heading(_))
    }
}

/// Splits markdown into classified lines. Fenced code blocks (```` ``` ```` or `~~~`, including a
/// one-line ```` ```code``` ````) and HTML comments never hold headings.
pub fn markdown_lines(text: &str) -> Vec<MdLine<'_>> {
    let mut out: Vec<MdLine> = Vec::new();
    let mut fence: Option<(u8, usize)> = None;
    let mut in_comment = false;
    let mut offset = 0usize;
    for raw_line in text.split_inclusive('\n') {
        let start = offset;
        offset += raw_line.len();
        let mut line = raw_line.trim_end_matches(['\n', '\r']);
        let mut line_start = start;
        if start == 0
            && let Some(rest) = line.strip_prefix('\u{feff}')
        {
            line = rest;
            line_start = 3;
        }
        let span = Span::new(line_start, line_start + line.len());
        let trimmed = line.trim();
        if let Some((ch, len)) = fence {
            if let Some((c, l, rest)) = fence_marker(line)
                && c == ch
                && l >= len
                && rest.trim().is_empty()
            {
                fence = None;
            }
            out.push(plain(LineKind::Code, line, span));
            continue;
        }
        if in_comment {
            if trimmed.contains("-->") {
                in_comment = false;
            }
            out.push(plain(LineKind::Code, line, span));
            continue;
        }
        if let Some((c, l, rest)) = fence_marker(line) {
            // A backtick fence's info string cannot hold a backtick: ```` ```code``` ```` on one
            // line is inline code, not the start of a block.
            if !(c == b'`' && rest.contains('`')) {
                fence = Some((c, l));
                out.push(plain(LineKind::Code, line, span));
                continue;
            }
        }
        if trimmed.starts_with("<!--") {
            if !trimmed.contains("-->") {
                in_comment = true;
            }
            out.push(plain(LineKind::Code, line, span));
            continue;
        }
        if trimmed.is_empty() {
            out.push(plain(LineKind::Blank, line, span));
            continue;
        }
        // Setext underline: turns the previous paragraph line into a heading.
        if is_setext_underline(line)
            && let Some(prev) = out.last_mut()
            && prev.kind == LineKind::Text
        {
            let level = if trimmed.starts_with('=') { 1 } else { 2 };
            prev.kind = LineKind::Heading(level);
            prev.heading = normalize_heading(prev.raw.trim());
            out.push(plain(LineKind::Code, line, span));
            continue;
        }
        if let Some((level, body)) = atx_heading(line) {
            out.push(MdLine {
                kind: LineKind::Heading(level),
                raw: line,
                span,
                heading: normalize_heading(body),
            });
            continue;
        }
        if let Some((level, body)) = html_heading(trimmed) {
            out.push(MdLine {
                kind: LineKind::Heading(level),
                raw: line,
                span,
                heading: normalize_heading(body),
            });
            continue;
        }
        if is_list_item(trimmed) {
            out.push(plain(LineKind::ListItem, line, span));
            continue;
        }
        if is_bold_label(trimmed) {
            out.push(MdLine {
                kind: LineKind::Heading(0),
                raw: line,
                span,
                heading: normalize_heading(trimmed),
            });
            continue;
        }
        out.push(plain(LineKind::Text, line, span));
    }
    out
}

fn plain(kind: LineKind, raw: &str, span: Span) -> MdLine<'_> {
    MdLine {
        kind,
        raw,
        span,
        heading: String::new(),
    }
}

/// A fence line: up to three spaces, then three or more backticks or tildes.
fn fence_marker(line: &str) -> Option<(u8, usize, &str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let c = *rest.as_bytes().first()?;
    if c != b'`' && c != b'~' {
        return None;
    }
    let len = rest.bytes().take_while(|&b| b == c).count();
    (len >= 3).then(|| (c, len, &rest[len..]))
}

fn is_setext_underline(line: &str) -> bool {
    let t = line.trim();
    let indent = line.len() - line.trim_start_matches(' ').len();
    indent <= 3
        && !t.is_empty()
        && (t.bytes().all(|b| b == b'=') || (t.len() >= 2 && t.bytes().all(|b| b == b'-')))
}

/// `# Heading`, `## Heading ##`; also the sloppy `##Heading` (GitHub shows it as text, but its
/// author meant a heading, and a reviewer reads it as one).
fn atx_heading(line: &str) -> Option<(u8, &str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let level = rest.bytes().take_while(|&b| b == b'#').count();
    if level == 0 || level > 6 {
        return None;
    }
    let body = &rest[level..];
    // `#hashtag` or `#123` in running text is not a heading; `##Heading` is.
    if !body.starts_with([' ', '\t'])
        && !body.is_empty()
        && (level == 1 || !body.starts_with(char::is_alphabetic))
    {
        return None;
    }
    let body = body.trim().trim_end_matches('#').trim_end();
    Some((level as u8, body))
}

fn html_heading(trimmed: &str) -> Option<(u8, &str)> {
    let lower = trimmed.get(..4)?.to_ascii_lowercase();
    let b = lower.as_bytes();
    if b[0] != b'<' || b[1] != b'h' || !(b'1'..=b'6').contains(&b[2]) {
        return None;
    }
    let level = b[2] - b'0';
    let open_end = trimmed.find('>')?;
    let body = &trimmed[open_end + 1..];
    let body = match body.to_ascii_lowercase().find("</h") {
        Some(i) => &body[..i],
        None => body,
    };
    Some((level, body))
}

fn is_list_item(trimmed: &str) -> bool {
    let b = trimmed.as_bytes();
    if b.len() >= 2 && matches!(b[0], b'-' | b'*' | b'+') && b[1] == b' ' {
        return true;
    }
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    digits > 0
        && digits <= 9
        && b.len() > digits + 1
        && matches!(b[digits], b'.' | b')')
        && b[digits + 1] == b' '
}

/// `**Prerequisites**`, `__FAQ:__`, `**Publisher:** Contoso`, `**Publisher**: Contoso`.
fn is_bold_label(trimmed: &str) -> bool {
    let marker = if trimmed.starts_with("**") {
        "**"
    } else if trimmed.starts_with("__") {
        "__"
    } else {
        return false;
    };
    let inner = &trimmed[2..];
    let Some(end) = inner.find(marker) else {
        return false;
    };
    let label = &inner[..end];
    let after = inner[end + 2..].trim();
    if label.is_empty() || label.chars().count() > 60 {
        return false;
    }
    after.is_empty() || label.trim_end().ends_with(':') || after.starts_with(':')
}

/// Lower-case heading text without markdown decoration: emphasis, code ticks, link and image
/// syntax, HTML tags, `&amp;`, trailing colons and question marks; whitespace collapsed.
/// `**Publisher:** Contoso` becomes `publisher: contoso`.
pub fn normalize_heading(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '*' | '`' => {}
            '_' if out.is_empty()
                || out.ends_with(' ')
                || chars.peek().is_none_or(|n| !n.is_alphanumeric()) => {}
            '!' if chars.peek() == Some(&'[') => {}
            '[' => {}
            ']' => {
                // drop a link target: `](url)`
                if chars.peek() == Some(&'(') {
                    for n in chars.by_ref() {
                        if n == ')' {
                            break;
                        }
                    }
                }
            }
            '<' => {
                // drop an HTML tag
                let mut tag = String::new();
                let mut closed = false;
                for n in chars.by_ref() {
                    if n == '>' {
                        closed = true;
                        break;
                    }
                    tag.push(n);
                }
                if !closed {
                    out.push('<');
                    out.push_str(&tag);
                }
            }
            c if c.is_whitespace() => {
                if !out.is_empty() && !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            c => out.extend(c.to_lowercase()),
        }
    }
    let out = out.replace("&amp;", "&").replace("&nbsp;", " ");
    out.trim()
        .trim_end_matches([':', '?', '.', ' ', '\u{a0}'])
        .trim_start_matches(['#', ' '])
        .to_owned()
}

/// The sections of the readme and intro templates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Publisher,
    Prerequisites,
    Operations,
    Credentials,
    GetStarted,
    KnownIssues,
    CommonErrors,
    Faq,
    Deployment,
}

impl Section {
    /// The heading as the template spells it.
    pub fn template_heading(self, intro: bool) -> &'static str {
        match (self, intro) {
            (Section::Publisher, _) => "Publisher: <name>",
            (Section::Prerequisites, _) => "Prerequisites",
            (Section::Operations, _) => "Supported Operations",
            (Section::Credentials, false) => "Obtaining Credentials",
            (Section::Credentials, true) => "How to get credentials",
            (Section::GetStarted, false) => "Getting Started",
            (Section::GetStarted, true) => "Get started with your connector",
            (Section::KnownIssues, false) => "Known Issues and Limitations",
            (Section::KnownIssues, true) => "Known issues and limitations",
            (Section::CommonErrors, _) => "Common errors and remedies",
            (Section::Faq, false) => "Frequently Asked Questions",
            (Section::Faq, true) => "FAQ",
            (Section::Deployment, _) => "Deployment Instructions",
        }
    }

    /// Whether a normalised heading opens this section. Synonyms seen in merged connectors are
    /// accepted (`Pre-requisites`, `How to get credentials`, `Supported Actions`, `Known
    /// limitations`, `Deploying the connector`, ...).
    pub fn matches(self, heading: &str) -> bool {
        let h = heading;
        let has = |w: &str| h.contains(w);
        match self {
            Section::Publisher => h.starts_with("publisher") || h.starts_with("published by"),
            Section::Prerequisites => {
                has("prerequisite")
                    || has("pre-requisite")
                    || has("pre requisite")
                    || has("requirement")
            }
            Section::Operations => [
                "operation",
                "operations",
                "action",
                "actions",
                "trigger",
                "triggers",
                "endpoints",
                "requests",
            ]
            .iter()
            .any(|w| super::contains_word(h, w)),
            Section::Credentials => {
                has("credential")
                    || has("authenticat")
                    || has("authoriz")
                    || has("authoris")
                    || has("api key")
                    || has("api-key")
                    || has("apikey")
                    || has("access key")
                    || has("token")
                    || has("oauth")
            }
            Section::GetStarted => has("get started") || has("getting started"),
            Section::KnownIssues => has("known issue") || has("limitation") || has("known bug"),
            Section::CommonErrors => has("error") || has("troubleshoot"),
            Section::Faq => {
                super::contains_word(h, "faq")
                    || super::contains_word(h, "faqs")
                    || has("frequently asked")
            }
            Section::Deployment => has("deploy") || has("install"),
        }
    }
}

/// The first heading of `lines` that opens `section`.
/// Whether some paragraph text (not only an image or a badge) comes before the first template
/// section other than `Publisher`: the description the template asks for under the title.
fn has_description(lines: &[MdLine<'_>]) -> bool {
    const SECTIONS: [Section; 8] = [
        Section::Prerequisites,
        Section::Operations,
        Section::Credentials,
        Section::GetStarted,
        Section::KnownIssues,
        Section::CommonErrors,
        Section::Faq,
        Section::Deployment,
    ];
    for line in lines {
        if line.is_heading() && SECTIONS.iter().any(|s| s.matches(&line.heading)) {
            return false;
        }
        let text = line.raw.trim();
        let image_only =
            (text.starts_with("![") || text.starts_with("[![") || text.starts_with("<img"))
                && !text.contains("  ")
                && text.ends_with([')', '>']);
        if line.kind == LineKind::Text && !text.is_empty() && !image_only {
            return true;
        }
    }
    true
}

pub fn find_section<'l, 'a>(lines: &'l [MdLine<'a>], section: Section) -> Option<&'l MdLine<'a>> {
    lines
        .iter()
        .find(|l| l.is_heading() && section.matches(&l.heading))
}

/// Where to report something missing from a whole markdown file: its first line.
pub fn first_line_span(text: &str) -> Span {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let end = text[start..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| start + i);
    Span::new(start, end)
}

/// Whether the connector asks its users for credentials: the swagger has a security definition
/// or apiProperties declares a connection parameter. Unknown (unparsable files) counts as yes.
pub fn has_authentication(c: &Connector) -> bool {
    let swagger = c.swagger.as_ref().map(|f| {
        f.doc().is_none_or(|d| {
            d.root()
                .get("securityDefinitions")
                .is_some_and(|s| s.members().next().is_some())
        })
    });
    let props = c.props.as_ref().map(|f| {
        f.doc().is_none_or(|d| {
            let p = d.root().get("properties");
            p.and_then(|p| p.get("connectionParameters"))
                .is_some_and(|s| s.members().next().is_some())
                || p.and_then(|p| p.get("connectionParameterSets")).is_some()
        })
    });
    match (swagger, props) {
        (None, None) => true,
        (s, p) => s.unwrap_or(false) || p.unwrap_or(false),
    }
}

/// Sentences in a paragraph: runs ending with `.`, `!` or `?` followed by a space or the end,
/// not counting common abbreviations, decimals or URLs.
pub fn count_sentences(text: &str) -> usize {
    let mut count = 0;
    let mut has_words = false;
    let bytes = text.as_bytes();
    let mut word_start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b.is_ascii_whitespace() {
            word_start = i + 1;
            continue;
        }
        if b.is_ascii_alphanumeric() {
            has_words = true;
        }
        if matches!(b, b'.' | b'!' | b'?') {
            let at_end = bytes.get(i + 1).is_none_or(|n| {
                n.is_ascii_whitespace() || matches!(n, b'"' | b'\'' | b')' | b'*' | b'_')
            });
            let word = text[word_start..i]
                .trim_start_matches(['(', '"', '*', '_'])
                .to_ascii_lowercase();
            let abbreviation = matches!(
                word.as_str(),
                "e.g" | "i.e" | "etc" | "vs" | "mr" | "mrs" | "dr" | "inc" | "ltd" | "co" | "no"
            ) || (word.len() == 1
                && word.bytes().all(|c| c.is_ascii_alphabetic()));
            if at_end && has_words && !abbreviation {
                count += 1;
                has_words = false;
            }
        }
    }
    count + usize::from(has_words)
}

/// Text compared loosely: lower case, markdown emphasis dropped, whitespace collapsed.
pub fn loose_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '*' | '_' | '`' | '#' | '\u{feff}') {
            continue;
        }
        if c.is_whitespace() {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out.trim_end().to_owned()
}

/// Checks the readme against the template headings (`readme-sections-certified` and
/// `readme-sections-ip`): one finding per missing section, at the first line; the publisher
/// must be named and not left as the template's placeholder; template instructions
/// (`Required. ...`, `Optional. ...`) must be replaced.
pub fn check_readme_sections(
    cx: &mut crate::rules::Checker,
    c: &Connector,
    deployment_required: bool,
) {
    let Some(readme) = c.readme.as_ref().filter(|r| r.readable) else {
        return;
    };
    if readme.text.trim().is_empty() {
        return; // readme-required reports an empty readme
    }
    let lines = markdown_lines(&readme.text);
    let mut required = vec![
        Section::Publisher,
        Section::Prerequisites,
        Section::Operations,
    ];
    if has_authentication(c) {
        required.push(Section::Credentials);
    }
    required.push(Section::KnownIssues);
    if deployment_required {
        required.push(Section::Deployment);
    }
    let top = first_line_span(&readme.text);
    if !has_description(&lines) {
        cx.report_text(
            readme,
            top,
            "readme has no description of the connector before its first section",
        )
        .help("under the title, say in two or three sentences what the service is and what the connector does with it");
    }
    for section in required {
        match find_section(&lines, section) {
            None => {
                let heading = section.template_heading(false);
                let extra = if section == Section::Credentials {
                    " (the connector has authentication)"
                } else {
                    ""
                };
                cx.report_text(
                    readme,
                    top,
                    format!("readme has no `{heading}` section{extra}"),
                )
                .help(format!(
                    "add a `## {heading}` heading, as in the repository's readme template"
                ));
            }
            Some(line) if section == Section::Publisher => {
                check_publisher(cx, readme, &lines, line)
            }
            Some(_) => {}
        }
    }
    for line in lines
        .iter()
        .filter(|l| l.kind == LineKind::Text || l.kind == LineKind::ListItem)
    {
        let t = line.raw.trim_start_matches(['-', '*', ' ']);
        if t.starts_with("Required. ") || t.starts_with("Optional. ") {
            cx.report_text(readme, line.span, "template instruction left in the readme")
                .help(
                    "replace the template's `Required. ...` / `Optional. ...` text with your own",
                );
        }
    }
}

fn check_publisher(
    cx: &mut crate::rules::Checker,
    readme: &crate::connector::TextFile,
    lines: &[MdLine<'_>],
    line: &MdLine<'_>,
) {
    let name_on_line = line
        .heading
        .split_once(':')
        .map(|(_, v)| v.trim().to_owned())
        .filter(|v| !v.is_empty());
    let name = name_on_line.or_else(|| {
        // the name on the lines below, up to the next heading of the same or a higher level
        let level = match line.kind {
            LineKind::Heading(n) => n,
            _ => 0,
        };
        let at = lines.iter().position(|l| l.span == line.span)?;
        lines[at + 1..]
            .iter()
            .take_while(|l| match l.kind {
                LineKind::Heading(n) => n > level && level > 0,
                _ => true,
            })
            .find(|l| !l.raw.trim().is_empty() && l.kind != LineKind::Code)
            .map(|l| {
                if l.is_heading() {
                    l.heading.clone()
                } else {
                    loose_text(l.raw)
                }
            })
    });
    match name {
        None => {
            cx.report_text(
                readme,
                line.span,
                "the `Publisher` section does not name the publisher",
            )
            .help("write `## Publisher: <your name or company>`");
        }
        Some(n)
            if n.contains("publisher's name") || n.contains("publisher name") || n == "<name>" =>
        {
            cx.report_text(
                readme,
                line.span,
                "the `Publisher` heading still holds the template placeholder `Publisher's Name`",
            )
            .help("write `## Publisher: <your name or company>`");
        }
        Some(_) => {}
    }
}

// ---------------------------------------------------------------------------------------------
// C#
// ---------------------------------------------------------------------------------------------

/// A C# source with comments and literals out of the way.
pub struct CSharp {
    /// The text with comments, string and character literals blanked out (replaced by spaces,
    /// newlines kept), so byte offsets still match the original. Preprocessor lines are kept.
    pub masked: String,
    /// Non-interpolated string literals: the byte span of their contents (without quotes) and
    /// their value.
    pub literals: Vec<(Span, String)>,
}

/// Reads a C# source: handles `"..."`, `@"..."` (with `""`), `$"..."` / `$@"..."`
/// (interpolation holes stay code), raw `"""..."""` literals, `'x'`, `//` and `/* */`.
pub fn parse_csharp(text: &str) -> CSharp {
    let src = text.as_bytes();
    let mut s = Scan {
        src,
        out: src.to_vec(),
        literals: Vec::new(),
    };
    let n = src.len();
    let mut i = 0;
    while i < n {
        let b = src[i];
        let next = src.get(i + 1).copied();
        if b == b'/' && next == Some(b'/') {
            let end = src[i..]
                .iter()
                .position(|&c| c == b'\n')
                .map_or(n, |p| i + p);
            s.blank(i, end);
            i = end;
        } else if b == b'/' && next == Some(b'*') {
            let end = find_bytes(src, i + 2, b"*/").map_or(n, |p| p + 2);
            s.blank(i, end);
            i = end;
        } else if b == b'\'' {
            // a character literal: 'x', '\n', '\u0041'
            let mut j = i + 1;
            while j < n && j < i + 12 {
                if src[j] == b'\\' {
                    j += 2;
                    continue;
                }
                if src[j] == b'\'' || src[j] == b'\n' {
                    break;
                }
                j += 1;
            }
            let end = if j < n && src[j] == b'\'' {
                j + 1
            } else {
                i + 1
            };
            s.blank(i + 1, end.saturating_sub(1).max(i + 1));
            i = end;
        } else if b == b'"'
            || ((b == b'@' || b == b'$') && matches!(next, Some(b'"' | b'@' | b'$')))
        {
            i = s.string(i, 0);
        } else {
            i += 1;
        }
    }
    // Only ASCII bytes were replaced, by spaces, so the result is still UTF-8 (a multi-byte
    // character inside a literal becomes several spaces); never panic all the same.
    let masked = String::from_utf8(s.out)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    CSharp {
        masked,
        literals: s.literals,
    }
}

fn find_bytes(src: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    src.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

struct Scan<'a> {
    src: &'a [u8],
    out: Vec<u8>,
    literals: Vec<(Span, String)>,
}

impl Scan<'_> {
    fn blank(&mut self, from: usize, to: usize) {
        let to = to.min(self.out.len());
        if from >= to {
            return;
        }
        for b in &mut self.out[from..to] {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    }

    fn literal(&mut self, from: usize, to: usize, verbatim: bool) {
        let Some(body) = self.src.get(from..to) else {
            return;
        };
        let body = String::from_utf8_lossy(body);
        let value = if verbatim {
            body.replace("\"\"", "\"")
        } else {
            unescape_csharp(&body)
        };
        self.literals.push((Span::new(from, to), value));
    }

    /// Skips a string literal starting at `start` (at `"`, `@` or `$`), blanking its contents
    /// but keeping the quotes; returns the offset after it.
    fn string(&mut self, start: usize, nesting: usize) -> usize {
        let src = self.src;
        let n = src.len();
        let mut i = start;
        let mut verbatim = false;
        let mut interpolated = false;
        while i < n && (src[i] == b'@' || src[i] == b'$') {
            verbatim |= src[i] == b'@';
            interpolated |= src[i] == b'$';
            i += 1;
        }
        if i >= n || src[i] != b'"' {
            return i.max(start + 1);
        }
        // raw string literal: three or more quotes, closed by as many
        let quotes = src[i..].iter().take_while(|&&c| c == b'"').count();
        if quotes >= 3 {
            let open_end = i + quotes;
            let close = (open_end..n)
                .find(|&j| src[j..].iter().take_while(|&&c| c == b'"').count() >= quotes);
            let body_end = close.unwrap_or(n);
            self.blank(open_end, body_end);
            if !interpolated {
                self.literal(open_end, body_end, true);
            }
            return close.map_or(n, |c| c + quotes);
        }
        let body_start = i + 1;
        let mut j = body_start;
        let mut depth = 0usize;
        let mut holes: Vec<(usize, usize)> = Vec::new();
        let mut hole_start = 0;
        while j < n {
            let c = src[j];
            if interpolated && depth == 0 && c == b'{' {
                if src.get(j + 1) == Some(&b'{') {
                    j += 2;
                    continue;
                }
                depth = 1;
                hole_start = j;
                j += 1;
                continue;
            }
            if interpolated && depth > 0 {
                match c {
                    b'{' => depth += 1,
                    b'}' => {
                        depth -= 1;
                        if depth == 0 {
                            holes.push((hole_start, j + 1));
                        }
                    }
                    // a nested string (bounded, so that hostile input cannot exhaust the stack)
                    b'"' | b'@' | b'$'
                        if nesting < 16 && (c == b'"' || src.get(j + 1) == Some(&b'"')) =>
                    {
                        j = self.string(j, nesting + 1);
                        continue;
                    }
                    b'\n' if !verbatim => break,
                    _ => {}
                }
                j += 1;
                continue;
            }
            if !verbatim && c == b'\\' {
                j += 2;
                continue;
            }
            if c == b'"' {
                if verbatim && src.get(j + 1) == Some(&b'"') {
                    j += 2;
                    continue;
                }
                break;
            }
            if !verbatim && c == b'\n' {
                break;
            }
            j += 1;
        }
        let end = j.min(n);
        // blank the literal text, keeping the interpolation holes as code
        let mut from = body_start;
        for (h0, h1) in holes {
            self.blank(from, h0);
            from = h1;
        }
        self.blank(from, end);
        if !interpolated {
            self.literal(body_start, end, verbatim);
        }
        if end < n && src[end] == b'"' {
            end + 1
        } else {
            end
        }
    }
}

fn unescape_csharp(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('r') => out.push('\r'),
                Some(o) => out.push(o),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The icon
// ---------------------------------------------------------------------------------------------

/// An RGBA colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgba(pub [u8; 4]);

impl Rgba {
    pub fn hex(self) -> String {
        let [r, g, b, _] = self.0;
        format!("#{r:02x}{g:02x}{b:02x}")
    }
    pub fn is_opaque(self) -> bool {
        self.0[3] == 255
    }
    /// Whether the colours differ by at most `tolerance` in every channel (alpha included).
    pub fn close_to(self, other: Rgba, tolerance: u8) -> bool {
        self.0
            .iter()
            .zip(other.0)
            .all(|(a, b)| a.abs_diff(b) <= tolerance)
    }
    /// Parses `#rrggbb` or `#rgb` (the `#` is optional), opaque.
    pub fn parse_hex(s: &str) -> Option<Rgba> {
        let h = s.trim().trim_start_matches('#');
        let digit = |i: usize| u8::from_str_radix(h.get(i..i + 1)?, 16).ok();
        let pair = |i: usize| u8::from_str_radix(h.get(i..i + 2)?, 16).ok();
        match h.len() {
            6 => Some(Rgba([pair(0)?, pair(2)?, pair(4)?, 255])),
            3 => Some(Rgba([digit(0)? * 17, digit(1)? * 17, digit(2)? * 17, 255])),
            _ => None,
        }
    }
}

/// What the PNG header says.
#[derive(Debug, Clone, Copy)]
pub struct PngHeader {
    pub width: u32,
    pub height: u32,
}

/// Why an icon cannot be read as a PNG.
#[derive(Debug, Clone)]
pub enum IconError {
    /// The file does not start with the PNG signature; `format` names what it looks like.
    NotPng { format: &'static str },
    /// The PNG header or chunks are broken.
    Corrupt(String),
}

impl IconError {
    pub fn describe(&self) -> String {
        match self {
            IconError::NotPng { format } => format!("is not a PNG file (it looks like {format})"),
            IconError::Corrupt(e) => format!("is not a readable PNG: {e}"),
        }
    }
}

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// What a non-PNG image file looks like, from its first bytes.
fn sniff(bytes: &[u8]) -> &'static str {
    let starts = |p: &[u8]| bytes.starts_with(p);
    if bytes.is_empty() {
        "an empty file"
    } else if starts(b"\xff\xd8\xff") {
        "a JPEG image"
    } else if starts(b"GIF8") {
        "a GIF image"
    } else if starts(b"BM") {
        "a BMP image"
    } else if starts(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        "a WebP image"
    } else if starts(b"\x00\x00\x01\x00") {
        "an ICO icon"
    } else if starts(b"II*\x00") || starts(b"MM\x00*") {
        "a TIFF image"
    } else if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        "an AVIF/HEIC image"
    } else {
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_ascii_lowercase();
        if head.contains("<svg") || head.contains("<?xml") {
            "an SVG or XML document"
        } else if head.starts_with("version https://git-lfs") {
            "a Git LFS pointer"
        } else {
            "some other format"
        }
    }
}

/// Reads the PNG header: the signature and `IHDR`.
pub fn png_header(bytes: &[u8]) -> Result<PngHeader, IconError> {
    if !bytes.starts_with(PNG_SIGNATURE) {
        return Err(IconError::NotPng {
            format: sniff(bytes),
        });
    }
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let info = decoder
        .read_header_info()
        .map_err(|e| IconError::Corrupt(e.to_string()))?;
    Ok(PngHeader {
        width: info.width,
        height: info.height,
    })
}

/// The largest decoded image whose pixels ppcert looks at (64 MiB, the png crate's own limit).
const MAX_DECODED_BYTES: usize = 64 << 20;

/// The four corner pixels of the (first frame of the) icon: top-left, top-right, bottom-left,
/// bottom-right, whatever the colour type (palette, grey, with or without alpha or `tRNS`, 16-bit).
/// `Ok(None)` when the image is too large to decode.
pub fn png_corners(bytes: &[u8]) -> Result<Option<[Rgba; 4]>, IconError> {
    png_header(bytes)?;
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder
        .read_info()
        .map_err(|e| IconError::Corrupt(e.to_string()))?;
    let Some(size) = reader.output_buffer_size() else {
        return Ok(None);
    };
    if size > MAX_DECODED_BYTES || size == 0 {
        return Ok(None);
    }
    let mut buf = vec![0; size];
    let info = reader
        .next_frame(&mut buf)
        .map_err(|e| IconError::Corrupt(e.to_string()))?;
    let channels = info.color_type.samples();
    let (w, h) = (info.width as usize, info.height as usize);
    if w == 0 || h == 0 || info.bit_depth != png::BitDepth::Eight {
        return Ok(None);
    }
    let pixel = |x: usize, y: usize| -> Option<Rgba> {
        let at = y
            .checked_mul(info.line_size)?
            .checked_add(x.checked_mul(channels)?)?;
        let px = buf.get(at..at + channels)?;
        Some(Rgba(match (info.color_type, px) {
            (png::ColorType::Grayscale, [g]) => [*g, *g, *g, 255],
            (png::ColorType::GrayscaleAlpha, [g, a]) => [*g, *g, *g, *a],
            (png::ColorType::Rgb, [r, g, b]) => [*r, *g, *b, 255],
            (png::ColorType::Rgba, [r, g, b, a]) => [*r, *g, *b, *a],
            _ => return None,
        }))
    };
    let corners = [
        pixel(0, 0),
        pixel(w - 1, 0),
        pixel(0, h - 1),
        pixel(w - 1, h - 1),
    ];
    match corners {
        [Some(a), Some(b), Some(c), Some(d)] => Ok(Some([a, b, c, d])),
        _ => Ok(None),
    }
}

// ---------------------------------------------------------------------------------------------
// The folder
// ---------------------------------------------------------------------------------------------

/// `folder/name`, as shown to the user.
pub fn entry_display(c: &Connector, entry: &FolderEntry) -> String {
    if c.display == "." || c.display.is_empty() {
        entry.name.clone()
    } else {
        format!("{}/{}", c.display.trim_end_matches('/'), entry.name)
    }
}

/// The file extension, lower case, without the dot (`""` when there is none).
pub fn extension(name: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_ascii_lowercase(),
        _ => String::new(),
    }
}

/// The `properties.iconBrandColor` value of apiProperties.json, when it is a string.
pub fn icon_brand_color(c: &Connector) -> Option<JsonRef<'_>> {
    let doc = c.props.as_ref()?.doc()?;
    doc.root()
        .get("properties")?
        .get("iconBrandColor")
        .filter(|v| v.as_str().is_some())
}

/// The summaries and operationIds of the definition's operations, lower case, longest first;
/// read straight from the document (the rules using it run per connector).
pub fn operation_names(c: &Connector) -> Vec<String> {
    let mut names = Vec::new();
    let Some(paths) = c
        .swagger
        .as_ref()
        .and_then(|f| f.doc())
        .and_then(|d| d.root().get("paths"))
    else {
        return names;
    };
    for (_, item) in paths.members() {
        for (method, op) in item.members() {
            if !crate::swagger::METHODS.contains(&method) {
                continue;
            }
            for key in ["summary", "operationId"] {
                if let Some(s) = op.get_str(key).map(str::trim).filter(|s| s.len() >= 3) {
                    names.push(s.to_lowercase());
                }
            }
        }
    }
    names.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    names.dedup();
    names
}

/// Whether a JSON file name (lower case) looks like a misnamed API definition.
pub fn looks_like_definition(lower: &str) -> bool {
    lower.ends_with(".swagger.json")
        || lower.starts_with("apidef")
        || lower == "swagger.json"
        || lower == "openapi.json"
        || edit_distance_at_most(lower, "apidefinition.swagger.json", 3)
        || edit_distance_at_most(lower, "apidefinition.json", 2)
}

/// Whether a JSON file name (lower case) looks like a misnamed apiProperties.json.
pub fn looks_like_properties(lower: &str) -> bool {
    lower.starts_with("apiprop") || edit_distance_at_most(lower, "apiproperties.json", 2)
}

fn edit_distance_at_most(a: &str, b: &str, max: usize) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return false;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()] <= max
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headings(md: &str) -> Vec<(u8, String)> {
        markdown_lines(md)
            .into_iter()
            .filter_map(|l| match l.kind {
                LineKind::Heading(n) => Some((n, l.heading)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn markdown_headings() {
        let md = "\u{feff}# Title\ntext\n\n## Publisher: Contoso Ltd\n```paconn create```\n## **Prerequisites:**\n```\n## not a heading\n```\nSetext\n------\n**Known issues**\n**Publisher:** Someone\n#hashtag\n##Sloppy\n<h2>Deployment <b>Instructions</b></h2>\n<!--\n## hidden\n-->\n- item\n";
        assert_eq!(
            headings(md),
            vec![
                (1, "title".into()),
                (2, "publisher: contoso ltd".into()),
                (2, "prerequisites".into()),
                (2, "setext".into()),
                (0, "known issues".into()),
                (0, "publisher: someone".into()),
                (2, "sloppy".into()),
                (2, "deployment instructions".into()),
            ]
        );
        assert_eq!(
            normalize_heading("[Supported Operations](#ops) &amp; Triggers"),
            "supported operations & triggers"
        );
    }

    #[test]
    fn sections() {
        assert!(Section::Prerequisites.matches("pre-requisites"));
        assert!(Section::Operations.matches("supported actions"));
        assert!(!Section::Operations.matches("transactions"));
        assert!(Section::Credentials.matches("how to get credentials"));
        assert!(Section::Faq.matches("faq"));
        assert!(Section::Publisher.matches("publisher: contoso"));
    }

    #[test]
    fn sentences() {
        assert_eq!(count_sentences("One. Two! Three? Four"), 4);
        assert_eq!(
            count_sentences("Use e.g. this, version 1.5 works. Done."),
            2
        );
        assert_eq!(count_sentences(""), 0);
    }

    #[test]
    fn csharp_masking() {
        let src = "var a = \"class X\"; // class Y\n/* class Z */ var b = @\"x\"\"class\"; var c = $\"{d[\"k\"]} class\"; char e = '\"';\nclass Script";
        let cs = parse_csharp(src);
        let m = &cs.masked;
        assert_eq!(m.len(), src.len());
        assert!(!m.contains("class X") && !m.contains("class Y") && !m.contains("class Z"));
        assert!(!m.contains("\"class"));
        assert!(m.contains("{d[\" \"]}"));
        assert!(m.ends_with("class Script"));
        let lits: Vec<&str> = cs.literals.iter().map(|(_, s)| s.as_str()).collect();
        assert_eq!(lits, vec!["class X", "x\"class", "k"]);
        // deeply nested interpolations do not exhaust the stack
        let deep = "$\"{".repeat(200_000);
        assert_eq!(parse_csharp(&deep).masked.len(), deep.len());
        // never panics on garbage
        for s in [
            "\"", "@\"", "$\"{", "'", "/*", "\"\"\"", "$@\"{\"", "'\\", "$\"{\"", "é\"é",
        ] {
            let cs = parse_csharp(s);
            assert_eq!(cs.masked.len(), s.len());
        }
    }

    #[test]
    fn colours() {
        assert_eq!(
            Rgba::parse_hex("#DA3B01"),
            Some(Rgba([0xda, 0x3b, 0x01, 255]))
        );
        assert_eq!(Rgba::parse_hex("fff"), Some(Rgba([255, 255, 255, 255])));
        assert_eq!(Rgba::parse_hex("#12345"), None);
        assert_eq!(Rgba::parse_hex("#gggggg"), None);
    }

    #[test]
    fn icons_never_panic() {
        assert!(matches!(png_header(b""), Err(IconError::NotPng { .. })));
        assert!(matches!(
            png_header(b"\xff\xd8\xff\xe0"),
            Err(IconError::NotPng {
                format: "a JPEG image"
            })
        ));
        assert!(matches!(
            png_header(PNG_SIGNATURE),
            Err(IconError::Corrupt(_))
        ));
        assert!(png_corners(b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR").is_err());
    }
}
