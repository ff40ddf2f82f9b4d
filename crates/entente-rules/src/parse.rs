//! Lexer and recursive-descent parser of the rule language.
//!
//! Grammar (lowest precedence first):
//! ```text
//! rule    := and ('or' and)*
//! and     := unary ('and' unary)*
//! unary   := 'not' unary | atom
//! atom    := '(' rule ')' | 'veto' '(' ID (',' ID)* ')' | 'consensus' | 'unanimity'
//!          | quantity op value
//! quantity:= ('yes' | 'no' | 'abstain' | 'absent') ('.' ATTRIBUTE)?
//! op      := '==' | '!=' | '>=' | '<=' | '>' | '<'
//! value   := NUMBER | NUMBER '%' | NUMBER '/' NUMBER | 'all'
//! ```
//! `consensus` is shorthand for `no == 0` and `unanimity` for `yes == all`.
//!
//! Chains of `and`/`or` are read in a loop into one n-ary node, so their length is free; nesting
//! (parentheses and `not`) is limited to `MAX_DEPTH` levels and refused beyond with a located
//! error, so no input can exhaust the stack.

use crate::ast::{CmpOp, Comparison, Ident, MAX_DEPTH, Quantity, Rule, Side, Span, Value};

/// Why a rule could not be read, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// The offending bytes of the rule text.
    pub span: Span,
    /// What went wrong.
    pub message: String,
    /// What would have been accepted here.
    pub expected: String,
    /// A suggestion for the fix, where one can be made.
    pub hint: Option<String>,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} at column {}; expected {}",
            self.message,
            self.span.start + 1,
            self.expected
        )?;
        if let Some(h) = &self.hint {
            write!(f, " (hint: {h})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ParseError {}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Number(f64),
    Percent,
    Slash,
    LParen,
    RParen,
    Comma,
    Dot,
    Op(CmpOp),
    End,
}

fn describe(t: &Tok) -> String {
    match t {
        Tok::Word(w) => format!("`{w}`"),
        Tok::Number(n) => format!("the number `{n}`"),
        Tok::Percent => "`%`".into(),
        Tok::Slash => "`/`".into(),
        Tok::LParen => "`(`".into(),
        Tok::RParen => "`)`".into(),
        Tok::Comma => "`,`".into(),
        Tok::Dot => "`.`".into(),
        Tok::Op(o) => format!("`{}`", o.as_str()),
        Tok::End => "the end of the rule".into(),
    }
}

fn lex(src: &str) -> Result<Vec<(Tok, Span)>, ParseError> {
    let b = src.as_bytes();
    let mut i = 0;
    let mut out = Vec::new();
    while i < b.len() {
        let c = b[i];
        let start = i;
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let single = |t: Tok| {
            (
                t,
                Span {
                    start,
                    end: start + 1,
                },
            )
        };
        match c {
            b'(' => out.push(single(Tok::LParen)),
            b')' => out.push(single(Tok::RParen)),
            b',' => out.push(single(Tok::Comma)),
            b'.' => out.push(single(Tok::Dot)),
            b'%' => out.push(single(Tok::Percent)),
            b'/' => out.push(single(Tok::Slash)),
            b'=' | b'!' | b'>' | b'<' => {
                let next = b.get(i + 1).copied();
                let (op, len) = match (c, next) {
                    (b'=', Some(b'=')) => (CmpOp::Eq, 2),
                    (b'!', Some(b'=')) => (CmpOp::Ne, 2),
                    (b'>', Some(b'=')) => (CmpOp::Ge, 2),
                    (b'<', Some(b'=')) => (CmpOp::Le, 2),
                    (b'>', _) => (CmpOp::Gt, 1),
                    (b'<', _) => (CmpOp::Lt, 1),
                    (b'=', _) => {
                        return Err(ParseError {
                            span: Span {
                                start,
                                end: start + 1,
                            },
                            message: "a single `=` is not an operator".into(),
                            expected: "a comparison operator".into(),
                            hint: Some("write `==` to compare".into()),
                        });
                    }
                    _ => {
                        return Err(ParseError {
                            span: Span {
                                start,
                                end: start + 1,
                            },
                            message: "`!` on its own is not an operator".into(),
                            expected: "a comparison operator".into(),
                            hint: Some("write `!=`, or `not` to negate a rule".into()),
                        });
                    }
                };
                i += len;
                out.push((Tok::Op(op), Span { start, end: i }));
                continue;
            }
            b'0'..=b'9' => {
                while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
                    i += 1;
                }
                if i + 1 < b.len() && b[i] == b'.' && b[i + 1].is_ascii_digit() {
                    i += 1;
                    while i < b.len() && b[i].is_ascii_digit() {
                        i += 1;
                    }
                }
                let text: String = src[start..i].chars().filter(|&c| c != '_').collect();
                let span = Span { start, end: i };
                let n: f64 = text.parse().map_err(|_| ParseError {
                    span,
                    message: format!("`{}` is not a number", &src[start..i]),
                    expected: "a number".into(),
                    hint: None,
                })?;
                if !n.is_finite() || n > 1e15 {
                    return Err(ParseError {
                        span,
                        message: format!("`{}` is too large", &src[start..i]),
                        expected: "a number below 10^15".into(),
                        hint: None,
                    });
                }
                out.push((Tok::Number(n), span));
                continue;
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'-')
                {
                    i += 1;
                }
                out.push((Tok::Word(src[start..i].to_string()), Span { start, end: i }));
                continue;
            }
            _ => {
                let ch = src[start..].chars().next().unwrap_or('?');
                let hint = match ch {
                    '&' => Some("write `and`".to_string()),
                    '|' => Some("write `or`".to_string()),
                    _ => None,
                };
                return Err(ParseError {
                    span: Span {
                        start,
                        end: start + ch.len_utf8(),
                    },
                    message: format!("unexpected character `{ch}`"),
                    expected: "a vote count, `veto(...)`, `not`, `(`".into(),
                    hint,
                });
            }
        }
        i += 1;
    }
    out.push((
        Tok::End,
        Span {
            start: src.len(),
            end: src.len(),
        },
    ));
    Ok(out)
}

