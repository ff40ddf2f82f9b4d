//! The closed vocabularies of agreements and obligations, as enums: agreement kinds and statuses,
//! legal forms, obligation kinds, strengths and triggers. Each serialises to the scenario's own
//! word (so answers read as scenarios are written), lists its words for hints and for the JSON
//! Schema (editors complete them), and parses a word back. Engines match on the variants, so a
//! new word cannot be silently ignored by a `_` arm.

/// A closed vocabulary: its words, what they name, and how a word is read.
pub trait Word: Sized + Copy {
    /// Every word.
    const WORDS: &'static [&'static str];
    /// What the words name, for messages.
    const WHAT: &'static str;
    /// The variant of a word.
    fn from_word(s: &str) -> Option<Self>;
}

macro_rules! vocabulary {
    (
        $(#[$m:meta])*
        $name:ident, $what:literal {
            $( $(#[$vm:meta])* $var:ident = $word:literal ),* $(,)?
        }
    ) => {
        $(#[$m])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash,
            serde::Serialize, serde::Deserialize, schemars::JsonSchema,
        )]
        pub enum $name {
            $( $(#[$vm])* #[serde(rename = $word)] $var ),*
        }

        impl $name {
            /// Every variant, in the order of the format's documentation.
            pub const ALL: &'static [$name] = &[$($name::$var),*];
            /// Every word, in the same order.
            pub const WORDS: &'static [&'static str] = &[$($word),*];
            /// What the words name, for messages.
            pub const WHAT: &'static str = $what;

            /// The scenario's word.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( $name::$var => $word ),*
                }
            }

            /// The variant of a word.
            pub fn parse(s: &str) -> Option<$name> {
                match s {
                    $( $word => Some($name::$var), )*
                    _ => None,
                }
            }
        }

        impl Word for $name {
            const WORDS: &'static [&'static str] = $name::WORDS;
            const WHAT: &'static str = $what;
            fn from_word(s: &str) -> Option<$name> {
                $name::parse(s)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// A word compares equal to its variant (for tests and checks against written words).
        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<$name, String> {
                $name::parse(s).ok_or_else(|| format!("unknown {} `{s}`", $what))
            }
        }
    };
}

vocabulary! {
    /// What an agreement is.
    AgreementKind, "agreement kind" {
        /// Collective or mutual defence.
        Defence = "defence",
        /// An offensive alliance.
        Offence = "offence",
        /// Neutrality.
        Neutrality = "neutrality",
        /// Non-aggression.
        NonAggression = "non_aggression",
        /// Consultation.
        Consultation = "consultation",
        /// A security guarantee short of an alliance (the same word as the obligation kind; the
        /// format also reads the older `security_guarantee`, with a warning).
        Guarantee = "guarantee",
        /// Assistance (arms, money, training).
        Assistance = "assistance",
        /// Limits on forces.
        ForceLimit = "force_limit",
        /// A demilitarised zone.
        DemilitarisedZone = "demilitarised_zone",
        /// Sanctions.
        Sanctions = "sanctions",
        /// An asset freeze.
        AssetFreeze = "asset_freeze",
        /// A pledge.
        Pledge = "pledge",
        /// A declaration.
        Declaration = "declaration",
        /// A ceasefire.
        Ceasefire = "ceasefire",
        /// A package of linked undertakings.
        Package = "package",
        /// A memorandum.
        Memorandum = "memorandum",
    }
}

vocabulary! {
    /// Where an agreement stands.
    AgreementStatus, "agreement status" {
        /// Proposed, not signed.
        Proposed = "proposed",
        /// Signed, not in force.
        Signed = "signed",
        /// In force.
        InForce = "in_force",
        /// Suspended.
        Suspended = "suspended",
        /// Ended by the parties.
        Terminated = "terminated",
        /// Breached (and still binding the other parties as far as it does).
        Breached = "breached",
        /// Its term ran out.
        Expired = "expired",
    }
}

vocabulary! {
    /// How binding an agreement's text is.
    LegalForm, "legal form" {
        /// A treaty.
        Treaty = "treaty",
        /// A political declaration.
        PoliticalDeclaration = "political_declaration",
        /// A verbal assurance, never written down.
        VerbalAssurance = "verbal_assurance",
        /// An executive agreement.
        ExecutiveAgreement = "executive_agreement",
        /// A state's own constitution (binds its organs, not other states: M18).
        ConstitutionalLaw = "constitutional_law",
        /// A state's own ordinary law (binds its organs, not other states: M18).
        DomesticLaw = "domestic_law",
    }
}

impl LegalForm {
    /// Whether the text is a state's own law (its constitution or an ordinary law): it binds the
    /// state's organs, not the state towards other states, and the state alone can change it.
    pub fn is_own_law(self) -> bool {
        match self {
            LegalForm::ConstitutionalLaw | LegalForm::DomesticLaw => true,
            LegalForm::Treaty
            | LegalForm::PoliticalDeclaration
            | LegalForm::VerbalAssurance
            | LegalForm::ExecutiveAgreement => false,
        }
    }
}

vocabulary! {
    /// On what an institution or an agreement rests under international law (M34). The words
    /// have consequences: enforcement action by a Chapter VIII arrangement needs the Security
    /// Council's authorisation (UN Charter Art. 53(1)).
    LegalBasis, "legal basis" {
        /// Individual or collective self-defence (UN Charter Art. 51).
        Art51 = "art_51",
        /// Action by or authorised by the Security Council (UN Charter Chapter VII).
        ChapterVii = "chapter_vii",
        /// A regional arrangement (UN Charter Chapter VIII, Arts. 52-54).
        ChapterViii = "chapter_viii",
        /// A treaty among the parties, with no further basis in the Charter.
        TreatyBased = "treaty_based",
    }
}

vocabulary! {
    /// What an obligation binds its bearers to.
    ObligationKind, "obligation kind" {
        /// Defend.
        Defence = "defence",
        /// Join an attack.
        Offence = "offence",
        /// Stay neutral.
        Neutrality = "neutrality",
        /// Not attack.
        NonAggression = "non_aggression",
        /// Consult.
        Consultation = "consultation",
        /// Assist.
        Assistance = "assistance",
        /// Supply arms or goods.
        Supply = "supply",
        /// Fund.
        Funding = "funding",
        /// Keep forces under a limit.
        ForceLimit = "force_limit",
        /// Not enlarge.
        NoEnlargement = "no_enlargement",
        /// Not deploy.
        NoDeployment = "no_deployment",
        /// Keep a zone demilitarised.
        Demilitarisation = "demilitarisation",
        /// Relieve sanctions.
        SanctionsRelief = "sanctions_relief",
        /// Release assets.
        AssetRelease = "asset_release",
        /// Monitor.
        Monitoring = "monitoring",
        /// Guarantee another party's security.
        Guarantee = "guarantee",
        /// Not accede to an alliance.
        NonAccession = "non_accession",
        /// Cease fire.
        Ceasefire = "ceasefire",
        /// Contribute to a peace force.
        PeaceForce = "peace_force",
        /// Train.
        Training = "training",
        /// Impose sanctions.
        Sanctions = "sanctions",
        /// Cede territory, or recognise another's title to it.
        Cession = "cession",
    }
}

vocabulary! {
    /// How strongly an obligation binds.
    Strength, "strength" {
        /// Acts at once, without a further decision.
        Automatic = "automatic",
        /// Such action as the bearer deems necessary (North Atlantic Treaty Art. 5).
        AsDeemedNecessary = "as_deemed_necessary",
        /// Consult.
        Consult = "consult",
        /// Assist.
        Assist = "assist",
        /// Supply.
        Supply = "supply",
        /// Fund.
        Fund = "fund",
        /// Refrain from something.
        Refrain = "refrain",
        /// Stay within a limit.
        Limit = "limit",
        /// Monitor.
        Monitor = "monitor",
    }
}

impl Strength {
    /// Rank of a strength: higher is stronger (an absent strength ranks 0).
    pub fn rank(s: Option<Strength>) -> u8 {
        match s {
            Some(Strength::Automatic) => 9,
            Some(Strength::AsDeemedNecessary) => 8,
            Some(Strength::Assist) => 7,
            Some(Strength::Supply) => 6,
            Some(Strength::Fund) => 5,
            Some(Strength::Consult) => 4,
            Some(Strength::Monitor) => 3,
            Some(Strength::Refrain | Strength::Limit) => 1,
            None => 0,
        }
    }
}

vocabulary! {
    /// What sets an obligation off.
    Trigger, "trigger" {
        /// An armed attack.
        ArmedAttack = "armed_attack",
        /// A hybrid attack.
        HybridAttack = "hybrid_attack",
        /// A limited incursion.
        LimitedIncursion = "limited_incursion",
        /// An attack on forces abroad.
        AttackOnForcesAbroad = "attack_on_forces_abroad",
        /// A breach of the agreement.
        Breach = "breach",
        /// A ceasefire violation.
        CeasefireViolation = "ceasefire_violation",
        /// A threat.
        Threat = "threat",
    }
}
