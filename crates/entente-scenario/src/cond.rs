//! The condition language of agreements (M8, M9, M19, M20): when an obligation applies, when a
//! phase opens. Conditions refer to other parties' verified actions, agreements in force, phases
//! opened, memberships and dates; the ledger evaluates them in three-valued logic (unknown is not
//! false). This module only parses and prints them; the resolver checks every id they name.
//!
//! ```text
//! cond  := and ('or' and)*
//! and   := unary ('and' unary)*
//! unary := 'not' unary | '(' cond ')' | atom
//! atom  := 'verified' '(' ACTOR VERB WORD* ')'     e.g. verified(RUS withdraws nonstrategic_nuclear from BLR)
//!        | 'in_force' '(' AGREEMENT ')' | 'breached' '(' AGREEMENT ')'
//!        | 'phase' '(' [AGREEMENT '.'] PHASE ')'   a phase has opened
//!        | 'member' '(' ACTOR ',' INSTITUTION ')'
//!        | 'binds' '(' PARTY ',' KIND ')'           a binding obligation of the kind on the party
//!        | 'owed' '(' PARTY ',' KIND ')'            ... owed to the party (its beneficiary)
//!        | 'forces' '(' PARTY ',' PLACE [',' QUANTITY] ')' OP NUMBER
//!        | 'after' '(' DATE ')'                     on or after the date
//!        | 'true' | 'false'
//! ```
//!
//! A PARTY is an actor or an institution (any of its full members). `binds` and `owed` look at
//! obligations in force under a legally binding text (a treaty or an executive agreement), so
//! `not binds(nato, no_enlargement)` is the open door. `forces(nato, UKR, troops) == 0` compares
//! the sum of the recorded force levels of the party in the place (and in the places declared
//! within it) with a number; it is unknown when no level of the party there is recorded. OP is
//! one of `==`, `!=`, `<`, `<=`, `>`, `>=`.
//!
//! The tree is binary (`And { a, b }`); a chain of `and`/`or` is read in a loop and built as a
//! balanced tree, so its depth grows with the logarithm of its length and the recursive walks
//! (here, in the resolver and in the ledger) stay shallow. Nesting by parentheses and `not` is
//! limited to [`MAX_DEPTH`] levels and refused beyond with a located error. Printing flattens
//! chains (`and` and `or` are associative), so a printed condition reads back to the same text.

use std::fmt;
use std::ops::Range;

/// A word of a condition with its byte range in the condition text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Word {
    /// The word.
    pub text: String,
    /// Byte range within the condition text.
    #[serde(skip)]
    pub span: Range<usize>,
}

/// A verified action: `ACTOR VERB rest...`, e.g. `RUS withdraws nonstrategic_nuclear from BLR`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Action {
    /// Who acts.
    pub actor: Word,
    /// The verb.
    pub verb: String,
    /// The remaining words (object, `from`/`in`/`to` and a place).
    pub rest: Vec<Word>,
}

impl Action {
    /// The place named after `from`, `in`, `to` or `out_of`, if any.
    pub fn place(&self) -> Option<&Word> {
        self.rest
            .windows(2)
            .find(|w| matches!(w[0].text.as_str(), "from" | "in" | "to" | "out_of"))
            .map(|w| &w[1])
    }

    /// The action as canonical text (single spaces), used to match verification events.
    pub fn text(&self) -> String {
        let mut s = format!("{} {}", self.actor.text, self.verb);
        for w in &self.rest {
            s.push(' ');
            s.push_str(&w.text);
        }
        s
    }
}

