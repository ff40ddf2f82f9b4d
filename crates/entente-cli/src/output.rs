//! Output plumbing shared by every subcommand: the `--format` choice, exit codes, and helpers to
//! print JSON and CSV. Subcommands format engine answers; engines never print.

use std::io::Write;

use clap::ValueEnum;

/// Exit codes that scripts can rely on.
pub mod exit {
    /// Success; for `check`, a clean scenario.
    pub const OK: u8 = 0;
    /// Problems found in the scenario (or in another input file).
    pub const PROBLEMS: u8 = 1;
    /// Usage error: bad flags, unreadable paths, a query that names nothing.
    pub const USAGE: u8 = 2;
}

/// How a subcommand prints its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    /// A human-readable table (the default).
    #[default]
    Table,
    /// Machine-readable JSON on stdout.
    Json,
    /// Comma-separated values on stdout.
    Csv,
}

/// Print an answer's warnings (what it assumes beyond the scenario's data) on standard error,
/// one `warning: …` line each, whatever the format: the answer itself stays on standard output.
pub fn warnings(w: &[String]) {
    for m in w {
        eprintln!("warning: {m}");
    }
}

/// Print a serialisable value as pretty JSON followed by a newline.
pub fn print_json<T: serde::Serialize + ?Sized>(value: &T) -> anyhow::Result<()> {
    let mut out = Out;
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    out.flush()?;
    Ok(())
}

/// Standard output for every command: a failed write never returns an error to a caller that
/// might turn it into a panic or a misleading message; it ends the process as
/// [`write_failed`] says.
#[derive(Debug, Clone, Copy, Default)]
pub struct Out;

/// The file named by `--output`, when one is: every command's output goes there instead.
static FILE: std::sync::OnceLock<std::sync::Mutex<std::fs::File>> = std::sync::OnceLock::new();

/// Send the output of this run to a file (created, or truncated).
pub fn to_file(path: &std::path::Path) -> std::io::Result<()> {
    let f = std::fs::File::create(path)?;
    let _ = FILE.set(std::sync::Mutex::new(f));
    Ok(())
}

/// Whether standard output is a terminal (asked once).
fn to_terminal() -> bool {
    static TTY: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *TTY.get_or_init(|| std::io::IsTerminal::is_terminal(&std::io::stdout()))
}

/// Text from a scenario may hold control characters (an escape sequence in an id or a name):
/// on a terminal they are shown as `\x1b`, never obeyed. Line breaks and tabs stay.
fn defang(buf: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    let bad = |b: u8| (b < 0x20 && !matches!(b, b'\n' | b'\t' | b'\r')) || b == 0x7f;
    if !buf.iter().any(|&b| bad(b)) {
        return std::borrow::Cow::Borrowed(buf);
    }
    let mut out = Vec::with_capacity(buf.len() + 8);
    for &b in buf {
        if bad(b) {
            out.extend_from_slice(format!("\\x{b:02x}").as_bytes());
        } else {
            out.push(b);
        }
    }
    std::borrow::Cow::Owned(out)
}

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let r = match FILE.get() {
            Some(f) => match f.lock() {
                Ok(mut f) => f.write(buf),
                Err(_) => Err(std::io::Error::other("the output file is unusable")),
            },
            None if to_terminal() => {
                // Written whole: the caller is told the length it gave.
                std::io::stdout()
                    .lock()
                    .write_all(&defang(buf))
                    .map(|()| buf.len())
            }
            None => std::io::stdout().lock().write(buf),
        };
        match r {
            Ok(n) => Ok(n),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => Ok(0),
            Err(e) => write_failed(&e),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let r = match FILE.get() {
            Some(f) => match f.lock() {
                Ok(mut f) => f.flush(),
                Err(_) => Err(std::io::Error::other("the output file is unusable")),
            },
            None => std::io::stdout().lock().flush(),
        };
        match r {
            Ok(()) => Ok(()),
            Err(e) => write_failed(&e),
        }
    }
}

/// A CSV writer on standard output.
pub fn csv_out() -> csv::Writer<Out> {
    csv::Writer::from_writer(Out)
}

/// What to do when standard output cannot be written: a reader that closed the pipe (`entente
/// check | head -1`) ends the output quietly with success, as a pipeline expects; any other
/// failure (a full disk, a closed terminal) is an error with exit code 1. Never a panic.
pub fn write_failed(e: &std::io::Error) -> ! {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(i32::from(exit::OK));
    }
    eprintln!("error: cannot write the output: {e}");
    std::process::exit(i32::from(exit::PROBLEMS));
}

/// The kind of I/O failure behind an error chain, if writing (or reading) caused it.
pub fn io_cause(e: &anyhow::Error) -> Option<std::io::ErrorKind> {
    e.chain().find_map(|c| {
        if let Some(io) = c.downcast_ref::<std::io::Error>() {
            return Some(io.kind());
        }
        if let Some(ce) = c.downcast_ref::<csv::Error>()
            && let csv::ErrorKind::Io(io) = ce.kind()
        {
            return Some(io.kind());
        }
        c.downcast_ref::<serde_json::Error>()
            .and_then(serde_json::Error::io_error_kind)
    })
}

/// `print!` to standard output without panicking on a closed pipe or a full disk.
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let mut o = $crate::output::Out;
        let _ = write!(o, $($arg)*);
    }};
}

/// `println!` to standard output without panicking on a closed pipe or a full disk.
#[macro_export]
macro_rules! outln {
    () => { $crate::outln!("") };
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let mut o = $crate::output::Out;
        let _ = writeln!(o, $($arg)*);
        let _ = o.flush();
    }};
}

#[cfg(test)]
mod tests {
    use super::defang;

    /// Regression: ANSI escapes in an id were echoed raw to the terminal.
    #[test]
    fn control_characters_are_shown_not_obeyed() {
        assert_eq!(&*defang(b"POL\n"), b"POL\n");
        assert_eq!(&*defang(b"\x1b[31mRED\x1b[0m"), b"\\x1b[31mRED\\x1b[0m");
        assert_eq!(&*defang(b"a\tb\x07"), b"a\tb\\x07");
    }
}
