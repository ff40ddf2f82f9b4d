//! Reading a scenario: entry files, `include`s (relative to the including file, cycles refused),
//! TOML into the raw document, and the CSV files the raw document names. The file system is
//! behind the `Files` trait so that the bundled scenario, compiled into the binary, is read the
//! same way as files on disk.

use std::path::{Component, Path, PathBuf};

use crate::diag::{Diagnostic, FileId, SourceMap};
use crate::raw::RawFile;

/// Where scenario files come from.
pub trait Files {
    /// The text of a file, or why it cannot be read.
    fn read(&self, path: &Path) -> Result<String, String>;
    /// Whether the path is a directory.
    fn is_dir(&self, path: &Path) -> bool;
}

/// The real file system.
#[derive(Debug, Default, Clone, Copy)]
pub struct Disk;

/// Largest scenario or data file read, in bytes: larger inputs are refused with a diagnostic
/// rather than exhausting memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

impl Files for Disk {
    fn read(&self, path: &Path) -> Result<String, String> {
        let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
        if meta.len() > MAX_FILE_BYTES {
            return Err(format!(
                "the file is {} bytes; scenario files may be at most {MAX_FILE_BYTES} bytes",
                meta.len()
            ));
        }
        let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
        String::from_utf8(bytes).map_err(|e| {
            format!(
                "the file is not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            )
        })
    }
    fn is_dir(&self, path: &Path) -> bool {
        path.is_dir()
    }
}

/// Files held in memory (the bundled scenario, and tests).
#[derive(Debug, Default, Clone)]
pub struct InMemory {
    /// (path, text) pairs; paths use `/`.
    pub files: Vec<(String, String)>,
}

impl Files for InMemory {
    fn read(&self, path: &Path) -> Result<String, String> {
        let want = normalise(path);
        self.files
            .iter()
            .find(|(p, _)| normalise(Path::new(p)) == want)
            .map(|(_, t)| t.clone())
            .ok_or_else(|| "no such file".to_string())
    }
    fn is_dir(&self, path: &Path) -> bool {
        let want = normalise(path);
        self.files.iter().any(|(p, _)| {
            normalise(Path::new(p)).starts_with(&want) && normalise(Path::new(p)) != want
        })
    }
}

/// Lexically normalise a path (`a/./b/../c` → `a/c`).
pub fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// One parsed scenario file.
#[derive(Debug)]
pub struct Parsed {
    /// Its id in the source map.
    pub file: FileId,
    /// Its path.
    pub path: PathBuf,
    /// Its contents.
    pub raw: RawFile,
}

/// The result of reading every file of a scenario.
#[derive(Debug, Default)]
pub struct Read {
    /// Files parsed, in reading order.
    pub parsed: Vec<Parsed>,
    /// Problems found while reading.
    pub diagnostics: Vec<Diagnostic>,
}

fn toml_code(msg: &str) -> (&'static str, Option<String>) {
    if msg.contains("unknown field") {
        (
            "unknown-key",
            Some("check the key's spelling against docs/scenario-format.md".into()),
        )
    } else if msg.contains("missing field") {
        (
            "missing-key",
            Some("add the key; docs/scenario-format.md lists what each table needs".into()),
        )
    } else if msg.contains("invalid type") || msg.contains("expected a date") {
        ("invalid-type", None)
    } else if msg.contains("duplicate key") {
        (
            "duplicate-key",
            Some("each key may appear once per table".into()),
        )
    } else if msg.contains("unknown variant") {
        ("unknown-variant", None)
    } else {
        ("toml-syntax", None)
    }
}

/// Read the entry files and everything they include.
pub fn read(entries: &[PathBuf], files: &dyn Files, sources: &mut SourceMap) -> Read {
    let mut out = Read::default();
    let mut seen: Vec<PathBuf> = Vec::new();
    for entry in entries {
        let mut path = entry.clone();
        if files.is_dir(&path) {
            path = path.join("scenario.toml");
        }
        let mut stack = Vec::new();
        read_one(&path, None, files, sources, &mut out, &mut seen, &mut stack);
    }
    out
}

fn read_one(
    path: &Path,
    from: Option<(FileId, std::ops::Range<usize>)>,
    files: &dyn Files,
    sources: &mut SourceMap,
    out: &mut Read,
    seen: &mut Vec<PathBuf>,
    stack: &mut Vec<PathBuf>,
) {
    let key = normalise(path);
    if stack.contains(&key) {
        if let Some((f, span)) = from {
            let chain: Vec<String> = stack
                .iter()
                .chain(std::iter::once(&key))
                .map(|p| p.display().to_string())
                .collect();
            out.diagnostics.push(
                sources
                    .at(f, span, "include-cycle", format!("include cycle: {}", chain.join(" → ")))
                    .hint("remove one of the includes; a file may not include itself, even indirectly"),
            );
        }
        return;
    }
    if seen.contains(&key) {
        return;
    }
    seen.push(key.clone());
    let text = match files.read(path) {
        Ok(t) => t,
        Err(e) => {
            let d = match from {
                Some((f, span)) => sources
                    .at(
                        f,
                        span,
                        "missing-file",
                        format!("cannot read included file `{}`: {e}", path.display()),
                    )
                    .hint("include paths are relative to the file that includes them"),
                None => Diagnostic::file(
                    &path.display().to_string(),
                    "missing-file",
                    format!("cannot read the scenario: {e}"),
                )
                .hint("give a scenario file, or a folder holding scenario.toml"),
            };
            out.diagnostics.push(d);
            return;
        }
    };
    let file = sources.add(path.display().to_string(), text);
    let raw: RawFile = match toml::from_str(sources.text(file)) {
        Ok(r) => r,
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            let msg = e.message().trim().to_string();
            let (code, hint) = toml_code(&msg);
            out.diagnostics
                .push(sources.at(file, span, code, msg).maybe_hint(hint));
            return;
        }
    };
    let includes: Vec<(String, std::ops::Range<usize>)> = raw
        .scenario
        .as_ref()
        .map(|s| {
            s.include
                .iter()
                .map(|i| (i.value.clone(), i.span.clone()))
                .collect()
        })
        .unwrap_or_default();
    stack.push(key);
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    out.parsed.push(Parsed {
        file,
        path: path.to_path_buf(),
        raw,
    });
    for (inc, span) in includes {
        read_one(
            &dir.join(&inc),
            Some((file, span)),
            files,
            sources,
            out,
            seen,
            stack,
        );
    }
    stack.pop();
}