/// A parsed condition.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Condition {
    /// Both hold.
    And {
        /// Left.
        a: Box<Condition>,
        /// Right.
        b: Box<Condition>,
    },
    /// Either holds.
    Or {
        /// Left.
        a: Box<Condition>,
        /// Right.
        b: Box<Condition>,
    },
    /// Does not hold.
    Not {
        /// Inner.
        a: Box<Condition>,
    },
    /// A verification report confirmed the action.
    Verified {
        /// The action.
        action: Action,
    },
    /// The agreement is in force.
    InForce {
        /// Agreement id.
        agreement: Word,
    },
    /// The agreement has been breached.
    Breached {
        /// Agreement id.
        agreement: Word,
    },
    /// The phase has opened (`agreement` is `None` for a phase of the same agreement).
    Phase {
        /// Agreement id, when another agreement's phase is meant.
        agreement: Option<Word>,
        /// Phase id.
        phase: Word,
    },
    /// The actor is a member of the institution.
    Member {
        /// Actor id.
        actor: Word,
        /// Institution id.
        institution: Word,
    },
    /// An obligation of the kind, in force under a legally binding text, has the party among its
    /// bearers.
    Binds {
        /// Actor or institution id.
        party: Word,
        /// Obligation kind.
        obligation: Word,
    },
    /// An obligation of the kind, in force under a legally binding text, is owed to the party.
    Owed {
        /// Actor or institution id.
        party: Word,
        /// Obligation kind.
        obligation: Word,
    },
    /// The party's recorded forces in the place compare with a number.
    Forces {
        /// Actor or institution id.
        party: Word,
        /// Zone or state id.
        place: Word,
        /// The kind of force (None: every kind).
        quantity: Option<Word>,
        /// The comparison: `==`, `!=`, `<`, `<=`, `>`, `>=`.
        op: String,
        /// The number as written.
        value: Word,
    },
    /// On or after the date.
    After {
        /// The date as written.
        date: Word,
    },
    /// A constant.
    Const {
        /// Its value.
        value: bool,
    },
}

/// Deepest nesting of parentheses and `not` a condition may have.
pub const MAX_DEPTH: usize = 100;

/// Why a condition could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CondError {
    /// Byte range within the condition text.
    pub span: Range<usize>,
    /// What went wrong.
    pub message: String,
    /// What was expected.
    pub expected: String,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Op(&'static str),
    LParen,
    RParen,
    Comma,
    End,
}

fn lex(src: &str) -> Result<Vec<(Tok, Range<usize>)>, CondError> {
    let mut out = Vec::new();
    let mut it = src.char_indices().peekable();
    while let Some(&(i, c)) = it.peek() {
        match c {
            c if c.is_whitespace() => {
                it.next();
            }
            '(' | ')' | ',' => {
                it.next();
                let t = match c {
                    '(' => Tok::LParen,
                    ')' => Tok::RParen,
                    _ => Tok::Comma,
                };
                out.push((t, i..i + 1));
            }
            '<' | '>' | '=' | '!' => {
                it.next();
                let eq = matches!(it.peek(), Some(&(_, '=')));
                if eq {
                    it.next();
                }
                let op = match (c, eq) {
                    ('<', false) => "<",
                    ('<', true) => "<=",
                    ('>', false) => ">",
                    ('>', true) => ">=",
                    ('=', _) => "==",
                    ('!', true) => "!=",
                    _ => {
                        return Err(CondError {
                            span: i..i + 1,
                            message: "unexpected character `!`".into(),
                            expected: "`!=`".into(),
                        });
                    }
                };
                out.push((Tok::Op(op), i..i + 1 + usize::from(eq)));
            }
            c if c.is_alphanumeric() || "_-.:".contains(c) => {
                let mut end = i;
                while let Some(&(j, d)) = it.peek() {
                    if d.is_alphanumeric() || "_-.:".contains(d) {
                        end = j + d.len_utf8();
                        it.next();
                    } else {
                        break;
                    }
                }
                out.push((Tok::Word(src[i..end].to_string()), i..end));
            }
            _ => {
                return Err(CondError {
                    span: i..i + c.len_utf8(),
                    message: format!("unexpected character `{c}`"),
                    expected: "a condition such as `verified(RUS withdraws troops from BLR)`"
                        .into(),
                });
            }
        }
    }
    out.push((Tok::End, src.len()..src.len()));
    Ok(out)
}

/// Parse a condition.
pub fn parse(src: &str) -> Result<Condition, CondError> {
    let toks = lex(src)?;
    let mut p = P {
        toks,
        pos: 0,
        depth: 0,
    };
    let c = p.or()?;
    if p.peek() != &Tok::End {
        return Err(p.err("`and`, `or` or the end of the condition"));
    }
    Ok(c)
}

struct P {
    toks: Vec<(Tok, Range<usize>)>,
    pos: usize,
    depth: usize,
}

/// A balanced tree of `or` (or `and`) nodes over the operands, in order.
fn balanced(mut xs: Vec<Condition>, or: bool) -> Condition {
    match xs.len() {
        0 => Condition::Const { value: !or },
        1 => xs.pop().expect("one operand"),
        n => {
            let right = xs.split_off(n / 2);
            let a = Box::new(balanced(xs, or));
            let b = Box::new(balanced(right, or));
            if or {
                Condition::Or { a, b }
            } else {
                Condition::And { a, b }
            }
        }
    }
}

