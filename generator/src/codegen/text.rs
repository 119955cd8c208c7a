//! Items written straight as text, the way prettyplease prints them, for the shapes graphdoc
//! writes by the thousand: a type's struct and its `client::Object` impl, a string enum and its
//! `client::StringEnum` impl. Writing tokens with `quote!`, parsing them with syn and printing
//! them with prettyplease was most of `generate`'s time, for text whose layout is fixed.
//!
//! prettyplease breaks a line only when it is longer than its margin, so a line that fits is
//! printed as written. When a line might not fit, [`Source::print`] gives the text to syn and
//! prettyplease, which break it as they would have: the output is the same either way
//! (`text_prints_as_prettyplease` in the tests checks both, long lines included).
//!
//! What reaches the text from the model is only validated identifiers, string literals printed
//! by `proc_macro2::Literal` (escaped), and doc lines written as `///` comments, which hold no
//! line break ([`super::Doc::text`] splits there): nothing in a page becomes code.

use super::docs::Doc;
use super::naming;
use super::{parse_file, unparse_item};

/// prettyplease's margin (its `MARGIN`): it may break a line longer than this.
const MARGIN: usize = 89;

/// Rust source written line by line, one item after another.
#[derive(Default)]
pub(crate) struct Source {
    /// The items written, each ending with a line break.
    items: Vec<String>,
    current: String,
    /// Whether every line is known to print as written (prettyplease measures bytes).
    fits: bool,
    /// The form syn reads back for prettyplease to print: plain comments (`// …`) as
    /// `#[comment = "…"]` attributes, which prettyplease prints as comments (syn drops
    /// comments), and lines left unbroken.
    parse_form: bool,
    /// Whether the items go one module deeper than they are printed (a version's `ops`,
    /// [`Source::print_nested_in`]): every line that is not empty is indented by four more spaces,
    /// which are not measured, and the items are kept in `current`, each after a blank line,
    /// rather than copied out one by one and indented afterwards.
    nested: bool,
}

/// Spaces to indent doc comments with: a slice of this is any indentation the printed code
/// uses, without making a string of it for each comment.
const SPACES: &str = "                                                                ";

impl Source {
    pub fn new() -> Source {
        Source {
            // Room for most items, which then need no growing.
            current: String::with_capacity(4096),
            fits: true,
            ..Source::default()
        }
    }

    /// The form of the text that syn reads back without loss (see [`Source::print`]).
    fn for_parsing() -> Source {
        Source {
            fits: true,
            parse_form: true,
            ..Source::default()
        }
    }

    /// One line at `depth` levels of indentation (four spaces each), from its parts, that
    /// prettyplease would break if it were longer than its margin.
    pub fn line(&mut self, depth: usize, parts: &[&str]) {
        let length = self.unbreakable(depth, parts);
        if length > MARGIN {
            self.fits = false;
        }
    }

    /// One line that prettyplease prints as it is, whatever its length (a string literal, a
    /// path, a line it has already decided not to break); its length in bytes, as
    /// prettyplease measures.
    pub fn unbreakable(&mut self, depth: usize, parts: &[&str]) -> usize {
        let start = self.open_line(depth);
        for part in parts {
            self.current.push_str(part);
        }
        self.close_line(start)
    }

    /// Starts a line at `depth` levels of indentation (four spaces each); where its measured
    /// text starts, for [`Source::close_line`].
    #[inline]
    fn open_line(&mut self, depth: usize) -> usize {
        if self.nested {
            self.current.push_str("    ");
        }
        let start = self.current.len();
        for _ in 0..depth {
            self.current.push_str("    ");
        }
        start
    }

    /// Ends the line [`Source::open_line`] started at `start`; its length in bytes, as
    /// prettyplease measures.
    #[inline]
    fn close_line(&mut self, start: usize) -> usize {
        let length = self.current.len() - start;
        if length == 0 && self.nested {
            // An empty line takes no indentation.
            self.current.truncate(start - "    ".len());
        }
        self.current.push('\n');
        length
    }

    /// The first line of an impl block, `impl trait_ for ty {`, or as prettyplease breaks one
    /// too long for its margin: `for ty {` on a line of its own.
    pub fn impl_header(&mut self, trait_: &str, ty: &str) {
        self.impl_line(trait_, ty, " {");
    }

    /// An impl block with nothing in it, `impl trait_ for ty {}`, broken as `impl_header` is.
    pub fn empty_impl(&mut self, trait_: &str, ty: &str) {
        self.impl_line(trait_, ty, " {}");
    }

