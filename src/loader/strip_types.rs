//! TypeScript type stripping as Node does it (`--experimental-strip-types`,
//! Node's `internal/modules/typescript` over amaro in "strip-only" mode).
//!
//! The source is parsed with oxc as TypeScript; every piece of type-only syntax
//! (annotations, interfaces, type aliases, `declare`, `import type`, generics,
//! `as`/`satisfies`/`!`, `implements`, modifiers, overloads, ...) is replaced by
//! whitespace, keeping line breaks, so every remaining token stays at its line
//! and column and no source map is needed. Syntax that would need a transform
//! (enums, namespaces with values, parameter properties, `import x =`,
//! `export =`, `<T>x` assertions) is an error, as in Node.

use oxc_allocator::Allocator;
use oxc_ast::ast::*;
use oxc_ast_visit::{walk, Visit};
use oxc_parser::Parser;
use oxc_span::{GetSpan, SourceType, Span};
use std::collections::BTreeMap;

/// Why a source could not be stripped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StripErrorKind {
    /// Valid TypeScript that strip-only mode cannot run (`ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX`).
    Unsupported,
    /// Not valid TypeScript (`ERR_INVALID_TYPESCRIPT_SYNTAX`).
    Invalid,
}

/// A stripping failure, located in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StripError {
    pub kind: StripErrorKind,
    pub message: String,
    /// Byte range of the offending syntax.
    pub start: u32,
    pub end: u32,
}

impl StripError {
    /// 1-based line of the start of the offending syntax.
    pub fn line(&self, source: &str) -> usize {
        source[..(self.start as usize).min(source.len())].matches('\n').count() + 1
    }

    /// The excerpt Node prints above the error (amaro's graphical report): the
    /// offending lines with one line of context either side, carets under a
    /// one-line span, `>` marks on the first and last lines of a longer one.
    pub fn snippet(&self, source: &str) -> String {
        let lines: Vec<&str> = source.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).collect();
        let start = (self.start as usize).min(source.len());
        let end = (self.end as usize).clamp(start, source.len());
        let first = source[..start].matches('\n').count();
        let last = first + source[start..end].trim_end_matches('\n').matches('\n').count();
        let mut out = String::new();
        if first == last {
            let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
            let col = source[line_start..start].encode_utf16().count();
            let width = source[start..end].encode_utf16().count().max(1);
            if first > 0 {
                out.push_str(lines[first - 1]);
                out.push('\n');
            }
            out.push_str(lines[first]);
            out.push('\n');
            out.push_str(&" ".repeat(col));
            out.push_str(&"^".repeat(width));
            out.push('\n');
            if let Some(next) = lines.get(first + 1) {
                out.push_str(next);
                out.push('\n');
            }
        } else {
            if first > 0 {
                out.push_str(&format!("    {}\n", lines[first - 1]));
            }
            for (i, line) in lines.iter().enumerate().take(last + 1).skip(first) {
                let mark = if i == first || i == last { "  > " } else { "    " };
                out.push_str(&format!("{mark}{line}\n"));
            }
            if let Some(next) = lines.get(last + 1) {
                out.push_str(&format!("    {next}\n"));
            }
        }
        out
    }
}

/// How the file is parsed: as an ES module, as CommonJS, or decided by its syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModuleKind {
    Module,
    CommonJs,
    Unknown,
}

/// The stripper behind `op_loader_strip_types` (see `ext::loader::TYPE_STRIPPER`).
pub fn strip_for_op(source: &str, kind: &str) -> Result<String, [String; 4]> {
    let kind = match kind {
        "module" => ModuleKind::Module,
        "commonjs" => ModuleKind::CommonJs,
        _ => ModuleKind::Unknown,
    };
    strip_types(source, kind).map_err(|e| {
        let k = match e.kind {
            StripErrorKind::Unsupported => "unsupported",
            StripErrorKind::Invalid => "invalid",
        };
        [k.to_string(), e.message.clone(), e.line(source).to_string(), e.snippet(source)]
    })
}

