//! The OpenAPI 3.1 document of the server, generated from the questions' JSON Schemas
//! (`entente_api::schemas()`) so it follows every question as it changes. JSON Schema 2020-12 is
//! OpenAPI 3.1's schema language, so each schema goes into `components/schemas` as it is; only
//! its `$defs` are hoisted beside it (shared when every question defines them alike, prefixed by
//! the question otherwise) and its references rewritten to point there.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use crate::upload::{Upload, UploadAnswer};

/// One schema to place in the components: who owns it (for prefixes), its component name, and
/// the schema as schemars wrote it.
struct Root {
    owner: String,
    name: String,
    schema: Value,
}

/// `check` → `Check`.
fn title(q: &str) -> String {
    let mut c = q.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn schema_of<T: schemars::JsonSchema>() -> Value {
    serde_json::to_value(schemars::schema_for!(T)).unwrap_or_default()
}

/// The OpenAPI document.
pub fn openapi() -> Value {
    let all = entente_api::schemas();
    let mut roots = vec![Root {
        owner: "Error".into(),
        name: "ApiError".into(),
        schema: all.get("error").cloned().unwrap_or_default(),
    }];
    for q in entente_api::QUESTIONS {
        for part in ["query", "answer"] {
            roots.push(Root {
                owner: title(q),
                name: format!("{}{}", title(q), title(part)),
                schema: all
                    .get(*q)
                    .and_then(|s| s.get(part))
                    .cloned()
                    .unwrap_or_else(|| json!({})),
            });
        }
    }
    roots.push(Root {
        owner: "Upload".into(),
        name: "Upload".into(),
        schema: schema_of::<Upload>(),
    });
    roots.push(Root {
        owner: "UploadAnswer".into(),
        name: "UploadAnswer".into(),
        schema: schema_of::<UploadAnswer>(),
    });

    let components = components(roots);
    let mut paths = Map::new();
    for q in entente_api::QUESTIONS {
        let t = title(q);
        paths.insert(
            format!("/api/{q}"),
            json!({ "post": {
                "operationId": q,
                "summary": format!("Answer the `{q}` question"),
                "tags": ["questions"],
                "parameters": [{ "$ref": "#/components/parameters/scenario" }],
                "requestBody": {
                    "required": false,
                    "description": "The query; an empty body is `{}`.",
                    "content": { "application/json": {
                        "schema": { "$ref": format!("#/components/schemas/{t}Query") }
                    } }
                },
                "responses": responses(&format!("{t}Answer"), "The answer")
            } }),
        );
    }
    paths.insert(
        "/api/scenarios".into(),
        json!({ "post": {
            "operationId": "upload",
            "summary": "Upload a scenario held in memory; answers its id and its check",
            "description": "`include` and imports are resolved among the uploaded files only. \
                A scenario with errors is answered with its diagnostics and no id. Uploads are \
                kept in memory, bounded in number and total size; the oldest go first.",
            "tags": ["scenarios"],
            "requestBody": {
                "required": true,
                "content": { "application/json": {
                    "schema": { "$ref": "#/components/schemas/Upload" }
                } }
            },
            "responses": responses("UploadAnswer", "The check of the upload, and its id when it has no error")
        } }),
    );
    paths.insert(
        "/api/scenarios/default".into(),
        json!({ "get": {
            "operationId": "defaultFiles",
            "summary": "The files of the scenario the server was started with, as an upload",
            "description": "Paths are relative to the entry file's folder; edit them and POST \
                them to /api/scenarios. 404 when the server was given no file texts.",
            "tags": ["scenarios"],
            "responses": {
                "200": { "description": "The files", "content": { "application/json": {
                    "schema": { "$ref": "#/components/schemas/Upload" } } } },
                "404": { "$ref": "#/components/responses/Error" }
            }
        } }),
    );
    paths.insert(
        "/api/scenarios/{id}".into(),
        json!({ "delete": {
            "operationId": "forget",
            "summary": "Forget an uploaded scenario",
            "tags": ["scenarios"],
            "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }],
            "responses": {
                "204": { "description": "Forgotten" },
                "404": { "$ref": "#/components/responses/Error" }
            }
        } }),
    );
    paths.insert(
        "/api/openapi.json".into(),
        json!({ "get": {
            "operationId": "openapi",
            "summary": "This document",
            "tags": ["meta"],
            "responses": { "200": { "description": "The OpenAPI document",
                "content": { "application/json": { "schema": { "type": "object" } } } } }
        } }),
    );

    json!({
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "entente",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Every entente question as an endpoint: POST the question's Query, \
                get its Answer. Errors are an ApiError whose kind gives the status: usage 400 \
                (404 for an unknown question or scenario), scenario, input and unsupported 422. \
                The server's own limits answer ApiErrors too: 408 a client too slow to send, \
                413 a body too large, 415 a body not declared JSON, 503 a computation over the \
                time budget or no free place to compute (with Retry-After).",
            "license": { "name": "MIT", "identifier": "MIT" }
        },
        "paths": paths,
        "components": {
            "schemas": components,
            "parameters": { "scenario": {
                "name": "scenario",
                "in": "query",
                "required": false,
                "description": "The id of an uploaded scenario (default: the scenario the server was started with).",
                "schema": { "type": "string" }
            } },
            "responses": { "Error": {
                "description": "The question could not be answered",
                "content": { "application/json": {
                    "schema": { "$ref": "#/components/schemas/ApiError" }
                } }
            } }
        }
    })
}

