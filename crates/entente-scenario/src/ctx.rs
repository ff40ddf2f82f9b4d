//! The resolution context shared by every section of the format: the source map, the
//! diagnostics so far (capped at [`MAX_DIAGNOSTICS`]) and the ids known, with the checks every
//! section needs (dates, ids, closed vocabularies) and the one way of reporting an unknown name
//! with a did-you-mean hint ([`Ctx::unknown`]). It depends on the model and the diagnostics only,
//! not on the resolver, so that the sections of other engines can use it.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use jiff::civil::Date;

use crate::dates::parse_date;
use crate::dates::{Precision, RawDate};
use crate::diag::{Diagnostic, FileId, SourceMap, did_you_mean, one_of};
use crate::kinds::RawActorKind as ActorKind;
use crate::model::Institution;
use crate::spanned::Sp;

/// Resolution context: the source map, the diagnostics so far and the ids known.
#[derive(Debug)]
pub struct Ctx<'a> {
    /// All files read.
    pub sources: &'a mut SourceMap,
    /// Problems found.
    pub diags: Vec<Diagnostic>,
    /// Actor ids (with kinds).
    pub actors: BTreeMap<String, ActorKind>,
    /// Institution ids.
    pub institutions: BTreeSet<String>,
    /// Zone ids.
    pub zones: BTreeSet<String>,
    /// Agreement ids.
    pub agreements: BTreeSet<String>,
    /// Attribute names any actor has.
    pub attributes: BTreeSet<String>,
    /// The root folder of the scenario each file belongs to, by file.
    pub roots: BTreeMap<FileId, std::path::PathBuf>,
    /// Problems found past [`MAX_DIAGNOSTICS`], counted only.
    pub dropped: usize,
    /// Where the details of a dropped problem go.
    scratch: Diagnostic,
    /// Did-you-mean suggestions computed so far (each costs a pass over the candidates).
    suggestions: std::cell::Cell<usize>,
}

/// Most did-you-mean suggestions computed for one scenario: each compares the name with every
/// candidate, so a hostile scenario of many unknown names among many ids would be quadratic.
pub const MAX_SUGGESTIONS: usize = 200;

/// Most diagnostics kept for one scenario; beyond, problems are counted and reported as one
/// more diagnostic, so that a hostile file cannot make the report itself unbounded.
pub const MAX_DIAGNOSTICS: usize = 1000;