/// Whether `path` names a TypeScript file Node strips (`.ts`, `.mts`, `.cts`).
pub fn is_typescript_path(path: &std::path::Path) -> bool {
    path.extension().is_some_and(|e| e == "ts" || e == "mts" || e == "cts")
}

/// Strips a TypeScript file loaded as an ES module. The error is
/// `(class, message, code)` as Node throws it.
pub fn strip_module_file(path: &std::path::Path, source: &str) -> Result<String, (&'static str, String, &'static str)> {
    if path.components().any(|c| c.as_os_str() == "node_modules") {
        return Err((
            "Error",
            format!("Stripping types is currently unsupported for files under node_modules, for \"{}\"", path.display()),
            "ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING",
        ));
    }
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    strip_types(source, ModuleKind::Module).map_err(|e| match e.kind {
        StripErrorKind::Unsupported => ("SyntaxError", e.message, "ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX"),
        StripErrorKind::Invalid => ("SyntaxError", e.message, "ERR_INVALID_TYPESCRIPT_SYNTAX"),
    })
}

/// Strips the types of `source`, returning JavaScript with the same layout.
pub fn strip_types(source: &str, kind: ModuleKind) -> Result<String, StripError> {
    let allocator = Allocator::default();
    let base = SourceType::ts();
    let ty = match kind {
        ModuleKind::Module => base.with_module(true),
        ModuleKind::CommonJs => base.with_commonjs(true),
        ModuleKind::Unknown => base.with_unambiguous(true),
    };
    let mut ret = Parser::new(&allocator, source, ty).parse();
    if (ret.panicked || ret.diagnostics.has_errors()) && kind == ModuleKind::Unknown {
        // A script with a top-level `return` parses only as CommonJS.
        let retry = Parser::new(&allocator, source, base.with_commonjs(true)).parse();
        if !(retry.panicked || retry.diagnostics.has_errors()) {
            ret = retry;
        }
    }
    if let Some(err) = ret.diagnostics.errors().next() {
        let (start, end) = err.labels.first().map(|l| (l.offset(), l.offset() + l.len())).unwrap_or((0, 0));
        return Err(StripError { kind: StripErrorKind::Invalid, message: err.message.to_string(), start, end });
    }
    if ret.panicked {
        return Err(StripError { kind: StripErrorKind::Invalid, message: "Unexpected token".into(), start: 0, end: 0 });
    }
    let mut v = Stripper { src: source, blanks: Vec::new(), puts: BTreeMap::new(), error: None };
    v.visit_program(&ret.program);
    if let Some(e) = v.error {
        return Err(e);
    }
    Ok(v.render())
}

struct Stripper<'s> {
    src: &'s str,
    /// Byte ranges to turn into whitespace.
    blanks: Vec<(u32, u32)>,
    /// Characters written over blanked bytes (`;` for ASI, a moved `)`).
    puts: BTreeMap<u32, char>,
    error: Option<StripError>,
}

fn is_type_only_decl(d: &Declaration) -> bool {
    match d {
        Declaration::TSTypeAliasDeclaration(_) | Declaration::TSInterfaceDeclaration(_) => true,
        Declaration::VariableDeclaration(v) => v.declare,
        Declaration::FunctionDeclaration(f) => f.declare || f.body.is_none(),
        Declaration::ClassDeclaration(c) => c.declare,
        Declaration::TSEnumDeclaration(e) => e.declare,
        Declaration::TSNamespaceDeclaration(n) => n.declare || !namespace_instantiated(n),
        Declaration::TSExternalModuleDeclaration(_) | Declaration::TSGlobalDeclaration(_) => true,
        Declaration::TSImportEqualsDeclaration(i) => i.import_kind.is_type(),
    }
}

