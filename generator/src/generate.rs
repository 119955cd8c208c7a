//! The whole pipeline behind one builder, for the command line and for build.rs alike:
//! doc sets → pages → API model → Rust files, written atomically.
//!
//! In build.rs:
//!
//! ```no_run
//! let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").unwrap()).join("graph");
//! graphdoc::Config::new().docs("docs").out_dir(out).emit_rerun_if_changed(true).generate().unwrap();
//! ```

use crate::diag::{Diagnostic, Severity};
use crate::model::{ApiModel, FinishedVersion, ModelBuilder, TypeSpace};
use crate::ops::{Operations, OpsReader, PageOperations, ResolvedVersion, VersionOps};
use crate::page::{Page, ReaderOptions, Readers};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// What to generate from which docs.
#[derive(Debug, Clone, Default)]
pub struct Config {
    docs: Vec<PathBuf>,
    out_dir: Option<PathBuf>,
    crate_name: Option<String>,
    root: Option<PathBuf>,
    rerun_if_changed: bool,
    example_tests: bool,
    include: Vec<String>,
}

/// What a run produced: the files (relative path → text), the types and operations they were
/// written from, the pages read and the diagnostics.
#[derive(Debug)]
pub struct Generated {
    pub files: BTreeMap<PathBuf, String>,
    pub model: ApiModel,
    pub ops: Operations,
    /// Every file read: pages and the includes they pulled in, sorted.
    pub inputs: Vec<PathBuf>,
    pub diagnostics: Vec<Diagnostic>,
    /// What the example tests cover, when they were written.
    pub examples: Option<crate::codegen::ExampleReport>,
}

/// The types and operations of a doc set, read page by page, with every diagnostic on the way
/// and every file read.
pub struct Read {
    pub model: ApiModel,
    pub ops: Operations,
    pub inputs: Vec<PathBuf>,
    pub diagnostics: Vec<Diagnostic>,
    /// The `ms.prod` front matter of each page that gives one, by the page's path as the
    /// model and the operations name it: the docs' areas, which a standalone crate's features
    /// follow.
    pub areas: BTreeMap<String, String>,
}

/// Reads the pages `files` a batch at a time: each page goes to the two stages that read pages
/// (types, operations) and is dropped, so memory stays flat however large the doc set. A page's
/// operations depend on that page only, so they are read in parallel with the page; its types
/// are taken in one page after another. Then the types are merged, and the operations resolved
/// against them.
pub fn read_doc_set(options: &ReaderOptions, files: &[PathBuf]) -> Read {
    let versions = version_slots(files);
    let (taken, _) = read_pages(options, files, &versions, &|_, _, _| ());
    taken.finish(versions)
}

/// One version once all its pages are read: its types merged, its operations resolved against
/// them.
pub(crate) struct ReadVersion {
    types: FinishedVersion,
    ops: Option<ResolvedVersion>,
}

impl ReadVersion {
    pub(crate) fn space(&self) -> &TypeSpace {
        self.types.space()
    }

    pub(crate) fn ops(&self) -> &VersionOps {
        static NONE: VersionOps = VersionOps::EMPTY;
        self.ops.as_ref().map_or(&NONE, ResolvedVersion::ops)
    }
}

/// A place for each version of the pages `files` (sorted by version), filled by [`read_pages`]
/// as soon as the version's last page is read.
type VersionSlots = BTreeMap<String, OnceLock<ReadVersion>>;

fn version_slots(files: &[PathBuf]) -> VersionSlots {
    files
        .iter()
        .map(|f| (crate::model::version_of_path(f), OnceLock::new()))
        .collect()
}

/// What [`read_pages`] took in besides the versions: the rest of a [`Read`].
struct Taken {
    types: ModelBuilder,
    ops: OpsReader,
    /// Sorted, without repeats, once every page is taken in.
    inputs: Vec<PathBuf>,
    diagnostics: Vec<Diagnostic>,
    /// The `ms.prod` of each page, by version.
    areas: BTreeMap<String, BTreeMap<String, String>>,
}

