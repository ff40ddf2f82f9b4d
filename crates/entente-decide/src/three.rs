//! Exact three-valued evaluation of a bound rule when only some votes are known (M1, M2, M13).
//!
//! Every unknown member may still vote yes, no, abstain or stay absent. The questions are
//! existential over those completions: can the proposal still pass? can it still fail? which
//! unknown member is pivotal in some completion (a swing)? whose `no` alone sinks it (a veto
//! player)? how few of the unknown members must vote yes when the rest vote no?
//!
//! The search never enumerates all 4^n completions blindly. It walks the unknown members one at a
//! time and, at every step, evaluates the rule on *intervals*: for each quantity the rule
//! compares (a count or an attribute sum of one side), the members already placed give a fixed
//! part and the members still free can add anything between the sum of their negative and the
//! sum of their positive weights. A comparison, veto or connective whose value is the same over
//! the whole interval is decided (Kleene logic), and the branch is cut. Members the rule cannot
//! tell apart (same value of every attribute it sums, named in no veto) are interchangeable, so
//! within such a class only one ordering of each multiset of votes is visited. Leaves are checked
//! with [`Bound::passes`] itself, so the answers are exactly those of brute force (a property
//! test compares them over every completion of small bodies).

use entente_rules::{Bound, CmpOp, Node, Side, Vote};

/// The four votes in a fixed canonical order (used to break symmetry within a class).
const VOTES: [Vote; 4] = [Vote::Yes, Vote::No, Vote::Abstain, Vote::Absent];

fn rank(v: Vote) -> usize {
    match v {
        Vote::Yes => 0,
        Vote::No => 1,
        Vote::Abstain => 2,
        Vote::Absent => 3,
    }
}

/// Kleene truth value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tri {
    True,
    False,
    Unknown,
}

impl Tri {
    fn not(self) -> Tri {
        match self {
            Tri::True => Tri::False,
            Tri::False => Tri::True,
            Tri::Unknown => Tri::Unknown,
        }
    }
    fn of(b: bool) -> Tri {
        if b { Tri::True } else { Tri::False }
    }
}

/// What the free members may still do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Freedom {
    /// Any of the four votes.
    Any,
    /// Only yes or no (used for "votes needed").
    YesNo,
}

/// A bound rule with a partial assignment of votes.
struct State<'a> {
    bound: &'a Bound,
    votes: Vec<Option<Vote>>,
    freedom: Freedom,
    /// With [`Freedom::YesNo`]: at most this many free members may still vote yes (the others
    /// vote no). Tightens the intervals of the "votes needed" search.
    budget: Option<usize>,
    /// Nodes visited so far; the search gives up past [`STEP_LIMIT`].
    steps: u64,
}

/// The most nodes one search visits before giving up with [`TooHard`]. Rules built from the
/// usual thresholds are decided in a few thousand; an adversarial rule (an exact-sum equality
/// over many distinct weights) could otherwise run for a very long time.
pub const STEP_LIMIT: u64 = 5_000_000;

/// A search gave up after [`STEP_LIMIT`] nodes: the rule and the number of unknown positions
/// are too hard to decide exactly. Fix more positions, or simplify the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooHard;

impl std::fmt::Display for TooHard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the exact search gave up after {STEP_LIMIT} steps; give more positions or simplify the rule"
        )
    }
}

impl std::error::Error for TooHard {}

fn side_of(v: Vote) -> Side {
    match v {
        Vote::Yes => Side::Yes,
        Vote::No => Side::No,
        Vote::Abstain => Side::Abstain,
        Vote::Absent => Side::Absent,
    }
}

