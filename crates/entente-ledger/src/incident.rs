//! Events asked about: "X attacks Y", "X attacks Y forces in Z", "X breaches AGREEMENT",
//! "X violates the ceasefire" (M5, M24, M28). [`Incident::parse`] reads such a sentence and checks
//! every id against the scenario, with did-you-mean hints; the kind of an attack (armed attack,
//! hybrid attack, limited incursion, attack on forces abroad) can be given separately.

use entente_scenario::Scenario;
use entente_scenario::diag::did_you_mean;
use serde::Serialize;

use crate::error::{Error, ErrorKind};

/// Kinds of incident.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum IncidentKind {
    /// An open armed attack on a state's territory.
    ArmedAttack,
    /// Hybrid or cyber attack (M28).
    HybridAttack,
    /// A limited incursion, short of an open offensive (M28).
    LimitedIncursion,
    /// An attack on a state's forces, vessels or aircraft outside its territory.
    AttackOnForcesAbroad,
    /// A breach of an agreement.
    Breach,
    /// A violation of a ceasefire.
    CeasefireViolation,
}

impl IncidentKind {
    /// The word used in scenarios (event kinds and triggers).
    pub fn as_str(self) -> &'static str {
        match self {
            IncidentKind::ArmedAttack => "armed_attack",
            IncidentKind::HybridAttack => "hybrid_attack",
            IncidentKind::LimitedIncursion => "limited_incursion",
            IncidentKind::AttackOnForcesAbroad => "attack_on_forces_abroad",
            IncidentKind::Breach => "breach",
            IncidentKind::CeasefireViolation => "ceasefire_violation",
        }
    }

    /// Parse the word.
    pub fn parse(s: &str) -> Option<IncidentKind> {
        Some(match s {
            "armed_attack" => IncidentKind::ArmedAttack,
            "hybrid_attack" => IncidentKind::HybridAttack,
            "limited_incursion" => IncidentKind::LimitedIncursion,
            "attack_on_forces_abroad" => IncidentKind::AttackOnForcesAbroad,
            "breach" => IncidentKind::Breach,
            "ceasefire_violation" => IncidentKind::CeasefireViolation,
            _ => return None,
        })
    }

    /// Every word, for hints.
    pub const WORDS: &'static str = "armed_attack, hybrid_attack, limited_incursion, attack_on_forces_abroad, breach, ceasefire_violation";

    /// Whether the incident is an attack of some kind.
    pub fn is_attack(self) -> bool {
        !matches!(
            self,
            IncidentKind::Breach | IncidentKind::CeasefireViolation
        )
    }
}

/// An incident asked about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Incident {
    /// Kind.
    pub kind: IncidentKind,
    /// Who acts (the attacker, the party in breach).
    pub actor: String,
    /// The victim of an attack.
    pub subject: Option<String>,
    /// Where the victim's forces were attacked (an actor or a zone), for attacks on forces abroad.
    pub place: Option<String>,
    /// The agreement breached or the ceasefire violated, when named.
    pub agreement: Option<String>,
}

impl Incident {
    /// An armed attack by `actor` on `subject`.
    pub fn attack(actor: &str, subject: &str) -> Incident {
        Incident {
            kind: IncidentKind::ArmedAttack,
            actor: actor.into(),
            subject: Some(subject.into()),
            place: None,
            agreement: None,
        }
    }