/// The pipeline behind [`read_doc_set`]: the next batch of pages is read (in parallel, with the
/// operations of each page) while the stages take in the pages of the current one, in page
/// order. Once a version's last page is taken in (files are in any order; doc sets list `beta`
/// before `v1.0`), its types are merged and its operations resolved on another thread, into
/// its slot of `versions`, and `then` is called on it there (with the `ms.prod` of its pages),
/// while later pages are read. Returns what `then` made of each version.
fn read_pages<'s, T, F>(
    options: &ReaderOptions,
    files: &[PathBuf],
    versions: &'s VersionSlots,
    then: &F,
) -> (Taken, BTreeMap<&'s str, T>)
where
    T: Send,
    F: Fn(&'s str, &'s ReadVersion, &BTreeMap<String, String>) -> T + Sync,
{
    let mut taken = Taken {
        types: ModelBuilder::default(),
        ops: OpsReader::default(),
        inputs: Vec::new(),
        diagnostics: Vec::new(),
        areas: BTreeMap::new(),
    };
    let readers = Readers::new(options.clone());
    let read_batch = |batch: &[PathBuf]| -> Vec<(Page, PageOperations)> {
        use rayon::prelude::*;
        readers
            .read_files(batch)
            .into_par_iter()
            .map(|page| {
                let operations = OpsReader::read(&page);
                (page, operations)
            })
            .collect()
    };
    // The files after which each version has no page left.
    let mut last_file: BTreeMap<String, usize> = BTreeMap::new();
    for (i, file) in files.iter().enumerate() {
        last_file.insert(crate::model::version_of_path(file), i);
    }
    let (done_send, done) = std::sync::mpsc::channel();
    let sorted_inputs = OnceLock::new();
    rayon::scope(|scope| {
        let mut batches = files.chunks(128);
        let mut pending = batches.next().map(read_batch);
        let mut taken_in = 0;
        while let Some(pages) = pending.take() {
            let next = batches.next();
            taken_in += pages.len();
            (pending, ()) = rayon::join(
                || next.map(read_batch),
                || {
                    for (page, operations) in pages {
                        if let Some(area) = page.front_matter.fields.get("ms.prod") {
                            taken
                                .areas
                                .entry(crate::model::version_of(&page))
                                .or_default()
                                .insert(page.path.to_string_lossy().into_owned(), area.clone());
                        }
                        taken.types.add(&page);
                        taken.ops.take(operations);
                        taken.inputs.extend(inputs_of(&page));
                        taken.diagnostics.extend(page.diagnostics);
                    }
                },
            );
            last_file.retain(|version, &mut last| {
                if last >= taken_in {
                    return true;
                }
                let (Some(drafts), Some((version, slot))) = (
                    taken.types.take_version(version),
                    versions.get_key_value(version),
                ) else {
                    return false;
                };
                let op_drafts = taken.ops.take_version(version);
                let areas = taken.areas.remove(version).unwrap_or_default();
                let done_send = done_send.clone();
                scope.spawn(move |_| {
                    // Its types are merged, then its operations resolved against them.
                    let types = drafts.finish();
                    let ops = op_drafts.map(|d| d.resolve(types.space()));
                    let read = slot.get_or_init(|| ReadVersion { types, ops });
                    let made = then(version, read, &areas);
                    // The receiver outlives the scope: sending cannot fail.
                    let _ = done_send.send((version.as_str(), made, areas));
                });
                false
            });
        }
        // Every page is taken in: the files read are sorted while the last versions are
        // merged, planned and emitted (sorting paths compares them component by component,
        // milliseconds that would otherwise be spent after everything else).
        let inputs = std::mem::take(&mut taken.inputs);
        let sorted = &sorted_inputs;
        scope.spawn(move |_| {
            let mut inputs = inputs;
            inputs.sort();
            inputs.dedup();
            // Set once, here.
            let _ = sorted.set(inputs);
        });
    });
    taken.inputs = sorted_inputs.into_inner().unwrap_or_default();
    drop(done_send);
    let mut made = BTreeMap::new();
    for (version, output, areas) in done {
        made.insert(version, output);
        taken.areas.insert(version.to_string(), areas);
    }
    (taken, made)
}

impl Taken {
    /// Gives the versions back to their stages and finishes them: the [`Read`] of the doc set.
    fn finish(self, versions: VersionSlots) -> Read {
        let Taken {
            mut types,
            mut ops,
            inputs,
            mut diagnostics,
            areas,
        } = self;
        for read in versions.into_values().filter_map(OnceLock::into_inner) {
            types.put_finished(read.types);
            if let Some(resolved) = read.ops {
                ops.put_resolved(resolved);
            }
        }
        let (model, model_diagnostics) = types.finish();
        diagnostics.extend(model_diagnostics);
        let mut ops = ops.finish(&model);
        diagnostics.append(&mut ops.diagnostics);
        Read {
            model,
            ops,
            inputs,
            diagnostics,
            areas: areas.into_values().flatten().collect(),
        }
    }
}

/// Drops a plan on every core: its types' and operations' plans, names and docs are hundreds of
/// thousands of small blocks, freed here after everything else of a run is done.
fn drop_plan(plan: crate::codegen::Plan) {
    use rayon::prelude::*;
    plan.versions.into_par_iter().for_each(|version| {
        let (types, ops) = (version.types, version.ops);
        rayon::join(|| drop(types), || drop(ops));
    });
}

/// What [`Config::render`] writes from a plan: the files, the plan's diagnostics, and what the
/// example tests cover.
struct Outputs {
    files: BTreeMap<PathBuf, String>,
    diagnostics: Vec<Diagnostic>,
    examples: Option<crate::codegen::ExampleReport>,
}

#[derive(Debug)]
pub enum Error {
    /// No doc set was named, or none holds a page.
    NoPages(Vec<PathBuf>),
    /// No output folder was named.
    NoOutput,
    /// The crate name is not a valid Cargo package name.
    BadCrateName(String),
    /// Example tests were asked for without a standalone crate to hold them.
    ExampleTestsNeedCrate,
    /// An include pattern cannot be used.
    BadInclude(crate::codegen::PatternError),
    Io(PathBuf, std::io::Error),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NoPages(docs) if docs.is_empty() => f.write_str("no doc set named"),
            Error::NoPages(docs) => {
                let docs: Vec<String> = docs.iter().map(|d| d.display().to_string()).collect();
                write!(f, "no pages found in {}", docs.join(", "))
            }
            Error::NoOutput => f.write_str("no output folder set"),
            Error::BadCrateName(why) => f.write_str(why),
            Error::ExampleTestsNeedCrate => f.write_str(
                "example tests are written into a standalone crate: name one with --crate",
            ),
            Error::BadInclude(e) => write!(f, "{e}"),
            Error::Io(p, e) => write!(f, "{}: {e}", p.display()),
        }
    }
}

