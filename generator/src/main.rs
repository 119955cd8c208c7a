//! The `graphdoc` command line.

use clap::{Parser, Subcommand, ValueEnum};
use graphdoc::diag::terminal_safe;
use graphdoc::docset::collect_pages;
use graphdoc::report::{PageSummary, Stats};
use graphdoc::{Diagnostic, Page, ReaderOptions, Severity};
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Reading a page makes many small strings; mimalloc makes them cheap.
#[global_allocator]
static ALLOCATOR: graphdoc::allocator::MiMalloc = graphdoc::allocator::MiMalloc;

#[derive(Parser)]
#[command(
    name = "graphdoc",
    version,
    about = "Typed Rust from Microsoft Graph API reference pages"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read pages and print what each says (diagnostics, or one JSON line a page).
    Parse {
        /// Page files or folders (a folder holding `api-reference/` is read as a doc set).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = ParseFormat::Human)]
        format: ParseFormat,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Generate Rust from a doc set: docs-input/ into generated/ unless told otherwise.
    Generate {
        /// Doc sets, folders of pages or pages.
        #[arg(long = "docs", default_value = "docs-input")]
        docs: Vec<PathBuf>,
        /// The output folder (replaced as a whole); defaults to `generated`, or to the crate
        /// name with --crate.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Write a standalone crate with this name (Cargo.toml and src/).
        #[arg(long = "crate")]
        crate_name: Option<String>,
        /// Write nothing; exit 1 when the output would change.
        #[arg(long)]
        check: bool,
        /// Also write tests/examples.rs into the crate: every documented example replayed
        /// through the stubs (needs --crate). Examples that cannot be replayed are reported.
        #[arg(long, requires = "crate_name")]
        example_tests: bool,
        /// Only the operations with a URL form this path pattern matches, and the types they
        /// reach; may be repeated. A path after the API version: `users/**` (users and all
        /// below), `me/sendMail`, `users/*/messages` (`*`: one segment or parameter; `{id}`:
        /// one parameter; `**`: any number of segments). Case-insensitive.
        #[arg(long = "include", value_name = "PATTERN")]
        include: Vec<String>,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Read pages and print the API model they describe (types, with own properties).
    Model {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Only these API versions (`v1.0`, `beta`); all by default.
        #[arg(long = "api-version")]
        api_versions: Vec<String>,
        #[arg(long, value_enum, default_value_t = ModelFormat::Json)]
        format: ModelFormat,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Read pages and print totals: annotations, requests, responses, bodies, diagnostics.
    Stats {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = StatsFormat::Text)]
        format: StatsFormat,
        #[command(flatten)]
        read: ReadArgs,
    },
}

