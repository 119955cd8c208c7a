//! Hostile and broken input: the reader never panics, hangs or overflows the stack, says what
//! was wrong with a stable code and a place, and still yields what it can.

use graphdoc::diag::Code;
use graphdoc::{Page, Reader, ReaderOptions};
use std::fs;
use std::path::{Path, PathBuf};

/// Reads on a thread with a 2 MiB stack (a test thread's default), so recursion on hostile input
/// would show up as a crash here.
fn read_bytes(path: &str, bytes: Vec<u8>) -> Page {
    let path = PathBuf::from(path);
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || Reader::new(ReaderOptions::default()).read_bytes(&path, &bytes))
        .unwrap()
        .join()
        .expect("the reader panicked or overflowed its stack")
}

fn read(text: &str) -> Page {
    read_bytes("api-reference/v1.0/api/page.md", text.as_bytes().to_vec())
}

fn codes(page: &Page) -> Vec<Code> {
    page.diagnostics.iter().map(|d| d.code).collect()
}

fn has(page: &Page, code: Code) -> bool {
    page.diagnostics.iter().any(|d| d.code == code)
}

const REQUEST: &str = "<!-- { \"blockType\": \"request\", \"name\": \"get_me\" } -->\n```http\nGET https://graph.microsoft.com/v1.0/me\n```\n";

#[test]
fn empty_and_blank_pages() {
    for text in ["", "\n\n   \n", "\u{feff}"] {
        let page = read(text);
        assert!(has(&page, Code::EmptyPage), "{text:?}: {:?}", codes(&page));
    }
}

#[test]
fn invalid_utf8_is_replaced_and_reported() {
    let mut bytes = b"---\ntitle: x\n---\n# T\n\nbad \xff\xfe bytes\n\n".to_vec();
    bytes.extend_from_slice(REQUEST.as_bytes());
    let page = read_bytes("api-reference/v1.0/api/page.md", bytes);
    let d = page
        .diagnostics
        .iter()
        .find(|d| d.code == Code::InvalidUtf8)
        .unwrap();
    assert_eq!(d.line, 6);
    assert_eq!(page.requests.len(), 1);
    assert_eq!(page.title.as_deref(), Some("x"));
}

#[test]
fn nul_bytes_are_replaced_and_reported() {
    let page = read(&format!("# T\0\n\n{REQUEST}"));
    assert!(has(&page, Code::NulByte));
    assert_eq!(page.requests.len(), 1);
}

#[test]
fn unterminated_annotation_comment_does_not_hide_the_page() {
    let text = "# T\n\n<!-- { \"blockType\": \"request\", \"name\": \"get_me\" }\n```http\nGET https://graph.microsoft.com/v1.0/me\n```\n\n## Response\n\nText.\n";
    let page = read(text);
    let d = page
        .diagnostics
        .iter()
        .find(|d| d.code == Code::CommentUnterminated)
        .unwrap();
    assert_eq!((d.line, d.column), (3, 1));
    assert_eq!(page.requests.len(), 1, "{:#?}", page.diagnostics);
    assert_eq!(page.requests[0].name.as_deref(), Some("get_me"));
    assert!(page.sections.iter().any(|s| s.heading == "Response"));
}

#[test]
fn unterminated_plain_comment_is_reported() {
    let page = read("# T\n\n<!-- a note that never ends\n\n## Later\n\nText.\n");
    assert!(has(&page, Code::CommentUnterminated));
    assert!(page.sections.iter().any(|s| s.heading == "Later"));
}

#[test]
fn unterminated_fence_is_read_and_reported() {
    let page = read(
        "# T\n\n<!-- { \"blockType\": \"request\", \"name\": \"x\" } -->\n```http\nGET https://graph.microsoft.com/v1.0/me\n",
    );
    assert!(has(&page, Code::FenceUnterminated));
    assert_eq!(page.requests.len(), 1);
}

#[test]
fn unreadable_annotation_is_an_error_with_its_place() {
    let page = read(
        "# T\n\n<!-- { \"blockType\": request -- this is not JSON } -->\n```http\nGET /me\n```\n",
    );
    let d = page
        .diagnostics
        .iter()
        .find(|d| d.code == Code::AnnotationInvalid)
        .unwrap();
    assert_eq!(d.line, 3);
    assert!(page.has_errors());
}

