//! The formula reader, in the syntax of R's `Formula` package as `games` uses it:
//! `y1 + y2 ~ x1 + x2 | 0 | x3 | z1 + z2`: one or two outcome columns on the left, then one
//! right-hand side per utility equation, separated by `|`. A right-hand side is a sum of column
//! names (plain, or in backquotes), with `1` (keep the intercept, the default), `0` or `- 1`
//! (drop it); an equation of `0` alone is fixed at zero. Interactions, transformations and
//! other operators are refused with the position of the first character not understood.

use crate::error::{Error, ErrorKind};

/// The longest formula accepted, in bytes.
pub const MAX_FORMULA: usize = 10_000;

/// A name in the formula and where it starts (1-based character position).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// The column name.
    pub name: String,
    /// Its position in the formula (1-based, in characters).
    pub at: usize,
}

/// One right-hand side: an intercept or not, and the columns, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Equation {
    /// Whether the equation has an intercept.
    pub intercept: bool,
    /// The columns, in the order written (each once).
    pub terms: Vec<Name>,
}

/// A parsed formula.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Formula {
    /// The outcome columns on the left of `~`.
    pub outcome: Vec<Name>,
    /// The right-hand sides, in order.
    pub equations: Vec<Equation>,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Name(String),
    Num(String),
    Plus,
    Minus,
    Tilde,
    Bar,
}

fn err(at: usize, msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::Formula, msg)
        .in_file("formula")
        .at(1)
        .at_column(at)
}

fn lex(text: &str) -> Result<Vec<(Tok, usize)>, Error> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let at = i + 1;
        match c {
            c if c.is_whitespace() => i += 1,
            '+' => {
                out.push((Tok::Plus, at));
                i += 1;
            }
            '-' => {
                out.push((Tok::Minus, at));
                i += 1;
            }
            '~' => {
                out.push((Tok::Tilde, at));
                i += 1;
            }
            '|' => {
                out.push((Tok::Bar, at));
                i += 1;
            }
            '`' => {
                let start = i + 1;
                let mut j = start;
                while j < chars.len() && chars[j] != '`' {
                    j += 1;
                }
                if j >= chars.len() {
                    return Err(err(at, "a backquoted name is not closed")
                        .with_hint("close the name with a backquote: `my column`"));
                }
                let name: String = chars[start..j].iter().collect();
                if name.is_empty() {
                    return Err(err(at, "an empty backquoted name"));
                }
                out.push((Tok::Name(name), at));
                i = j + 1;
            }
            c if c.is_ascii_digit() => {
                let mut j = i;
                while j < chars.len() && (chars[j].is_ascii_alphanumeric() || chars[j] == '.') {
                    j += 1;
                }
                out.push((Tok::Num(chars[i..j].iter().collect()), at));
                i = j;
            }
            c if c.is_alphabetic() || c == '.' || c == '_' => {
                let mut j = i;
                while j < chars.len()
                    && (chars[j].is_alphanumeric() || chars[j] == '.' || chars[j] == '_')
                {
                    j += 1;
                }
                out.push((Tok::Name(chars[i..j].iter().collect()), at));
                i = j;
            }
            ':' | '*' | '^' | '(' | ')' | '/' | '%' => {
                return Err(err(
                    at,
                    format!("`{c}` is not supported: only sums of columns are"),
                )
                .with_hint(
                    "make a column of the data for an interaction or a transformation, and name it",
                ));
            }
            other => {
                return Err(err(at, format!("unexpected character {other:?}"))
                    .with_hint("write e.g. esc + war ~ x1 + x2 | 0 | x3 | z1 + z2"));
            }
        }
    }
    Ok(out)
}