const ATOMS: &str = "`verified(...)`, `in_force(...)`, `breached(...)`, `phase(...)`, `member(...)`, `binds(...)`, `owed(...)`, `forces(...) OP N`, `after(...)`, `not`, `(`";

impl P {
    fn peek(&self) -> &Tok {
        &self.toks[self.pos].0
    }
    fn bump(&mut self) -> (Tok, Range<usize>) {
        let t = self.toks[self.pos].clone();
        if self.pos + 1 < self.toks.len() {
            self.pos += 1;
        }
        t
    }
    fn is(&self, w: &str) -> bool {
        matches!(self.peek(), Tok::Word(x) if x == w)
    }
    fn err(&self, expected: &str) -> CondError {
        let (t, span) = &self.toks[self.pos];
        let found = match t {
            Tok::Word(w) => format!("`{w}`"),
            Tok::Op(o) => format!("`{o}`"),
            Tok::LParen => "`(`".into(),
            Tok::RParen => "`)`".into(),
            Tok::Comma => "`,`".into(),
            Tok::End => "the end of the condition".into(),
        };
        CondError {
            span: span.clone(),
            message: format!("unexpected {found}"),
            expected: expected.into(),
        }
    }
    fn or(&mut self) -> Result<Condition, CondError> {
        let mut xs = vec![self.and()?];
        while self.is("or") {
            self.bump();
            xs.push(self.and()?);
        }
        Ok(balanced(xs, true))
    }
    fn and(&mut self) -> Result<Condition, CondError> {
        let mut xs = vec![self.unary()?];
        while self.is("and") {
            self.bump();
            xs.push(self.unary()?);
        }
        Ok(balanced(xs, false))
    }
    /// One more level of nesting, refused past `MAX_DEPTH` at the token that opens it.
    fn enter(&mut self) -> Result<(), CondError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(CondError {
                span: self.toks[self.pos].1.clone(),
                message: format!(
                    "the condition is nested too deeply (more than {MAX_DEPTH} levels of parentheses and `not`)"
                ),
                expected: "a condition with fewer nested parentheses".into(),
            });
        }
        Ok(())
    }
    fn unary(&mut self) -> Result<Condition, CondError> {
        if self.is("not") {
            self.enter()?;
            self.bump();
            let a = self.unary()?;
            self.depth -= 1;
            return Ok(Condition::Not { a: Box::new(a) });
        }
        if self.peek() == &Tok::LParen {
            self.enter()?;
            self.bump();
            let c = self.or()?;
            if self.peek() != &Tok::RParen {
                return Err(self.err("`)`"));
            }
            self.bump();
            self.depth -= 1;
            return Ok(c);
        }
        self.atom()
    }
    fn word(&mut self, what: &str) -> Result<Word, CondError> {
        match self.peek().clone() {
            Tok::Word(text) => {
                let (_, span) = self.bump();
                Ok(Word { text, span })
            }
            _ => Err(self.err(what)),
        }
    }
    fn open(&mut self) -> Result<(), CondError> {
        if self.peek() != &Tok::LParen {
            return Err(self.err("`(`"));
        }
        self.bump();
        Ok(())
    }
    fn comma(&mut self, what: &str) -> Result<(), CondError> {
        if self.peek() != &Tok::Comma {
            return Err(self.err(what));
        }
        self.bump();
        Ok(())
    }
    fn close(&mut self) -> Result<(), CondError> {
        if self.peek() != &Tok::RParen {
            return Err(self.err("`)`"));
        }
        self.bump();
        Ok(())
    }
    fn atom(&mut self) -> Result<Condition, CondError> {
        let head = match self.peek() {
            Tok::Word(w) => w.clone(),
            _ => return Err(self.err(ATOMS)),
        };
        match head.as_str() {
            "true" | "false" => {
                self.bump();
                Ok(Condition::Const {
                    value: head == "true",
                })
            }
            "verified" => {
                self.bump();
                self.open()?;
                let actor = self.word("the acting party's id")?;
                let verb = self.word("a verb such as `withdraws`")?.text;
                let mut rest = Vec::new();
                while let Tok::Word(_) = self.peek() {
                    rest.push(self.word("a word")?);
                }
                self.close()?;
                Ok(Condition::Verified {
                    action: Action { actor, verb, rest },
                })
            }
            "in_force" | "breached" => {
                self.bump();
                self.open()?;
                let agreement = self.word("an agreement id")?;
                self.close()?;
                Ok(if head == "in_force" {
                    Condition::InForce { agreement }
                } else {
                    Condition::Breached { agreement }
                })
            }
            "phase" => {
                self.bump();
                self.open()?;
                let w = self.word("a phase id, or `agreement.phase`")?;
                self.close()?;
                Ok(match w.text.split_once('.') {
                    Some((a, p)) => {
                        let s = w.span.start;
                        Condition::Phase {
                            agreement: Some(Word {
                                text: a.into(),
                                span: s..s + a.len(),
                            }),
                            phase: Word {
                                text: p.into(),
                                span: s + a.len() + 1..w.span.end,
                            },
                        }
                    }
                    None => Condition::Phase {
                        agreement: None,
                        phase: w,
                    },
                })
            }
            "member" => {
                self.bump();
                self.open()?;
                let actor = self.word("an actor id")?;
                if self.peek() != &Tok::Comma {
                    return Err(self.err("`,` and an institution id"));
                }
                self.bump();
                let institution = self.word("an institution id")?;
                self.close()?;
                Ok(Condition::Member { actor, institution })
            }
            "binds" | "owed" => {
                self.bump();
                self.open()?;
                let party = self.word("an actor or institution id")?;
                self.comma("`,` and an obligation kind")?;
                let obligation = self.word("an obligation kind such as `no_enlargement`")?;
                self.close()?;
                Ok(if head == "binds" {
                    Condition::Binds { party, obligation }
                } else {
                    Condition::Owed { party, obligation }
                })
            }
            "forces" => {
                self.bump();
                self.open()?;
                let party = self.word("an actor or institution id")?;
                self.comma("`,` and a zone or state id")?;
                let place = self.word("a zone or state id")?;
                let quantity = if self.peek() == &Tok::Comma {
                    self.bump();
                    Some(self.word("a kind of force such as `troops`")?)
                } else {
                    None
                };
                self.close()?;
                let op = match self.peek() {
                    Tok::Op(o) => o.to_string(),
                    _ => return Err(self.err("a comparison (`==`, `!=`, `<`, `<=`, `>`, `>=`)")),
                };
                self.bump();
                let value = self.word("a number")?;
                if !value.text.parse::<f64>().is_ok_and(f64::is_finite) {
                    return Err(CondError {
                        span: value.span.clone(),
                        message: format!("`{}` is not a number", value.text),
                        expected: "a number such as `0` or `5000`".into(),
                    });
                }
                Ok(Condition::Forces {
                    party,
                    place,
                    quantity,
                    op,
                    value,
                })
            }
            "after" => {
                self.bump();
                self.open()?;
                let date = self.word("a date such as 2026-01-01")?;
                self.close()?;
                Ok(Condition::After { date })
            }
            _ => Err(self.err(ATOMS)),
        }
    }
}