    fn impl_line(&mut self, trait_: &str, ty: &str, open: &str) {
        // prettyplease may break before the line break after `{`.
        let flat = "impl ".len() + trait_.len() + " for ".len() + ty.len() + " {".len();
        if self.flat(flat) {
            self.unbreakable(0, &["impl ", trait_, " for ", ty, open]);
        } else {
            self.unbreakable(0, &["impl ", trait_]);
            self.unbreakable(0, &["for ", ty, open]);
        }
    }

    /// A macro call at the top level, `name!(first second);`, or as prettyplease breaks one too
    /// long for its margin: its tokens on a line of their own, or on two.
    pub fn macro_item(&mut self, name: &str, first: &str, second: &str) {
        let flat = name.len() + "!(".len() + first.len() + 1 + second.len() + ");".len();
        let inner = 4 + first.len() + 1 + second.len();
        if self.flat(flat) {
            self.unbreakable(0, &[name, "!(", first, " ", second, ");"]);
        } else if inner <= MARGIN {
            self.unbreakable(0, &[name, "!("]);
            self.unbreakable(1, &[first, " ", second]);
            self.unbreakable(0, &[");"]);
        } else {
            self.unbreakable(0, &[name, "!("]);
            self.unbreakable(1, &[first]);
            self.unbreakable(1, &[second]);
            self.unbreakable(0, &[");"]);
        }
    }

    /// A `match` arm whose body prettyplease cannot break (a literal, a path): `pattern =>
    /// body,`, or in a block when too long for its margin (the trailing comma aside).
    pub fn arm(&mut self, depth: usize, pattern: &str, body: &str) {
        let flat = 4 * depth + pattern.len() + " => ".len() + body.len();
        if self.flat(flat) {
            self.unbreakable(depth, &[pattern, " => ", body, ","]);
        } else {
            self.unbreakable(depth, &[pattern, " => {"]);
            self.unbreakable(depth + 1, &[body]);
            self.unbreakable(depth, &["}"]);
        }
    }

    /// A `match` arm that reads a member into a field, `pattern => self.field =
    /// map.next_value()?,`, or as prettyplease breaks one too long for its margin: a statement
    /// in a block, itself broken before `.next_value()` when too long.
    pub fn read_arm(&mut self, depth: usize, pattern: &str, field: &str) {
        const READ: &str = " = map.next_value()?";
        let flat = 4 * depth + pattern.len() + " => self.".len() + field.len() + READ.len();
        if self.flat(flat) {
            self.unbreakable(depth, &[pattern, " => self.", field, READ, ","]);
            return;
        }
        self.unbreakable(depth, &[pattern, " => {"]);
        let statement = 4 * (depth + 1) + "self.".len() + field.len() + READ.len();
        if statement <= MARGIN {
            self.unbreakable(depth + 1, &["self.", field, READ, ";"]);
        } else {
            // prettyplease breaks after `self` when `self.field = ` does not fit.
            let assigned = 4 * (depth + 1) + "self.".len() + field.len() + " = ".len();
            if self.flat(assigned) {
                self.unbreakable(depth + 1, &["self.", field, " = map"]);
            } else {
                self.unbreakable(depth + 1, &["self"]);
                self.unbreakable(depth + 2, &[".", field, " = map"]);
            }
            self.unbreakable(depth + 2, &[".next_value()?;"]);
        }
        self.unbreakable(depth, &["}"]);
    }

    /// A struct field, `name: outer<inner>,` (`name` in parts, with its visibility), or as
    /// prettyplease breaks one too long for its margin: `inner` on a line of its own.
    pub fn field(&mut self, depth: usize, name: &[&str], outer: &str, inner: &str) {
        let name_len: usize = name.iter().map(|n| n.len()).sum();
        // As `typed` measures the line: the name, `: `, the type and the comma.
        let flat = 4 * depth + name_len + ": <>,".len() + outer.len() + inner.len();
        if self.flat(flat) {
            // Most fields: the line as `typed` writes it, without joining its pieces first.
            let start = self.open_line(depth);
            for part in name.iter().chain(&[": ", outer, "<", inner, ">,"]) {
                self.current.push_str(part);
            }
            self.close_line(start);
            return;
        }
        let mut lead = name.concat();
        lead.push_str(": ");
        self.typed(depth, &lead, &[outer, "<", inner, ">"].concat(), ",", true);
    }

