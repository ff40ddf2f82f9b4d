//! The one error every question can answer with: what kind of failure it is (which decides the
//! exit code of a command line and the status of an HTTP answer), a stable code, a message, a
//! hint, and the located diagnostics when a scenario or another input file is at fault.

use entente_scenario::{Diagnostic, Severity};
use schemars::JsonSchema;
use serde::Serialize;

/// Why a question could not be answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorKind {
    /// The scenario has errors (its diagnostics are attached). Exit code 1.
    Scenario,
    /// Another input (a members CSV, a peer-format file, a date in a file) is malformed. Exit 1.
    Input,
    /// The query itself is wrong: an unknown id, a missing or contradictory option. Exit 2.
    Usage,
    /// The question cannot be answered for this input by the requested method (too large, not
    /// monotone, not applicable). Exit 1.
    Unsupported,
}

impl ErrorKind {
    /// The exit code a command line reports for this kind: 1 a problem in the input, 2 usage.
    pub fn exit_code(self) -> u8 {
        match self {
            ErrorKind::Usage => 2,
            ErrorKind::Scenario | ErrorKind::Input | ErrorKind::Unsupported => 1,
        }
    }
}

/// A located problem, as carried by an [`ApiError`]: the scenario's diagnostics in plain form.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ApiDiagnostic {
    /// `error` or `warning`.
    pub severity: String,
    /// Stable short code, e.g. `unknown-id`.
    pub code: String,
    /// The file, as named to the user.
    pub file: String,
    /// 1-based line (0 for a whole file).
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// What would have been right.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// How to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl From<&Diagnostic> for ApiDiagnostic {
    fn from(d: &Diagnostic) -> Self {
        ApiDiagnostic {
            severity: match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            }
            .to_string(),
            code: d.code.to_string(),
            file: d.file.clone(),
            line: d.line,
            column: d.column,
            message: d.message.clone(),
            expected: d.expected.clone(),
            hint: d.hint.clone(),
        }
    }
}

/// The error of every question.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ApiError {
    /// What kind of failure.
    pub kind: ErrorKind,
    /// Stable short code, e.g. `unknown-institution`, `scenario-has-errors`.
    pub code: String,
    /// What went wrong, in the scenario's language.
    pub message: String,
    /// How to fix it, when something can be said.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// Located problems (file, line, column), when files are at fault.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<ApiDiagnostic>,
}

impl ApiError {
    /// An error of a kind with a code and a message.
    pub fn new(kind: ErrorKind, code: &str, message: impl Into<String>) -> Self {
        ApiError {
            kind,
            code: code.to_string(),
            message: message.into(),
            hint: None,
            diagnostics: Vec::new(),
        }
    }

    /// A usage error: the query is wrong.
    pub fn usage(code: &str, message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Usage, code, message)
    }

    /// An input error: a file other than the scenario is malformed.
    pub fn input(code: &str, message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Input, code, message)
    }

    /// The question cannot be answered for this input by this method.
    pub fn unsupported(code: &str, message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Unsupported, code, message)
    }

    /// Add a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        let h = hint.into();
        if !h.is_empty() {
            self.hint = Some(h);
        }
        self
    }

    /// Add located diagnostics.
    pub fn with_diagnostics<'a>(mut self, ds: impl IntoIterator<Item = &'a Diagnostic>) -> Self {
        self.diagnostics
            .extend(ds.into_iter().map(ApiDiagnostic::from));
        self
    }

    /// The exit code a command line reports.
    pub fn exit_code(&self) -> u8 {
        self.kind.exit_code()
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)?;
        if let Some(h) = &self.hint {
            write!(f, "\n  hint: {h}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}