impl State<'_> {
    /// Count one node; false once the limit is passed.
    fn tick(&mut self) -> bool {
        self.steps += 1;
        self.steps <= STEP_LIMIT
    }

    fn check(&self) -> Result<(), TooHard> {
        if self.steps > STEP_LIMIT {
            Err(TooHard)
        } else {
            Ok(())
        }
    }

    fn weight(&self, attr: Option<usize>, i: usize) -> f64 {
        attr.map_or(1.0, |k| self.bound.weights(k)[i])
    }

    /// The range of `quantity(side, attr)` over every completion of the free members.
    fn range(&self, side: Side, attr: Option<usize>) -> (f64, f64) {
        let may_take = match (self.freedom, side) {
            (Freedom::Any, _) => true,
            (Freedom::YesNo, Side::Yes | Side::No) => true,
            (Freedom::YesNo, _) => false,
        };
        // Fixed part summed in member order, as `Bound::passes` does, so that a fully assigned
        // state gives bit-for-bit the same sums.
        let mut fixed = 0.0;
        let mut neg = 0.0;
        let mut pos = 0.0;
        for (i, v) in self.votes.iter().enumerate() {
            match v {
                Some(v) if side_of(*v) == side => fixed += self.weight(attr, i),
                Some(_) => {}
                None if may_take => {
                    let w = self.weight(attr, i);
                    if w < 0.0 { neg += w } else { pos += w }
                }
                None => {}
            }
        }
        if neg == 0.0 && pos == 0.0 {
            return (fixed, fixed);
        }
        if let (Freedom::YesNo, Some(r), true) = (self.freedom, self.budget, neg == 0.0) {
            // At most r free members vote yes, the rest no: the yes side gains at most the r
            // largest weights, the no side at least everything but them.
            let mut w: Vec<f64> = (0..self.votes.len())
                .filter(|&i| self.votes[i].is_none())
                .map(|i| self.weight(attr, i))
                .collect();
            w.sort_by(|a, b| b.total_cmp(a));
            let top: f64 = w.iter().take(r).sum();
            return match side {
                Side::Yes => (fixed, fixed + top),
                _ => (fixed + (pos - top).max(0.0), fixed + pos),
            };
        }
        (fixed + neg, fixed + pos)
    }

    fn eval(&self, node: &Node) -> Tri {
        match node {
            Node::Not(a) => self.eval(a).not(),
            Node::And(a, b) => match (self.eval(a), self.eval(b)) {
                (Tri::False, _) | (_, Tri::False) => Tri::False,
                (Tri::True, Tri::True) => Tri::True,
                _ => Tri::Unknown,
            },
            Node::Or(a, b) => match (self.eval(a), self.eval(b)) {
                (Tri::True, _) | (_, Tri::True) => Tri::True,
                (Tri::False, Tri::False) => Tri::False,
                _ => Tri::Unknown,
            },
            Node::Veto(idx) => {
                let mut unknown = false;
                for &i in idx {
                    match self.votes[i] {
                        Some(Vote::No) => return Tri::False,
                        Some(_) => {}
                        None => unknown = true,
                    }
                }
                if unknown { Tri::Unknown } else { Tri::True }
            }
            Node::Cmp {
                side,
                attribute,
                op,
                scale,
                rhs,
            } => {
                let (lo, hi) = self.range(*side, *attribute);
                if lo == hi {
                    return Tri::of(op.holds(scale * lo, *rhs));
                }
                // `scale` is positive (1 or 100), so the comparison's value is monotone in the
                // quantity; Eq and Ne are decided only when `rhs` lies outside the range.
                let (a, b) = (scale * lo, scale * hi);
                let always = |p: &dyn Fn(f64) -> bool| p(a) && p(b);
                let never = |p: &dyn Fn(f64) -> bool| !p(a) && !p(b);
                let h = |x: f64| op.holds(x, *rhs);
                match op {
                    CmpOp::Ge | CmpOp::Gt | CmpOp::Le | CmpOp::Lt => {
                        if always(&h) {
                            Tri::True
                        } else if never(&h) {
                            Tri::False
                        } else {
                            Tri::Unknown
                        }
                    }
                    CmpOp::Eq => {
                        if *rhs < a || *rhs > b {
                            Tri::False
                        } else {
                            Tri::Unknown
                        }
                    }
                    CmpOp::Ne => {
                        if *rhs < a || *rhs > b {
                            Tri::True
                        } else {
                            Tri::Unknown
                        }
                    }
                }
            }
        }
    }

    fn root(&self) -> Tri {
        self.eval(self.bound.node())
    }

    fn leaf(&self) -> bool {
        let v: Vec<Vote> = self
            .votes
            .iter()
            .map(|v| v.unwrap_or(Vote::Absent))
            .collect();
        self.bound.passes(&v)
    }
}

