//! CSV imports: reading a data file named by the scenario (inside its root), its header and
//! rows, and finding columns by name; membership status words.

use super::*;

/// Normalise a status word of a membership data file.
pub(super) fn normalise_status(s: &str, map: &BTreeMap<String, String>) -> Option<(Status, bool)> {
    if let Some(m) = map.get(s) {
        return Status::parse(m).map(|st| (st, false));
    }
    let lower = s.to_lowercase();
    let base = lower.split('(').next().unwrap_or("").trim().to_string();
    let (former, base) = match base.strip_prefix("former ") {
        Some(rest) => (true, rest.trim().to_string()),
        None => (false, base),
    };
    let st = match base.as_str() {
        "member" | "participating state" | "full member" => Status::Member,
        "observer" => Status::Observer,
        "associate member" | "partner" | "participant" => Status::Partner,
        "candidate" | "potential candidate" | "applicant" => Status::Applicant,
        "suspended" => Status::Suspended,
        "opted out" | "opted_out" => Status::OptedOut,
        _ => return None,
    };
    Some((st, former))
}

pub(super) struct CsvTable {
    pub(super) file: FileId,
    pub(super) headers: Vec<String>,
    pub(super) rows: Vec<(usize, Vec<String>)>,
}

pub(super) fn read_csv(
    ctx: &mut Ctx<'_>,
    files: &dyn Files,
    base: &Path,
    from: FileId,
    name: &Sp<String>,
) -> Option<CsvTable> {
    let root = ctx.roots.get(&from).cloned().unwrap_or_default();
    if let Some(why) = crate::load::outside_root(files, &root, base, &name.value) {
        ctx.error(from, name.span.clone(), "include-outside-root", why)
            .hint =
            Some("copy the file into the scenario's folder and name it by a relative path".into());
        return None;
    }
    if ctx.sources.total_bytes() >= crate::load::MAX_TOTAL_BYTES {
        ctx.error(
            from,
            name.span.clone(),
            "scenario-too-large",
            format!(
                "the scenario's files already hold {} bytes, the most one scenario may read",
                crate::load::MAX_TOTAL_BYTES
            ),
        )
        .hint = Some("split the scenario, or keep bulk data out of it".into());
        return None;
    }
    let path = crate::load::normalise(&base.join(&name.value));
    let text = match files.fetch(&path) {
        Ok(t) => t,
        Err(e) => {
            ctx.error(
                from,
                name.span.clone(),
                e.code(),
                format!("cannot read CSV file `{}`: {e}", path.display()),
            )
            .hint = Some(match e {
                crate::load::ReadError::NotUtf8(_) => "save the file as UTF-8".into(),
                _ => "CSV paths are relative to the file that names them".into(),
            });
            return None;
        }
    };
    let file = ctx.sources.add(path.display().to_string(), text);
    let text = ctx.sources.text(file).to_string();
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match rdr.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_string()).collect(),
        Err(e) => {
            ctx.error(
                file,
                0..0,
                "csv-error",
                format!("cannot read the CSV header: {e}"),
            );
            return None;
        }
    };
    let mut rows = Vec::new();
    for rec in rdr.records() {
        match rec {
            Ok(r) => {
                let line = r.position().map_or(0, |p| p.line() as usize);
                rows.push((line, r.iter().map(|s| s.trim().to_string()).collect()));
            }
            Err(e) => {
                let off = e.position().map_or(0, |p| p.byte() as usize);
                ctx.error(file, off..off + 1, "csv-error", format!("malformed CSV row: {e}"))
                    .hint = Some("every row needs as many fields as the header; quote fields that contain commas".into());
            }
        }
    }
    Some(CsvTable {
        file,
        headers,
        rows,
    })
}

impl CsvTable {
    pub(super) fn col(
        &self,
        ctx: &mut Ctx<'_>,
        from: FileId,
        span: Range<usize>,
        name: &str,
    ) -> Option<usize> {
        let i = self.headers.iter().position(|h| h == name);
        if i.is_none() {
            let fname = ctx.sources.name(self.file).to_string();
            let d = ctx.unknown(
                from,
                span,
                "csv-column",
                format!("`{fname}` has no column `{name}`"),
                ctx.suggest(name, self.headers.iter().map(String::as_str)),
            );
            d.expected = Some(format!("one of its columns: {}", self.headers.join(", ")));
        }
        i
    }
    pub(super) fn line_span(&self, ctx: &Ctx<'_>, line: usize) -> Range<usize> {
        let text = ctx.sources.text(self.file);
        let start: usize = text
            .split_inclusive('\n')
            .take(line.saturating_sub(1))
            .map(str::len)
            .sum();
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        start..end
    }
}