impl std::error::Error for Error {}

impl Error {
    /// The run was asked for something it cannot do (a bad name, no pages, missing options),
    /// rather than failing on the way: the command line exits with 2.
    pub fn is_usage(&self) -> bool {
        !matches!(self, Error::Io(..))
    }
}

impl Config {
    pub fn new() -> Self {
        Config::default()
    }

    /// Adds a doc set (a folder holding `api-reference/`), a folder of pages, or a page.
    pub fn docs(mut self, path: impl Into<PathBuf>) -> Self {
        self.docs.push(path.into());
        self
    }

    /// Where the files go. The folder is replaced as a whole.
    pub fn out_dir(mut self, path: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(path.into());
        self
    }

    /// Writes a standalone crate (Cargo.toml and src/) with this package name.
    pub fn standalone_crate(mut self, name: impl Into<String>) -> Self {
        self.crate_name = Some(name.into());
        self
    }

    /// The doc root includes must stay inside (default: found from each page's path).
    pub fn doc_root(mut self, path: impl Into<PathBuf>) -> Self {
        self.root = Some(path.into());
        self
    }

    /// Also writes `tests/examples.rs` into the standalone crate: every documented example
    /// replayed through the stubs.
    pub fn example_tests(mut self, yes: bool) -> Self {
        self.example_tests = yes;
        self
    }

    /// Generates only the operations with a URL form this path pattern matches (with only
    /// those forms), and only the types they reach; may be given several times. Patterns are
    /// paths after the API version: `users/**` (users and everything below), `me/sendMail`,
    /// `users/*/messages` (`*` is one segment or parameter). See [`crate::codegen::reach`].
    pub fn include(mut self, pattern: impl Into<String>) -> Self {
        self.include.push(pattern.into());
        self
    }

    /// Prints `cargo:rerun-if-changed` for every input (for build.rs).
    pub fn emit_rerun_if_changed(mut self, yes: bool) -> Self {
        self.rerun_if_changed = yes;
        self
    }

