//! Parsing one file with oxc and finding the shapes of `compat/patterns.yaml`,
//! built-in module uses and free global names. Nothing here knows the target
//! line: [`scan_source`] returns every [`Use`]; `report` decides which matter.
//!
//! Names are resolved file-wide, without scopes: `const u = require('util')`
//! (or `import u from 'node:util'`, `const { isBoolean } = require('util')`,
//! `const { types } = require('util'); const t = types`) binds `u` for the whole
//! file. A free identifier (declared nowhere in the file) is a global. That is
//! the usual trade of a linter without a type checker: a parameter named like a
//! module binding elsewhere in the file can give a false positive.

use super::patterns::{builtin_id, Path, Pattern, Root, Shape, Syntax};
use oxc_allocator::Allocator;
use oxc_ast::ast::*;
use oxc_ast_visit::{walk, Visit};
use oxc_parser::Parser;
use oxc_span::{GetSpan, SourceType};
use std::collections::{BTreeSet, HashMap, HashSet};

/// Something the scanner saw, at a byte offset of the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Use {
    /// A shape of `patterns[pattern]` matched; `what` says how (`call util.isBoolean`).
    Pattern { pattern: usize, offset: u32, what: String },
    /// A built-in module was required or imported (id as the lines list it).
    Module { id: String, offset: u32 },
    /// A free identifier that is a global on some shipped line.
    Global { name: String, offset: u32 },
}

impl Use {
    /// Where it is.
    pub fn offset(&self) -> u32 {
        match self {
            Use::Pattern { offset, .. } | Use::Module { offset, .. } | Use::Global { offset, .. } => *offset,
        }
    }
}

/// What the scanner needs besides the source.
pub struct Context<'p> {
    /// Checked patterns.
    pub patterns: &'p [Pattern],
    /// Built-in module ids of all lines.
    pub modules: &'p BTreeSet<String>,
    /// Globals of all lines.
    pub globals: &'p BTreeSet<String>,
}

/// A file that could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// Byte offset of the first error, when oxc gives one.
    pub offset: u32,
    /// oxc's message.
    pub message: String,
}

/// The source type for a file name: `.cjs` is CommonJS, `.mjs` a module, and
/// `.js` / no known extension is decided by the file's own syntax.
pub fn source_type(file: &str) -> SourceType {
    let ext = std::path::Path::new(file).extension().and_then(|e| e.to_str()).unwrap_or("");
    match SourceType::from_extension(ext) {
        Ok(t) if matches!(ext, "js" | "jsx") => t.with_unambiguous(true),
        Ok(t) => t,
        Err(_) => SourceType::unambiguous(),
    }
}

/// Scans `source` (named `file`, for its source type) for uses.
pub fn scan_source(file: &str, source: &str, cx: &Context) -> Result<Vec<Use>, ParseError> {
    let allocator = Allocator::default();
    let mut ret = Parser::new(&allocator, source, source_type(file)).parse();
    if ret.panicked || ret.diagnostics.has_errors() {
        // A script with a top-level `return` or sloppy-mode syntax: retry as CommonJS.
        let retry = Parser::new(&allocator, source, source_type(file).with_commonjs(true)).parse();
        if !(retry.panicked || retry.diagnostics.has_errors()) {
            ret = retry;
        }
    }
    if ret.panicked || ret.diagnostics.has_errors() {
        let first = ret.diagnostics.errors().next();
        return Err(ParseError {
            offset: first.and_then(|d| d.labels.first().map(|l| l.offset())).unwrap_or(0),
            message: first.map(|d| d.to_string()).unwrap_or_else(|| "cannot parse".into()),
        });
    }
    let program = &ret.program;

    let mut declared = Declared::default();
    declared.visit_program(program);
    let mut binder = Binder {
        names: Names { bindings: HashMap::new(), declared: declared.0, modules: cx.modules },
        sites: Vec::new(),
    };
    binder.visit_program(program);
    let Binder { names, sites } = binder;

    let mut finder = Finder { names, cx, uses: Vec::new(), typeof_operands: HashSet::new() };
    for (offset, path) in &sites {
        finder.member(path, *offset);
    }
    finder.visit_program(program);
    let mut uses = finder.uses;
    uses.sort_by_key(Use::offset);
    Ok(uses)
}

/// Every name declared anywhere in the file.
#[derive(Default)]
struct Declared(HashSet<String>);