    /// A line that ends in a type, `lead ty end` (`name: ` … `,`, `type Output = ` … `;`), or as
    /// prettyplease breaks one too long for its margin when the type has generic arguments,
    /// `outer<inner>`: `inner` on a line of its own. A path alone does not break. `counted` says
    /// whether `end` counts toward the margin: a comma prettyplease writes only when it breaks
    /// a list does not.
    pub fn typed(&mut self, depth: usize, lead: &str, ty: &str, end: &str, counted: bool) {
        let flat = 4 * depth + lead.len() + ty.len() + if counted { end.len() } else { 0 };
        let generic = ty.strip_suffix('>').and_then(|t| t.split_once('<'));
        match generic {
            Some((outer, inner)) if !self.flat(flat) => {
                self.unbreakable(depth, &[lead, outer, "<"]);
                // The argument, broken as a type is; its comma is written only broken.
                self.typed(depth + 1, "", inner, ",", false);
                self.unbreakable(depth, &[">", end]);
            }
            _ => {
                self.unbreakable(depth, &[lead, ty, end]);
            }
        }
    }

    /// A call statement, `function(arguments)?;` (after `prefix`, an attribute and a space or
    /// nothing), or as prettyplease breaks one too long for its margin: one argument a line.
    /// The arguments are names, literals and fields (`&self.field`).
    pub fn call(&mut self, depth: usize, prefix: &str, function: &str, arguments: &[&str]) {
        let flat = 4 * depth
            + prefix.len()
            + function.len()
            + "(".len()
            + arguments.iter().map(|a| a.len()).sum::<usize>()
            + ", ".len() * arguments.len().saturating_sub(1)
            + ")?;".len();
        if self.flat(flat) {
            let start = self.open_line(depth);
            self.current.push_str(prefix);
            self.current.push_str(function);
            self.current.push('(');
            push_joined(&mut self.current, arguments);
            self.current.push_str(")?;");
            self.close_line(start);
        } else {
            if !prefix.is_empty() {
                // Where the attribute goes then is left to prettyplease.
                self.fits = false;
            }
            self.unbreakable(depth, &[prefix, function, "("]);
            for (i, a) in arguments.iter().enumerate() {
                // The last comma is written only broken, and not measured. A field
                // (`&self.field`) breaks after `self` when too long; other arguments with a
                // `.` are left to prettyplease.
                let counted = i + 1 < arguments.len();
                let length = 4 * (depth + 1) + a.len() + usize::from(counted);
                match a.strip_prefix("&self") {
                    Some(field) if length > MARGIN && is_field_access(field) => {
                        self.unbreakable(depth + 1, &["&self"]);
                        self.unbreakable(depth + 2, &[field, ","]);
                    }
                    _ => {
                        self.unbreakable(depth + 1, &[a, ","]);
                        if length > MARGIN && !a.starts_with('"') && a.contains('.') {
                            self.fits = false;
                        }
                    }
                }
            }
            self.unbreakable(depth, &[")?;"]);
        }
    }

    /// `before(inner)after` on one line (a tuple variant, a call of one argument), or as
    /// prettyplease breaks one too long for its margin: the argument on a line of its own,
    /// with a comma.
    /// `after` counts toward the margin unless `last` (prettyplease measures the last element
    /// of a list without its trailing comma).
    pub fn parens(&mut self, depth: usize, before: &str, inner: &str, after: &str, last: bool) {
        let measured = if last { 0 } else { after.len() };
        let flat = 4 * depth + before.len() + "()".len() + inner.len() + measured;
        if self.flat(flat) {
            self.unbreakable(depth, &[before, "(", inner, ")", after]);
        } else {
            self.unbreakable(depth, &[before, "("]);
            // The argument's comma is written only broken, and not measured; a name or a path
            // does not break, a type with generic arguments breaks as a field's type does.
            self.typed(depth + 1, "", inner, ",", false);
            self.unbreakable(depth, &[")", after]);
        }
    }

    /// An attribute with one argument, `#[name(argument)]`, or as prettyplease breaks one too
    /// long for its margin: the argument (tokens prettyplease does not break, such as
    /// `note = "…"`) on a line of its own, without a comma.
    pub fn attr_list(&mut self, depth: usize, name: &str, argument: &str) {
        let flat = 4 * depth + "#[".len() + name.len() + "()]".len() + argument.len();
        if self.flat(flat) {
            self.unbreakable(depth, &["#[", name, "(", argument, ")]"]);
        } else {
            self.unbreakable(depth, &["#[", name, "("]);
            self.unbreakable(depth + 1, &[argument]);
            self.unbreakable(depth, &[")]"]);
        }
    }