impl Condition {
    /// Nesting depth of the tree (an atom is 1). Iterative: any depth.
    pub fn depth(&self) -> usize {
        let mut deepest = 0;
        let mut stack = vec![(self, 1usize)];
        while let Some((c, d)) = stack.pop() {
            deepest = deepest.max(d);
            match c {
                Condition::And { a, b } | Condition::Or { a, b } => {
                    stack.push((a, d + 1));
                    stack.push((b, d + 1));
                }
                Condition::Not { a } => stack.push((a, d + 1)),
                _ => {}
            }
        }
        deepest
    }

    /// The operands of the chain of `and` (or `or`) this node heads, in order. Iterative.
    fn chain(&self) -> Vec<&Condition> {
        let or = matches!(self, Condition::Or { .. });
        let mut out = Vec::new();
        let mut stack = vec![self];
        while let Some(c) = stack.pop() {
            match c {
                Condition::Or { a, b } if or => {
                    stack.push(b);
                    stack.push(a);
                }
                Condition::And { a, b } if !or => {
                    stack.push(b);
                    stack.push(a);
                }
                other => out.push(other),
            }
        }
        out
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        print(self, f, 0)
    }
}

/// The printer: chains flattened, the fewest parentheses that keep the meaning. Beyond
/// [`MAX_DEPTH`] levels (only reachable by building a condition by hand) the rest is elided as
/// `(...)` rather than risking the stack.
fn print(c: &Condition, f: &mut fmt::Formatter<'_>, depth: usize) -> fmt::Result {
    fn prec(c: &Condition) -> u8 {
        match c {
            Condition::Or { .. } => 1,
            Condition::And { .. } => 2,
            _ => 3,
        }
    }
    if depth > MAX_DEPTH {
        return f.write_str("(...)");
    }
    let child = |f: &mut fmt::Formatter<'_>, c: &Condition, min: u8| {
        if prec(c) < min {
            f.write_str("(")?;
            print(c, f, depth + 1)?;
            f.write_str(")")
        } else {
            print(c, f, depth + 1)
        }
    };
    match c {
        Condition::Or { .. } | Condition::And { .. } => {
            let (sep, min) = if prec(c) == 1 {
                (" or ", 2)
            } else {
                (" and ", 3)
            };
            for (i, x) in c.chain().into_iter().enumerate() {
                if i > 0 {
                    f.write_str(sep)?;
                }
                child(f, x, min)?;
            }
            Ok(())
        }
        Condition::Not { a } => {
            f.write_str("not ")?;
            child(f, a, 3)
        }
        Condition::Verified { action } => write!(f, "verified({})", action.text()),
        Condition::InForce { agreement } => write!(f, "in_force({})", agreement.text),
        Condition::Breached { agreement } => write!(f, "breached({})", agreement.text),
        Condition::Phase {
            agreement: Some(a),
            phase,
        } => write!(f, "phase({}.{})", a.text, phase.text),
        Condition::Phase {
            agreement: None,
            phase,
        } => write!(f, "phase({})", phase.text),
        Condition::Member { actor, institution } => {
            write!(f, "member({}, {})", actor.text, institution.text)
        }
        Condition::Binds { party, obligation } => {
            write!(f, "binds({}, {})", party.text, obligation.text)
        }
        Condition::Owed { party, obligation } => {
            write!(f, "owed({}, {})", party.text, obligation.text)
        }
        Condition::Forces {
            party,
            place,
            quantity,
            op,
            value,
        } => {
            write!(f, "forces({}, {}", party.text, place.text)?;
            if let Some(q) = quantity {
                write!(f, ", {}", q.text)?;
            }
            write!(f, ") {op} {}", value.text)
        }
        Condition::After { date } => write!(f, "after({})", date.text),
        Condition::Const { value } => write!(f, "{value}"),
    }
}