impl<'a> Ctx<'a> {
    /// A fresh context over the files read, knowing each file's scenario root.
    pub fn new(sources: &'a mut SourceMap, roots: BTreeMap<FileId, std::path::PathBuf>) -> Ctx<'a> {
        Ctx {
            sources,
            diags: Vec::new(),
            actors: BTreeMap::new(),
            institutions: BTreeSet::new(),
            zones: BTreeSet::new(),
            agreements: BTreeSet::new(),
            attributes: BTreeSet::new(),
            roots,
            dropped: 0,
            scratch: Diagnostic::file("", "", String::new()),
            suggestions: std::cell::Cell::new(0),
        }
    }
}

impl Ctx<'_> {
    /// Report an error at a place.
    pub fn error(
        &mut self,
        file: FileId,
        span: Range<usize>,
        code: &'static str,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        if self.diags.len() >= MAX_DIAGNOSTICS {
            // Past the cap, problems are counted, not kept (see `resolve`).
            self.dropped += 1;
            self.scratch = Diagnostic::file("", code, String::new());
            return &mut self.scratch;
        }
        let d = self.sources.at(file, span, code, message.into());
        self.diags.push(d);
        self.diags.last_mut().expect("just pushed")
    }

    /// A did-you-mean hint for `name` among `candidates`, within the scenario's budget of
    /// [`MAX_SUGGESTIONS`].
    pub fn suggest<'c>(
        &self,
        name: &str,
        candidates: impl IntoIterator<Item = &'c str>,
    ) -> Option<String> {
        let n = self.suggestions.get();
        if n >= MAX_SUGGESTIONS {
            return None;
        }
        self.suggestions.set(n + 1);
        did_you_mean(name, candidates)
    }

    /// Report an unknown name: the error at its place with its did-you-mean hint (from
    /// [`Ctx::suggest`]); the one way every "unknown id" problem is reported. Set `expected` on
    /// the result to say what would have been right.
    pub fn unknown(
        &mut self,
        file: FileId,
        span: Range<usize>,
        code: &'static str,
        message: impl Into<String>,
        hint: Option<String>,
    ) -> &mut Diagnostic {
        let d = self.error(file, span, code, message);
        d.hint = hint;
        d
    }

    /// Parse a date, reporting a malformed or impossible one.
    pub fn date(&mut self, file: FileId, d: &Sp<RawDate>) -> Option<(Date, Precision)> {
        match parse_date(&d.value.0) {
            Ok(x) => Some(x),
            Err((code, msg)) => {
                self.error(file, d.span.clone(), code, msg).expected =
                    Some("a date YYYY-MM-DD (or YYYY-MM, YYYY)".into());
                None
            }
        }
    }

    /// Check an actor id.
    pub fn actor(&mut self, file: FileId, id: &Sp<String>) -> bool {
        if self.actors.contains_key(&id.value) {
            return true;
        }
        let d = self.unknown(
            file,
            id.span.clone(),
            "unknown-actor",
            format!("unknown actor `{}`", id.value),
            self.suggest(&id.value, self.actors.keys().map(String::as_str)),
        );
        d.expected =
            Some("the id of an actor of the scenario (states use ISO 3166-1 alpha-3)".into());
        if d.hint.is_none() {
            d.hint = Some("define it under [actor.ID] or in an [[actors_csv]] file".into());
        }
        false
    }

    /// Check an institution id.
    pub fn institution(&mut self, file: FileId, id: &Sp<String>) -> bool {
        let known = std::mem::take(&mut self.institutions);
        let ok = self.known_id(
            file,
            id,
            &known,
            "institution",
            "unknown-institution",
            "an [institution.ID]",
        );
        self.institutions = known;
        ok
    }

    /// Check a zone id.
    pub fn zone(&mut self, file: FileId, id: &Sp<String>) -> bool {
        let known = std::mem::take(&mut self.zones);
        let ok = self.known_id(file, id, &known, "zone", "unknown-zone", "a [zone.ID]");
        self.zones = known;
        ok
    }

    /// Check an agreement id.
    pub fn agreement(&mut self, file: FileId, id: &Sp<String>) -> bool {
        let known = std::mem::take(&mut self.agreements);
        let ok = self.known_id(
            file,
            id,
            &known,
            "agreement",
            "unknown-agreement",
            "an [agreement.ID]",
        );
        self.agreements = known;
        ok
    }

    /// Check a decision type of an institution.
    pub fn decision(&mut self, file: FileId, inst: &Institution, d: &Sp<String>) -> bool {
        if inst.decision(&d.value).is_some() {
            return true;
        }
        let hint = self.suggest(&d.value, inst.decisions.iter().map(|x| x.id.as_str()));
        let e = self.unknown(
            file,
            d.span.clone(),
            "unknown-decision",
            format!(
                "institution `{}` has no decision type `{}`",
                inst.id, d.value
            ),
            hint,
        );
        e.expected = Some(format!("a decision type of `{}`", inst.id));
        false
    }

    /// Check an id against the ids of one kind the scenario defines (timelines, settlements,
    /// forecasting cases, architectures): `what` names the kind, `code` the diagnostic.
    pub fn listed<'k>(
        &mut self,
        file: FileId,
        id: &Sp<String>,
        known: impl IntoIterator<Item = &'k str>,
        what: &str,
        code: &'static str,
    ) -> bool {
        let known: BTreeSet<String> = known.into_iter().map(String::from).collect();
        self.known_id(file, id, &known, what, code, &format!("a [{what}.ID]"))
    }

    /// Report `id` unless it is among `known`.
    fn known_id(
        &mut self,
        file: FileId,
        id: &Sp<String>,
        known: &BTreeSet<String>,
        what: &str,
        code: &'static str,
        table: &str,
    ) -> bool {
        if known.contains(&id.value) {
            return true;
        }
        let d = self.unknown(
            file,
            id.span.clone(),
            code,
            format!("unknown {what} `{}`", id.value),
            self.suggest(&id.value, known.iter().map(String::as_str)),
        );
        d.expected = Some(format!("the id of {table} of the scenario"));
        false
    }

    /// Check a word against a closed vocabulary.
    pub fn word(
        &mut self,
        file: FileId,
        w: &Sp<String>,
        allowed: &[&str],
        what: &str,
        code: &'static str,
    ) -> bool {
        if allowed.contains(&w.value.as_str()) {
            return true;
        }
        let d = self.unknown(
            file,
            w.span.clone(),
            code,
            format!("unknown {what} `{}`", w.value),
            self.suggest(&w.value, allowed.iter().copied()),
        );
        d.expected = one_of("one of: ", allowed);
        false
    }
}