#[derive(clap::Args)]
struct ReadArgs {
    /// The doc root includes must stay inside (default: the parent of the page's
    /// `api-reference` folder, else the page's folder).
    #[arg(long)]
    root: Option<PathBuf>,
    /// Print notes too (missing includes, unannotated examples, …).
    #[arg(long)]
    notes: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ParseFormat {
    /// Diagnostics in rustc's shape on stderr, a one-line total on stdout.
    Human,
    /// One JSON object a page (JSON Lines): the summary of the page.
    Json,
    /// One JSON object a page: the whole page model.
    Model,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ModelFormat {
    /// The shape score-model.py reads: {"types": [...], "operations": [...]}.
    Json,
    /// The whole model as graphdoc holds it.
    Full,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum StatsFormat {
    Text,
    Json,
}

fn main() -> ExitCode {
    graphdoc::allocator::keep_freed_memory();
    let cli = Cli::parse();
    // Deeply nested markdown is read by recursion-free code, but a roomy stack costs nothing.
    let worker = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || run(cli));
    match worker.map(|h| h.join()) {
        Ok(Ok(Ok(failed))) => ExitCode::from(u8::from(failed)),
        Ok(Ok(Err(e))) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Ok(Ok(Err(e))) => {
            eprintln!("error: {}", terminal_safe(&e.to_string()));
            ExitCode::from(2)
        }
        _ => {
            eprintln!(
                "error: graphdoc failed internally; please report this with the input that caused it"
            );
            ExitCode::from(2)
        }
    }
}

/// Runs a command; `Ok(true)` when an error diagnostic was reported.
fn run(cli: Cli) -> io::Result<bool> {
    match cli.command {
        Command::Parse {
            paths,
            format,
            read,
        } => parse(&paths, format, &read),
        Command::Generate {
            docs,
            out,
            crate_name,
            check,
            example_tests,
            include,
            read,
        } => generate(docs, out, crate_name, check, example_tests, &include, &read),
        Command::Model {
            paths,
            api_versions,
            format,
            read,
        } => model(&paths, &api_versions, format, &read),
        Command::Stats {
            paths,
            format,
            read,
        } => stats(&paths, format, &read),
    }
}

fn parse(paths: &[PathBuf], format: ParseFormat, read: &ReadArgs) -> io::Result<bool> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut stats = Stats::default();
    let failed = for_each_page(paths, read, |page| {
        stats.add(page);
        match format {
            ParseFormat::Human => report_diagnostics(page.diagnostics.iter(), read.notes),
            ParseFormat::Json => {
                serde_json::to_writer(&mut out, &PageSummary::new(page))?;
                out.write_all(b"\n")?;
            }
            ParseFormat::Model => {
                serde_json::to_writer(&mut out, page)?;
                out.write_all(b"\n")?;
            }
        }
        Ok(())
    })?;
    if format == ParseFormat::Human {
        let d = &stats.diagnostics;
        let count = |k: &str| d.get(k).copied().unwrap_or(0);
        writeln!(
            out,
            "{} pages: {} annotations, {} requests, {} responses, {} templates; {} errors, {} warnings, {} notes",
            stats.pages,
            stats.annotations,
            stats.requests + stats.requests_unannotated,
            stats.responses + stats.responses_unannotated,
            stats.templates,
            count("error"),
            count("warning"),
            count("note"),
        )?;
    }
    out.flush()?;
    Ok(failed)
}

fn generate(
    docs: Vec<PathBuf>,
    out: Option<PathBuf>,
    crate_name: Option<String>,
    check: bool,
    example_tests: bool,
    include: &[String],
    read: &ReadArgs,
) -> io::Result<bool> {
    let out = out.unwrap_or_else(|| PathBuf::from(crate_name.as_deref().unwrap_or("generated")));
    let mut config = graphdoc::Config::new().out_dir(&out);
    for d in &docs {
        config = config.docs(d);
    }
    if let Some(name) = &crate_name {
        config = config.standalone_crate(name);
    }
    if let Some(root) = &read.root {
        config = config.doc_root(root);
    }
    config = config.example_tests(example_tests);
    for pattern in include {
        config = config.include(pattern);
    }
    let result = if check {
        config.check().map(|(g, stale)| (g, Some(stale)))
    } else {
        config.generate().map(|g| (g, None))
    };
    let (generated, stale) = match result {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {}", terminal_safe(&e.to_string()));
            if e.is_usage() {
                std::process::exit(2);
            }
            return Ok(true);
        }
    };
    // Examples left out of the tests are always reported when tests were asked for.
    let shown = generated.diagnostics.iter().filter(|d| {
        d.severity == Severity::Error
            || read.notes
            || d.code == graphdoc::diag::Code::IncludeMatchesNothing
            || (example_tests && d.code == graphdoc::diag::Code::ExampleNotReplayable)
    });
    report_diagnostics(shown, read.notes);
    let types: usize = generated.model.versions.values().map(|s| s.len()).sum();
    let mut out_text = io::stdout().lock();
    for (version, v) in &generated.ops.versions {
        if v.operations.is_empty() && v.pages_with_request_section == 0 {
            continue;
        }
        writeln!(
            out_text,
            "{version}: {} operations; {} of {} pages with an HTTP request section gave one",
            v.operations.len(),
            v.pages_with_operations,
            v.pages_with_request_section,
        )?;
    }
    if let Some(r) = &generated.examples {
        writeln!(
            out_text,
            "example tests: {} of {} request examples replayed, {} of {} JSON responses parsed ({} left out, reported above)",
            r.requests_replayed,
            r.requests,
            r.json_responses_parsed,
            r.json_responses,
            r.left_out.len()
        )?;
    }
    match stale {
        Some(stale) if !stale.is_empty() => {
            for p in &stale {
                writeln!(out_text, "stale: {}", for_terminal(&out.join(p)))?;
            }
            writeln!(
                out_text,
                "{} would change: run `graphdoc generate` to update it",
                for_terminal(&out)
            )?;
            Ok(true)
        }
        Some(_) => {
            writeln!(
                out_text,
                "{} is up to date ({types} types)",
                for_terminal(&out)
            )?;
            Ok(generated.has_errors())
        }
        None => {
            writeln!(
                out_text,
                "wrote {} files ({types} types from {} inputs) to {}",
                generated.files.len(),
                generated.inputs.len(),
                for_terminal(&out)
            )?;
            Ok(generated.has_errors())
        }
    }
}

