//! Diagnostics: every problem found in a scenario, with file, line, column, what was expected and
//! a hint, rendered for a terminal or serialised as data. Byte offsets are turned into lines and
//! columns here, once, through the `SourceMap` of every file read.

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

/// The source line a diagnostic points into, for rendering.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Snippet {
    text: String,
    start_col: usize,
    width: usize,
}

/// All files read for a scenario, so that offsets can become lines and columns.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    files: Vec<(String, String)>,
}

/// Index of a file in a `SourceMap`.
pub type FileId = usize;

impl SourceMap {
    /// Remember a file's text under its display name.
    pub fn add(&mut self, name: String, text: String) -> FileId {
        self.files.push((name, text));
        self.files.len() - 1
    }

    /// The display name of a file.
    pub fn name(&self, id: FileId) -> &str {
        &self.files[id].0
    }

    /// The text of a file.
    pub fn text(&self, id: FileId) -> &str {
        &self.files[id].1
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
        let mut start = span.start.min(text.len());
        let mut end = span.end.clamp(start, text.len());
        // Point at the contents of a quoted string, not at its quotes.
        let b = text.as_bytes();
        if end >= start + 2 && matches!(b[start], b'"' | b'\'') && b[end - 1] == b[start] {
            start += 1;
            end -= 1;
        }
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line = text[..start].matches('\n').count() + 1;
        let column = text[line_start..start].chars().count() + 1;
        let width = text[start..end.min(line_end)].chars().count().max(1);
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
                text: text[line_start..line_end]
                    .trim_end_matches('\r')
                    .to_string(),
                start_col: column,
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
        let _ = writeln!(out, "{sev}[{}]: {}", self.code, self.message);
        if self.line == 0 {
            let _ = writeln!(out, "  --> {}", self.file);
        } else {
            let _ = writeln!(out, "  --> {}:{}:{}", self.file, self.line, self.column);
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
            let _ = writeln!(out, "  = expected: {e}");
        }
        if let Some(h) = &self.hint {
            let _ = writeln!(out, "  = hint: {h}");
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