    /// Reads the docs and renders the files, writing nothing.
    pub fn render(&self) -> Result<Generated, Error> {
        if let Some(name) = &self.crate_name
            && let Some(why) = crate_name_problem(name)
        {
            return Err(Error::BadCrateName(why));
        }
        if self.example_tests && self.crate_name.is_none() {
            return Err(Error::ExampleTestsNeedCrate);
        }
        let include = crate::codegen::Include::new(&self.include).map_err(Error::BadInclude)?;
        let (files, mut diagnostics) = crate::docset::collect_pages(&self.docs);
        if files.is_empty() {
            return Err(Error::NoPages(self.docs.clone()));
        }
        let options = ReaderOptions {
            root: self.root.clone(),
            ..ReaderOptions::default()
        };
        let versions = version_slots(&files);
        let (read, unmatched, outputs) = if include.is_empty() {
            // Each version is planned and emitted as soon as its pages are read, while the
            // pages of the next are read.
            let names: Vec<&str> = versions.keys().map(String::as_str).collect();
            let modules: BTreeMap<&str, String> = names
                .iter()
                .copied()
                .zip(crate::codegen::module_names(&names))
                .collect();
            let (taken, made) =
                read_pages(&options, &files, &versions, &|version, read, ms_prod| {
                    let planned = crate::codegen::plan_version(
                        version,
                        modules[version].clone(),
                        read.space(),
                        read.ops(),
                    );
                    let files = match &self.crate_name {
                        None => crate::codegen::version_file(&planned.plan),
                        Some(_) => crate::codegen::crate_version_files(&planned.plan, ms_prod),
                    };
                    (planned, files)
                });
            let (planned, version_files): (Vec<_>, Vec<_>) = made.into_values().unzip();
            let plan = crate::codegen::Plan::from_versions(planned);
            let outputs = self.outputs(&plan, crate::codegen::emit_root(&plan, version_files));
            // The plan borrows the versions' types and operations.
            drop_plan(plan);
            (taken.finish(versions), Vec::new(), outputs)
        } else {
            let (taken, _) = read_pages(&options, &files, &versions, &|_, _, _| ());
            let read = taken.finish(versions);
            let (ops, unmatched) = crate::codegen::reach::select(&read.ops, &include);
            let mut plan = crate::codegen::plan(&read.model, &ops);
            plan.keep_reached_types(crate::codegen::reach::Derived::Reached);
            let emitted = match &self.crate_name {
                None => crate::codegen::emit(&plan),
                Some(_) => crate::codegen::emit_crate(&plan, &read.areas),
            };
            let outputs = self.outputs(&plan, emitted);
            drop_plan(plan);
            (Read { ops, ..read }, unmatched, outputs)
        };
        let Read {
            model,
            ops,
            inputs,
            diagnostics: read_diagnostics,
            areas: _,
        } = read;
        diagnostics.extend(read_diagnostics);
        diagnostics.extend(unmatched);
        if self.rerun_if_changed {
            for line in rerun_if_changed_lines(self.docs.iter().chain(&inputs)) {
                println!("{line}");
            }
        }
        let Outputs {
            files,
            diagnostics: plan_diagnostics,
            examples,
        } = outputs;
        diagnostics.extend(plan_diagnostics);
        Ok(Generated {
            files,
            model,
            ops,
            inputs,
            diagnostics,
            examples,
        })
    }

    /// The files of `plan` (emitted as `emitted`), its diagnostics, and what its example tests
    /// cover when they are written.
    fn outputs(&self, plan: &crate::codegen::Plan, emitted: crate::codegen::Emitted) -> Outputs {
        let diagnostics = plan.diagnostics.clone();
        match &self.crate_name {
            // A module tree has no features of its own: one file per version.
            None => Outputs {
                files: emitted
                    .files
                    .into_iter()
                    .map(|(p, t)| (PathBuf::from(p), t))
                    .collect(),
                diagnostics,
                examples: None,
            },
            Some(name) => {
                let mut files = crate_files(name, emitted, self.example_tests);
                let mut examples = None;
                if self.example_tests {
                    let (text, report) = crate::codegen::example_tests(plan, name);
                    files.insert(PathBuf::from("tests/examples.rs"), text);
                    examples = Some(report);
                }
                Outputs {
                    files,
                    diagnostics,
                    examples,
                }
            }
        }
    }

    /// Renders and writes the files. The output folder is replaced only once everything was
    /// written next to it, so a failed run leaves the previous output as it was.
    pub fn generate(&self) -> Result<Generated, Error> {
        let out = self.out_dir.clone().ok_or(Error::NoOutput)?;
        let generated = self.render()?;
        write_atomically(&out, &generated.files)?;
        Ok(generated)
    }

    /// The files that differ from what is in the output folder (changed, new, or to be
    /// removed); empty when the output is up to date.
    pub fn check(&self) -> Result<(Generated, Vec<PathBuf>), Error> {
        let out = self.out_dir.clone().ok_or(Error::NoOutput)?;
        let generated = self.render()?;
        let mut stale: Vec<PathBuf> = generated
            .files
            .iter()
            .filter(|(p, text)| {
                std::fs::read_to_string(out.join(p)).ok().as_deref() != Some(text.as_str())
            })
            .map(|(p, _)| p.clone())
            .collect();
        for existing in files_under(&out) {
            if !generated.files.contains_key(&existing) {
                stale.push(existing);
            }
        }
        stale.sort();
        Ok((generated, stale))
    }
}

impl Generated {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// The files a page was read from: itself and the includes it pulled in.
fn inputs_of(page: &Page) -> impl Iterator<Item = PathBuf> + '_ {
    std::iter::once(page.path.clone())
        .chain(page.includes.iter().filter_map(|i| i.resolved.clone()))
}

