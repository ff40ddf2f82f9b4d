//! Legal bases with consequences (M34): enforcement action by a regional arrangement under
//! Chapter VIII of the UN Charter needs the Security Council's authorisation (Art. 53(1)). When a
//! decision exercises a competence marked `enforcement` of a body whose legal bases include
//! `chapter_viii`, the decision runs through the authorising decision type the competence names
//! (`authorised_by`, the Security Council's), and the answer carries that body's rule and the
//! members who can veto it alone (the five permanent members, UN Charter Art. 27(3)).

use entente_scenario::{LegalBasis, Scenario};
use jiff::civil::Date;
use schemars::JsonSchema;
use serde::Serialize;

use crate::three;

/// The authorisation a decision needs before it can be acted on.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Authorisation {
    /// Why it is needed.
    pub why: String,
    /// The authorising institution (e.g. `unsc`).
    pub institution: String,
    /// Its decision type.
    pub decision: String,
    /// The authorising decision's rule, or null when it is a staged procedure.
    pub rule: Option<String>,
    /// Its members on the date.
    pub members: Vec<String>,
    /// The members who can block the authorisation alone (null when the rule could not be
    /// evaluated on the date).
    pub veto_players: Option<Vec<String>>,
    /// Source of the authorising decision type.
    pub source: Option<String>,
}

/// The authorisation that a decision of `institution` exercising `competence` needs on `date`,
/// if any: only for a competence marked `enforcement` of a body resting on Chapter VIII, with an
/// authorising decision named.
pub fn authorisation(
    s: &Scenario,
    institution: &str,
    competence: &str,
    date: Date,
) -> Option<Authorisation> {
    let inst = s.institution(institution)?;
    if !inst.legal_bases.contains(&LegalBasis::ChapterViii) {
        return None;
    }
    let comp = inst.competences.iter().find(|c| c.id == competence)?;
    if !comp.enforcement {
        return None;
    }
    let (ai, ad) = comp.authorised_by.as_ref()?;
    let by = s.institution(ai)?;
    let dec = by.decision(ad)?;
    let (rule, veto_players) = match s.voting_body(ai, ad, date) {
        Ok((rule, body)) => {
            let vetoes = rule.bind(&body).ok().and_then(|bound| {
                let known = vec![None; body.len()];
                three::veto_players(&bound, &known).ok().map(|idx| {
                    let mut v: Vec<String> =
                        idx.into_iter().map(|i| body.members()[i].clone()).collect();
                    v.sort();
                    v
                })
            });
            (Some(rule.to_string()), vetoes)
        }
        Err(_) => (None, None),
    };
    Some(Authorisation {
        why: format!(
            "`{}` rests on Chapter VIII of the UN Charter and `{competence}` is enforcement action: no enforcement action is taken under a regional arrangement without the Security Council's authorisation (UN Charter Art. 53(1))",
            inst.id
        ),
        institution: by.id.clone(),
        decision: dec.id.clone(),
        rule,
        members: by.members_on(date).into_iter().map(String::from).collect(),
        veto_players,
        source: dec.source.clone(),
    })
}
