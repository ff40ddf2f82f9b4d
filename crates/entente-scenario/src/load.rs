//! Reading a scenario: entry files, `include`s (relative to the including file, cycles refused),
//! TOML into the raw document, and the CSV files the raw document names. The file system is
//! behind the `Files` trait so that the bundled scenario, compiled into the binary, is read the
//! same way as files on disk.
//!
//! Scenario files are untrusted input. A scenario's root is the folder of its entry file: an
//! include or CSV path that is absolute, or leads outside the root (by `..` or, on disk, by a
//! symbolic link), is refused with a diagnostic at the path, before anything is opened. Only
//! regular files are read (never a device, a FIFO or a socket), each with a size cap enforced
//! while reading, and text must be UTF-8. A refused file's contents are never echoed.

use std::io::Read as _;
use std::path::{Component, Path, PathBuf};

use crate::diag::{Diagnostic, FileId, SourceMap};
use crate::raw::RawFile;

/// Why a file could not be read, by kind, so each kind gets its own diagnostic code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// No such file (or it cannot be opened); the text says why.
    Missing(String),
    /// The path names a directory, device, FIFO or socket rather than a regular file.
    NotAFile(&'static str),
    /// The file is larger than [`MAX_FILE_BYTES`].
    TooLarge,
    /// The file is not UTF-8 text; the offset of the first invalid byte.
    NotUtf8(usize),
}

impl ReadError {
    /// The stable diagnostic code of this kind of failure.
    pub fn code(&self) -> &'static str {
        match self {
            ReadError::Missing(_) => "missing-file",
            ReadError::NotAFile(_) => "not-a-file",
            ReadError::TooLarge => "file-too-large",
            ReadError::NotUtf8(_) => "not-utf8",
        }
    }
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Missing(e) => f.write_str(e),
            ReadError::NotAFile(what) => write!(f, "it is {what}, not a regular file"),
            ReadError::TooLarge => write!(
                f,
                "the file is larger than {MAX_FILE_BYTES} bytes; scenario files may be at most {MAX_FILE_BYTES} bytes"
            ),
            ReadError::NotUtf8(at) => {
                write!(
                    f,
                    "the file is not UTF-8 text (invalid byte at offset {at})"
                )
            }
        }
    }
}

/// Where scenario files come from.
pub trait Files {
    /// The text of a file, or why it cannot be read.
    fn read(&self, path: &Path) -> Result<String, String>;
    /// Whether the path is a directory.
    fn is_dir(&self, path: &Path) -> bool;
    /// The text of a file, or why not, by kind. Providers that can tell the kinds apart (the
    /// disk) override it; by default every failure of [`Files::read`] counts as missing.
    fn fetch(&self, path: &Path) -> Result<String, ReadError> {
        self.read(path).map_err(ReadError::Missing)
    }
    /// The path with every symbolic link resolved, where the provider has links (the disk);
    /// `None` where it does not, or the path does not exist. Used to keep reads inside a root.
    fn real_path(&self, _path: &Path) -> Option<PathBuf> {
        None
    }
}

/// The real file system.
#[derive(Debug, Default, Clone, Copy)]
pub struct Disk;

/// Largest scenario or data file read, in bytes: larger inputs are refused with a diagnostic
/// rather than exhausting memory. Enforced while reading, whatever the file claims to be.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// What a non-regular file is, in words.
fn kind_of(t: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

fn open_regular(path: &Path) -> Result<std::fs::File, ReadError> {
    // Refuse anything but a regular file before opening it: opening a FIFO for reading blocks
    // until a writer comes.
    let meta = std::fs::metadata(path).map_err(|e| ReadError::Missing(e.to_string()))?;
    if !meta.file_type().is_file() {
        return Err(ReadError::NotAFile(kind_of(meta.file_type())));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        // O_NONBLOCK: should the path have become a FIFO since, opening it does not wait.
        options.custom_flags(0o4000);
    }
    let file = options
        .open(path)
        .map_err(|e| ReadError::Missing(e.to_string()))?;
    // Check again what was actually opened.
    let meta = file
        .metadata()
        .map_err(|e| ReadError::Missing(e.to_string()))?;
    if !meta.file_type().is_file() {
        return Err(ReadError::NotAFile(kind_of(meta.file_type())));
    }
    Ok(file)
}

impl Files for Disk {
    fn read(&self, path: &Path) -> Result<String, String> {
        self.fetch(path).map_err(|e| e.to_string())
    }
    fn fetch(&self, path: &Path) -> Result<String, ReadError> {
        let file = open_regular(path)?;
        let mut bytes = Vec::new();
        file.take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| ReadError::Missing(e.to_string()))?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(ReadError::TooLarge);
        }
        String::from_utf8(bytes).map_err(|e| ReadError::NotUtf8(e.utf8_error().valid_up_to()))
    }
    fn is_dir(&self, path: &Path) -> bool {
        path.is_dir()
    }
    fn real_path(&self, path: &Path) -> Option<PathBuf> {
        std::fs::canonicalize(path).ok()
    }
}