/// Symmetry classes: members the rule cannot tell apart share a class id.
fn classes(bound: &Bound) -> Vec<usize> {
    let n = bound.len();
    let mut vetoed = vec![false; n];
    let mut attrs = Vec::new();
    collect(bound.node(), &mut vetoed, &mut attrs);
    attrs.sort_unstable();
    attrs.dedup();
    let key = |i: usize| -> Vec<u64> {
        let mut k: Vec<u64> = attrs
            .iter()
            .map(|&a| bound.weights(a)[i].to_bits())
            .collect();
        if vetoed[i] {
            // Veto holders are told apart by name: each is its own class.
            k.push(u64::MAX);
            k.push(i as u64);
        }
        k
    };
    let mut seen: Vec<Vec<u64>> = Vec::new();
    (0..n)
        .map(|i| {
            let k = key(i);
            match seen.iter().position(|s| *s == k) {
                Some(c) => c,
                None => {
                    seen.push(k);
                    seen.len() - 1
                }
            }
        })
        .collect()
}

fn collect(node: &Node, vetoed: &mut [bool], attrs: &mut Vec<usize>) {
    match node {
        Node::Or(a, b) | Node::And(a, b) => {
            collect(a, vetoed, attrs);
            collect(b, vetoed, attrs);
        }
        Node::Not(a) => collect(a, vetoed, attrs),
        Node::Veto(idx) => {
            for &i in idx {
                vetoed[i] = true;
            }
        }
        Node::Cmp { attribute, .. } => {
            if let Some(k) = attribute {
                attrs.push(*k);
            }
        }
    }
}

/// The free members in search order (classes contiguous, larger total weight first) and, for
/// each, whether it shares its class with the member before it.
fn order(bound: &Bound, free: &[usize]) -> Vec<(usize, bool)> {
    let class = classes(bound);
    let mut attrs = Vec::new();
    let mut vetoed = vec![false; bound.len()];
    collect(bound.node(), &mut vetoed, &mut attrs);
    attrs.sort_unstable();
    attrs.dedup();
    let weight = |i: usize| -> f64 {
        attrs
            .iter()
            .map(|&a| {
                let w = bound.weights(a);
                let total: f64 = w.iter().map(|x| x.abs()).sum();
                if total > 0.0 { w[i].abs() / total } else { 0.0 }
            })
            .sum()
    };
    let mut v: Vec<usize> = free.to_vec();
    v.sort_by(|&a, &b| {
        u8::from(!vetoed[a])
            .cmp(&u8::from(!vetoed[b]))
            .then(weight(b).total_cmp(&weight(a)))
            .then(class[a].cmp(&class[b]))
            .then(a.cmp(&b))
    });
    let mut out = Vec::with_capacity(v.len());
    for (k, &i) in v.iter().enumerate() {
        let same = k > 0 && class[v[k - 1]] == class[i];
        out.push((i, same));
    }
    out
}