impl<'a> Visit<'a> for Declared {
    fn visit_binding_identifier(&mut self, it: &BindingIdentifier<'a>) {
        self.0.insert(it.name.as_str().to_string());
    }
}

/// Name resolution, file-wide.
struct Names<'p> {
    bindings: HashMap<String, Path>,
    declared: HashSet<String>,
    modules: &'p BTreeSet<String>,
}

fn string_of<'e>(e: &'e Expression) -> Option<&'e str> {
    match e.get_inner_expression() {
        Expression::StringLiteral(s) => Some(s.value.as_str()),
        Expression::TemplateLiteral(t) if t.expressions.is_empty() && t.quasis.len() == 1 => {
            t.quasis[0].value.cooked.as_ref().map(|c| c.as_str())
        }
        _ => None,
    }
}

impl Names<'_> {
    /// `require('x')` with a literal built-in id: the id and the literal's offset.
    fn require_of(&self, call: &CallExpression) -> Option<(String, u32)> {
        let Expression::Identifier(callee) = call.callee.get_inner_expression() else { return None };
        if callee.name.as_str() != "require" || self.declared.contains("require") || call.arguments.len() != 1 {
            return None;
        }
        let arg = call.arguments[0].as_expression()?;
        Some((builtin_id(string_of(arg)?, self.modules)?, arg.span().start))
    }

    fn resolve(&self, e: &Expression) -> Option<Path> {
        match e.get_inner_expression() {
            Expression::Identifier(id) => self.identifier(id.name.as_str()),
            Expression::StaticMemberExpression(m) => self.resolve_static(m),
            Expression::ComputedMemberExpression(m) => self.resolve_computed(m),
            Expression::CallExpression(c) => self.require_of(c).map(|(id, _)| Path::module(&id)),
            Expression::AwaitExpression(a) => match a.argument.get_inner_expression() {
                Expression::ImportExpression(i) => {
                    string_of(&i.source).and_then(|s| builtin_id(s, self.modules)).map(|id| Path::module(&id))
                }
                _ => None,
            },
            Expression::ChainExpression(c) => match &c.expression {
                ChainElement::StaticMemberExpression(m) => self.resolve_static(m),
                ChainElement::ComputedMemberExpression(m) => self.resolve_computed(m),
                _ => None,
            },
            _ => None,
        }
    }

    fn identifier(&self, name: &str) -> Option<Path> {
        if let Some(p) = self.bindings.get(name) {
            return Some(p.clone());
        }
        (!self.declared.contains(name)).then(|| Path { root: Root::Global(name.to_string()), props: vec![] })
    }

    fn resolve_static(&self, m: &StaticMemberExpression) -> Option<Path> {
        Some(self.resolve(&m.object)?.push(m.property.name.as_str()))
    }

    fn resolve_computed(&self, m: &ComputedMemberExpression) -> Option<Path> {
        Some(self.resolve(&m.object)?.push(string_of(&m.expression)?))
    }
}

/// Binds names to module paths, in source order, and records destructuring
/// and named-import sites (`{ isBoolean }` of `util`).
struct Binder<'p> {
    names: Names<'p>,
    sites: Vec<(u32, Path)>,
}

impl Binder<'_> {
    fn bind(&mut self, pattern: &BindingPattern, path: Path) {
        match pattern {
            BindingPattern::BindingIdentifier(id) => {
                self.names.bindings.insert(id.name.as_str().to_string(), path);
            }
            BindingPattern::ObjectPattern(obj) => {
                for prop in &obj.properties {
                    if let Some(key) = prop.key.static_name() {
                        let sub = path.clone().push(&key);
                        self.sites.push((prop.key.span().start, sub.clone()));
                        self.bind(&prop.value, sub);
                    }
                }
            }
            BindingPattern::AssignmentPattern(a) => self.bind(&a.left, path),
            BindingPattern::ArrayPattern(_) => {}
        }
    }
}