/// Whether a namespace holds values (then it needs a transform).
fn namespace_instantiated(n: &TSNamespaceDeclaration) -> bool {
    match &n.body {
        TSNamespaceDeclarationBody::TSNamespaceDeclaration(inner) => !inner.declare && namespace_instantiated(inner),
        TSNamespaceDeclarationBody::TSModuleBlock(block) => block.body.iter().any(|s| !statement_is_type_only(s)),
    }
}

fn statement_is_type_only(s: &Statement) -> bool {
    match s {
        Statement::EmptyStatement(_) => true,
        Statement::ImportDeclaration(i) => i.import_kind.is_type(),
        Statement::ExportNamedDeclaration(e) => e.export_kind.is_type(),
        Statement::ExportFromDeclaration(e) => e.export_kind.is_type(),
        Statement::ExportAllDeclaration(e) => e.export_kind.is_type(),
        Statement::ExportDeclaration(e) => is_type_only_decl(&e.declaration),
        Statement::ExportDefaultDeclaration(e) => match &e.declaration {
            ExportDefaultDeclarationKind::TSInterfaceDeclaration(_) => true,
            ExportDefaultDeclarationKind::FunctionDeclaration(f) => f.body.is_none(),
            _ => false,
        },
        Statement::TSNamespaceExportDeclaration(_) => true,
        _ => match s.as_declaration() {
            Some(d) => is_type_only_decl(d),
            None => false,
        },
    }
}

fn unsupported(span: Span, message: &str) -> StripError {
    StripError { kind: StripErrorKind::Unsupported, message: message.into(), start: span.start, end: span.end }
}

/// The error for a declaration strip-only mode cannot erase, if it is one.
fn unsupported_decl(d: &Declaration, span: Span, src: &str) -> Option<StripError> {
    match d {
        Declaration::TSEnumDeclaration(e) if !e.declare => Some(unsupported(span, "TypeScript enum is not supported in strip-only mode")),
        Declaration::TSNamespaceDeclaration(n) if !n.declare && namespace_instantiated(n) => {
            let keyword = &src[n.span.start as usize..];
            if keyword.starts_with("module") {
                let head = Span::new(n.span.start, n.id.span.end);
                Some(unsupported(head, "`module` keyword is not supported. Use `namespace` instead."))
            } else {
                Some(unsupported(span, "TypeScript namespace declaration is not supported in strip-only mode"))
            }
        }
        Declaration::TSImportEqualsDeclaration(i) if !i.import_kind.is_type() => {
            Some(unsupported(span, "TypeScript import equals declaration is not supported in strip-only mode"))
        }
        _ => None,
    }
}