/// Is there a completion of the unknown votes (`None`) under which the rule's outcome is
/// `target`? Returns one such completion.
pub fn completion(
    bound: &Bound,
    known: &[Option<Vote>],
    target: bool,
) -> Result<Option<Vec<Vote>>, TooHard> {
    let free: Vec<usize> = (0..known.len()).filter(|&i| known[i].is_none()).collect();
    let ord = order(bound, &free);
    let mut st = State {
        bound,
        votes: known.to_vec(),
        freedom: Freedom::Any,
        budget: None,
        steps: 0,
    };
    let prefs: [Vote; 4] = if target {
        [Vote::Yes, Vote::Abstain, Vote::Absent, Vote::No]
    } else {
        [Vote::No, Vote::Absent, Vote::Abstain, Vote::Yes]
    };
    let found = find(&mut st, &ord, 0, target, &prefs);
    st.check()?;
    Ok(found.then(|| {
        // Members left free when the branch was decided early may take any vote: fill them with
        // the preferred one.
        let v: Vec<Vote> = st.votes.iter().map(|v| v.unwrap_or(prefs[0])).collect();
        debug_assert_eq!(bound.passes(&v), target);
        v
    }))
}

fn find(
    st: &mut State<'_>,
    ord: &[(usize, bool)],
    k: usize,
    target: bool,
    prefs: &[Vote; 4],
) -> bool {
    if !st.tick() {
        return false;
    }
    match st.root() {
        Tri::True => return target,
        Tri::False => return !target,
        Tri::Unknown => {}
    }
    if k == ord.len() {
        return st.leaf() == target;
    }
    let (i, same) = ord[k];
    let floor = if same {
        st.votes[ord[k - 1].0].map_or(0, rank)
    } else {
        0
    };
    for &v in prefs {
        if rank(v) < floor {
            continue;
        }
        st.votes[i] = Some(v);
        if find(st, ord, k + 1, target, prefs) {
            return true;
        }
    }
    st.votes[i] = None;
    false
}

/// Whether some completion passes and whether some completion fails.
pub fn outlook(bound: &Bound, known: &[Option<Vote>]) -> Result<(bool, bool), TooHard> {
    Ok((
        completion(bound, known, true)?.is_some(),
        completion(bound, known, false)?.is_some(),
    ))
}

/// Members whose vote is unknown and who are pivotal in at least one completion of the other
/// unknown votes: changing their vote alone changes the outcome.
pub fn swings(bound: &Bound, known: &[Option<Vote>]) -> Result<Vec<usize>, TooHard> {
    let mut out = Vec::new();
    for m in 0..known.len() {
        if known[m].is_none() && pivotal(bound, known, m)? {
            out.push(m);
        }
    }
    Ok(out)
}

fn pivotal(bound: &Bound, known: &[Option<Vote>], m: usize) -> Result<bool, TooHard> {
    let free: Vec<usize> = (0..known.len())
        .filter(|&i| i != m && known[i].is_none())
        .collect();
    let ord = order(bound, &free);
    let mut st = State {
        bound,
        votes: known.to_vec(),
        freedom: Freedom::Any,
        budget: None,
        steps: 0,
    };
    let found = find_pivot(&mut st, &ord, 0, m);
    st.check()?;
    Ok(found)
}

fn find_pivot(st: &mut State<'_>, ord: &[(usize, bool)], k: usize, m: usize) -> bool {
    if !st.tick() {
        return false;
    }
    // Evaluate the four copies that differ only in m's vote.
    let mut any_true = false;
    let mut any_false = false;
    let mut all_decided = true;
    for v in VOTES {
        st.votes[m] = Some(v);
        match st.root() {
            Tri::True => any_true = true,
            Tri::False => any_false = true,
            Tri::Unknown => all_decided = false,
        }
    }
    st.votes[m] = None;
    if any_true && any_false {
        return true;
    }
    if all_decided {
        return false;
    }
    if k == ord.len() {
        let mut outs = VOTES.iter().map(|&v| {
            st.votes[m] = Some(v);
            st.leaf()
        });
        let first = outs.next().unwrap_or(false);
        let differs = outs.any(|o| o != first);
        st.votes[m] = None;
        return differs;
    }
    let (i, same) = ord[k];
    let floor = if same {
        st.votes[ord[k - 1].0].map_or(0, rank)
    } else {
        0
    };
    for v in [Vote::Yes, Vote::No, Vote::Abstain, Vote::Absent] {
        if rank(v) < floor {
            continue;
        }
        st.votes[i] = Some(v);
        if find_pivot(st, ord, k + 1, m) {
            st.votes[i] = None;
            return true;
        }
    }
    st.votes[i] = None;
    false
}