struct Parser {
    toks: Vec<(Tok, Span)>,
    pos: usize,
    depth: usize,
}

/// Parse a rule. Every byte of `src` must belong to the rule.
pub fn parse(src: &str) -> Result<Rule, ParseError> {
    let toks = lex(src)?;
    let mut p = Parser {
        toks,
        pos: 0,
        depth: 0,
    };
    if p.peek() == &Tok::End {
        return Err(ParseError {
            span: Span {
                start: 0,
                end: src.len(),
            },
            message: "the rule is empty".into(),
            expected: "a rule such as `no == 0` or `yes >= 55%`".into(),
            hint: None,
        });
    }
    let rule = p.or()?;
    if p.peek() != &Tok::End {
        let (t, span) = p.toks[p.pos].clone();
        let hint = match &t {
            Tok::Word(w) if w.eq_ignore_ascii_case("and") || w.eq_ignore_ascii_case("or") => {
                Some("keywords are written in lower case".to_string())
            }
            Tok::RParen => Some("this `)` has no matching `(`".to_string()),
            _ => None,
        };
        return Err(ParseError {
            span,
            message: format!("unexpected {}", describe(&t)),
            expected: "`and`, `or` or the end of the rule".into(),
            hint,
        });
    }
    Ok(rule)
}

const KEYWORDS: &[&str] = &[
    "and",
    "or",
    "not",
    "yes",
    "no",
    "abstain",
    "absent",
    "all",
    "veto",
    "consensus",
    "unanimity",
];

impl Parser {
    fn peek(&self) -> &Tok {
        &self.toks[self.pos].0
    }
    fn bump(&mut self) -> (Tok, Span) {
        let t = self.toks[self.pos].clone();
        if self.pos + 1 < self.toks.len() {
            self.pos += 1;
        }
        t
    }
    fn is_word(&self, w: &str) -> bool {
        matches!(self.peek(), Tok::Word(x) if x == w)
    }
    fn err(&self, expected: &str, hint: Option<String>) -> ParseError {
        let (t, span) = &self.toks[self.pos];
        ParseError {
            span: *span,
            message: format!("unexpected {}", describe(t)),
            expected: expected.into(),
            hint,
        }
    }