    /// Whether a line of `length` bytes prints as written (always, in the form for syn).
    fn flat(&self, length: usize) -> bool {
        length <= MARGIN || self.parse_form
    }

    /// A function's signature, `head(arguments)tail` (`tail` is ` -> Self {`), or as prettyplease
    /// breaks one too long for its margin: one argument a line, each with a comma.
    pub fn signature(&mut self, depth: usize, head: &str, arguments: &[&str], tail: &str) {
        let joined = arguments.join(", ");
        let flat = 4 * depth + head.len() + "()".len() + joined.len() + tail.len();
        if self.flat(flat) || arguments.is_empty() {
            self.line(depth, &[head, "(", &joined, ")", tail]);
        } else {
            self.unbreakable(depth, &[head, "("]);
            for (i, a) in arguments.iter().enumerate() {
                // `name: type`, broken as a field is; the last comma is written only broken.
                let counted = i + 1 < arguments.len();
                match a.split_once(": ") {
                    Some((name, ty)) => {
                        self.typed(depth + 1, &[name, ": "].concat(), ty, ",", counted)
                    }
                    None => {
                        self.unbreakable(depth + 1, &[a, ","]);
                    }
                }
            }
            self.unbreakable(depth, &[")", tail]);
        }
    }

    /// A struct expression, `path { fields }`, after `lead` (`let x = `) and before `end` (`;`),
    /// or as prettyplease breaks one whose braces hold more than 34 bytes (its
    /// `end_with_max_width(34)`): one field a line, each with a comma.
    pub fn struct_expr(
        &mut self,
        depth: usize,
        lead: &str,
        path: &str,
        fields: &[&str],
        end: &str,
    ) {
        let joined = fields.join(", ");
        // From the path to the space before `}`, as prettyplease measures the width.
        let width = path.len() + " { ".len() + joined.len() + " ".len();
        if width <= 34 || self.parse_form {
            self.line(depth, &[lead, path, " { ", &joined, " }", end]);
        } else {
            self.unbreakable(depth, &[lead, path, " {"]);
            for (i, f) in fields.iter().enumerate() {
                self.member(depth + 1, f, i + 1 < fields.len());
            }
            self.unbreakable(depth, &["}", end]);
        }
    }

    /// A field of a struct expression broken one field a line, `name: value,` (or `name,`), or
    /// as prettyplease breaks one too long for its margin where the value is a method call
    /// without arguments on a name (`name: name.into()`): the call on a line of its own. The
    /// comma counts toward the margin but after the last field.
    fn member(&mut self, depth: usize, field: &str, counted: bool) {
        let flat = 4 * depth + field.len() + usize::from(counted);
        let call = field
            .split_once(": ")
            .and_then(|(_, value)| value.strip_suffix("()")?.rsplit_once('.'))
            .filter(|(receiver, _)| naming::is_valid_ident(receiver));
        match call {
            Some((_, method)) if !self.flat(flat) => {
                let head = &field[..field.len() - method.len() - ".()".len()];
                self.unbreakable(depth, &[head]);
                self.unbreakable(depth + 1, &[".", method, "(),"]);
            }
            // Other values are ones graphdoc writes short (a string's conversion).
            _ if call.is_none() => self.line(depth, &[field, ","]),
            _ => {
                self.unbreakable(depth, &[field, ","]);
            }
        }
    }

    /// The pattern of a `match` arm on a variant, `path { fields, .. }` for a struct variant
    /// (`path` alone for a unit one), followed on its line by `tail` bytes before prettyplease
    /// may break again. When too long for the margin it is written broken, one field a line;
    /// the text the rest of the arm follows on its line is returned (the flat pattern, or `}`).
    pub fn pattern(
        &mut self,
        depth: usize,
        path: &str,
        fields: Option<&[&str]>,
        tail: usize,
    ) -> String {
        let Some(fields) = fields else {
            return path.to_string();
        };
        // `path { .. }` or `path { a, b, .. }`, in one allocation.
        let fields_len: usize = fields.iter().map(|f| f.len() + ", ".len()).sum();
        let mut flat = String::with_capacity(path.len() + " {  .. }".len() + fields_len);
        flat.push_str(path);
        flat.push_str(" { ");
        for f in fields {
            flat.push_str(f);
            flat.push_str(", ");
        }
        flat.push_str(".. }");
        if self.flat(4 * depth + flat.len() + tail) {
            return flat;
        }
        self.unbreakable(depth, &[path, " {"]);
        for f in fields {
            self.unbreakable(depth + 1, &[f, ","]);
        }
        self.unbreakable(depth + 1, &[".."]);
        "}".to_string()
    }

