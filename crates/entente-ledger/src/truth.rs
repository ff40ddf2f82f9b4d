//! Three-valued (Kleene) truth for conditions (M8, M9, M19): a condition that refers to an
//! action nobody has verified yet is `Unknown`, which is not the same as `False`. `and`, `or` and
//! `not` follow Kleene's strong logic: `False and Unknown = False`, `True or Unknown = True`,
//! `not Unknown = Unknown`. Only `True` opens a phase or puts an obligation in force.

use serde::Serialize;

/// A truth value of the strong Kleene logic.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Truth {
    /// Known not to hold.
    False,
    /// Not known either way (nothing verified yet).
    Unknown,
    /// Known to hold.
    True,
}

impl Truth {
    /// Kleene conjunction: the minimum of False < Unknown < True.
    pub fn and(self, other: Truth) -> Truth {
        self.min(other)
    }

    /// Kleene disjunction: the maximum of False < Unknown < True.
    pub fn or(self, other: Truth) -> Truth {
        self.max(other)
    }

    /// Kleene negation.
    #[allow(clippy::should_implement_trait)]
    pub fn not(self) -> Truth {
        match self {
            Truth::False => Truth::True,
            Truth::Unknown => Truth::Unknown,
            Truth::True => Truth::False,
        }
    }

    /// From a known boolean.
    pub fn from_bool(b: bool) -> Truth {
        if b { Truth::True } else { Truth::False }
    }

    /// Whether it is known to hold.
    pub fn is_true(self) -> bool {
        self == Truth::True
    }

    /// The word used in tables and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Truth::False => "false",
            Truth::Unknown => "unknown",
            Truth::True => "true",
        }
    }
}

impl std::fmt::Display for Truth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
