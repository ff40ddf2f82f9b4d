//! Diagnostics: every problem found in a scenario, with file, line, column, what was expected and
//! a hint, rendered for a terminal or serialised as data. Byte offsets are turned into lines and
//! columns here, once, through the `SourceMap` of every file read.
//!
//! Hostile input in mind: the source map keeps, per file, a checkpoint every 4 KiB (lines and
//! characters before it), so locating an offset costs at most a few KiB of scanning whatever the
//! file's size or the length of its lines; a snippet is a window of the line around the place,
//! never the whole line; every text that came from a file is shown with its control characters
//! (and the invisible bidirectional overrides) escaped, so a diagnostic can never drive the
//! terminal.

use std::fmt::Write as _;
use std::ops::Range;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The scenario cannot be used as it is.
    Error,
    /// Suspicious but usable.
    Warning,
}

/// One problem in a scenario.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Stable short code of the kind of problem, e.g. `unknown-id`.
    pub code: &'static str,
    /// The file, as named to the user.
    pub file: String,
    /// 1-based line (0 when the problem concerns a whole file that could not be read).
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// What would have been right here.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// How to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    #[serde(skip)]
    pub(crate) snippet: Option<Snippet>,
}

/// The source line a diagnostic points into (a window of it, around the place), for rendering.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Snippet {
    text: String,
    /// 1-based character column of the caret within `text`.
    start_col: usize,
    width: usize,
}

/// Bytes between two checkpoints of a file's index.
const BLOCK: usize = 4096;

/// Most bytes of a line shown before and after the place a diagnostic points at.
const WINDOW: usize = 160;

/// Where lines and characters stand at every `BLOCK`-th byte of a file.
#[derive(Debug, Default, Clone)]
struct Index {
    /// Newlines before the block.
    lines: Vec<usize>,
    /// Characters before the block.
    chars: Vec<usize>,
    /// Offset just after the last newline before the block (0 if none).
    line_start: Vec<usize>,
}

impl Index {
    fn new(text: &str) -> Index {
        let b = text.as_bytes();
        let mut ix = Index::default();
        let (mut lines, mut chars, mut line_start) = (0, 0, 0);
        for (k, chunk) in b.chunks(BLOCK).enumerate() {
            ix.lines.push(lines);
            ix.chars.push(chars);
            ix.line_start.push(line_start);
            // Counted by crates built optimised even in test builds (see Cargo.toml): a file
            // of the largest size allowed is indexed in well under a second either way.
            lines += bytecount::count(chunk, b'\n');
            if let Some(i) = memchr::memrchr(b'\n', chunk) {
                line_start = k * BLOCK + i + 1;
            }
            // Every byte that is not a UTF-8 continuation byte starts a character.
            chars += bytecount::num_chars(chunk);
        }
        ix
    }

    /// (newlines before, characters before, start of its line) for a byte offset on a char
    /// boundary.
    fn locate(&self, text: &str, at: usize) -> (usize, usize, usize) {
        let k = at / BLOCK;
        if k >= self.lines.len() {
            return (0, 0, 0);
        }
        let from = k * BLOCK;
        let (mut lines, mut chars, mut line_start) =
            (self.lines[k], self.chars[k], self.line_start[k]);
        for (i, &c) in text.as_bytes()[from..at].iter().enumerate() {
            if c == b'\n' {
                lines += 1;
                line_start = from + i + 1;
            }
            if c & 0xC0 != 0x80 {
                chars += 1;
            }
        }
        (lines, chars, line_start)
    }
}

/// All files read for a scenario, so that offsets can become lines and columns.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    files: Vec<(String, String)>,
    index: Vec<Index>,
    bytes: usize,
}