fn responses(answer: &str, what: &str) -> Value {
    let mut r = Map::new();
    r.insert(
        "200".into(),
        json!({ "description": what, "content": { "application/json": {
            "schema": { "$ref": format!("#/components/schemas/{answer}") } } } }),
    );
    for code in ["400", "404", "408", "413", "415", "422", "503"] {
        r.insert(
            code.into(),
            json!({ "$ref": "#/components/responses/Error" }),
        );
    }
    Value::Object(r)
}

/// Place every root and its definitions into one `components/schemas` map.
fn components(mut roots: Vec<Root>) -> Map<String, Value> {
    // Every definition of every root, by name.
    let mut defs: BTreeMap<String, Vec<(usize, Value)>> = BTreeMap::new();
    for (i, r) in roots.iter_mut().enumerate() {
        if let Value::Object(obj) = &mut r.schema {
            obj.remove("$schema");
            if let Some(Value::Object(d)) = obj.remove("$defs") {
                for (k, v) in d {
                    defs.entry(k).or_default().push((i, v));
                }
            }
        }
    }
    // A definition that is a root already (an upload's answer embeds the check's answer) is
    // that root.
    let same_as_root: BTreeMap<String, String> = defs
        .iter()
        .filter_map(|(k, vs)| {
            let r = roots
                .iter()
                .find(|r| vs.iter().all(|(_, v)| untitled(v) == untitled(&r.schema)))?;
            Some((k.clone(), r.name.clone()))
        })
        .collect();
    let top_names: BTreeSet<String> = roots.iter().map(|r| r.name.clone()).collect();
    // A name is shared when every root defines it alike and it names no root; a definition that
    // refers to a definition that is not shared is not shared either.
    let mut private: BTreeSet<String> = defs
        .iter()
        .filter(|(k, vs)| {
            !same_as_root.contains_key(*k)
                && (top_names.contains(*k) || vs.iter().any(|(_, v)| *v != vs[0].1))
        })
        .map(|(k, _)| k.clone())
        .collect();
    loop {
        let more: Vec<String> = defs
            .iter()
            .filter(|(k, vs)| {
                !private.contains(*k) && vs.iter().any(|(_, v)| refers_to_any(v, &private))
            })
            .map(|(k, _)| k.clone())
            .collect();
        if more.is_empty() {
            break;
        }
        private.extend(more);
    }
    let final_name = |root: usize, def: &str| -> String {
        if let Some(r) = same_as_root.get(def) {
            r.clone()
        } else if private.contains(def) {
            format!("{}{}", roots[root].owner, def)
        } else {
            def.to_string()
        }
    };

    let mut out = Map::new();
    for (def, vs) in &defs {
        if same_as_root.contains_key(def) {
            continue;
        }
        for (root, v) in vs {
            let name = final_name(*root, def);
            if out.contains_key(&name) {
                continue;
            }
            let mut v = v.clone();
            rewrite(&mut v, &|d| final_name(*root, d), &roots[*root].name);
            out.insert(name, v);
        }
    }
    for (i, r) in roots.iter().enumerate() {
        let mut v = r.schema.clone();
        rewrite(&mut v, &|d| final_name(i, d), &r.name);
        out.insert(r.name.clone(), v);
    }
    out
}

/// A schema without its top-level title (a root has one, a definition may not).
fn untitled(v: &Value) -> Value {
    let mut v = v.clone();
    if let Value::Object(o) = &mut v {
        o.remove("title");
    }
    v
}

/// Whether a schema refers to any of some definitions.
fn refers_to_any(v: &Value, names: &BTreeSet<String>) -> bool {
    match v {
        Value::Object(o) => o.iter().any(|(k, x)| {
            (k == "$ref"
                && x.as_str()
                    .and_then(|s| s.strip_prefix("#/$defs/"))
                    .is_some_and(|d| names.contains(d)))
                || refers_to_any(x, names)
        }),
        Value::Array(a) => a.iter().any(|x| refers_to_any(x, names)),
        _ => false,
    }
}

/// Point a schema's references at the components: `#/$defs/X` to X's component, `#` to the
/// root's own component.
fn rewrite(v: &mut Value, name: &dyn Fn(&str) -> String, root: &str) {
    match v {
        Value::Object(o) => {
            for (k, x) in o.iter_mut() {
                if k == "$ref" {
                    if let Value::String(s) = x {
                        if let Some(d) = s.strip_prefix("#/$defs/") {
                            *s = format!("#/components/schemas/{}", name(d));
                        } else if s == "#" {
                            *s = format!("#/components/schemas/{root}");
                        }
                    }
                } else {
                    rewrite(x, name, root);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| rewrite(x, name, root)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every reference in the document points at something in it.
    #[test]
    fn every_reference_resolves() {
        let doc = openapi();
        let mut refs = Vec::new();
        fn walk(v: &Value, out: &mut Vec<String>) {
            match v {
                Value::Object(o) => {
                    for (k, x) in o {
                        if k == "$ref" {
                            out.push(x.as_str().unwrap_or("").to_string());
                        } else {
                            walk(x, out);
                        }
                    }
                }
                Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
                _ => {}
            }
        }
        walk(&doc, &mut refs);
        assert!(!refs.is_empty());
        // OpenAPI's pattern for component names.
        for name in doc["components"]["schemas"].as_object().unwrap().keys() {
            assert!(
                !name.is_empty()
                    && name
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')),
                "{name}"
            );
        }
        for r in refs {
            let pointer = r.strip_prefix('#').expect("local reference");
            assert!(doc.pointer(pointer).is_some(), "dangling {r}");
        }
    }
}
