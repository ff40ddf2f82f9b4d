//! The native half of entente's Python package (`entente._entente`): a loaded scenario that
//! answers any question of `entente-api` by name, its query in JSON, through
//! `entente_api::ask_typed` (entente-api is the seam the server and the command line use too,
//! so a Python answer is the command line's answer), with the GIL released while the engines
//! work, and the answer built as Python objects straight from its Rust value (`topy`), equal to
//! `json.loads` of its JSON; one shard of a sweep and the merge of shards; and the errors as
//! `ScenarioError` (a scenario, an input file, an answer the method cannot give, with the
//! located diagnostics) or `ValueError` (a bad argument), with the command line's text. The
//! Python half (`python/entente/__init__.py`) turns keyword arguments into the query and wraps
//! the answer.

mod topy;

use std::collections::BTreeMap;

use entente_api::{ApiError, ErrorKind, Source};
use pyo3::exceptions::{PyException, PyValueError};
use pyo3::prelude::*;

pyo3::create_exception!(
    _entente,
    ScenarioError,
    PyException,
    "A scenario or another input is wrong, or the method cannot answer: `diagnostics` holds the \
     located problems (file, line, column, message, expected, hint)."
);

/// The text the command line prints for an error (each diagnostic, then the message and hint).
pub fn error_text(e: &ApiError) -> String {
    let mut out = String::new();
    for d in &e.diagnostics {
        out.push_str(&format!("{}[{}]: {}\n", d.severity, d.code, d.message));
        if d.line == 0 {
            out.push_str(&format!("  --> {}\n", d.file));
        } else {
            out.push_str(&format!("  --> {}:{}:{}\n", d.file, d.line, d.column));
        }
        if let Some(x) = &d.expected {
            out.push_str(&format!("  = expected: {x}\n"));
        }
        if let Some(h) = &d.hint {
            out.push_str(&format!("  = hint: {h}\n"));
        }
    }
    out.push_str(&e.to_string());
    out
}

/// The Python exception for an API error, with `code`, `kind`, `hint`, `exit_code` and
/// `diagnostics` (a list of dicts) set on it.
fn py_error(py: Python<'_>, e: &ApiError) -> PyErr {
    let text = error_text(e);
    let err = if e.kind == ErrorKind::Usage {
        PyValueError::new_err(text)
    } else {
        ScenarioError::new_err(text)
    };
    let value = err.value(py);
    let set = || -> PyResult<()> {
        let detail = topy::to_py(py, e).map_err(|e| match e {
            topy::Error::Py(e) => e,
            topy::Error::NotJson(m) => PyValueError::new_err(m),
        })?;
        value.setattr("code", e.code.clone())?;
        value.setattr("hint", e.hint.clone())?;
        value.setattr("exit_code", e.exit_code())?;
        value.setattr("kind", detail.call_method1("get", ("kind",))?)?;
        let none: Vec<String> = Vec::new();
        value.setattr(
            "diagnostics",
            detail.call_method1("get", ("diagnostics", none))?,
        )?;
        Ok(())
    };
    match set() {
        Ok(()) => err,
        Err(other) => other,
    }
}

/// The Python objects for an answer (what `json.loads` gives for its JSON).
///
/// Python's cyclic garbage collector is paused while they are built (they hold no cycles, and
/// tens of thousands of new dicts and lists would otherwise set it off again and again), then
/// it looks at them once, in one pass over its youngest generation. No Python code runs
/// meanwhile, so no other thread sees the pause.
fn answer_py<'py, T: serde::Serialize + ?Sized>(
    py: Python<'py>,
    answer: &T,
) -> PyResult<Bound<'py, PyAny>> {
    let gc = py.import("gc")?;
    let running = gc.call_method0("isenabled")?.is_truthy()?;
    if running {
        gc.call_method0("disable")?;
    }
    let out = topy::to_py(py, answer);
    if running {
        gc.call_method0("enable")?;
        gc.call_method1("collect", (0,))?;
    }
    out.map_err(|e| match e {
        topy::Error::Py(e) => e,
        topy::Error::NotJson(m) => py_error(
            py,
            &ApiError::unsupported(
                "answer-not-json",
                format!("the answer has no JSON form: {m}"),
            ),
        ),
    })
}

fn parse_query(py: Python<'_>, query: &str) -> PyResult<serde_json::Value> {
    serde_json::from_str(query).map_err(|e| {
        py_error(
            py,
            &ApiError::usage("bad-query", format!("the query is not JSON: {e}")),
        )
    })
}