// ------------------------------------------------------------------------------------------------
// One boolean grammar for every condition language.
//
// Agreements' conditions (above) and settlements' red lines and links (`settlement.rs`) share
// one boolean grammar — `or` over `and` over `not` and parentheses, the same precedence, the same
// nesting limit — and differ only in their atoms: `verified(...)`, `in_force(...)`… here,
// `ISSUE == VALUE`, `ISSUE in [V, ...]`… there. This block is that grammar with the atom reader
// as a parameter; settlements read their conditions with it.
// ------------------------------------------------------------------------------------------------

/// How deep `not` and parentheses may nest in a condition read by [`parse_boolean`]: deeper
/// input is refused rather than read by ever deeper recursion.
pub const MAX_BOOLEAN_DEPTH: usize = 64;

/// A token of a condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Token {
    /// A word: an id, a value, a keyword (`and`, `or`, `not`, `in`).
    Word(String),
    /// A comparison: `==` (also written `=`), `!=`, `<`, `<=`, `>`, `>=`.
    Op(&'static str),
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `[`
    LBracket,
    /// `]`
    RBracket,
    /// `,`
    Comma,
}

/// Split a condition into tokens, each with its byte offset. Never fails: a stray character is
/// a one-character word, which the atom reader then refuses with its place.
pub fn tokens(s: &str) -> Vec<(Token, usize)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let two = s.get(i..i + 2).unwrap_or("");
        let single = match b[i] {
            b' ' | b'\t' | b'\n' | b'\r' => {
                i += 1;
                continue;
            }
            b'(' => Some(Token::LParen),
            b')' => Some(Token::RParen),
            b'[' => Some(Token::LBracket),
            b']' => Some(Token::RBracket),
            b',' => Some(Token::Comma),
            _ => None,
        };
        if let Some(t) = single {
            out.push((t, i));
            i += 1;
            continue;
        }
        let op = match two {
            "==" => Some(("==", 2)),
            "!=" => Some(("!=", 2)),
            "<=" => Some(("<=", 2)),
            ">=" => Some((">=", 2)),
            _ => match b[i] {
                b'<' => Some(("<", 1)),
                b'>' => Some((">", 1)),
                b'=' => Some(("==", 1)),
                _ => None,
            },
        };
        if let Some((o, n)) = op {
            out.push((Token::Op(o), i));
            i += n;
            continue;
        }
        let start = i;
        while i < b.len() && !b" \t\n\r()[],=!<>".contains(&b[i]) {
            i += 1;
        }
        if i == start {
            // A lone `!` or another stray character (one whole character, even if not ASCII).
            let len = s[start..].chars().next().map_or(1, char::len_utf8);
            out.push((Token::Word(s[start..start + len].to_string()), start));
            i = start + len;
        } else {
            out.push((Token::Word(s[start..i].to_string()), start));
        }
    }
    out
}

