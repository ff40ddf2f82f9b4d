//! Zones: resolved in dependency order (a zone may include others, and may be declared within
//! states or other zones; cycles refused), and the selection of actors by region or tag. A zone
//! declared within another zone lies on that zone's states too; the declaration itself is kept
//! (`Zone::within`), since it is the only nesting an area has.

use super::*;

/// How deep zones may nest through `includes` and `within` (a chain of zones each naming the
/// next); deeper is refused with a located error, so resolution never exhausts the stack.
pub const MAX_ZONE_DEPTH: usize = 100;

pub(super) fn resolve_zone(
    id: &str,
    raw: &BTreeMap<String, (FileId, &Sp<RawZone>)>,
    done: &mut BTreeMap<String, Zone>,
    actors: &BTreeMap<String, Actor>,
    ctx: &mut Ctx<'_>,
    visiting: &mut Vec<String>,
) {
    if done.contains_key(id) {
        return;
    }
    let Some((file, z)) = raw.get(id) else { return };
    if visiting.iter().any(|v| v == id) {
        let chain = visiting.join(" → ");
        let span = z.span.clone();
        ctx.error(
            *file,
            span,
            "zone-cycle",
            format!("zone `{id}` includes itself: {chain} → {id}"),
        );
        return;
    }
    if visiting.len() >= MAX_ZONE_DEPTH {
        let span = z.span.clone();
        ctx.error(
            *file,
            span,
            "zone-too-deep",
            format!(
                "zone `{id}` is reached through more than {MAX_ZONE_DEPTH} zones nested by `includes` or `within`"
            ),
        )
        .hint = Some(format!(
            "nest zones at most {MAX_ZONE_DEPTH} deep: name the states, or a zone nearer the top"
        ));
        return;
    }
    visiting.push(id.to_string());
    let mut members: BTreeSet<String> = BTreeSet::new();
    for m in &z.members {
        if ctx.actor(*file, m) {
            members.insert(m.value.clone());
        }
    }
    let mut within: BTreeSet<String> = BTreeSet::new();
    for w in &z.within {
        if ctx.zones.contains(&w.value) {
            resolve_zone(&w.value, raw, done, actors, ctx, visiting);
            if let Some(other) = done.get(&w.value) {
                members.extend(other.members.iter().cloned());
                within.insert(w.value.clone());
            }
        } else if ctx.actor(*file, w) {
            members.insert(w.value.clone());
            within.insert(w.value.clone());
        }
    }
    if let Some(r) = &z.region {
        members.extend(actors_with(ctx, *file, r, "region", actors, &|a| {
            a.region.iter().map(String::as_str).collect()
        }));
    }
    if let Some(t) = &z.tag {
        members.extend(actors_with(ctx, *file, t, "tag", actors, &|a| {
            a.tags.iter().map(String::as_str).collect()
        }));
    }
    for inc in &z.includes {
        if ctx.zone(*file, inc) {
            resolve_zone(&inc.value, raw, done, actors, ctx, visiting);
            if let Some(other) = done.get(&inc.value) {
                members.extend(other.members.iter().cloned());
            }
        }
    }
    visiting.pop();
    done.insert(
        id.to_string(),
        Zone {
            id: id.to_string(),
            name: z.name.clone().unwrap_or_else(|| id.to_string()),
            kind: z.kind,
            members: members.into_iter().collect(),
            within: within.into_iter().collect(),
            description: z.description.clone(),
            source: z.source.clone(),
        },
    );
}

/// The actors whose region (or tags) include `want`; an empty selection is reported.
pub(super) fn actors_with(
    ctx: &mut Ctx<'_>,
    file: FileId,
    want: &Sp<String>,
    what: &str,
    actors: &BTreeMap<String, Actor>,
    values: &dyn Fn(&Actor) -> Vec<&str>,
) -> Vec<String> {
    let found: Vec<String> = actors
        .values()
        .filter(|a| values(a).contains(&want.value.as_str()))
        .map(|a| a.id.clone())
        .collect();
    if found.is_empty() {
        let known: BTreeSet<&str> = actors.values().flat_map(values).collect();
        ctx.unknown(
            file,
            want.span.clone(),
            "empty-zone",
            format!("no actor has the {what} `{}`", want.value),
            ctx.suggest(&want.value, known.iter().copied()),
        );
    }
    found
}