/// A loaded scenario (the bundled one, files on disk, or files held in memory).
#[pyclass(module = "entente._entente", frozen)]
#[derive(Debug)]
pub struct Session {
    inner: entente_api::Session,
}

fn open(py: Python<'_>, source: Source) -> PyResult<Session> {
    py.detach(|| entente_api::Session::open(&source))
        .map(|inner| Session { inner })
        .map_err(|e| {
            // A scenario with errors: the rendered diagnostics, as `entente check` prints them.
            if e.kind == ErrorKind::Scenario {
                let rendered: String = entente_api::check::check(&source).rendered.concat();
                let mut err = e.clone();
                err.message = format!("{rendered}{}", e.message);
                py_error(py, &err)
            } else {
                py_error(py, &e)
            }
        })
}

/// The bundled Europe scenario.
#[pyfunction]
fn load_bundled(py: Python<'_>) -> PyResult<Session> {
    open(py, Source::Bundled)
}

/// Scenario files or folders on disk (a folder means its `scenario.toml`).
#[pyfunction]
fn load_paths(py: Python<'_>, paths: Vec<String>) -> PyResult<Session> {
    open(
        py,
        Source::Paths(paths.into_iter().map(Into::into).collect()),
    )
}

/// Scenario files held in memory, by path.
#[pyfunction]
fn load_files(py: Python<'_>, files: BTreeMap<String, String>) -> PyResult<Session> {
    open(py, Source::Files(files))
}

#[pymethods]
impl Session {
    /// Answer the question `name` with a query in JSON; the answer as Python objects (what
    /// `json.loads` gives for the command line's JSON).
    fn ask<'py>(&self, py: Python<'py>, name: &str, query: &str) -> PyResult<Bound<'py, PyAny>> {
        let q = parse_query(py, query)?;
        let out = py.detach(|| entente_api::ask_typed(&self.inner, name, q));
        match out {
            Ok(a) => answer_py(py, &a),
            Err(e) => Err(py_error(py, &e)),
        }
    }

    /// Answer the question `name` with a query in JSON; the answer in JSON (as the server gives
    /// it).
    fn ask_json(&self, py: Python<'_>, name: &str, query: &str) -> PyResult<String> {
        let q = parse_query(py, query)?;
        let out = py.detach(|| entente_api::ask(&self.inner, name, q));
        match out {
            Ok(v) => Ok(v.to_string()),
            Err(e) => Err(py_error(py, &e)),
        }
    }

    /// Run one shard of a sweep (the query holds `"shard": "K/N"`); the shard file's JSON lines.
    fn shard(&self, py: Python<'_>, name: &str, query: &str) -> PyResult<String> {
        let q = parse_query(py, query)?;
        let out = py.detach(|| entente_api::shard::shard(&self.inner, name, q));
        match out {
            Ok(r) => Ok(r.to_jsonl()),
            Err(e) => Err(py_error(py, &e)),
        }
    }

    /// Merge shard files given as (name, text) pairs; the whole sweep's answer as Python
    /// objects (what `json.loads` gives for the command line's JSON).
    fn merge<'py>(
        &self,
        py: Python<'py>,
        files: Vec<(String, String)>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let out = py.detach(|| entente_api::shard::merge(&self.inner, &files));
        match out {
            Ok(m) => answer_py(py, &m),
            Err(e) => Err(py_error(py, &e)),
        }
    }

    /// Warnings of the loaded scenario, rendered.
    fn warnings(&self) -> Vec<String> {
        self.inner.warnings().iter().map(|d| d.render()).collect()
    }
}

/// The questions, by name.
#[pyfunction]
fn questions() -> Vec<&'static str> {
    entente_api::QUESTIONS.to_vec()
}

/// The questions that split into shards.
#[pyfunction]
fn sharded() -> Vec<&'static str> {
    entente_api::shard::SHARDED.to_vec()
}

/// The JSON Schema of every question's Query and Answer, in JSON.
#[pyfunction]
fn schemas() -> String {
    entente_api::schemas().to_string()
}

/// The module.
#[pymodule]
fn _entente(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("ScenarioError", m.py().get_type::<ScenarioError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<Session>()?;
    m.add_function(wrap_pyfunction!(load_bundled, m)?)?;
    m.add_function(wrap_pyfunction!(load_paths, m)?)?;
    m.add_function(wrap_pyfunction!(load_files, m)?)?;
    m.add_function(wrap_pyfunction!(questions, m)?)?;
    m.add_function(wrap_pyfunction!(sharded, m)?)?;
    m.add_function(wrap_pyfunction!(schemas, m)?)?;
    Ok(())
}