/// A boolean combination of atoms.
#[derive(Debug, Clone, PartialEq)]
pub enum Boolean<A> {
    /// All hold.
    And(Vec<Boolean<A>>),
    /// One holds.
    Or(Vec<Boolean<A>>),
    /// Does not hold.
    Not(Box<Boolean<A>>),
    /// An atom of the language.
    Atom(A),
}

/// Why a condition could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BooleanError {
    /// Byte offset within the condition text.
    pub at: usize,
    /// What went wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

impl BooleanError {
    /// An error at a byte offset.
    pub fn new(at: usize, message: impl Into<String>, hint: Option<String>) -> Self {
        BooleanError {
            at,
            message: message.into(),
            hint,
        }
    }
}

/// The tokens of a condition, as an atom reader sees them.
#[derive(Debug)]
pub struct Cursor<'t> {
    toks: &'t [(Token, usize)],
    pos: usize,
    depth: usize,
}

impl Cursor<'_> {
    /// The next token, if any.
    pub fn peek(&self) -> Option<&Token> {
        self.toks.get(self.pos).map(|t| &t.0)
    }

    /// Step over the next token.
    pub fn bump(&mut self) {
        self.pos = (self.pos + 1).min(self.toks.len());
    }

    /// Whether the next token is the word `w`.
    pub fn is_word(&self, w: &str) -> bool {
        matches!(self.peek(), Some(Token::Word(x)) if x == w)
    }

    /// Byte offset of the next token (just past the last one at the end).
    pub fn at(&self) -> usize {
        self.toks
            .get(self.pos)
            .map_or_else(|| self.toks.last().map_or(0, |t| t.1 + 1), |t| t.1)
    }

    fn or<A>(&mut self, atom: &mut AtomReader<'_, A>) -> Result<Boolean<A>, BooleanError> {
        let mut xs = vec![self.and(atom)?];
        while self.is_word("or") {
            self.bump();
            xs.push(self.and(atom)?);
        }
        Ok(if xs.len() == 1 {
            xs.remove(0)
        } else {
            Boolean::Or(xs)
        })
    }

    fn and<A>(&mut self, atom: &mut AtomReader<'_, A>) -> Result<Boolean<A>, BooleanError> {
        let mut xs = vec![self.unary(atom)?];
        while self.is_word("and") {
            self.bump();
            xs.push(self.unary(atom)?);
        }
        Ok(if xs.len() == 1 {
            xs.remove(0)
        } else {
            Boolean::And(xs)
        })
    }

    fn unary<A>(&mut self, atom: &mut AtomReader<'_, A>) -> Result<Boolean<A>, BooleanError> {
        let not = self.is_word("not");
        if !not && self.peek() != Some(&Token::LParen) {
            return atom(self).map(Boolean::Atom);
        }
        if self.depth >= MAX_BOOLEAN_DEPTH {
            return Err(BooleanError::new(
                self.at(),
                format!(
                    "the condition nests `not` and parentheses more than {MAX_BOOLEAN_DEPTH} deep"
                ),
                Some("write it flatter: `and` and `or` take any number of terms".into()),
            ));
        }
        self.depth += 1;
        self.bump();
        let inner = if not {
            self.unary(atom).map(|a| Boolean::Not(Box::new(a)))
        } else {
            self.or(atom).and_then(|c| {
                if self.peek() == Some(&Token::RParen) {
                    self.bump();
                    Ok(c)
                } else {
                    Err(BooleanError::new(self.at(), "missing `)`", None))
                }
            })
        };
        self.depth -= 1;
        inner
    }
}