fn is_line_terminator(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

impl<'s> Stripper<'s> {
    fn fail(&mut self, e: StripError) {
        if self.error.is_none() {
            self.error = Some(e);
        }
    }

    fn blank(&mut self, start: u32, end: u32) {
        if start < end {
            self.blanks.push((start, end));
        }
    }

    fn blank_span(&mut self, span: Span) {
        self.blank(span.start, span.end);
    }

    /// Blanks a whole statement or class member; a `;` takes its first byte
    /// when the code before it could otherwise run on into the code after it.
    fn blank_statement(&mut self, span: Span) {
        self.blank_span(span);
        let before = self.src[..span.start as usize].trim_end();
        if let Some(last) = before.chars().last() {
            if !matches!(last, ';' | '{' | '}') && !before.ends_with("*/") && !self.ends_with_line_comment(before) {
                self.puts.insert(span.start, ';');
            }
        }
    }

    fn ends_with_line_comment(&self, before: &str) -> bool {
        // A `//` comment on the last line: look at what precedes it instead.
        let line = before.rsplit('\n').next().unwrap_or("");
        line.trim_start().starts_with("//")
    }

    /// Skips whitespace and comments from `pos`.
    fn skip_trivia(&self, mut pos: usize) -> usize {
        let b = self.src.as_bytes();
        loop {
            while pos < b.len() && (b[pos] as char).is_ascii_whitespace() {
                pos += 1;
            }
            if self.src[pos..].starts_with("//") {
                pos = self.src[pos..].find('\n').map_or(b.len(), |i| pos + i);
            } else if self.src[pos..].starts_with("/*") {
                pos = self.src[pos + 2..].find("*/").map_or(b.len(), |i| pos + 2 + i + 2);
            } else if pos < b.len() && !b[pos].is_ascii() {
                let c = self.src[pos..].chars().next().unwrap();
                if c.is_whitespace() {
                    pos += c.len_utf8();
                } else {
                    return pos;
                }
            } else {
                return pos;
            }
        }
    }

    /// The identifier-like word at `pos`, if any.
    fn word_at(&self, pos: usize) -> &'s str {
        let rest = &self.src[pos..];
        let len = rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$')).unwrap_or(rest.len());
        &rest[..len]
    }

    /// Blanks TypeScript modifiers (`public`, `readonly`, `abstract`, ...) between `from` and `to`.
    fn blank_modifiers(&mut self, from: u32, to: u32) {
        let mut pos = from as usize;
        while pos < to as usize {
            pos = self.skip_trivia(pos);
            if pos >= to as usize {
                break;
            }
            let w = self.word_at(pos);
            if w.is_empty() {
                if self.src[pos..].starts_with('*') {
                    pos += 1;
                    continue;
                }
                break;
            }
            if matches!(w, "public" | "private" | "protected" | "readonly" | "override" | "declare" | "abstract") {
                self.blank(pos as u32, (pos + w.len()) as u32);
            }
            pos += w.len();
        }
    }

    /// Blanks a `?` or `!` following `pos` (after a key or binding), past a computed key's `]`.
    fn blank_mark_after(&mut self, pos: u32, computed: bool) {
        let mut p = self.skip_trivia(pos as usize);
        if computed && self.src[p..].starts_with(']') {
            p = self.skip_trivia(p + 1);
        }
        if self.src[p..].starts_with('?') || self.src[p..].starts_with('!') {
            self.blank(p as u32, p as u32 + 1);
        }
    }

    fn member_head(decorators: &[Decorator], span: Span) -> u32 {
        decorators.iter().map(|d| d.span.end).max().unwrap_or(span.start)
    }

    fn render(&self) -> String {
        let mut marks = vec![false; self.src.len()];
        for &(s, e) in &self.blanks {
            for m in &mut marks[s as usize..(e as usize).min(self.src.len())] {
                *m = true;
            }
        }
        let mut out = String::with_capacity(self.src.len());
        for (i, c) in self.src.char_indices() {
            if !marks[i] || is_line_terminator(c) {
                out.push(c);
            } else if let Some(&p) = self.puts.get(&(i as u32)) {
                out.push(p);
                for _ in 1..c.len_utf16() {
                    out.push(' ');
                }
            } else {
                for _ in 0..c.len_utf16() {
                    out.push(' ');
                }
            }
        }
        out
    }
}