/// Why `name` cannot name the generated crate, if it cannot: Cargo's package-name rules, and
/// the names its library would shadow or clash with (Rust keywords, the standard crates, the
/// crates the generated code depends on).
fn crate_name_problem(name: &str) -> Option<String> {
    let valid = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && name.len() <= 64;
    if !valid {
        return Some(format!(
            "`{}` is not a valid crate name (letters, digits, `-`, `_`; starting with a letter; at most 64)",
            name.escape_debug()
        ));
    }
    let lib = name.replace('-', "_");
    let taken = crate::codegen::dependencies()
        .into_iter()
        .chain(crate::codegen::test_dependencies())
        .any(|(dep, _)| dep.replace('-', "_") == lib);
    let reserved = ["std", "core", "alloc", "proc_macro", "test"].contains(&lib.as_str())
        || crate::codegen::is_keyword(&lib);
    (taken || reserved).then(|| {
        format!(
            "`{name}` cannot name the generated crate: it is {}",
            if taken {
                "the name of a crate the generated code depends on"
            } else {
                "a Rust keyword or the name of a standard crate"
            }
        )
    })
}

/// The `cargo:rerun-if-changed` lines for `paths`. Cargo reads build-script output line by
/// line, so a path that is not UTF-8, holds a control character (a newline would start a
/// directive of its own) or starts or ends with white space (trimmed) cannot be said: its
/// nearest folder that can be said is watched instead (cargo watches a folder's whole tree).
fn rerun_if_changed_lines<'a>(paths: impl IntoIterator<Item = &'a PathBuf>) -> Vec<String> {
    fn sayable(p: &Path) -> Option<&str> {
        p.to_str()
            .filter(|s| !s.is_empty() && s.trim() == *s && !s.chars().any(char::is_control))
    }
    let mut lines = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for path in paths {
        // A relative path whose first component cannot be said: the current folder.
        let said = path.ancestors().find_map(sayable).unwrap_or(".");
        if seen.insert(said.to_string()) {
            lines.push(format!("cargo:rerun-if-changed={said}"));
        }
    }
    lines
}

/// A standalone crate: Cargo.toml with exactly the dependencies the code needs, and src/.
fn crate_files(
    name: &str,
    emitted: crate::codegen::Emitted,
    example_tests: bool,
) -> BTreeMap<PathBuf, String> {
    let mut manifest = format!(
        "# Generated by graphdoc {}. Do not edit: regenerate instead.\n[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\n",
        env!("CARGO_PKG_VERSION")
    );
    for (dep, spec) in crate::codegen::dependencies() {
        manifest.push_str(&format!("{dep} = {spec}\n"));
    }
    manifest.push_str(
        "\n[features]\n# Sends requests with reqwest (`Client::send`). Pick TLS by enabling a reqwest TLS\n# feature in your own manifest, e.g. `reqwest = { version = \"0.13\", features = [\"rustls\"] }`.\nreqwest = [\"dep:reqwest\"]\n# Reads dates, times and durations as chrono values (`client::DateTime::to_chrono`, …).\nchrono = [\"dep:chrono\"]\n",
    );
    manifest.push_str(&features_toml(&emitted.features));
    if example_tests {
        manifest.push_str("\n[dev-dependencies]\n");
        for (dep, spec) in crate::codegen::test_dependencies() {
            manifest.push_str(&format!("{dep} = {spec}\n"));
        }
        // The example tests call every area's stubs.
        manifest.push_str(
            "\n[[test]]\nname = \"examples\"\npath = \"tests/examples.rs\"\nrequired-features = [\"full\"]\n",
        );
    }
    manifest.push_str("\n[workspace]\n");
    let mut files = BTreeMap::new();
    files.insert(PathBuf::from("Cargo.toml"), manifest);
    for (path, text) in emitted.files {
        let path = if path == "mod.rs" {
            "lib.rs".to_string()
        } else {
            path
        };
        files.insert(Path::new("src").join(path), text);
    }
    files
}

/// The features of the areas: none by default, `full` for all of them.
fn features_toml(features: &[String]) -> String {
    let mut out = String::from(
        "# One feature per area of the docs (their `ms.prod`); types several areas use\n# are built with any one of them. Relationships, derived types and stubs that reach into another\n# area need its feature too.\ndefault = []\n",
    );
    let quoted: Vec<String> = features.iter().map(|f| format!("\"{f}\"")).collect();
    out.push_str(&format!("full = [{}]\n", quoted.join(", ")));
    for f in features {
        out.push_str(&format!("{f} = []\n"));
    }
    out
}