/// Parse a formula.
pub fn parse(text: &str) -> Result<Formula, Error> {
    if text.len() > MAX_FORMULA {
        return Err(err(
            1,
            format!("the formula is longer than {MAX_FORMULA} bytes"),
        ));
    }
    let toks = lex(text)?;
    let end = text.chars().count() + 1;
    let Some(tilde) = toks.iter().position(|(t, _)| *t == Tok::Tilde) else {
        return Err(err(end, "no `~` separates the outcome from the equations")
            .with_hint("write e.g. esc + war ~ x1 + x2 | 0 | x3 | z1 + z2"));
    };
    if let Some((_, at)) = toks[tilde + 1..].iter().find(|(t, _)| *t == Tok::Tilde) {
        return Err(err(*at, "a second `~`"));
    }
    // The outcome: names joined by `+`.
    let mut outcome = Vec::new();
    let mut want_name = true;
    for (t, at) in &toks[..tilde] {
        match (t, want_name) {
            (Tok::Name(n), true) => {
                outcome.push(Name {
                    name: n.clone(),
                    at: *at,
                });
                want_name = false;
            }
            (Tok::Plus, false) => want_name = true,
            _ => {
                return Err(err(*at, "the outcome is one column, or two joined by `+`")
                    .with_hint("write e.g. esc + war ~ ..."));
            }
        }
    }
    let tilde_at = toks[tilde].1;
    if outcome.is_empty() || want_name {
        return Err(
            err(tilde_at, "no outcome column before `~`").with_hint("write e.g. esc + war ~ ...")
        );
    }
    // The equations, split at `|`.
    let mut equations = Vec::new();
    let mut rest = &toks[tilde + 1..];
    loop {
        let cut = rest.iter().position(|(t, _)| *t == Tok::Bar);
        let (part, next) = match cut {
            Some(k) => (&rest[..k], Some(k)),
            None => (rest, None),
        };
        let here = next.map_or(end, |k| rest[k].1);
        equations.push(equation(part, here)?);
        match next {
            Some(k) => rest = &rest[k + 1..],
            None => break,
        }
    }
    Ok(Formula { outcome, equations })
}

fn equation(toks: &[(Tok, usize)], here: usize) -> Result<Equation, Error> {
    if toks.is_empty() {
        return Err(err(here, "an empty equation")
            .with_hint("write 0 for a utility fixed at zero, 1 for a constant only"));
    }
    let mut eq = Equation {
        intercept: true,
        terms: Vec::new(),
    };
    let mut expect_term = true;
    let mut plus = true;
    let mut first = true;
    for (t, at) in toks {
        match t {
            Tok::Plus | Tok::Minus => {
                let minus = matches!(t, Tok::Minus);
                if expect_term {
                    if !(first && minus) {
                        return Err(err(*at, "an operator where a term is due"));
                    }
                } else {
                    expect_term = true;
                }
                plus = !minus;
                first = false;
            }
            Tok::Num(n) => {
                if !expect_term {
                    return Err(err(*at, "a `+` is missing before this term"));
                }
                match n.as_str() {
                    "0" => eq.intercept = false,
                    "1" => eq.intercept = plus,
                    other => {
                        return Err(err(*at, format!("`{other}` is not a term")).with_hint(
                            "only 0 and 1 may stand as numbers: no intercept, intercept",
                        ));
                    }
                }
                expect_term = false;
                first = false;
            }
            Tok::Name(n) => {
                if !expect_term {
                    return Err(err(*at, "a `+` is missing before this column"));
                }
                if !plus {
                    return Err(err(*at, "removing a column with `-` is not supported")
                        .with_hint("leave the column out of the equation"));
                }
                if !eq.terms.iter().any(|t| &t.name == n) {
                    eq.terms.push(Name {
                        name: n.clone(),
                        at: *at,
                    });
                }
                expect_term = false;
                first = false;
            }
            Tok::Tilde | Tok::Bar => return Err(err(*at, "unexpected separator")),
        }
    }
    if expect_term {
        let at = toks.last().map_or(here, |(_, a)| *a);
        return Err(err(at, "the equation ends with an operator"));
    }
    Ok(eq)
}