impl<'a> Visit<'a> for Stripper<'_> {
    fn visit_statement(&mut self, it: &Statement<'a>) {
        if statement_is_type_only(it) {
            self.blank_statement(it.span());
            return;
        }
        match it {
            Statement::ExportDeclaration(e) => {
                if let Some(err) = unsupported_decl(&e.declaration, e.span, self.src) {
                    return self.fail(err);
                }
            }
            Statement::TSExportAssignment(e) => {
                return self.fail(unsupported(e.span, "TypeScript export assignment is not supported in strip-only mode"));
            }
            _ => {
                if let Some(d) = it.as_declaration() {
                    if let Some(err) = unsupported_decl(d, d.span(), self.src) {
                        return self.fail(err);
                    }
                }
            }
        }
        walk::walk_statement(self, it);
    }

    fn visit_import_specifier(&mut self, it: &ImportSpecifier<'a>) {
        if it.import_kind.is_type() {
            self.blank_with_comma(it.span);
        }
    }

    fn visit_export_named_declaration(&mut self, it: &ExportNamedDeclaration<'a>) {
        for s in &it.specifiers {
            if s.export_kind.is_type() {
                self.blank_with_comma(s.span);
            }
        }
    }

    fn visit_export_from_declaration(&mut self, it: &ExportFromDeclaration<'a>) {
        for s in &it.specifiers {
            if s.export_kind.is_type() {
                self.blank_with_comma(s.span);
            }
        }
    }

    fn visit_ts_type_annotation(&mut self, it: &TSTypeAnnotation<'a>) {
        self.blank_span(it.span);
    }

    fn visit_ts_type_parameter_declaration(&mut self, it: &TSTypeParameterDeclaration<'a>) {
        self.blank_span(it.span);
    }

    fn visit_ts_type_parameter_instantiation(&mut self, it: &TSTypeParameterInstantiation<'a>) {
        self.blank_span(it.span);
    }

    fn visit_ts_this_parameter(&mut self, it: &TSThisParameter<'a>) {
        self.blank_with_comma(it.span);
    }

    fn visit_ts_as_expression(&mut self, it: &TSAsExpression<'a>) {
        self.blank(it.expression.span().end, it.span.end);
        self.visit_expression(&it.expression);
    }

    fn visit_ts_satisfies_expression(&mut self, it: &TSSatisfiesExpression<'a>) {
        self.blank(it.expression.span().end, it.span.end);
        self.visit_expression(&it.expression);
    }

    fn visit_ts_non_null_expression(&mut self, it: &TSNonNullExpression<'a>) {
        let end = it.span.end;
        if end > 0 && self.src.as_bytes()[end as usize - 1] == b'!' {
            self.blank(end - 1, end);
        }
        self.visit_expression(&it.expression);
    }

    fn visit_ts_type_assertion(&mut self, it: &TSTypeAssertion<'a>) {
        self.fail(unsupported(
            it.span,
            "The angle-bracket syntax for type assertions, `<T>expr`, is not supported in type strip mode. Instead, use the 'as' syntax: `expr as T`.",
        ));
    }

    fn visit_formal_parameter(&mut self, it: &FormalParameter<'a>) {
        if it.accessibility.is_some() || it.readonly || it.r#override {
            let span = Span::new(it.pattern.span().start, it.span.end);
            return self.fail(unsupported(span, "TypeScript parameter property is not supported in strip-only mode"));
        }
        if it.optional {
            self.blank_mark_after(it.pattern.span().end, false);
        }
        walk::walk_formal_parameter(self, it);
    }

    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        if it.definite {
            self.blank_mark_after(it.id.span().end, false);
        }
        walk::walk_variable_declarator(self, it);
    }

    fn visit_arrow_function_expression(&mut self, it: &ArrowFunctionExpression<'a>) {
        if let Some(rt) = &it.return_type {
            // `(a): \n T => a` would leave a line break before `=>`: move the `)`
            // to the end of the blanked return type.
            let close = it.params.span.end.saturating_sub(1);
            if self.src.as_bytes().get(close as usize) == Some(&b')')
                && self.src[close as usize..rt.span.end as usize].contains('\n')
            {
                self.blank(close, close + 1);
                self.puts.insert(rt.span.end - 1, ')');
            }
        }
        walk::walk_arrow_function_expression(self, it);
    }

    fn visit_class(&mut self, it: &Class<'a>) {
        if it.r#abstract {
            let to = it.id.as_ref().map_or(it.body.span.start, |id| id.span.start);
            self.blank_modifiers(Self::member_head(&it.decorators, it.span), to);
        }
        if let (Some(first), Some(last)) = (it.implements.first(), it.implements.last()) {
            let head = &self.src[..first.span.start as usize];
            if let Some(k) = head.rfind("implements") {
                self.blank(k as u32, last.span.end);
            }
        }
        walk::walk_class(self, it);
    }

    fn visit_class_element(&mut self, it: &ClassElement<'a>) {
        match it {
            ClassElement::TSIndexSignature(s) => return self.blank_statement(s.span),
            ClassElement::PropertyDefinition(p) => {
                if p.declare || p.r#type == PropertyDefinitionType::TSAbstractPropertyDefinition {
                    return self.blank_statement(p.span);
                }
                self.blank_modifiers(Self::member_head(&p.decorators, p.span), p.key.span().start);
                if p.optional || p.definite {
                    self.blank_mark_after(p.key.span().end, p.computed);
                }
            }
            ClassElement::MethodDefinition(m) => {
                if m.r#type == MethodDefinitionType::TSAbstractMethodDefinition || m.value.body.is_none() {
                    return self.blank_statement(m.span);
                }
                self.blank_modifiers(Self::member_head(&m.decorators, m.span), m.key.span().start);
                if m.optional {
                    self.blank_mark_after(m.key.span().end, m.computed);
                }
            }
            ClassElement::AccessorProperty(a) => {
                if a.r#type == AccessorPropertyType::TSAbstractAccessorProperty {
                    return self.blank_statement(a.span);
                }
                self.blank_modifiers(Self::member_head(&a.decorators, a.span), a.key.span().start);
                if a.definite {
                    self.blank_mark_after(a.key.span().end, a.computed);
                }
            }
            ClassElement::StaticBlock(_) => {}
        }
        walk::walk_class_element(self, it);
    }
}

