//! Scenario uploads: the request (`{"files": {"scenario.toml": "...", ...}}`), the checks on its
//! file names and counts, and the answer (an id to name the scenario by in later questions, and
//! the `check` answer with every located diagnostic). The files stay in memory: `include` and
//! CSV imports are resolved among them only, never on the server's disk.

use std::collections::BTreeMap;

use entente_api::ApiError;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// An uploaded scenario: its files by path (with `/`). The entry is `scenario.toml` when present,
/// else the only `.toml` file.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Upload {
    /// File path → text.
    pub files: BTreeMap<String, String>,
}

/// The answer to an upload.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct UploadAnswer {
    /// The id to pass as `?scenario=ID` to later questions; absent when the scenario has errors
    /// (it is then not kept).
    pub id: Option<String>,
    /// Every problem found, located by file, line and column.
    pub check: entente_api::check::Answer,
}

/// Longest file path accepted.
const MAX_NAME: usize = 255;

impl Upload {
    /// Check the upload's shape: at least one file, at most `max_files`, and every path plain
    /// (relative, `/`-separated, no `.`, `..`, empty or control-character parts). Answers the
    /// size of the upload in bytes.
    pub fn validate(&self, max_files: usize) -> Result<usize, ApiError> {
        if self.files.is_empty() {
            return Err(ApiError::usage("empty-upload", "the upload holds no file")
                .with_hint("send {\"files\": {\"scenario.toml\": \"...\"}}"));
        }
        if self.files.len() > max_files {
            return Err(ApiError::usage(
                "too-many-files",
                format!(
                    "the upload holds {} files; at most {max_files} are accepted",
                    self.files.len()
                ),
            ));
        }
        for name in self.files.keys() {
            if let Err(why) = plain_path(name) {
                return Err(ApiError::usage(
                    "bad-file-name",
                    format!("the file name `{}` is refused: {why}", name.escape_debug()),
                )
                .with_hint(
                    "name files by relative paths such as `scenario.toml` or `data/members.csv`",
                ));
            }
        }
        Ok(self.files.iter().map(|(k, v)| k.len() + v.len()).sum())
    }
}

/// Whether a path is plain: relative, `/`-separated, made of ordinary names.
fn plain_path(name: &str) -> Result<(), &'static str> {
    if name.is_empty() {
        return Err("it is empty");
    }
    if name.len() > MAX_NAME {
        return Err("it is too long");
    }
    if name.chars().any(|c| c.is_control()) {
        return Err("it holds a control character");
    }
    if name.contains('\\') {
        return Err("use `/` between folders");
    }
    if name.starts_with('/') || name.contains(':') {
        return Err("it is absolute");
    }
    for part in name.split('/') {
        match part {
            "" => return Err("it has an empty part"),
            "." | ".." => return Err("it has a `.` or `..` part"),
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_paths() {
        for ok in ["scenario.toml", "data/members.csv", "a b/c.toml"] {
            assert!(plain_path(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "/etc/passwd",
            "../x.toml",
            "a/../b",
            "./a",
            "a//b",
            "a\\b",
            "C:x",
            "a\0b",
            "dir/",
        ] {
            assert!(plain_path(bad).is_err(), "{bad:?}");
        }
    }
}
