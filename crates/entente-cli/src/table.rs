//! Tables for a person at a terminal: they fit the terminal's width (120 columns when the output
//! is not a terminal), long texts such as sources become numbered notes under the table, and
//! `--wide` puts every row on one line. Colour is used only on a terminal, and never when
//! `NO_COLOR` is set.

use std::io::IsTerminal;
use std::sync::OnceLock;

use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};

/// How tables are laid out for this run.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    /// Every row on one line, whatever the width.
    pub wide: bool,
    /// The width tables must fit in.
    pub width: u16,
    /// Whether to colour the output.
    pub color: bool,
}

static LAYOUT: OnceLock<Layout> = OnceLock::new();

/// Texts longer than this become numbered notes.
const NOTE_AFTER: usize = 40;

/// Set the layout once, from the global flags and the environment.
pub fn init(wide: bool) {
    let stdout = std::io::stdout();
    let tty = stdout.is_terminal();
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse::<u16>().ok())
        .filter(|w| *w >= 40)
        .unwrap_or(120);
    let color = tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let _ = LAYOUT.set(Layout { wide, width, color });
}

/// The layout of this run (defaults when `init` was not called, as in tests).
pub fn layout() -> Layout {
    *LAYOUT.get_or_init(|| Layout {
        wide: false,
        width: 120,
        color: false,
    })
}

/// A new table with a header, laid out for this run.
pub fn table<I, T>(header: I) -> Table
where
    I: IntoIterator<Item = T>,
    T: Into<comfy_table::Cell>,
{
    let l = layout();
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED);
    if l.wide {
        t.set_content_arrangement(ContentArrangement::Disabled);
    } else {
        t.set_content_arrangement(ContentArrangement::Dynamic);
        t.set_width(l.width);
    }
    if !l.color {
        t.force_no_tty();
    }
    t.set_header(header);
    t
}

/// Numbered notes under a table, for texts too long to sit in a cell (sources, long notes).
#[derive(Debug, Default)]
pub struct Notes {
    items: Vec<String>,
}

impl Notes {
    /// A new, empty set of notes.
    pub fn new() -> Self {
        Self::default()
    }

    /// The text itself when it is short (or with `--wide`), else a reference `[n]` to a note.
    /// The same text cited twice gets the same number.
    pub fn cite(&mut self, text: &str) -> String {
        if text.is_empty() || text.chars().count() <= NOTE_AFTER || layout().wide {
            return text.to_string();
        }
        let n = match self.items.iter().position(|t| t == text) {
            Some(i) => i + 1,
            None => {
                self.items.push(text.to_string());
                self.items.len()
            }
        };
        format!("[{n}]")
    }

    /// The notes as lines, ready to print under the table.
    pub fn lines(&self) -> Vec<String> {
        self.items
            .iter()
            .enumerate()
            .map(|(i, t)| format!("[{}] {}", i + 1, t))
            .collect()
    }

    /// Print the notes (nothing when there are none).
    pub fn print(&self) {
        for l in self.lines() {
            println!("{l}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_texts_become_numbered_notes_and_repeat_their_number() {
        let mut n = Notes::new();
        let long = "North Atlantic Treaty (1949), Art. 5, as read by the Council in 2001";
        assert_eq!(n.cite("Art. 5"), "Art. 5");
        assert_eq!(n.cite(long), "[1]");
        assert_eq!(
            n.cite("another source that is also far too long for one cell"),
            "[2]"
        );
        assert_eq!(n.cite(long), "[1]");
        assert_eq!(n.lines().len(), 2);
    }

    #[test]
    fn a_table_fits_120_columns() {
        let mut t = table(["id", "source"]);
        t.add_row(["POL", &"a very long text ".repeat(30)]);
        for line in t.to_string().lines() {
            assert!(line.chars().count() <= 120, "{line}");
        }
    }
}