/// Writes `files` into a fresh folder beside `out`, then swaps it in. On any failure nothing
/// is left behind: not the staged folder, not the folders made to hold it, and the previous
/// output is back in place.
fn write_atomically(out: &Path, files: &BTreeMap<PathBuf, String>) -> Result<(), Error> {
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |e| Error::Io(p, e)
    };
    // The output is replaced as a whole, so it must be a folder of its own, named: not `.`,
    // `..` or `/`, and not the current folder or one holding it.
    let refuse = |why: &str| {
        Err(Error::Io(
            out.to_path_buf(),
            std::io::Error::new(std::io::ErrorKind::InvalidInput, why.to_string()),
        ))
    };
    let Some(std::path::Component::Normal(name)) = out.components().next_back() else {
        return refuse(
            "the output must be a folder of its own (not `.`, `..` or `/`): it is replaced as a whole",
        );
    };
    if let (Ok(real), Ok(cwd)) = (out.canonicalize(), std::env::current_dir())
        && cwd.starts_with(&real)
    {
        return refuse("the output holds the current folder, and it is replaced as a whole");
    }
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let out = parent.join(name);
    // The outermost folder this run creates, to remove on failure.
    let created = parent
        .ancestors()
        .take_while(|a| !a.as_os_str().is_empty() && !a.exists())
        .last()
        .map(Path::to_path_buf);
    let name = name.to_string_lossy();
    let staging = parent.join(format!(".{name}.graphdoc-new-{}", std::process::id()));
    let previous = parent.join(format!(".{name}.graphdoc-old-{}", std::process::id()));
    let clean_up = || {
        let _ = std::fs::remove_dir_all(&staging);
        if let Some(created) = &created {
            let _ = std::fs::remove_dir_all(created);
        }
    };
    let written = (|| {
        std::fs::create_dir_all(parent).map_err(io(parent))?;
        let _ = std::fs::remove_dir_all(&staging);
        std::fs::create_dir(&staging).map_err(io(&staging))?;
        for (path, text) in files {
            let target = staging.join(path);
            if let Some(dir) = target.parent() {
                std::fs::create_dir_all(dir).map_err(io(dir))?;
            }
            // A file the run leaves as it was keeps its modification time (a link to the
            // previous one), so cargo sees what changed and a build that needs nothing new
            // does nothing.
            if !unchanged(&out.join(path), text)
                || std::fs::hard_link(out.join(path), &target).is_err()
            {
                std::fs::write(&target, text).map_err(io(&target))?;
            }
        }
        Ok(())
    })();
    if let Err(e) = written {
        clean_up();
        return Err(e);
    }
    let had_previous = out.symlink_metadata().is_ok();
    if had_previous && let Err(e) = std::fs::rename(&out, &previous) {
        clean_up();
        return Err(Error::Io(out, e));
    }
    if let Err(e) = std::fs::rename(&staging, &out) {
        if had_previous {
            let _ = std::fs::rename(&previous, &out);
        }
        clean_up();
        return Err(Error::Io(out, e));
    }
    if had_previous {
        let _ = std::fs::remove_dir_all(&previous).or_else(|_| std::fs::remove_file(&previous));
    }
    Ok(())
}

