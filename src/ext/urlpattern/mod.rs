//! `urlpattern` ops: the WHATWG URLPattern standard (the `urlpattern` crate),
//! behind `internal/url_pattern`'s `URLPattern` class.
//!
//! Parsing and the canonicalization of match inputs happen here; the pattern's
//! regular expressions are compiled and run by V8 in JS (ECMAScript syntax,
//! the `v` flag), as browsers and Node do.

use deno_core::{op2, OpDecl};
use urlpattern::quirks::{self, MatchInput, StringOrInit, UrlPattern};
use urlpattern::{RegexSyntax, UrlPatternOptions};

/// The urlpattern subsystem's ops.
pub fn ops() -> Vec<OpDecl> {
    vec![op_urlpattern_parse(), op_urlpattern_process_match_input()]
}

/// Parses a pattern (a constructor string or a `URLPatternInit`) into its eight
/// components: pattern string, ECMAScript regexp source and group names each.
/// `None` when the pattern is invalid (Node reports no detail).
#[op2]
#[serde]
fn op_urlpattern_parse(
    #[serde] input: StringOrInit,
    #[string] base_url: Option<String>,
    ignore_case: bool,
) -> Option<UrlPattern> {
    let init = quirks::process_construct_pattern_input(input, base_url.as_deref()).ok()?;
    let options = UrlPatternOptions { regex_syntax: RegexSyntax::EcmaScript, ignore_case };
    quirks::parse_pattern::<quirks::EcmaRegexp>(init, options).ok()
}

/// Canonicalizes a match input (a URL string with an optional base, or a
/// `URLPatternInit`) into the eight component values. `None` when the input
/// is not a URL (no match); an error only for an init with a base URL.
#[op2]
#[serde]
fn op_urlpattern_process_match_input(
    #[serde] input: StringOrInit,
    #[string] base_url: Option<String>,
) -> Result<Option<MatchInput>, deno_error::JsErrorBox> {
    let processed = quirks::process_match_input(input, base_url.as_deref())
        .map_err(|e| deno_error::JsErrorBox::type_error(e.to_string()))?;
    Ok(processed.and_then(|(input, _)| quirks::parse_match_input(input)))
}