/// The largest char boundary of `s` at or before `i` (clamped to its length).
fn floor(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest char boundary of `s` at or after `i` (clamped to its length).
fn ceil(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Whether a character must be escaped when shown: control characters and the invisible
/// characters that reorder or hide text.
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// `s` with every control character (and invisible reordering character) written as an escape
/// such as `\u{1b}`, so that text from a file can be shown safely.
pub fn escape(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(needs_escape) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if needs_escape(c) {
            let _ = write!(out, "{}", c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// `"{lead}a, b, c"`, or `None` when there is nothing to list (never a dangling "one of: ").
pub fn one_of<S: AsRef<str>>(lead: &str, items: &[S]) -> Option<String> {
    if items.is_empty() {
        return None;
    }
    let list: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
    Some(format!("{lead}{}", list.join(", ")))
}

/// Index of a file in a `SourceMap`.
pub type FileId = usize;

impl SourceMap {
    /// Remember a file's text under its display name.
    pub fn add(&mut self, name: String, text: String) -> FileId {
        self.bytes += text.len();
        self.index.push(Index::new(&text));
        self.files.push((name, text));
        self.files.len() - 1
    }

    /// Bytes of text held, over every file.
    pub fn total_bytes(&self) -> usize {
        self.bytes
    }

    /// The display name of a file.
    pub fn name(&self, id: FileId) -> &str {
        &self.files[id].0
    }

    /// The text of a file.
    pub fn text(&self, id: FileId) -> &str {
        &self.files[id].1
    }

    /// 1-based line and column of a byte offset (clamped to the file, moved back to a
    /// character boundary).
    pub fn line_col(&self, file: FileId, offset: usize) -> (usize, usize) {
        let text = &self.files[file].1;
        let at = floor(text, offset.min(text.len()));
        let (lines, chars, line_start) = self.index[file].locate(text, at);
        let (_, chars_at_line, _) = self.index[file].locate(text, line_start);
        (lines + 1, chars - chars_at_line + 1)
    }

    /// Build a diagnostic at a byte range of a file.
    pub fn at(
        &self,
        file: FileId,
        span: Range<usize>,
        code: &'static str,
        message: String,
    ) -> Diagnostic {
        let (name, text) = &self.files[file];
        let mut start = floor(text, span.start.min(text.len()));
        let mut end = floor(text, span.end.clamp(start, text.len()));
        // Point at the contents of a quoted string, not at its quotes.
        let b = text.as_bytes();
        if end >= start + 2 && matches!(b[start], b'"' | b'\'') && b[end - 1] == b[start] {
            start += 1;
            end -= 1;
        }
        let (lines, chars, line_start) = self.index[file].locate(text, start);
        let (_, chars_at_line, _) = self.index[file].locate(text, line_start);
        let line = lines + 1;
        let column = chars - chars_at_line + 1;
        // A window of the line around the place: at most WINDOW bytes either side.
        let from = if start - line_start > WINDOW {
            ceil(text, start - WINDOW)
        } else {
            line_start
        };
        let limit = floor(
            text,
            (start + WINDOW)
                .max(end.min(start + 2 * WINDOW))
                .min(text.len()),
        );
        let to = text[start..limit].find('\n').map_or(limit, |i| start + i);
        let shown = &text[from..to];
        let shown = shown.strip_suffix('\r').unwrap_or(shown);
        let before = escape(&text[from..start]).chars().count();
        let width = escape(&text[start..end.min(to).max(start)])
            .chars()
            .count()
            .max(1);
        let mut snippet = String::new();
        if from > line_start {
            snippet.push('…');
        }
        snippet.push_str(&escape(shown));
        if to < text.len() && text.as_bytes()[to] != b'\n' {
            snippet.push('…');
        }
        Diagnostic {
            severity: Severity::Error,
            code,
            file: name.clone(),
            line,
            column,
            message,
            expected: None,
            hint: None,
            snippet: Some(Snippet {
                text: snippet,
                start_col: before + 1 + usize::from(from > line_start),
                width,
            }),
        }
    }
}

impl Diagnostic {
    /// A diagnostic about a whole file (one that cannot be read at all).
    pub fn file(file: &str, code: &'static str, message: String) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code,
            file: file.to_string(),
            line: 0,
            column: 0,
            message,
            expected: None,
            hint: None,
            snippet: None,
        }
    }

    /// Say what was expected.
    pub fn expected(mut self, e: impl Into<String>) -> Diagnostic {
        self.expected = Some(e.into());
        self
    }

    /// Add a hint.
    pub fn hint(mut self, h: impl Into<String>) -> Diagnostic {
        self.hint = Some(h.into());
        self
    }

    /// Add a hint if there is one.
    pub fn maybe_hint(mut self, h: Option<String>) -> Diagnostic {
        if h.is_some() {
            self.hint = h;
        }
        self
    }

    /// The same diagnostic with every text escaped ([`escape`]) and any empty or dangling
    /// `expected`/`hint` dropped: what is shown or serialised.
    pub fn cleaned(mut self) -> Diagnostic {
        fn clean(s: Option<String>) -> Option<String> {
            let s = s?;
            let t = s.trim();
            let dangling = t.is_empty() || t.ends_with(':') || t.contains("``");
            (!dangling).then(|| escape(&s).into_owned())
        }
        self.message = escape(&self.message).into_owned();
        self.file = escape(&self.file).into_owned();
        self.expected = clean(self.expected.take());
        self.hint = clean(self.hint.take());
        self
    }

    /// Make it a warning.
    pub fn warning(mut self) -> Diagnostic {
        self.severity = Severity::Warning;
        self
    }

    /// Render for a terminal, with the offending line underlined.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = writeln!(out, "{sev}[{}]: {}", self.code, escape(&self.message));
        let file = escape(&self.file);
        if self.line == 0 {
            let _ = writeln!(out, "  --> {file}");
        } else {
            let _ = writeln!(out, "  --> {file}:{}:{}", self.line, self.column);
        }
        if let Some(s) = &self.snippet {
            let num = self.line.to_string();
            let pad = " ".repeat(num.len());
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{num} | {}", s.text);
            let _ = writeln!(
                out,
                "{pad} | {}{}",
                " ".repeat(s.start_col.saturating_sub(1)),
                "^".repeat(s.width)
            );
        }
        if let Some(e) = &self.expected {
            let _ = writeln!(out, "  = expected: {}", escape(e));
        }
        if let Some(h) = &self.hint {
            let _ = writeln!(out, "  = hint: {}", escape(h));
        }
        out
    }
}

/// Closest candidate to `name`, phrased as a hint.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    entente_rules::closest(name, candidates).map(|c| format!("did you mean `{c}`?"))
}