/// Veto players given the known votes: members whose `no` alone makes every completion fail,
/// while without it some completion would pass. A member's own known vote is set aside (it is
/// asked "could you block it?").
pub fn veto_players(bound: &Bound, known: &[Option<Vote>]) -> Result<Vec<usize>, TooHard> {
    let mut out = Vec::new();
    for m in 0..known.len() {
        let mut k = known.to_vec();
        k[m] = None;
        if completion(bound, &k, true)?.is_none() {
            continue;
        }
        k[m] = Some(Vote::No);
        if completion(bound, &k, true)?.is_none() {
            out.push(m);
        }
    }
    Ok(out)
}

/// The smallest number of unknown members who must vote yes for the proposal to pass when every
/// other unknown member votes no; `None` if even all of them voting yes is not enough.
pub fn votes_needed(bound: &Bound, known: &[Option<Vote>]) -> Result<Option<usize>, TooHard> {
    let free: Vec<usize> = (0..known.len()).filter(|&i| known[i].is_none()).collect();
    let ord = order(bound, &free);
    let mut st = State {
        bound,
        votes: known.to_vec(),
        freedom: Freedom::YesNo,
        budget: None,
        steps: 0,
    };
    let mut best: Option<usize> = None;
    needed(&mut st, &ord, 0, 0, &mut best);
    st.check()?;
    Ok(best)
}

fn needed(
    st: &mut State<'_>,
    ord: &[(usize, bool)],
    k: usize,
    yes: usize,
    best: &mut Option<usize>,
) {
    if best.is_some_and(|b| yes >= b) || !st.tick() {
        return;
    }
    st.budget = best.map(|b| b - 1 - yes);
    match st.root() {
        Tri::True => {
            // Every completion passes, in particular the one where the rest vote no.
            *best = Some(yes);
            return;
        }
        Tri::False => return,
        Tri::Unknown => {}
    }
    if k == ord.len() {
        if st.leaf() {
            *best = Some(yes);
        }
        return;
    }
    let (i, same) = ord[k];
    let floor = if same {
        st.votes[ord[k - 1].0].map_or(0, rank)
    } else {
        0
    };
    for v in [Vote::Yes, Vote::No] {
        if rank(v) < floor {
            continue;
        }
        st.votes[i] = Some(v);
        needed(st, ord, k + 1, yes + usize::from(v == Vote::Yes), best);
    }
    st.votes[i] = None;
}

#[cfg(test)]
mod tests {
    use super::*;
    use entente_rules::{Body, parse};

    fn bound(rule: &str, n: usize) -> Bound {
        let b = Body::new((0..n).map(|i| format!("M{i}")).collect());
        parse(rule).unwrap().bind(&b).unwrap()
    }

    #[test]
    fn consensus_with_one_objection_cannot_pass() {
        // M1: one objecting member blocks a consensus.
        let b = bound("no == 0", 5);
        let known = [Some(Vote::No), None, None, None, None];
        assert_eq!(outlook(&b, &known), Ok((false, true)));
        assert_eq!(veto_players(&b, &known), Ok(vec![0]));
        assert_eq!(votes_needed(&b, &known), Ok(None));
    }

    #[test]
    fn consensus_all_unknown_everyone_vetoes_and_everyone_swings() {
        let b = bound("no == 0", 4);
        let known = [None; 4];
        assert_eq!(outlook(&b, &known), Ok((true, true)));
        assert_eq!(veto_players(&b, &known), Ok(vec![0, 1, 2, 3]));
        assert_eq!(swings(&b, &known), Ok(vec![0, 1, 2, 3]));
        // When the unknown members vote either yes or no, all four must say yes.
        assert_eq!(votes_needed(&b, &known), Ok(Some(4)));
    }
}