    /// A `match` arm whose body joins pieces, `pattern => [pieces].concat(),`, after `pattern`
    /// (what [`Source::pattern`] returned), or as prettyplease breaks one too long for its
    /// margin: the body in a block, `.concat()` on a line of its own when the body does not fit,
    /// then one piece a line when the array does not either.
    pub fn concat_arm(&mut self, depth: usize, pattern: &str, pieces: &[&str]) {
        let array_len = "[]".len()
            + pieces.iter().map(|p| p.len()).sum::<usize>()
            + ", ".len() * pieces.len().saturating_sub(1);
        let chain_len = array_len + ".concat()".len();
        // The trailing comma aside, as in `arm`.
        if self.flat(4 * depth + pattern.len() + " => ".len() + chain_len) {
            // Most arms: the pieces written in place, on the pattern's line.
            let start = self.open_line(depth);
            self.current.push_str(pattern);
            self.current.push_str(" => [");
            push_joined(&mut self.current, pieces);
            self.current.push_str("].concat(),");
            self.close_line(start);
            return;
        }
        let array = format!("[{}]", pieces.join(", "));
        let chain = format!("{array}.concat()");
        self.unbreakable(depth, &[pattern, " => {"]);
        let inner = depth + 1;
        if self.flat(4 * inner + chain.len()) {
            self.unbreakable(inner, &[&chain]);
        } else {
            if self.flat(4 * inner + array.len()) {
                self.unbreakable(inner, &[&array]);
            } else {
                self.unbreakable(inner, &["["]);
                for (i, p) in pieces.iter().enumerate() {
                    // A string literal does not break; a call might (past the margin).
                    if p.starts_with('"') {
                        self.unbreakable(inner + 1, &[p, ","]);
                    } else if let Some((function, argument)) = single_argument_call(p) {
                        let last = i + 1 == pieces.len();
                        self.parens(inner + 1, function, argument, ",", last);
                    } else {
                        self.line(inner + 1, &[p, ","]);
                    }
                }
                self.unbreakable(inner, &["]"]);
            }
            self.unbreakable(inner + 1, &[".concat()"]);
        }
        self.unbreakable(depth, &["}"]);
    }

    /// Lines of fixed code (constant text, indented as prettyplease prints it), each ending
    /// with a line break.
    pub fn fixed(&mut self, text: &str) {
        if !self.nested {
            self.current.push_str(text);
            return;
        }
        // Fixed lines are short: a plain loop over the bytes finds their ends sooner than a
        // search started for each line.
        let mut start = 0;
        for (at, &b) in text.as_bytes().iter().enumerate() {
            if b == b'\n' {
                if at > start {
                    self.current.push_str("    ");
                }
                self.current.push_str(&text[start..=at]);
                start = at + 1;
            }
        }
        self.current.push_str(&text[start..]);
    }

    /// A doc comment at `depth` levels of indentation.
    pub fn doc(&mut self, depth: usize, doc: &Doc) {
        let width = 4 * (depth + usize::from(self.nested));
        match SPACES.get(..width) {
            Some(indent) => doc.write_comment(indent, &mut self.current),
            None => doc.write_comment(&" ".repeat(width), &mut self.current),
        }
    }

    /// A plain comment line before an item's attributes, at the top level.
    pub fn comment(&mut self, text: &str) {
        if self.parse_form {
            let literal = proc_macro2::Literal::string(&format!(" {text}")).to_string();
            self.line(0, &["#[comment = ", &literal, "]"]);
        } else {
            self.line(0, &["// ", text]);
        }
    }

    /// Ends the current item.
    pub fn end_item(&mut self) {
        if self.nested {
            // The blank line before the next item.
            self.current.push('\n');
            return;
        }
        // Copied out at its size: the buffer keeps its capacity for the next item, which is
        // then written without growing it again and again.
        self.items.push(self.current.clone());
        self.current.clear();
    }

    /// The items `write` writes, printed. When some line might not print as written, `write`
    /// runs again for the form syn reads, and syn and prettyplease print it.
    pub fn print(write: impl Fn(&mut Source)) -> Vec<String> {
        let mut source = Source::new();
        write(&mut source);
        if source.fits {
            source.items
        } else {
            reprint(write)
        }
    }