impl<'a> Visit<'a> for Binder<'_> {
    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        if let Some(path) = it.init.as_ref().and_then(|init| self.names.resolve(init)) {
            self.bind(&it.id, path);
        }
        walk::walk_variable_declarator(self, it);
    }

    fn visit_import_declaration(&mut self, it: &ImportDeclaration<'a>) {
        let Some(id) = builtin_id(it.source.value.as_str(), self.names.modules) else { return };
        let module = Path::module(&id);
        for spec in it.specifiers.iter().flatten() {
            match spec {
                ImportDeclarationSpecifier::ImportDefaultSpecifier(s) => {
                    self.names.bindings.insert(s.local.name.as_str().to_string(), module.clone());
                }
                ImportDeclarationSpecifier::ImportNamespaceSpecifier(s) => {
                    self.names.bindings.insert(s.local.name.as_str().to_string(), module.clone());
                }
                ImportDeclarationSpecifier::ImportSpecifier(s) => {
                    let name = s.imported.name();
                    let sub = if name == "default" { module.clone() } else { module.clone().push(name.as_str()) };
                    self.sites.push((s.imported.span().start, sub.clone()));
                    self.names.bindings.insert(s.local.name.as_str().to_string(), sub);
                }
            }
        }
    }
}

/// Matches shapes against the AST.
struct Finder<'p, 'c> {
    names: Names<'p>,
    cx: &'c Context<'p>,
    uses: Vec<Use>,
    /// Offsets of identifiers under `typeof`: feature tests, not uses.
    typeof_operands: HashSet<u32>,
}

fn has_option(args: &[Argument], key: &str) -> bool {
    args.iter().any(|a| match a.as_expression().map(Expression::get_inner_expression) {
        Some(Expression::ObjectExpression(o)) => o.properties.iter().any(|p| match p {
            ObjectPropertyKind::ObjectProperty(p) => p.key.static_name().is_some_and(|k| k == key),
            ObjectPropertyKind::SpreadProperty(_) => false,
        }),
        _ => false,
    })
}

impl Finder<'_, '_> {
    fn hit(&mut self, pattern: usize, offset: u32, what: String) {
        self.uses.push(Use::Pattern { pattern, offset, what });
    }

    fn each(&mut self, mut f: impl FnMut(&Shape) -> Option<(u32, String)>) {
        let mut hits = Vec::new();
        for (i, p) in self.cx.patterns.iter().enumerate() {
            for s in &p.shapes {
                if let Some((offset, what)) = f(s) {
                    hits.push((i, offset, what));
                }
            }
        }
        for (i, offset, what) in hits {
            self.hit(i, offset, what);
        }
    }

    fn member(&mut self, path: &Path, offset: u32) {
        self.each(|s| matches!(s, Shape::Member(p) if p == path).then(|| (offset, format!("member {path}"))));
    }

    fn module(&mut self, id: &str, offset: u32) {
        self.uses.push(Use::Module { id: id.to_string(), offset });
        self.each(|s| matches!(s, Shape::Require(m) if m == id).then(|| (offset, format!("require {id}"))));
    }

    /// `call` / `new` shapes for a callee and its arguments.
    fn invoked(&mut self, callee: &Expression, args: &[Argument], start: u32, is_new: bool) {
        let Some(path) = self.names.resolve(callee) else { return };
        let verb = if is_new { "new" } else { "call" };
        self.each(|s| match s {
            Shape::Call(p, opt) | Shape::New(p, opt)
                if matches!(s, Shape::New(..)) == is_new
                    && *p == path
                    && opt.as_deref().is_none_or(|k| has_option(args, k)) =>
            {
                Some((start, format!("{verb} {path}")))
            }
            _ => None,
        });
    }

    fn source(&mut self, source: &StringLiteral, with: Option<&WithClause>) {
        if let Some(id) = builtin_id(source.value.as_str(), self.cx.modules) {
            self.module(&id, source.span.start);
        }
        if let Some(w) = with {
            let syntax = match w.keyword {
                WithClauseKeyword::Assert => Syntax::ImportAssert,
                WithClauseKeyword::With => Syntax::ImportWith,
            };
            let offset = w.span.start;
            self.each(|s| matches!(s, Shape::Syntax(x) if *x == syntax).then(|| (offset, format!("syntax {syntax:?}"))));
        }
    }
}

