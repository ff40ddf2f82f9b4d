//! Mediation by a single negotiating text (M30), after Raiffa's account of the Camp David talks
//! (The Art and Science of Negotiation, 1982, ch. 14): the mediator drafts one text, the parties
//! criticise it rather than bargain over offers, and the mediator revises it until every party
//! accepts it or no revision can be made that hurts nobody.
//!
//! The procedure here: the first draft is the mediator's best valid package among those that give
//! every party at least its no-deal value (the mediator is a party of the space, and knows the
//! others' interests but leaves their red lines to their criticism); when no package does, the
//! valid package whose worst-off party is least far below its no-deal value. Ties go to the
//! smallest index. Each revision changes the value of
//! one issue; it must leave every party at least as well off and make one of the parties that
//! still reject the text strictly better off (a Pareto improvement, so no party's criticism is
//! answered at another's expense). Among such revisions the mediator takes the one that leaves
//! the fewest parties rejecting the text, then the largest gain summed over those that reject
//! it, then the smallest package index. The text stops when every party accepts it (agreement),
//! or when no revision is left (the text is stalled: each party that rejects it says why).
//! Whether any package at all could be accepted by everyone is the analysis' count of
//! acceptable packages, reported beside it; when that is zero, no text can succeed.

use serde::Serialize;

use crate::{Error, Model, Result, Space};

/// One version of the text.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Draft {
    /// Package index (mixed radix, first issue most significant).
    pub index: u64,
    /// Utilities, in party order.
    pub utilities: Vec<f64>,
    /// The issue this revision changed (null for the first draft).
    pub changed: Option<String>,
    /// Parties that reject this version (below their no-deal value or past a red line).
    pub rejecting: Vec<String>,
}

/// The whole single-text procedure.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct SingleText {
    /// The mediator (a party of the space).
    pub mediator: String,
    /// Every version, the first draft first.
    pub drafts: Vec<Draft>,
    /// Whether the last version is accepted by every party.
    pub agreed: bool,
}

/// A candidate revision: parties still rejecting, gain to the rejecting parties, package
/// index, issue changed, values, utilities.
type Revision = (usize, f64, u64, usize, Vec<usize>, Vec<f64>);

/// Most revisions made before the procedure stops (each strictly raises some party's utility
/// and lowers none, so it ends on its own; this bounds the work on very large spaces).
pub const MAX_REVISIONS: usize = 10_000;

/// Run the single negotiating text with `mediator` (a party id) drafting.
pub fn single_text(space: &Space, model: &Model, mediator: &str) -> Result<SingleText> {
    let Some(m) = space.parties.iter().position(|p| p.id == mediator) else {
        let ids: Vec<&str> = space.parties.iter().map(|p| p.id.as_str()).collect();
        return Err(Error::invalid(format!(
            "the mediator `{mediator}` is not a party of `{}`",
            space.name
        ))
        .with_hint(format!("one of: {}", ids.join(", "))));
    };
    if model.count > crate::simulate::MAX_SIMULATED_PACKAGES {
        return Err(Error::new(
            crate::ErrorKind::TooLarge,
            format!(
                "{} packages; the single text is drafted on at most {}",
                model.count,
                crate::simulate::MAX_SIMULATED_PACKAGES
            ),
        ));
    }
    let k = model.k;
    let mut u = vec![0.0; k];
    // The first draft, in one pass over every package: the mediator's best valid package among
    // those that give every party at least its no-deal value; if there is none, the valid package
    // whose worst-off party is least far below its no-deal value.
    let mut best: Option<(f64, u64)> = None;
    let mut fallback: Option<(f64, u64)> = None;
    for index in 0..model.count {
        let v = space.decode(index);
        if !model.valid(&v) {
            continue;
        }
        model.utilities(&v, &mut u);
        let margin = (0..k)
            .map(|p| u[p] - model.no_deal[p])
            .fold(f64::INFINITY, f64::min);
        if margin >= 0.0 && best.is_none_or(|(b, _)| u[m] > b) {
            best = Some((u[m], index));
        }
        if fallback.is_none_or(|(b, _)| margin > b) {
            fallback = Some((margin, index));
        }
    }
    let Some((_, first)) = best.or(fallback) else {
        return Err(Error::invalid(
            "no package meets the space's links: there is nothing to draft",
        ));
    };
    let rejecting = |v: &[usize], u: &[f64]| -> Vec<usize> {
        (0..k).filter(|&p| !model.party_accepts(p, v, u)).collect()
    };
    let names =
        |r: &[usize]| -> Vec<String> { r.iter().map(|&p| space.parties[p].id.clone()).collect() };
    let mut cur = space.decode(first);
    model.utilities(&cur, &mut u);
    let mut rej = rejecting(&cur, &u);
    let mut drafts = vec![Draft {
        index: first,
        utilities: u.clone(),
        changed: None,
        rejecting: names(&rej),
    }];
    let mut w = vec![0.0; k];
    while !rej.is_empty() && drafts.len() <= MAX_REVISIONS {
        // The best revision so far: (rejecting count, gain to rejecting parties, index, issue
        // changed, values, utilities).
        let mut pick: Option<Revision> = None;
        for d in 0..cur.len() {
            for val in 0..model.radices[d] {
                if val == cur[d] {
                    continue;
                }
                let mut v = cur.clone();
                v[d] = val;
                if !model.valid(&v) {
                    continue;
                }
                model.utilities(&v, &mut w);
                if (0..k).any(|p| w[p] < u[p]) || !rej.iter().any(|&p| w[p] > u[p]) {
                    continue;
                }
                let r = rejecting(&v, &w);
                let gain: f64 = rej.iter().map(|&p| w[p] - u[p]).sum();
                let idx = space.encode(&v);
                let better = match &pick {
                    None => true,
                    Some((n, g, i, ..)) => {
                        (r.len(), -gain, idx).partial_cmp(&(*n, -*g, *i))
                            == Some(std::cmp::Ordering::Less)
                    }
                };
                if better {
                    pick = Some((r.len(), gain, idx, d, v, w.clone()));
                }
            }
        }
        let Some((_, _, idx, d, v, nw)) = pick else {
            break;
        };
        cur = v;
        u = nw;
        rej = rejecting(&cur, &u);
        drafts.push(Draft {
            index: idx,
            utilities: u.clone(),
            changed: Some(space.issues[d].id.clone()),
            rejecting: names(&rej),
        });
    }
    Ok(SingleText {
        mediator: mediator.to_string(),
        agreed: rej.is_empty(),
        drafts,
    })
}