#[test]
fn deeply_nested_json_is_refused_not_recursed() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let annotation = format!(
        "# T\n\n<!-- {{ \"blockType\": \"request\", \"x\": {deep} }} -->\n```http\nGET /me\n```\n"
    );
    let page = read(&annotation);
    assert!(has(&page, Code::AnnotationInvalid), "{:?}", codes(&page));
    let body = format!(
        "# T\n\n<!-- {{ \"blockType\": \"request\", \"name\": \"x\" }} -->\n```http\nPOST https://graph.microsoft.com/v1.0/me\nContent-Type: application/json\n\n{deep}\n```\n"
    );
    let page = read(&body);
    assert_eq!(page.requests.len(), 1);
    assert!(has(&page, Code::BodyInvalid), "{:?}", codes(&page));
}

#[test]
fn five_megabyte_lines() {
    let long = "a".repeat(5 << 20);
    let text = format!(
        "# T\n\n{long}\n\n| a | b |\n|---|---|\n| {long} | x |\n\n<!-- {{ \"blockType\": \"request\", \"name\": \"x\" }} -->\n```http\nGET https://graph.microsoft.com/v1.0/me?$filter={long}\n```\n"
    );
    let page = read(&text);
    assert_eq!(page.requests.len(), 1);
    assert_eq!(page.tables.len(), 1);
    let json = format!(
        "# T\n\n<!-- {{ \"blockType\": \"response\", \"name\": \"x\" }} -->\n```http\nHTTP/1.1 200 OK\nContent-Type: application/json\n\n{{\"v\": \"{long}\",}}\n```\n"
    );
    let page = read(&json);
    assert_eq!(page.responses.len(), 1);
}

#[test]
fn deeply_nested_markdown() {
    for (what, text) in [
        ("block quotes", ">".repeat(100_000)),
        ("list items", "- ".repeat(100_000)),
        ("brackets", "[".repeat(100_000)),
        ("emphasis", "*".repeat(100_000)),
        ("comment openers", "<!--\n".repeat(50_000)),
        ("fences", "```\n".repeat(50_000)),
        ("html", "<div>".repeat(100_000)),
        ("tables", "|a|\n|-|\n".repeat(20_000)),
        (
            "headings",
            "# <a name=\"x\"></a>[T](#tab/x)\n".repeat(20_000),
        ),
        (
            "annotations",
            "<!-- { \"blockType\": \"request\" } -->\n".repeat(20_000),
        ),
        ("includes", "[!INCLUDE [x](../x.md)]\n".repeat(20_000)),
    ] {
        let page = read(&text);
        assert!(page.path.ends_with("page.md"), "{what}");
    }
}

#[test]
fn broken_front_matter() {
    let page = read("---\ntitle: [unclosed\ndoc_type: apiPageType\n---\n# T\n");
    assert!(has(&page, Code::FrontMatterInvalid));
    assert_eq!(page.doc_type(), Some("apiPageType"));
    let page = read("---\ntitle: x\n# never closed\n");
    assert!(has(&page, Code::FrontMatterUnterminated));
}

/// A doc set on disk for include tests.
struct DocSet {
    dir: tempfile::TempDir,
}

impl DocSet {
    fn new(files: &[(&str, &str)]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let path = dir.path().join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        DocSet { dir }
    }

    fn path(&self, p: &str) -> PathBuf {
        self.dir.path().join(p)
    }

    fn read(&self, p: &str) -> Page {
        Reader::new(ReaderOptions::default()).read_file(&self.path(p))
    }
}

const PAGE: &str = "docs/api-reference/v1.0/api/page.md";

#[test]
fn permissions_include_is_read_without_its_front_matter() {
    let set = DocSet::new(&[
        (
            PAGE,
            "# T\n\n## Permissions\n\n<!-- { \"blockType\": \"permissions\", \"name\": \"p\" } -->\n[!INCLUDE [permissions-table](../includes/permissions/p.md)]\n",
        ),
        (
            "docs/api-reference/v1.0/includes/permissions/p.md",
            "---\ndescription: generated\nms.topic: include\n---\n|Permission type|Least privileged permissions|Higher privileged permissions|\n|:---|:---|:---|\n|Delegated (work or school account)|User.Read|User.ReadWrite.All|\n|Delegated (personal Microsoft account)|Not supported.|Not supported.|\n|Application|User.Read.All|Directory.Read.All|\n",
        ),
    ]);
    let page = set.read(PAGE);
    assert!(!page.has_errors(), "{:#?}", page.diagnostics);
    let p = page.permissions.expect("permissions");
    assert_eq!(p.rows[0].least, ["User.Read"]);
    assert_eq!(p.rows[2].higher, ["Directory.Read.All"]);
    let table = &page.tables[0];
    assert_eq!(table.span.line, 5, "the include's own line numbers");
    assert!(
        table
            .span
            .file
            .as_ref()
            .unwrap()
            .ends_with("includes/permissions/p.md")
    );
    assert_eq!(page.sections[table.section].heading, "Permissions");
}