impl<'a> Visit<'a> for Finder<'_, '_> {
    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        if let Some((id, offset)) = self.names.require_of(it) {
            self.module(&id, offset);
        }
        self.invoked(&it.callee, &it.arguments, it.span.start, false);
        if let Expression::StaticMemberExpression(m) = it.callee.get_inner_expression() {
            let (name, offset) = (m.property.name.as_str(), m.property.span.start);
            self.each(|s| matches!(s, Shape::Method(n) if n == name).then(|| (offset, format!("method {name}"))));
        }
        walk::walk_call_expression(self, it);
    }

    fn visit_new_expression(&mut self, it: &NewExpression<'a>) {
        self.invoked(&it.callee, &it.arguments, it.span.start, true);
        walk::walk_new_expression(self, it);
    }

    fn visit_static_member_expression(&mut self, it: &StaticMemberExpression<'a>) {
        if let Some(path) = self.names.resolve_static(it) {
            self.member(&path, it.span.start);
        }
        let (name, offset) = (it.property.name.as_str(), it.property.span.start);
        self.each(|s| matches!(s, Shape::Property(n) if n == name).then(|| (offset, format!("property {name}"))));
        walk::walk_static_member_expression(self, it);
    }

    fn visit_computed_member_expression(&mut self, it: &ComputedMemberExpression<'a>) {
        if let Some(path) = self.names.resolve_computed(it) {
            self.member(&path, it.span.start);
        }
        walk::walk_computed_member_expression(self, it);
    }

    fn visit_unary_expression(&mut self, it: &UnaryExpression<'a>) {
        if it.operator == UnaryOperator::Typeof {
            if let Expression::Identifier(id) = it.argument.get_inner_expression() {
                self.typeof_operands.insert(id.span.start);
            }
        }
        walk::walk_unary_expression(self, it);
    }

    fn visit_identifier_reference(&mut self, it: &IdentifierReference<'a>) {
        let name = it.name.as_str();
        if self.names.bindings.contains_key(name)
            || self.names.declared.contains(name)
            || self.typeof_operands.contains(&it.span.start)
        {
            return;
        }
        let offset = it.span.start;
        if self.cx.globals.contains(name) {
            self.uses.push(Use::Global { name: name.to_string(), offset });
        }
        self.each(|s| matches!(s, Shape::Global(g) if g == name).then(|| (offset, format!("global {name}"))));
    }

    fn visit_import_declaration(&mut self, it: &ImportDeclaration<'a>) {
        self.source(&it.source, it.with_clause.as_deref());
        walk::walk_import_declaration(self, it);
    }

    fn visit_export_all_declaration(&mut self, it: &ExportAllDeclaration<'a>) {
        self.source(&it.source, it.with_clause.as_deref());
        walk::walk_export_all_declaration(self, it);
    }

    fn visit_export_from_declaration(&mut self, it: &ExportFromDeclaration<'a>) {
        self.source(&it.source, it.with_clause.as_deref());
        walk::walk_export_from_declaration(self, it);
    }

    fn visit_import_expression(&mut self, it: &ImportExpression<'a>) {
        if let Some(id) = string_of(&it.source).and_then(|s| builtin_id(s, self.cx.modules)) {
            self.module(&id, it.source.span().start);
        }
        walk::walk_import_expression(self, it);
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(source: &str, offset: u32) -> (usize, usize) {
    let offset = (offset as usize).min(source.len());
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    (line, before[start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::super::patterns::{known_modules, load};
    use super::*;

    const PATTERNS: &str = r#"
patterns:
  - dep: DEP0005
    match: [{call: Buffer}, {new: Buffer}]
  - dep: DEP0040
    match: [{require: punycode}]
  - dep: DEP0045
    match: [{member: util.isBoolean}]
  - dep: DEP0064
    match: [{member: tls.createSecurePair}]
  - dep: DEP0147
    match: [{call: fs.rmdir, option: recursive}, {call: fs/promises.rmdir, option: recursive}]
  - dep: DEP0063
    match: [{method: writeHeader}]
  - api: Promise.try
    match: [{member: Promise.try}]
  - switch: import_attributes_keyword
    when: ["with"]
    match: [{syntax: import-assert}]
  - switch: web_storage
    when: ["flag"]
    match: [{global: localStorage}]
"#;

    /// Scans `src` as `file` with the test patterns; returns `line:col key what`.
    fn scan(file: &str, src: &str) -> Vec<String> {
        let catalog = nodus_compat::catalog();
        let mut file_text: super::super::patterns::PatternFile = serde_yaml::from_str(PATTERNS).unwrap();
        // The test set covers a few codes only: mark the rest unscannable.
        let keyed: BTreeSet<String> = file_text.patterns.iter().map(|p| p.key().to_string()).collect();
        for d in catalog.deprecations() {
            if !keyed.contains(&d.code) {
                file_text.unscannable.push(super::super::patterns::Unscannable { dep: d.code.clone(), reason: "test".into() });
            }
        }
        let patterns = super::super::patterns::validate(&file_text, catalog).unwrap();
        let _ = load; // the real file is checked in patterns::tests
        let modules = known_modules(catalog);
        let globals: BTreeSet<String> = catalog.lines().iter().flat_map(|l| l.data.globals.iter().cloned()).collect();
        let cx = Context { patterns: &patterns, modules: &modules, globals: &globals };
        scan_source(file, src, &cx)
            .unwrap()
            .into_iter()
            .map(|u| {
                let (l, c) = line_col(src, u.offset());
                match u {
                    Use::Pattern { pattern, what, .. } => format!("{l}:{c} {} {what}", patterns[pattern].entry.key()),
                    Use::Module { id, .. } => format!("{l}:{c} module {id}"),
                    Use::Global { name, .. } => format!("{l}:{c} global {name}"),
                }
            })
            .filter(|s| !s.ends_with("global Buffer") && !s.ends_with("global Promise") && !s.ends_with("global process"))
            .collect()
    }

    #[test]
    fn buffer_constructor_called_or_newed() {
        assert_eq!(
            scan("a.js", "new Buffer(1);\nBuffer(2);\nBuffer.from('x');\nconst { Buffer: B } = require('buffer');\nnew B(3);"),
            ["1:1 DEP0005 new Buffer", "2:1 DEP0005 call Buffer", "4:31 module buffer", "5:1 DEP0005 new Buffer"]
        );
    }

    #[test]
    fn module_bindings_are_tracked() {
        let src = "const u = require('util');\nu.isBoolean(1);\nconst { isBoolean, inspect } = require('node:util');\nimport * as nu from 'node:util';\nnu['isBoolean'](2);\nconst t = require('tls').createSecurePair;";
        assert_eq!(
            scan("a.mjs", src),
            [
                "1:19 module util",
                "2:1 DEP0045 member util.isBoolean",
                "3:9 DEP0045 member util.isBoolean",
                "3:40 module util",
                "4:21 module util",
                "5:1 DEP0045 member util.isBoolean",
                "6:11 DEP0064 member tls.createSecurePair",
                "6:19 module tls"
            ]
        );
    }

    #[test]
    fn named_imports_and_require_forms() {
        let src = "import { isBoolean as b } from 'util';\nimport p from 'punycode';\nconst q = await import('node:punycode');\nb(1);";
        assert_eq!(
            scan("a.mjs", src),
            [
                "1:10 DEP0045 member util.isBoolean",
                "1:32 module util",
                "2:15 module punycode",
                "2:15 DEP0040 require punycode",
                "3:24 module punycode",
                "3:24 DEP0040 require punycode"
            ]
        );
    }

    #[test]
    fn local_names_are_not_modules() {
        // `util` is a parameter, never bound to the module: no finding.
        assert!(scan("a.js", "function f(util) { return util.isBoolean(1); }").is_empty());
        // A shadowing declaration of `Buffer` hides the global.
        assert!(scan("a.js", "class Buffer {}\nnew Buffer(1);").is_empty());
    }

    #[test]
    fn options_methods_and_syntax() {
        let src = "const fs = require('fs');\nfs.rmdir('d', { recursive: true }, () => {});\nfs.rmdir('d', () => {});\nfs.promises.rmdir('d', { recursive: true });\nres.writeHeader(200);\nimport j from './x.json' assert { type: 'json' };";
        assert_eq!(
            scan("a.mjs", src),
            [
                "1:20 module fs",
                "2:1 DEP0147 call fs.rmdir",
                "4:1 DEP0147 call fs/promises.rmdir",
                "5:5 DEP0063 method writeHeader",
                "6:33 import_attributes_keyword syntax ImportAssert"
            ]
        );
    }

    #[test]
    fn globals_are_free_identifiers_outside_typeof() {
        let src = "if (typeof navigator !== 'undefined') {}\nnavigator.language;\nlocalStorage.getItem('k');\nPromise.try(() => 1);\nfunction g(WebSocket) { return new WebSocket('x'); }";
        assert_eq!(
            scan("a.js", src),
            ["2:1 global navigator", "3:1 global localStorage", "3:1 web_storage global localStorage", "4:1 Promise.try member Promise.try"]
        );
    }

    #[test]
    fn scripts_with_top_level_return_parse() {
        assert_eq!(scan("a.js", "if (1) return;\nrequire('punycode');"), ["2:9 module punycode", "2:9 DEP0040 require punycode"]);
    }

    #[test]
    fn line_col_counts_characters() {
        assert_eq!(line_col("ab\ncé d", 7), (2, 4));
        assert_eq!(line_col("x", 0), (1, 1));
    }
}