    /// The items `write` writes, printed as [`Source::print`] prints them, each after a blank
    /// line and with every line that is not empty indented by four spaces: the items of a
    /// module inside it. Written in place in `scratch` (left empty, with the capacity it grew
    /// to) and copied out at its size: a caller printing one text after another keeps one
    /// buffer, and the texts it keeps take only the memory they need.
    pub fn print_nested_in(scratch: &mut String, write: impl Fn(&mut Source)) -> String {
        scratch.clear();
        let mut source = Source {
            current: std::mem::take(scratch),
            fits: true,
            nested: true,
            ..Source::default()
        };
        source.current.push('\n');
        write(&mut source);
        if source.fits {
            let mut text = source.current;
            // The line break `end_item` left after the last item, for an item that does not
            // follow (`write` ends every item it starts).
            text.pop();
            let copy = text.as_str().to_owned();
            text.clear();
            *scratch = text;
            return copy;
        }
        source.current.clear();
        *scratch = source.current;
        let items = reprint(write);
        let mut text = String::with_capacity(items.iter().map(|i| i.len() + i.len() / 8).sum());
        for item in &items {
            text.push('\n');
            push_indented(&mut text, item);
        }
        text
    }
}

/// `item`'s lines, each indented by four spaces unless empty.
pub(crate) fn push_indented(out: &mut String, item: &str) {
    for line in item.lines() {
        if !line.is_empty() {
            out.push_str("    ");
            out.push_str(line);
        }
        out.push('\n');
    }
}

/// Whether `text` is `.field`: one field of plain identifier characters.
fn is_field_access(text: &str) -> bool {
    text.strip_prefix('.').is_some_and(|field| {
        !field.is_empty()
            && field
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_')
    })
}

/// `f(x)` → (`f`, `x`), for a call of one plain argument (`&client::segment(user_id)`).
fn single_argument_call(piece: &str) -> Option<(&str, &str)> {
    let (function, rest) = piece.split_once('(')?;
    let argument = rest.strip_suffix(')')?;
    let plain = |t: &str| {
        !t.is_empty()
            && t.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b':' || b == b'&')
    };
    (plain(function) && plain(argument)).then_some((function, argument))
}

/// The items `write` writes, parsed by syn and printed by prettyplease.
fn reprint(write: impl Fn(&mut Source)) -> Vec<String> {
    let mut source = Source::for_parsing();
    write(&mut source);
    parse_file(&source.items.concat())
        .items
        .into_iter()
        .map(unparse_item)
        .collect()
}

/// A string literal as prettyplease prints it (the literal's own text, escaped).
pub(crate) fn literal(value: &str) -> String {
    // Printable ASCII other than `"` and `\` is its own escape (most wire names and URL
    // pieces): the literal is the text quoted, without proc_macro2's per-character escaping.
    // Every byte is checked, without stopping early, so that the check runs many bytes at a
    // time.
    if value.bytes().fold(true, |plain, b| {
        plain & (b' '..=b'~').contains(&b) & (b != b'"') & (b != b'\\')
    }) {
        let mut out = String::with_capacity(value.len() + 2);
        out.push('"');
        out.push_str(value);
        out.push('"');
        return out;
    }
    proc_macro2::Literal::string(value).to_string()
}