#[test]
fn include_cycles_are_cut() {
    let set = DocSet::new(&[
        (PAGE, "# T\n\n[!INCLUDE [a](../includes/a.md)]\n"),
        (
            "docs/api-reference/v1.0/includes/a.md",
            "A\n\n[!INCLUDE [b](b.md)]\n",
        ),
        (
            "docs/api-reference/v1.0/includes/b.md",
            "B\n\n[!INCLUDE [a](a.md)]\n\n[!INCLUDE [self](b.md)]\n",
        ),
    ]);
    let page = set.read(PAGE);
    let cycles = page
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::IncludeCycle)
        .count();
    assert_eq!(cycles, 2, "{:#?}", page.diagnostics);
    let d = page
        .diagnostics
        .iter()
        .find(|d| d.code == Code::IncludeCycle)
        .unwrap();
    assert!(d.file.ends_with("includes/b.md") && d.line == 3, "{d:?}");
    let texts: Vec<_> = page.paragraphs.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(texts, ["A", "B"]);
}

#[test]
fn includes_nest_only_so_deep() {
    let mut files = vec![(
        PAGE.to_string(),
        "[!INCLUDE [x](../includes/i0.md)]\n".to_string(),
    )];
    for i in 0..20 {
        files.push((
            format!("docs/api-reference/v1.0/includes/i{i}.md"),
            format!("[!INCLUDE [x](i{}.md)]\n", i + 1),
        ));
    }
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let page = DocSet::new(&files).read(PAGE);
    assert!(has(&page, Code::IncludeTooDeep), "{:?}", codes(&page));
}

#[test]
fn includes_never_leave_the_doc_root() {
    let set = DocSet::new(&[
        (
            "secret.md",
            "| Permission type | Permissions |\n|--|--|\n| Application | Secret.Read.All |\n",
        ),
        ("docs/api-reference/v1.0/includes/ok.md", "fine\n"),
    ]);
    let secret = set.path("secret.md");
    let page_text = format!(
        "# T\n\n## Permissions\n\n[!INCLUDE [a]({})]\n\n[!INCLUDE [b](../../../../secret.md)]\n\n[!INCLUDE [c](~/secret.md)]\n\n[!INCLUDE [d](../includes/link.md)]\n\n[!INCLUDE [e](../includes/ok.md)]\n",
        secret.display()
    );
    fs::write(set.path(PAGE), &page_text).unwrap_or_else(|_| {
        fs::create_dir_all(set.path(PAGE).parent().unwrap()).unwrap();
        fs::write(set.path(PAGE), &page_text).unwrap();
    });
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        &secret,
        set.path("docs/api-reference/v1.0/includes/link.md"),
    )
    .unwrap();
    let page = set.read(PAGE);
    let refused = page
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::IncludeRefused)
        .count();
    assert_eq!(
        refused,
        if cfg!(unix) { 4 } else { 3 },
        "{:#?}",
        page.diagnostics
    );
    assert!(page.permissions.is_none());
    assert!(
        page.tables.is_empty(),
        "nothing from outside the root was read"
    );
    assert_eq!(
        page.includes
            .iter()
            .filter(|i| i.resolved.is_some())
            .count(),
        1
    );
    let text = format!("{:?}", page);
    assert!(!text.contains("Secret.Read.All"));
}

#[test]
fn pages_read_in_parallel_keep_their_order() {
    let set = DocSet::new(&[
        ("docs/api-reference/v1.0/api/a.md", "# A\n"),
        ("docs/api-reference/v1.0/api/b.md", "# B\n"),
        ("docs/api-reference/v1.0/api/c.md", "# C\n"),
    ]);
    let (files, _) = graphdoc::docset::collect_pages(&[set.path("docs")]);
    let pages = Reader::read_files(&ReaderOptions::default(), &files);
    let titles: Vec<_> = pages.iter().map(|p| p.title.clone().unwrap()).collect();
    assert_eq!(titles, ["A", "B", "C"]);
    assert!(Path::new(&pages[0].path).ends_with("api/a.md"));
}