/// Why a path named in a scenario (an include, a CSV file) in a file of folder `dir` may not be
/// read, given the scenario's root folder; `None` if it may.
pub fn outside_root(files: &dyn Files, root: &Path, dir: &Path, path: &str) -> Option<String> {
    let p = Path::new(path);
    if p.has_root() || p.components().any(|c| matches!(c, Component::Prefix(_))) {
        return Some(format!(
            "`{path}` is an absolute path; a scenario may only read files inside its own folder"
        ));
    }
    let target = normalise(&dir.join(p));
    let inside = target
        .strip_prefix(normalise(root))
        .is_ok_and(|rest| !matches!(rest.components().next(), Some(Component::ParentDir)));
    if !inside {
        return Some(format!(
            "`{path}` leads outside the scenario's folder; a scenario may only read files inside it"
        ));
    }
    // On disk, a symbolic link may still lead out: compare the real paths.
    let here = Path::new(".");
    let root = if root.as_os_str().is_empty() {
        here
    } else {
        root
    };
    if let (Some(real_root), Some(real)) = (files.real_path(root), files.real_path(&target)) {
        if !real.starts_with(&real_root) {
            return Some(format!(
                "`{path}` is a link to a file outside the scenario's folder; a scenario may only read files inside it"
            ));
        }
    }
    None
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
                // Only a named folder can be stepped out of: `../..` stays `../..`, and `/..`
                // is `/`.
                match out.components().next_back() {
                    Some(Component::Normal(_)) => {
                        out.pop();
                    }
                    Some(Component::RootDir | Component::Prefix(_)) => {}
                    _ => out.push(".."),
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
    /// The scenario's root folder (that of the entry file it was reached from): the files it
    /// names must lie inside.
    pub root: PathBuf,
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

/// Deepest chain of includes (a file including a file including ...).
pub const MAX_INCLUDE_DEPTH: usize = 64;

/// Most bytes one scenario may read over all its files (scenario and CSV): with the cap per
/// file, what bounds the memory a scenario can take.
pub const MAX_TOTAL_BYTES: usize = 256 * 1024 * 1024;

/// Most files (scenario and CSV) one scenario may read.
pub const MAX_FILES: usize = 4096;

/// The TOML reader's message in the format's own words: serde names the raw Rust types
/// (`expected struct RawMember`), which mean nothing to someone writing a scenario. Returns the
/// message and, for common mistakes, a hint saying what to write instead.
fn explain(msg: &str) -> (String, Option<String>) {
    if msg.contains("expected struct RawMember") {
        let id = msg
            .split('"')
            .nth(1)
            .filter(|_| msg.contains("invalid type: string"))
            .unwrap_or("ID");
        return (
            "each member is a table with an `id`, not a bare id".into(),
            Some(format!(
                "write `members = [{{ id = \"{id}\" }}]`, adding `status`, `joined` and `left` where known"
            )),
        );
    }
    let mut out = msg.to_string();
    while let Some(i) = out.find("struct Raw") {
        let rest = &out[i + "struct Raw".len()..];
        let end = rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        let name = rest[..end].to_lowercase();
        out = format!("{}a `{name}` table{}", &out[..i], &rest[end..]);
    }
    (out, None)
}

/// Read the entry files and everything they include.
pub fn read(entries: &[PathBuf], files: &dyn Files, sources: &mut SourceMap) -> Read {
    let mut out = Read::default();
    let mut seen = std::collections::BTreeSet::new();
    for entry in entries {
        let mut path = entry.clone();
        if files.is_dir(&path) {
            path = path.join("scenario.toml");
        }
        let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let mut walk = Walk {
            files,
            root: &root,
            sources: &mut *sources,
            out: &mut out,
            seen: &mut seen,
            stack: Vec::new(),
        };
        walk.file(&path, None);
    }
    out
}

/// One entry's walk through its includes.
struct Walk<'a> {
    files: &'a dyn Files,
    root: &'a Path,
    sources: &'a mut SourceMap,
    out: &'a mut Read,
    seen: &'a mut std::collections::BTreeSet<PathBuf>,
    stack: Vec<PathBuf>,
}

impl Walk<'_> {
    fn refuse(
        &mut self,
        file: FileId,
        span: std::ops::Range<usize>,
        code: &'static str,
        msg: String,
        hint: &str,
    ) {
        let d = self.sources.at(file, span, code, msg).hint(hint);
        self.out.diagnostics.push(d);
    }

    fn file(&mut self, path: &Path, from: Option<(FileId, std::ops::Range<usize>)>) {
        let key = normalise(path);
        if self.stack.contains(&key) {
            if let Some((f, span)) = from {
                let chain: Vec<String> = self
                    .stack
                    .iter()
                    .chain(std::iter::once(&key))
                    .map(|p| p.display().to_string())
                    .collect();
                self.refuse(
                    f,
                    span,
                    "include-cycle",
                    format!("include cycle: {}", chain.join(" → ")),
                    "remove one of the includes; a file may not include itself, even indirectly",
                );
            }
            return;
        }
        if self.seen.contains(&key) {
            return;
        }
        if let Some((f, span)) = &from {
            if self.stack.len() >= MAX_INCLUDE_DEPTH {
                self.refuse(
                    *f,
                    span.clone(),
                    "include-too-deep",
                    format!("includes are nested more than {MAX_INCLUDE_DEPTH} files deep"),
                    "include the files from the entry file rather than from each other",
                );
                return;
            }
            if self.sources.total_bytes() >= MAX_TOTAL_BYTES {
                self.refuse(
                    *f,
                    span.clone(),
                    "scenario-too-large",
                    format!("the scenario's files already hold {MAX_TOTAL_BYTES} bytes, the most one scenario may read"),
                    "split the scenario, or keep bulk data out of it",
                );
                return;
            }
            if self.seen.len() >= MAX_FILES {
                self.refuse(
                    *f,
                    span.clone(),
                    "too-many-files",
                    format!("the scenario reads more than {MAX_FILES} files"),
                    "join small files together",
                );
                return;
            }
        }
        self.seen.insert(key.clone());
        let text = match self.files.fetch(path) {
            Ok(t) => t,
            Err(e) => {
                let code = e.code();
                let d = match from {
                    Some((f, span)) => self
                        .sources
                        .at(
                            f,
                            span,
                            code,
                            format!("cannot read included file `{}`: {e}", path.display()),
                        )
                        .hint(match e {
                            ReadError::Missing(_) => {
                                "include paths are relative to the file that includes them"
                            }
                            ReadError::NotUtf8(_) => "save the file as UTF-8",
                            _ => "include a scenario file (TOML) inside the scenario's folder",
                        }),
                    None => Diagnostic::file(
                        &path.display().to_string(),
                        code,
                        format!("cannot read the scenario: {e}"),
                    )
                    .hint(match e {
                        ReadError::NotUtf8(_) => "save the file as UTF-8",
                        _ => "give a scenario file, or a folder holding scenario.toml",
                    }),
                };
                self.out.diagnostics.push(d);
                return;
            }
        };
        let file = self.sources.add(path.display().to_string(), text);
        let raw: RawFile = match toml::from_str(self.sources.text(file)) {
            Ok(r) => r,
            Err(e) => {
                let span = e.span().unwrap_or(0..0);
                let msg = e.message().trim().to_string();
                let (code, hint) = toml_code(&msg);
                let (msg, better) = explain(&msg);
                let d = self
                    .sources
                    .at(file, span, code, msg)
                    .maybe_hint(better.or(hint));
                self.out.diagnostics.push(d);
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
        self.stack.push(key);
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        self.out.parsed.push(Parsed {
            file,
            path: path.to_path_buf(),
            raw,
            root: self.root.to_path_buf(),
        });
        for (inc, span) in includes {
            if let Some(why) = outside_root(self.files, self.root, &dir, &inc) {
                self.refuse(
                    file,
                    span,
                    "include-outside-root",
                    why,
                    "copy the file into the scenario's folder and include it by a relative path",
                );
                continue;
            }
            // Only scenario files are included: a diagnostic about any other file (a CSV, a
            // note) would echo a line of it.
            if Path::new(&inc).extension().is_none_or(|e| e != "toml") {
                self.refuse(
                    file,
                    span,
                    "include-not-toml",
                    format!("`{inc}` is not a scenario file (`.toml`)"),
                    "include scenario files only; CSV files are named by `[[actors_csv]]` or `members_csv`",
                );
                continue;
            }
            // Open the path as checked: `sub/../a.toml` is `a.toml`, whether or not `sub` exists.
            self.file(&normalise(&dir.join(&inc)), Some((file, span)));
        }
        self.stack.pop();
    }
}