    fn or(&mut self) -> Result<Rule, ParseError> {
        let first = self.and()?;
        if !self.is_word("or") {
            return Ok(first);
        }
        let mut xs = vec![first];
        while self.is_word("or") {
            self.bump();
            xs.push(self.and()?);
        }
        let span = xs[0].span().to(xs[xs.len() - 1].span());
        Ok(Rule::Or(xs, span))
    }

    fn and(&mut self) -> Result<Rule, ParseError> {
        let first = self.unary()?;
        if !self.is_word("and") {
            return Ok(first);
        }
        let mut xs = vec![first];
        while self.is_word("and") {
            self.bump();
            xs.push(self.unary()?);
        }
        let span = xs[0].span().to(xs[xs.len() - 1].span());
        Ok(Rule::And(xs, span))
    }

    /// One more level of nesting, refused past `MAX_DEPTH` at the token that opens it.
    fn enter(&mut self) -> Result<(), ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            let (_, span) = &self.toks[self.pos];
            return Err(ParseError {
                span: *span,
                message: format!(
                    "the rule is nested too deeply (more than {MAX_DEPTH} levels of parentheses and `not`)"
                ),
                expected: "a rule with fewer nested parentheses".into(),
                hint: Some(
                    "remove redundant parentheses; `not not r` is `r`, and a chain such as `a and b and c` needs none"
                        .into(),
                ),
            });
        }
        Ok(())
    }

    fn unary(&mut self) -> Result<Rule, ParseError> {
        if self.is_word("not") {
            self.enter()?;
            let (_, start) = self.bump();
            let inner = self.unary()?;
            self.depth -= 1;
            let span = start.to(inner.span());
            return Ok(Rule::Not(Box::new(inner), span));
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Rule, ParseError> {
        const EXPECTED: &str =
            "`yes`, `no`, `abstain`, `absent`, `veto(...)`, `not`, `consensus`, `unanimity` or `(`";
        match self.peek().clone() {
            Tok::LParen => {
                self.enter()?;
                self.bump();
                let inner = self.or()?;
                if self.peek() != &Tok::RParen {
                    return Err(self.err("`)` to close the parenthesis", None));
                }
                self.bump();
                self.depth -= 1;
                Ok(inner)
            }
            Tok::Word(w) => match w.as_str() {
                "veto" => self.veto(),
                "consensus" | "unanimity" => {
                    let (_, span) = self.bump();
                    let (side, value) = if w == "consensus" {
                        (Side::No, Value::Number(0.0))
                    } else {
                        (Side::Yes, Value::All)
                    };
                    let op = CmpOp::Eq;
                    let quantity = Quantity {
                        side,
                        attribute: None,
                        span,
                    };
                    Ok(Rule::Compare(Comparison {
                        quantity,
                        op,
                        value,
                        span,
                    }))
                }
                "yes" | "no" | "abstain" | "absent" => self.comparison(),
                other => {
                    let lower = other.to_ascii_lowercase();
                    let hint = if KEYWORDS.contains(&lower.as_str()) {
                        Some(format!("keywords are written in lower case: `{lower}`"))
                    } else if ["yea", "aye", "for", "in_favour"].contains(&lower.as_str()) {
                        Some("count votes with `yes`".into())
                    } else if ["nay", "against"].contains(&lower.as_str()) {
                        Some("count votes with `no`".into())
                    } else {
                        Some("a comparison starts with the votes it counts, e.g. `yes >= 9`".into())
                    };
                    Err(self.err(EXPECTED, hint))
                }
            },
            _ => Err(self.err(EXPECTED, None)),
        }
    }

    fn veto(&mut self) -> Result<Rule, ParseError> {
        let (_, start) = self.bump();
        if self.peek() != &Tok::LParen {
            return Err(self.err(
                "`(` and the veto holders' ids",
                Some("e.g. `veto(USA, GBR)`".into()),
            ));
        }
        self.bump();
        let mut ids = Vec::new();
        loop {
            match self.peek().clone() {
                Tok::Word(name) => {
                    let (_, span) = self.bump();
                    ids.push(Ident { name, span });
                }
                _ => return Err(self.err("a member id", Some("e.g. `veto(USA, GBR)`".into()))),
            }
            match self.peek() {
                Tok::Comma => {
                    self.bump();
                }
                Tok::RParen => {
                    let (_, end) = self.bump();
                    return Ok(Rule::Veto(ids, start.to(end)));
                }
                _ => return Err(self.err("`,` or `)`", None)),
            }
        }
    }

    fn comparison(&mut self) -> Result<Rule, ParseError> {
        let (tok, start) = self.bump();
        let side = match tok {
            Tok::Word(w) => match w.as_str() {
                "yes" => Side::Yes,
                "no" => Side::No,
                "abstain" => Side::Abstain,
                _ => Side::Absent,
            },
            _ => unreachable!("comparison() is only called on a side keyword"),
        };
        let mut qspan = start;
        let mut attribute = None;
        if self.peek() == &Tok::Dot {
            self.bump();
            match self.peek().clone() {
                Tok::Word(name) if is_attribute_name(&name) => {
                    let (_, span) = self.bump();
                    qspan = qspan.to(span);
                    attribute = Some(Ident { name, span });
                }
                _ => {
                    return Err(self.err(
                        "an attribute name (lower case, digits, `_`)",
                        Some("e.g. `yes.population`".into()),
                    ));
                }
            }
        }
        let quantity = Quantity {
            side,
            attribute,
            span: qspan,
        };
        let op = match self.peek() {
            Tok::Op(op) => *op,
            _ => {
                return Err(self.err(
                    "a comparison operator (`==`, `!=`, `>=`, `<=`, `>`, `<`)",
                    Some(format!("e.g. `{} >= 9`", side.as_str())),
                ));
            }
        };
        self.bump();
        let (value, vspan) = match self.peek().clone() {
            Tok::Number(n) => {
                let (_, mut span) = self.bump();
                if self.peek() == &Tok::Percent {
                    let (_, p) = self.bump();
                    span = span.to(p);
                    if n > 100.0 {
                        return Err(ParseError {
                            span,
                            message: format!("{n}% is more than the whole body"),
                            expected: "a share from 0% to 100%".into(),
                            hint: None,
                        });
                    }
                    (Value::Percent(n), span)
                } else if self.peek() == &Tok::Slash {
                    // An exact fraction of the body, such as `2/3`: compared without rounding.
                    self.bump();
                    let Tok::Number(d) = self.peek().clone() else {
                        return Err(
                            self.err("the denominator of a fraction, e.g. the 3 of `2/3`", None)
                        );
                    };
                    let (_, dspan) = self.bump();
                    span = span.to(dspan);
                    let whole = |x: f64| x.fract() == 0.0 && (0.0..=1e9).contains(&x);
                    if !whole(n) || !whole(d) || d == 0.0 {
                        return Err(ParseError {
                            span,
                            message: format!("`{n}/{d}` is not a fraction of whole numbers"),
                            expected: "a fraction such as `2/3`: whole numbers, the second above 0"
                                .into(),
                            hint: None,
                        });
                    }
                    if n > d {
                        return Err(ParseError {
                            span,
                            message: format!("{n}/{d} is more than the whole body"),
                            expected: "a fraction from 0/1 to 1/1".into(),
                            hint: None,
                        });
                    }
                    (Value::Fraction(n as u64, d as u64), span)
                } else {
                    (Value::Number(n), span)
                }
            }
            Tok::Word(w) if w == "all" => {
                let (_, span) = self.bump();
                (Value::All, span)
            }
            _ => {
                return Err(self.err("a number, a share such as `55%` or `2/3`, or `all`", None));
            }
        };
        let span = start.to(vspan);
        Ok(Rule::Compare(Comparison {
            quantity,
            op,
            value,
            span,
        }))
    }
}

fn is_attribute_name(s: &str) -> bool {
    let mut c = s.chars();
    matches!(c.next(), Some(ch) if ch.is_ascii_lowercase() || ch == '_')
        && c.all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_')
}