/// `items` written into `out` separated by `, ` (what `items.join(", ")` makes, without a
/// String of its own).
fn push_joined(out: &mut String, items: &[impl AsRef<str>]) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(item.as_ref());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_are_printed_as_proc_macro2_prints_them() {
        let ascii: String = (0u8..128).map(char::from).collect();
        let mut values: Vec<String> = ascii.chars().map(String::from).collect();
        values.extend(
            [
                "",
                "displayName",
                "a b",
                "é",
                "a\"b",
                "a\\b",
                "tab\there",
                "\u{2028}",
            ]
            .map(String::from),
        );
        values.push(ascii);
        for v in &values {
            assert_eq!(
                literal(v),
                proc_macro2::Literal::string(v).to_string(),
                "{v:?}"
            );
        }
    }

    /// Items with every kind of line [`Source`] breaks itself, names of length `n`.
    fn sample(out: &mut Source, n: usize) {
        let name = format!("T{}", "a".repeat(n));
        let field = format!("f{}", "b".repeat(n));
        let wire = literal(&format!("w{}é", "c".repeat(n)));
        let mut doc = Doc::new();
        doc.text("A type.  \nIts second line, with `code`.");
        out.doc(0, &doc);
        out.comment("A plain comment.");
        out.fixed("#[derive(Debug)]\n");
        out.unbreakable(0, &["pub struct ", &name, " {"]);
        out.doc(1, &doc);
        let inner = format!("::std::vec::Vec<{name}>");
        out.field(1, &["pub ", &field], "client::Nullable", &inner);
        out.line(1, &["#[cfg(feature = \"x\")]"]);
        out.field(1, &["pub ", &field, "2"], "client::Nullable", "i32");
        out.fixed("}\n");
        out.end_item();
        out.impl_header("client::Object", &name);
        out.fixed("    fn read(&mut self, key: &str, map: &mut A) -> R {\n        match &*key {\n");
        out.read_arm(3, &wire, &field);
        out.arm(3, &format!("Self::{name}"), &wire);
        out.fixed("        }\n");
        let this = format!("&self.{field}");
        out.call(2, "", "client::write_member", &["map", &wire, &this]);
        out.call(2, "#[cfg(feature = \"x\")] ", "f", &["map"]);
        out.fixed("    }\n}\n");
        out.end_item();
        out.macro_item("client::wire_form", "object", &name);
        out.end_item();
    }

    /// Tuple variants (first, middle and last) and calls of one argument.
    fn parens_sample(out: &mut Source, n: usize) {
        let name = format!("T{}", "a".repeat(n));
        let boxed = format!("::std::boxed::Box<{name}>");
        for variants in 1..=3 {
            out.unbreakable(0, &["pub enum ", &name, " {"]);
            for _ in 0..variants {
                // An enum prints a comma after every variant, the last too.
                out.parens(1, &name, &boxed, ",", false);
            }
            out.fixed("}\n");
            out.end_item();
        }
    }

    /// The shapes of a stub: signatures, struct expressions and patterns, `concat` arms.
    fn stub_sample(out: &mut Source, n: usize) {
        let name = format!("T{}", "a".repeat(n));
        let field = format!("f{}", "b".repeat(n));
        let (name, field, wire) = (name.as_str(), field.as_str(), "\"$w\"");
        out.unbreakable(0, &["impl ", name, " {"]);
        let arg = format!("{field}: impl ::std::convert::Into<::std::string::String>");
        for args in [&[][..], &[arg.as_str()], &["self", arg.as_str()]] {
            out.signature(1, &format!("pub fn {field}"), args, " -> Self {");
            let value = format!("{field}: {field}.into()");
            out.struct_expr(2, "let path = ", &format!("P::{name}"), &[&value], ";");
            out.struct_expr(2, "let x = ", "P::A", &["a: a.into()", "b"], ";");
            out.struct_expr(2, "let y = ", "Self", &[field], ";");
            let short = format!("g: {field}.into()");
            out.struct_expr(2, "let z = ", "P::A", &[&value, &short, &value], ";");
            out.fixed("        match &path {\n");
            for fields in [None, Some(&[][..]), Some(&[field, "b"][..])] {
                let pattern = out.pattern(3, &format!("P::{name}"), fields, " => {".len());
                out.unbreakable(3, &[&pattern, " => {"]);
                out.line(4, &["parts.query(", wire, ", f.clone());"]);
                out.unbreakable(3, &["}"]);
            }
            out.fixed("        }\n        match &self.path {\n");
            let segment = format!("&client::segment({field})");
            let pieces = [wire, segment.as_str(), "\"/a\""];
            for n in 1..=3 {
                for fields in [None, Some(&[][..]), Some(&[field][..])] {
                    let pattern = out.pattern(3, &format!("P::{name}"), fields, " => ".len());
                    out.concat_arm(3, &pattern, &pieces[..n]);
                }
            }
            out.fixed("        }\n");
            out.struct_expr(2, "", "Self", &["path", "body", "parts"], "");
            out.fixed("    }\n");
        }
        out.fixed("}\n");
        out.end_item();
        out.empty_impl("client::Select", name);
        out.end_item();
        out.impl_header("client::Operation", name);
        let output = format!("client::Collection<super::{name}>");
        out.typed(1, "type Output = ", &output, ";", true);
        out.fixed("}\n");
        out.end_item();
    }

    /// How many name lengths (0 to 99) `sample` writes text `Source` says fits, each checked to
    /// be what syn and prettyplease print.
    fn compared(sample: fn(&mut Source, usize)) -> usize {
        let mut compared = 0;
        for n in 0..100 {
            let mut source = Source::new();
            sample(&mut source, n);
            if source.fits {
                assert_eq!(source.items, reprint(|out| sample(out, n)), "n = {n}");
                compared += 1;
            }
        }
        compared
    }

    /// What `Source` writes, when it says it fits, is what syn and prettyplease print, on both
    /// sides of every margin.
    #[test]
    fn text_prints_as_prettyplease() {
        // Every line of the sample flat, then broken.
        let compared = compared(sample);
        assert_eq!(compared, 100);
    }

    /// The same for `Source::parens`.
    #[test]
    fn parens_print_as_prettyplease() {
        let compared = compared(parens_sample);
        assert_eq!(compared, 100);
    }

    /// Calls with a field argument (`&self.field`), in the middle and last.
    fn call_sample(out: &mut Source, n: usize) {
        let this = format!("&self.f{}", "b".repeat(n));
        out.fixed("impl T {\n    fn f(&self) {\n");
        out.call(2, "", "client::write_member", &["map", &this, "\"w\""]);
        out.call(2, "", "client::write_member", &["map", "\"w\"", &this]);
        out.fixed("    }\n}\n");
        out.end_item();
    }

    /// The same for `Source::call`'s field arguments, on both sides of the margin.
    #[test]
    fn call_fields_print_as_prettyplease() {
        let compared = compared(call_sample);
        assert_eq!(compared, 100);
    }

    /// An attribute with a note, before a struct.
    fn attr_sample(out: &mut Source, n: usize) {
        let note = literal(&format!("Deprecated {}.", "d".repeat(n)));
        out.attr_list(0, "deprecated", &format!("note = {note}"));
        out.fixed("#[derive(Debug)]\n");
        out.fixed("pub struct T {}\n");
        out.end_item();
    }

    /// The same for `Source::attr_list`.
    #[test]
    fn attrs_print_as_prettyplease() {
        let compared = compared(attr_sample);
        assert_eq!(compared, 100);
    }

    /// A `concat` arm whose call of one argument is broken, the argument past the margin too.
    fn concat_sample(out: &mut Source, n: usize) {
        let segment = format!("&client::segment(f{})", "b".repeat(n));
        out.fixed("fn f() {\n    match p {\n");
        out.concat_arm(2, "P::A { .. }", &["\"/a\"", &segment, "\"/b\""]);
        out.fixed("    }\n}\n");
        out.end_item();
    }

    /// The same for `Source::concat_arm`'s calls of one argument.
    #[test]
    fn arguments_print_as_prettyplease() {
        let compared = compared(concat_sample);
        assert_eq!(compared, 100);
    }

    /// The same for the shapes of a stub.
    #[test]
    fn stub_text_prints_as_prettyplease() {
        // Names up to about 30 characters: each shape flat, then broken.
        let compared = compared(stub_sample);
        assert!(compared > 25, "{compared}");
    }

    /// `Source::print_nested_in` writes what `Source::print` prints, each item after a blank line
    /// with its lines indented (an empty line left empty), whether the text is written in place
    /// or printed by prettyplease: on both sides of every margin.
    #[test]
    fn nested_items_are_the_printed_items_indented() {
        let samples: [fn(&mut Source, usize); 6] = [
            sample,
            parens_sample,
            stub_sample,
            call_sample,
            attr_sample,
            concat_sample,
        ];
        for sample in samples {
            for n in 0..100 {
                let mut expected = String::new();
                for item in Source::print(|out| sample(out, n)) {
                    expected.push('\n');
                    push_indented(&mut expected, &item);
                }
                let nested = Source::print_nested_in(&mut String::new(), |out| sample(out, n));
                assert_eq!(nested, expected, "n = {n}");
            }
        }
        let mut indented = String::new();
        push_indented(&mut indented, "a\n\n    b\n");
        assert_eq!(indented, "    a\n\n        b\n");
    }

    /// A line that might be broken otherwise than `Source` knows makes it print through
    /// prettyplease.
    #[test]
    fn long_lines_fall_back() {
        let query = |out: &mut Source, n: usize| {
            let wire = literal(&"q".repeat(n));
            out.fixed("fn f() {\n");
            out.line(1, &["parts.query(", &wire, ", x.clone());"]);
            out.fixed("}\n");
            out.end_item();
        };
        let mut source = Source::new();
        query(&mut source, 10);
        assert!(source.fits);
        let mut source = Source::new();
        query(&mut source, 90);
        assert!(!source.fits);
    }
}