/// Whether `path` is a regular file (not a link to one) that holds exactly `text`. The file is
/// compared a block at a time, not read whole: a version's file is tens of megabytes.
fn unchanged(path: &Path, text: &str) -> bool {
    use std::io::Read;
    if !std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() == text.len() as u64) {
        return false;
    }
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    // One more byte than the text, up to 256 KiB: a file that grew since its length was read
    // still shows it.
    let mut block = vec![0; (text.len() + 1).min(256 << 10)];
    let mut rest = text.as_bytes();
    loop {
        match file.read(&mut block) {
            Ok(0) => return rest.is_empty(),
            Ok(n) => match rest.split_at_checked(n) {
                Some((head, tail)) if head == &block[..n] => rest = tail,
                _ => return false,
            },
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
}

/// Relative paths of the files under `dir`, for finding files a run would remove.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            match e.file_type() {
                Ok(t) if t.is_dir() => stack.push(path),
                Ok(t) if t.is_file() => {
                    if let Ok(rel) = path.strip_prefix(dir) {
                        out.push(rel.to_path_buf());
                    }
                }
                _ => {}
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs_input() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs-input/api-reference/v1.0")
    }

    #[test]
    fn unchanged_compares_every_block() {
        let dir = tempfile::tempdir().unwrap();
        // Longer than a block, with a difference in the last one only.
        let text: String = (0..700_000)
            .map(|i| char::from(b'a' + (i % 26) as u8))
            .collect();
        let path = dir.path().join("f.rs");
        std::fs::write(&path, &text).unwrap();
        assert!(unchanged(&path, &text));
        let mut other = text.clone();
        other.replace_range(699_999.., "!");
        assert!(!unchanged(&path, &other));
        assert!(!unchanged(&path, &text[1..]));
        assert!(!unchanged(&path, &format!("{text}a")));
        assert!(!unchanged(&dir.path().join("missing.rs"), ""));
        std::fs::write(&path, "").unwrap();
        assert!(unchanged(&path, ""));
        #[cfg(unix)]
        {
            let link = dir.path().join("link.rs");
            std::os::unix::fs::symlink(&path, &link).unwrap();
            assert!(!unchanged(&link, ""), "a link is not a regular file");
        }
    }

    /// `--include`: only the matching forms and the operations that keep one, only the types
    /// they reach, and a warning for a pattern that matches nothing.
    #[test]
    fn include_keeps_matching_forms_and_reached_types() {
        let all = Config::new().docs(docs_input()).render().unwrap();
        let some = Config::new()
            .docs(docs_input())
            .include("ME/onlineMeetings/{meeting}")
            .include("no/such/path")
            .render()
            .unwrap();
        let ops = &some.ops.versions["v1.0"].operations;
        assert!(!ops.is_empty());
        for op in ops {
            assert!(!op.paths.is_empty());
            for form in &op.paths {
                assert_eq!(form.written, "/me/onlineMeetings/{meetingId}");
            }
            for e in &op.examples {
                assert!(e.path.is_none_or(|i| i < op.paths.len()));
            }
        }
        let forms =
            |ops: &[crate::ops::Operation]| ops.iter().map(|o| o.paths.len()).sum::<usize>();
        assert!(forms(ops) < forms(&all.ops.versions["v1.0"].operations));
        let unmatched: Vec<&Diagnostic> = some
            .diagnostics
            .iter()
            .filter(|d| d.code == crate::diag::Code::IncludeMatchesNothing)
            .collect();
        assert_eq!(unmatched.len(), 1);
        assert!(unmatched[0].message.contains("no/such/path"));
        let code = &some.files[Path::new("v1_0.rs")];
        let full = &all.files[Path::new("v1_0.rs")];
        assert!(code.len() < full.len());
        // The meeting is reached as the output of the get, and its fields' types through it;
        // its base is flattened in, not needed as a type.
        assert!(code.contains("pub struct OnlineMeeting "), "meeting kept");
        assert!(
            code.contains("pub struct MeetingParticipants "),
            "a field's type kept"
        );
        assert!(!code.contains("pub struct Entity "), "the base left out");
        assert!(full.contains("pub struct Entity "));
        assert!(
            !code.contains("UsersOnlineMeetings"),
            "the users forms dropped"
        );
    }

    #[test]
    fn bad_include_is_a_usage_error() {
        let e = Config::new()
            .docs(docs_input())
            .include("users/**x")
            .render()
            .unwrap_err();
        assert!(e.is_usage());
        assert!(e.to_string().contains("whole segment"), "{e}");
    }

    #[test]
    fn crate_names() {
        assert_eq!(crate_name_problem("graph-client"), None);
        for bad in [
            "1x",
            "a\"b",
            "",
            "self",
            "Self",
            "crate",
            "std",
            "core",
            "test",
            "serde",
            "serde_json",
            "serde-json",
            "http",
            "tokio",
            "reqwest",
            "percent-encoding",
            "wiremock",
            "fn",
        ] {
            assert!(crate_name_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn atomic_write_replaces_and_keeps_previous_on_failure() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("gen");
        let mut files = BTreeMap::new();
        files.insert(PathBuf::from("a.rs"), "a".to_string());
        write_atomically(&out, &files).unwrap();
        files.insert(PathBuf::from("b/c.rs"), "c".to_string());
        files.remove(Path::new("a.rs"));
        write_atomically(&out, &files).unwrap();
        assert!(!out.join("a.rs").exists());
        assert_eq!(std::fs::read_to_string(out.join("b/c.rs")).unwrap(), "c");
        // A file that cannot be written (its "folder" is a file) fails the run, and the
        // previous output stays.
        let mut bad = BTreeMap::new();
        bad.insert(PathBuf::from("x"), "x".to_string());
        bad.insert(PathBuf::from("x/y.rs"), "y".to_string());
        assert!(write_atomically(&out, &bad).is_err());
        assert_eq!(std::fs::read_to_string(out.join("b/c.rs")).unwrap(), "c");
        assert_eq!(entries(dir.path()), ["gen"]);
    }

    /// Regenerating keeps the files whose text is the same as they were (their modification
    /// time too, which is what cargo compares), and a link in the previous output is not
    /// followed: its file is written afresh.
    #[test]
    #[cfg(unix)]
    fn atomic_write_keeps_unchanged_files() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("gen");
        let mut files = BTreeMap::new();
        files.insert(PathBuf::from("same.rs"), "same".to_string());
        files.insert(PathBuf::from("changed.rs"), "old".to_string());
        files.insert(PathBuf::from("linked.rs"), "linked".to_string());
        write_atomically(&out, &files).unwrap();
        let outside = dir.path().join("outside.rs");
        std::fs::write(&outside, "linked").unwrap();
        std::fs::remove_file(out.join("linked.rs")).unwrap();
        std::os::unix::fs::symlink(&outside, out.join("linked.rs")).unwrap();
        let inode = |p: &str| std::fs::metadata(out.join(p)).unwrap().ino();
        let same = inode("same.rs");
        let changed = inode("changed.rs");
        files.insert(PathBuf::from("changed.rs"), "new".to_string());
        write_atomically(&out, &files).unwrap();
        assert_eq!(inode("same.rs"), same);
        assert_ne!(inode("changed.rs"), changed);
        assert_eq!(
            std::fs::read_to_string(out.join("changed.rs")).unwrap(),
            "new"
        );
        let linked = std::fs::symlink_metadata(out.join("linked.rs")).unwrap();
        assert!(linked.is_file());
        assert_ne!(linked.ino(), std::fs::metadata(&outside).unwrap().ino());
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// `--out .`, `..`, `/` and the like would replace a folder that holds far more than the
    /// output: refused before anything is written, and nothing is left behind.
    #[test]
    fn atomic_write_refuses_folders_that_are_not_its_own() {
        let mut files = BTreeMap::new();
        files.insert(PathBuf::from("a.rs"), "a".to_string());
        let cwd = std::env::current_dir().unwrap();
        let before = entries(&cwd);
        let dir = tempfile::tempdir().unwrap();
        let inner = dir.path().join("x");
        std::fs::create_dir(&inner).unwrap();
        for out in [
            PathBuf::from("."),
            PathBuf::from(".."),
            PathBuf::from("/"),
            PathBuf::from("./"),
            cwd.clone(),
            cwd.join("src/.."),
            inner.join(".."),
        ] {
            let err = write_atomically(&out, &files).expect_err(&out.display().to_string());
            assert!(err.to_string().contains("replaced as a whole"), "{err}");
        }
        assert_eq!(entries(&cwd), before);
        assert_eq!(entries(dir.path()), ["x"]);
        assert_eq!(entries(&inner), Vec::<String>::new());
    }

    /// A run that fails also removes the folders it made to hold the output.
    #[test]
    fn failed_write_leaves_no_folders_behind() {
        let dir = tempfile::tempdir().unwrap();
        let mut bad = BTreeMap::new();
        bad.insert(PathBuf::from("x"), "x".to_string());
        bad.insert(PathBuf::from("x/y.rs"), "y".to_string());
        assert!(write_atomically(&dir.path().join("new/deeper/gen"), &bad).is_err());
        assert_eq!(entries(dir.path()), Vec::<String>::new());
    }

    /// A path holding a newline would inject build-script directives: it is left out and its
    /// folder watched instead.
    #[test]
    fn rerun_if_changed_never_prints_a_path_cargo_cannot_take() {
        let paths = [
            PathBuf::from("docs/api-reference/v1.0/api/user-get.md"),
            PathBuf::from("docs/api-reference/v1.0/api/x.md\ncargo:rustc-env=PWNED=1"),
            PathBuf::from("docs/api-reference/v1.0/api/y\r.md"),
            PathBuf::from("docs/api-reference/v1.0/bad\u{1b}dir/z.md"),
            PathBuf::from("docs/api-reference/v1.0/api/ trailing.md "),
            PathBuf::from("top\nlevel.md"),
        ];
        let lines = rerun_if_changed_lines(&paths);
        assert_eq!(
            lines,
            [
                "cargo:rerun-if-changed=docs/api-reference/v1.0/api/user-get.md",
                "cargo:rerun-if-changed=docs/api-reference/v1.0/api",
                "cargo:rerun-if-changed=docs/api-reference/v1.0",
                "cargo:rerun-if-changed=.",
            ]
        );
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let not_utf8 = PathBuf::from(std::ffi::OsStr::from_bytes(b"docs/a\xff\n.md"));
            assert_eq!(
                rerun_if_changed_lines(&[not_utf8]),
                ["cargo:rerun-if-changed=docs"]
            );
        }
    }
}