/// An include bomb: twelve tiny files, each including the next five times. The depth limit alone
/// would let it expand 5^8 times; the page's include budget stops it early, with one error at the
/// include that ran over.
#[test]
fn include_bombs_stop_at_the_page_budget() {
    let mut files = vec![(
        PAGE.to_string(),
        "# T\n\n[!INCLUDE [x](../includes/b0.md)]\n".to_string(),
    )];
    for i in 0..12 {
        let line = format!("[!INCLUDE [x](b{}.md)]\n\n", i + 1);
        files.push((
            format!("docs/api-reference/v1.0/includes/b{i}.md"),
            format!("Level {i}\n\n{}", line.repeat(5)),
        ));
    }
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let set = DocSet::new(&files);
    let start = std::time::Instant::now();
    let page = set.read(PAGE);
    let took = start.elapsed();
    let over: Vec<_> = page
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::IncludeBudgetExceeded)
        .collect();
    assert_eq!(over.len(), 1, "{:?}", codes(&page));
    assert!(
        over[0].file.to_string_lossy().contains("includes/b"),
        "{:?}",
        over[0]
    );
    assert!(
        over[0].line > 1 && over[0].message.contains("budget"),
        "{:?}",
        over[0]
    );
    let expanded = page
        .includes
        .iter()
        .filter(|i| i.resolved.is_some())
        .count();
    assert_eq!(
        expanded,
        ReaderOptions::default().max_includes,
        "{expanded}"
    );
    assert!(took.as_secs() < 5, "{took:?}");

    // Bytes count too: one large include, included many times.
    let big = "x".repeat((1 << 20) - 1) + "\n";
    let set = DocSet::new(&[
        (PAGE, &"[!INCLUDE [x](../includes/big.md)]\n\n".repeat(20)),
        ("docs/api-reference/v1.0/includes/big.md", &big),
    ]);
    let page = set.read(PAGE);
    assert!(
        has(&page, Code::IncludeBudgetExceeded),
        "{:?}",
        codes(&page)
    );
    let expanded = page
        .includes
        .iter()
        .filter(|i| i.resolved.is_some())
        .count();
    assert_eq!(expanded, 8, "8 MiB of 1 MiB includes");
}

/// A FIFO named like a page (or like an include) would block a reader forever: only regular
/// files are read, so it is reported and skipped.
#[cfg(unix)]
#[test]
fn fifos_are_never_opened() {
    let set = DocSet::new(&[
        (
            "docs/api-reference/v1.0/api/a.md",
            "# A\n\n[!INCLUDE [x](../includes/fifo.md)]\n",
        ),
        ("docs/api-reference/v1.0/includes/ok.md", "x\n"),
    ]);
    for fifo in [
        "docs/api-reference/v1.0/api/fifo.md",
        "docs/api-reference/v1.0/includes/fifo.md",
    ] {
        let made = std::process::Command::new("mkfifo")
            .arg(set.path(fifo))
            .status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("notice: mkfifo is not available; the FIFO check was skipped");
            return;
        }
    }
    let fifo_page = set.path("docs/api-reference/v1.0/api/fifo.md");
    let docs = set.path("docs");
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        // Named directly, and found by walking the doc set.
        let (named, problems) = graphdoc::docset::collect_pages(std::slice::from_ref(&fifo_page));
        let (walked, _) = graphdoc::docset::collect_pages(&[docs]);
        let mut reader = Reader::new(ReaderOptions::default());
        let direct = reader.read_file(&fifo_page);
        let pages = Reader::read_files(&ReaderOptions::default(), &walked);
        let _ = done.send((named, problems, direct, pages));
    });
    let (named, problems, direct, pages) = finished
        .recv_timeout(std::time::Duration::from_secs(10))
        .expect("reading a FIFO blocked");
    assert!(
        named.is_empty() && problems.len() == 1,
        "{named:?} {problems:?}"
    );
    assert!(has(&direct, Code::Unreadable), "{:?}", codes(&direct));
    assert_eq!(pages.len(), 1, "the FIFO is not a page");
    assert!(
        has(&pages[0], Code::IncludeRefused) || has(&pages[0], Code::IncludeUnreadable),
        "{:?}",
        codes(&pages[0])
    );
}

/// `api-reference` itself a link to a folder outside the doc set: not followed, and said so.
#[cfg(unix)]
#[test]
fn a_linked_api_reference_folder_is_not_followed() {
    let set = DocSet::new(&[
        ("elsewhere/v1.0/api/secret.md", "# Secret\n"),
        ("docs/README.md", "# Readme\n"),
    ]);
    std::os::unix::fs::symlink(set.path("elsewhere"), set.path("docs/api-reference")).unwrap();
    let (pages, problems) = graphdoc::docset::collect_pages(&[set.path("docs")]);
    assert!(pages.is_empty(), "{pages:?}");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0]
            .message
            .contains("not a folder inside the doc set"),
        "{problems:?}"
    );
    // A link that stays inside the doc set is fine.
    let set = DocSet::new(&[("docs/real/v1.0/api/a.md", "# A\n")]);
    std::os::unix::fs::symlink(set.path("docs/real"), set.path("docs/api-reference")).unwrap();
    let (pages, problems) = graphdoc::docset::collect_pages(&[set.path("docs")]);
    assert_eq!(
        (pages.len(), problems.len()),
        (1, 0),
        "{pages:?} {problems:?}"
    );
}