/// Reads one atom of a condition language from the cursor.
pub type AtomReader<'a, A> = dyn FnMut(&mut Cursor<'_>) -> Result<A, BooleanError> + 'a;

/// Read a condition: `cond := and ('or' and)*`, `and := unary ('and' unary)*`,
/// `unary := 'not' unary | '(' cond ')' | atom`, with atoms read by `atom`. The whole text must
/// be one condition.
pub fn parse_boolean<A>(
    src: &str,
    atom: &mut AtomReader<'_, A>,
) -> Result<Boolean<A>, BooleanError> {
    let toks = tokens(src);
    let mut c = Cursor {
        toks: &toks,
        pos: 0,
        depth: 0,
    };
    let b = c.or(atom)?;
    if c.pos < toks.len() {
        return Err(BooleanError::new(
            c.at(),
            "unexpected text after the condition",
            None,
        ));
    }
    Ok(b)
}

#[cfg(test)]
mod boolean_tests {
    use super::{Boolean, BooleanError, Cursor, Token, parse_boolean};

    /// Atoms are single words.
    fn word(c: &mut Cursor<'_>) -> Result<String, BooleanError> {
        match c.peek() {
            Some(Token::Word(w)) if !["and", "or", "not"].contains(&w.as_str()) => {
                let w = w.clone();
                c.bump();
                Ok(w)
            }
            _ => Err(BooleanError::new(c.at(), "expected a word", None)),
        }
    }

    #[test]
    fn and_binds_tighter_than_or_and_not_tighter_than_and() {
        let b = parse_boolean("a or not b and c", &mut word).unwrap();
        let atom = |s: &str| Boolean::Atom(s.to_string());
        assert_eq!(
            b,
            Boolean::Or(vec![
                atom("a"),
                Boolean::And(vec![Boolean::Not(Box::new(atom("b"))), atom("c")])
            ])
        );
    }

    #[test]
    fn errors_carry_their_byte_offset() {
        let e = parse_boolean("(a and b", &mut word).unwrap_err();
        assert_eq!((e.at, e.message.as_str()), (8, "missing `)`"));
        let e = parse_boolean("a b", &mut word).unwrap_err();
        assert_eq!(
            (e.at, e.message.as_str()),
            (2, "unexpected text after the condition")
        );
        let deep = format!("{}a{}", "(".repeat(65), ")".repeat(65));
        let e = parse_boolean(&deep, &mut word).unwrap_err();
        assert!(e.message.contains("64 deep"), "{}", e.message);
    }
}

#[cfg(test)]
mod world_atom_tests {
    use super::{Condition, parse};

    #[test]
    fn world_atoms_read_and_print_back() {
        for text in [
            "binds(nato, no_enlargement)",
            "not owed(UKR, guarantee) or owed(UKR, defence)",
            "forces(nato, UKR, troops) == 0",
            "forces(GBR, ukraine) >= 5000 and member(UKR, nato)",
        ] {
            let c = parse(text).expect(text);
            assert_eq!(c.to_string(), text);
            assert_eq!(parse(&c.to_string()).expect(text), c);
        }
        let c = parse("forces(nato,UKR,troops)<=10").expect("compact");
        assert!(matches!(c, Condition::Forces { ref op, .. } if op == "<="));
        assert_eq!(c.to_string(), "forces(nato, UKR, troops) <= 10");
    }

    #[test]
    fn a_force_comparison_needs_an_operator_and_a_number() {
        let e = parse("forces(nato, UKR) zero").unwrap_err();
        assert!(e.expected.contains("comparison"), "{e:?}");
        let e = parse("forces(nato, UKR) == lots").unwrap_err();
        assert_eq!(e.message, "`lots` is not a number");
        assert_eq!(&"forces(nato, UKR) == lots"[e.span.clone()], "lots");
        let e = parse("binds(nato)").unwrap_err();
        assert!(e.expected.contains("obligation kind"), "{e:?}");
        assert!(parse("forces(nato, UKR) ! 1").is_err());
    }
}