fn model(
    paths: &[PathBuf],
    api_versions: &[String],
    format: ModelFormat,
    read: &ReadArgs,
) -> io::Result<bool> {
    let mut types = graphdoc::model::ModelBuilder::default();
    let mut ops = graphdoc::ops::OpsReader::default();
    let mut failed = for_each_page(paths, read, |page| {
        report_diagnostics(page.diagnostics.iter().filter(|d| d.is_error()), false);
        types.add(page);
        ops.add(page);
        Ok(())
    })?;
    let (model, mut diags) = types.finish();
    let mut ops = ops.finish(&model);
    diags.append(&mut ops.diagnostics);
    let plan = graphdoc::codegen::plan(&model, &ops);
    diags.extend(plan.diagnostics.iter().cloned());
    report_diagnostics(diags.iter(), read.notes);
    failed |= diags.iter().any(Diagnostic::is_error);
    let mut out = io::BufWriter::new(io::stdout().lock());
    match format {
        ModelFormat::Json => serde_json::to_writer(&mut out, &plan.model_json(api_versions))?,
        ModelFormat::Full => serde_json::to_writer(&mut out, &plan.full_json())?,
    }
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(failed)
}

fn stats(paths: &[PathBuf], format: StatsFormat, read: &ReadArgs) -> io::Result<bool> {
    let mut stats = Stats::default();
    let failed = for_each_page(paths, read, |page| {
        stats.add(page);
        Ok(())
    })?;
    let mut out = io::stdout().lock();
    match format {
        StatsFormat::Text => out.write_all(stats.to_text().as_bytes())?,
        StatsFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &stats)?;
            out.write_all(b"\n")?;
        }
    }
    Ok(failed)
}

/// Reads every page under `paths` (in parallel, a batch at a time, so memory stays flat) and
/// hands them to `each` in order.
fn for_each_page(
    paths: &[PathBuf],
    read: &ReadArgs,
    mut each: impl FnMut(&Page) -> io::Result<()>,
) -> io::Result<bool> {
    let (files, problems) = collect_pages(paths);
    let mut failed = !problems.is_empty();
    report_diagnostics(problems.iter(), true);
    if files.is_empty() {
        // Input that holds no pages is a bad argument, not an empty result.
        eprintln!(
            "error: {}",
            graphdoc::generate::Error::NoPages(paths.to_vec())
        );
        std::process::exit(2);
    }
    let options = ReaderOptions {
        root: read.root.clone(),
        ..ReaderOptions::default()
    };
    let readers = graphdoc::page::Readers::new(options);
    for batch in files.chunks(512) {
        for page in readers.read_files(batch) {
            failed |= page.has_errors();
            each(&page)?;
        }
    }
    Ok(failed)
}

/// A path for the terminal, control characters escaped.
fn for_terminal(path: &std::path::Path) -> String {
    terminal_safe(&path.display().to_string()).into_owned()
}

fn report_diagnostics<'a>(diags: impl Iterator<Item = &'a Diagnostic>, notes: bool) {
    let mut err = io::stderr().lock();
    let mut sources = graphdoc::diag::SourceCache::new();
    for d in diags.filter(|d| notes || d.severity != Severity::Note) {
        let _ = writeln!(err, "{}", sources.render(d));
    }
}