impl Stripper<'_> {
    /// Blanks a list item and the comma after it.
    fn blank_with_comma(&mut self, span: Span) {
        let p = self.skip_trivia(span.end as usize);
        let end = if self.src[p..].starts_with(',') { p as u32 + 1 } else { span.end };
        self.blank(span.start, end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strip(src: &str) -> String {
        strip_types(src, ModuleKind::Unknown).unwrap()
    }

    fn err(src: &str) -> StripError {
        strip_types(src, ModuleKind::Unknown).unwrap_err()
    }

    #[test]
    fn annotations_become_spaces() {
        assert_eq!(strip("let x: number = 1;"), "let x         = 1;");
        assert_eq!(strip("function f(a: string, b?: number): void {}"), "function f(a        , b         )       {}");
        assert_eq!(strip("const f = <T,>(x: T): T => x;"), "const f =     (x   )    => x;");
    }

    #[test]
    fn declarations_vanish_keeping_lines() {
        let src = "interface A {\n  x: number;\n}\ntype B = string;\nconsole.log(1);\n";
        let out = strip(src);
        assert_eq!(out.lines().count(), src.lines().count());
        assert_eq!(out.lines().nth(4), Some("console.log(1);"));
        assert!(out.lines().take(4).all(|l| l.trim().is_empty()));
    }

    #[test]
    fn expressions() {
        assert_eq!(strip("a as any;"), "a       ;");
        assert_eq!(strip("a satisfies T;"), "a            ;");
        assert_eq!(strip("a!.b;"), "a .b;");
        assert_eq!(strip("f<string>(1);"), "f        (1);");
    }

    #[test]
    fn imports_and_exports() {
        assert_eq!(strip("import type { A } from 'a';"), " ".repeat(27));
        assert_eq!(strip("import { type A, b } from 'a';"), "import {         b } from 'a';");
        assert_eq!(strip("export type { A };"), " ".repeat(18));
        assert_eq!(strip("export { type A, b };"), "export {         b };");
    }

    #[test]
    fn classes() {
        let out = strip("abstract class A<T> extends B<T> implements C, D { private readonly x?: number = 1; z2 = 2; y!: number; declare z: string; abstract m(): void; constructor(); constructor(a?) {} public get v(): number { return 1 } }");
        assert_eq!(
            out,
            "         class A    extends B                    {                  x          = 1; z2 = 2; y         ;                                                       constructor(a ) {}        get v()         { return 1 } }"
        );
        assert_eq!(strip("abstract class Q {}"), "         class Q {}");
        assert_eq!(strip("class P { [key: string]: any; m(this: P, a: number) {} }"), "class P {                     m(         a        ) {} }");
    }

    #[test]
    fn asi_hazards() {
        // The removed statement's first byte becomes `;` when the code before needs it.
        // (The alias ends at the `;` of the next line, which goes with it.)
        assert_eq!(strip("let a = 1\ntype T = 1\n;[1].map(f)"), "let a = 1\n;         \n [1].map(f)");
        assert_eq!(strip("let a = 1\ninterface I {}\n[1].map(f)"), "let a = 1\n;             \n[1].map(f)");
        assert_eq!(strip("class A { x = 1\n declare y: number\n [k] = 2 }"), "class A { x = 1\n ;                \n [k] = 2 }");
        let arrow = strip("const f = (a):\n  number => a;");
        assert_eq!(arrow, "const f = (a  \n       ) => a;");
    }

    #[test]
    fn overloads_and_declare() {
        assert_eq!(strip("function f(a: string): void;\nfunction f(a) {}"), format!("{}\nfunction f(a) {{}}", " ".repeat(28)));
        assert_eq!(strip("declare const x: number;"), " ".repeat(24));
        assert_eq!(strip("declare module 'm' { }"), " ".repeat(22));
        assert_eq!(strip("namespace N { export type X = 1 }"), " ".repeat(33));
        assert_eq!(strip("let x!: number;"), "let x         ;");
    }

    #[test]
    fn unsupported_syntax() {
        let e = err("enum E { A }\nconsole.log(E);\n");
        assert_eq!(e.kind, StripErrorKind::Unsupported);
        assert_eq!(e.message, "TypeScript enum is not supported in strip-only mode");
        assert_eq!(e.snippet("enum E { A }\nconsole.log(E);\n"), "enum E { A }\n^^^^^^^^^^^^\nconsole.log(E);\n");
        let src = "class A { constructor(public x: number) {} }";
        let e = err(src);
        assert_eq!(e.message, "TypeScript parameter property is not supported in strip-only mode");
        assert_eq!(e.snippet(src), format!("{src}\n{}^^^^^^^^^\n", " ".repeat(29)));
        assert_eq!(err("namespace N { export const x = 1 }").message, "TypeScript namespace declaration is not supported in strip-only mode");
        assert_eq!(err("import fs = require('fs');").message, "TypeScript import equals declaration is not supported in strip-only mode");
        assert_eq!(err("export = 1;").message, "TypeScript export assignment is not supported in strip-only mode");
        assert!(err("let x = <any>y;").message.starts_with("The angle-bracket syntax"));
        assert_eq!(strip("import type A = require('a');"), " ".repeat(29));
    }

    #[test]
    fn multi_line_snippet() {
        let src = "const a = 1;\nconst b = 2;\nenum E {\n  A,\n  B\n}\nconsole.log(E);\nlet z = 3;\n";
        let e = err(src);
        assert_eq!(e.line(src), 3);
        assert_eq!(e.snippet(src), "    const b = 2;\n  > enum E {\n      A,\n      B\n  > }\n    console.log(E);\n");
    }

    #[test]
    fn invalid_syntax() {
        let e = err("let x = ;");
        assert_eq!(e.kind, StripErrorKind::Invalid);
        assert_eq!(e.start, 8);
    }

    #[test]
    fn columns_kept_for_non_ascii() {
        let out = strip("let s: 'é😀' = 'é😀';");
        assert_eq!(out.encode_utf16().count(), "let s: 'é😀' = 'é😀';".encode_utf16().count());
        assert!(out.ends_with("= 'é😀';"));
    }
}
