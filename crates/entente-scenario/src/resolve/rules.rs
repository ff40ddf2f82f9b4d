//! Decision rules and conditions written in a scenario: parsed, and every attribute, veto holder
//! and id they name checked against the scenario.

use super::*;

pub(crate) fn parse_rule(ctx: &mut Ctx<'_>, file: FileId, r: &Sp<String>) -> Option<RuleText> {
    match entente_rules::parse(&r.value) {
        Ok(rule) => {
            // Attribute names must exist on some actor.
            for a in rule.attributes() {
                if !ctx.attributes.contains(&a.name) {
                    let s = r.span.start + 1 + a.span.start;
                    let d = ctx.unknown(
                        file,
                        s..s + (a.span.end - a.span.start),
                        "unknown-attribute",
                        format!("no actor has the attribute `{}`", a.name),
                        ctx.suggest(&a.name, ctx.attributes.iter().map(String::as_str)),
                    );
                    d.expected = Some("an attribute given to actors (e.g. population)".into());
                }
            }
            for v in rule.veto_holders() {
                if !ctx.actors.contains_key(&v.name) {
                    let s = r.span.start + 1 + v.span.start;
                    ctx.unknown(
                        file,
                        s..s + (v.span.end - v.span.start),
                        "unknown-actor",
                        format!("veto holder `{}` is not an actor", v.name),
                        ctx.suggest(&v.name, ctx.actors.keys().map(String::as_str)),
                    );
                }
            }
            Some(RuleText {
                text: rule.to_string(),
                rule,
            })
        }
        Err(e) => {
            let s = r.span.start + 1 + e.span.start;
            let d = ctx.error(
                file,
                s..s + (e.span.end - e.span.start).max(1),
                "rule-syntax",
                format!("in rule: {}", e.message),
            );
            d.expected = Some(e.expected.clone());
            d.hint = e.hint.clone();
            None
        }
    }
}

pub(super) fn parse_condition(
    ctx: &mut Ctx<'_>,
    file: FileId,
    c: &Sp<String>,
) -> Option<Condition> {
    match cond::parse(&c.value) {
        Ok(x) => Some(x),
        Err(e) => {
            let s = c.span.start + 1 + e.span.start;
            let d = ctx.error(
                file,
                s..s + (e.span.end - e.span.start).max(1),
                "condition-syntax",
                format!("in condition: {}", e.message),
            );
            d.expected = Some(e.expected);
            None
        }
    }
}