    /// Read an event sentence. `kind` overrides the kind of an attack ("X attacks Y" is an armed
    /// attack unless told otherwise; with "forces in Z" it is an attack on forces abroad).
    pub fn parse(sc: &Scenario, text: &str, kind: Option<IncidentKind>) -> Result<Incident, Error> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let forms = "\"X attacks Y\", \"X attacks Y forces in Z\", \"X breaches AGREEMENT\" or \"X violates the ceasefire\"";
        let syntax = || {
            Error::new(ErrorKind::Syntax, format!("cannot read the event `{text}`"))
                .hint(format!("write {forms}, with actor ids such as RUS and POL"))
        };
        let inc = match words.as_slice() {
            [x, "attacks", y] => Incident {
                kind: kind.unwrap_or(IncidentKind::ArmedAttack),
                actor: actor(sc, x)?,
                subject: Some(actor(sc, y)?),
                place: None,
                agreement: None,
            },
            [x, "attacks", y, "forces", "in", z] | [x, "attacks", y, "forces", "at", z] => {
                Incident {
                    kind: kind.unwrap_or(IncidentKind::AttackOnForcesAbroad),
                    actor: actor(sc, x)?,
                    subject: Some(actor(sc, y)?),
                    place: Some(place(sc, z)?),
                    agreement: None,
                }
            }
            [x, "breaches", a] => Incident {
                kind: IncidentKind::Breach,
                actor: actor(sc, x)?,
                subject: None,
                place: None,
                agreement: Some(agreement(sc, a)?),
            },
            [x, "violates", "the", "ceasefire"] | [x, "violates", "ceasefire"] => Incident {
                kind: IncidentKind::CeasefireViolation,
                actor: actor(sc, x)?,
                subject: None,
                place: None,
                agreement: None,
            },
            [x, "violates", a] => Incident {
                kind: IncidentKind::CeasefireViolation,
                actor: actor(sc, x)?,
                subject: None,
                place: None,
                agreement: Some(agreement(sc, a)?),
            },
            _ => return Err(syntax()),
        };
        if let (Some(k), false) = (kind, inc.kind.is_attack()) {
            if k.is_attack() {
                return Err(Error::new(
                    ErrorKind::Syntax,
                    format!(
                        "`--kind {}` applies to attacks, not to `{text}`",
                        k.as_str()
                    ),
                )
                .hint("leave out --kind for breaches and ceasefire violations"));
            }
        }
        if inc.subject.is_some() && inc.subject.as_deref() == Some(inc.actor.as_str()) {
            return Err(Error::new(
                ErrorKind::Syntax,
                format!("`{text}`: a state cannot attack itself"),
            ));
        }
        Ok(inc)
    }

    /// A one-line description.
    pub fn describe(&self) -> String {
        match self.kind {
            IncidentKind::Breach => format!(
                "{} breaches {}",
                self.actor,
                self.agreement.as_deref().unwrap_or("an agreement")
            ),
            IncidentKind::CeasefireViolation => format!(
                "{} violates {}",
                self.actor,
                self.agreement.as_deref().unwrap_or("the ceasefire")
            ),
            k => {
                let mut s = format!(
                    "{} attacks {}",
                    self.actor,
                    self.subject.as_deref().unwrap_or("?")
                );
                if let Some(p) = &self.place {
                    s.push_str(&format!(" forces in {p}"));
                }
                if k != IncidentKind::ArmedAttack && k != IncidentKind::AttackOnForcesAbroad {
                    s.push_str(&format!(" ({})", k.as_str().replace('_', " ")));
                }
                s
            }
        }
    }
}

fn actor(sc: &Scenario, id: &str) -> Result<String, Error> {
    if sc.actor(id).is_some() {
        return Ok(id.to_string());
    }
    let upper = id.to_uppercase();
    let hint = if sc.actor(&upper).is_some() {
        Some(format!("did you mean `{upper}`?"))
    } else {
        did_you_mean(id, sc.actors.iter().map(|a| a.id.as_str()))
    };
    Err(Error::new(
        ErrorKind::UnknownId,
        format!("unknown actor `{id}` in the event"),
    )
    .maybe_hint(hint.or(Some(
        "actors are ISO 3166-1 alpha-3 ids such as POL; `entente show` lists them".into(),
    ))))
}

fn agreement(sc: &Scenario, id: &str) -> Result<String, Error> {
    if sc.agreement(id).is_some() {
        return Ok(id.to_string());
    }
    let hint = did_you_mean(id, sc.agreements.iter().map(|a| a.id.as_str()));
    Err(Error::new(
        ErrorKind::UnknownId,
        format!("unknown agreement `{id}` in the event"),
    )
    .maybe_hint(hint.or(Some("`entente show` lists the agreements".into()))))
}

fn place(sc: &Scenario, id: &str) -> Result<String, Error> {
    if sc.actor(id).is_some() || sc.zone(id).is_some() {
        return Ok(id.to_string());
    }
    let hint = did_you_mean(
        id,
        sc.actors
            .iter()
            .map(|a| a.id.as_str())
            .chain(sc.zones.iter().map(|z| z.id.as_str())),
    );
    Err(Error::new(
        ErrorKind::UnknownId,
        format!("`{id}` is neither an actor nor a zone of the scenario"),
    )
    .maybe_hint(hint))
}
