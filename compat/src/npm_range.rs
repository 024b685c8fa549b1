//! npm-compatible version ranges (`>=18 <21`, `^20 || ^22`, `20.x`, `1.2 - 2`).
//!
//! `semver::VersionReq` follows Cargo's grammar: no `||`, comma-separated
//! comparators, and a different meaning for bare versions and prereleases. npm's
//! grammar is small, so it is desugared here into primitive comparators the way
//! node-semver does, and `semver::Version` does the ordering.

use semver::{Prerelease, Version};
use std::fmt;

/// A parsed npm range: alternatives joined by `||`, each a conjunction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NpmRange {
    source: String,
    sets: Vec<Vec<Comparator>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Comparator {
    op: Op,
    version: Version,
}

/// Why a string is not an npm range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RangeError(pub String);

impl fmt::Display for RangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A version with possibly missing parts, as written in a range (`20`, `1.x`).
#[derive(Debug, Clone, Copy)]
struct Partial {
    major: Option<u64>,
    minor: Option<u64>,
    patch: Option<u64>,
}

impl NpmRange {
    /// Parses a range the way npm reads `engines.node`.
    pub fn parse(input: &str) -> Result<Self, RangeError> {
        let mut sets = Vec::new();
        for alternative in input.split("||") {
            sets.push(parse_set(alternative)?);
        }
        Ok(NpmRange { source: input.trim().to_string(), sets })
    }

    /// Whether `version` satisfies the range, with npm's prerelease rule: a
    /// prerelease only matches a set that names a prerelease of the same
    /// `major.minor.patch`.
    pub fn satisfies(&self, version: &Version) -> bool {
        self.sets.iter().any(|set| set_matches(set, version))
    }

    /// The range as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }
}

impl fmt::Display for NpmRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

fn set_matches(set: &[Comparator], version: &Version) -> bool {
    if !set.iter().all(|c| c.matches(version)) {
        return false;
    }
    if version.pre.is_empty() {
        return true;
    }
    set.iter().any(|c| {
        !c.version.pre.is_empty()
            && (c.version.major, c.version.minor, c.version.patch)
                == (version.major, version.minor, version.patch)
    })
}

impl Comparator {
    fn matches(&self, v: &Version) -> bool {
        match self.op {
            Op::Lt => v < &self.version,
            Op::Le => v <= &self.version,
            Op::Gt => v > &self.version,
            Op::Ge => v >= &self.version,
            Op::Eq => v == &self.version,
        }
    }
}

fn parse_set(text: &str) -> Result<Vec<Comparator>, RangeError> {
    let tokens = tokenize(text)?;
    if tokens.is_empty() {
        return Ok(vec![]); // "" and "*" mean any version
    }
    // Hyphen range: `a - b`.
    if tokens.len() == 3 && tokens[1] == "-" {
        let (lo, lo_pre) = parse_partial(&tokens[0])?;
        let (hi, hi_pre) = parse_partial(&tokens[2])?;
        let mut out = vec![];
        if lo.major.is_some() {
            out.push(cmp(Op::Ge, fill(lo, lo_pre)));
        }
        if let Some(c) = upper_inclusive(hi, hi_pre) {
            out.push(c);
        }
        return Ok(out);
    }
    let mut out = vec![];
    for token in tokens {
        if token == "-" {
            return Err(RangeError(format!("misplaced '-' in range '{}'", text.trim())));
        }
        out.extend(desugar(&token)?);
    }
    Ok(out)
}

/// Splits on whitespace, gluing an operator to the version after it (`>= 18`).
fn tokenize(text: &str) -> Result<Vec<String>, RangeError> {
    let mut tokens: Vec<String> = Vec::new();
    let mut pending_op: Option<String> = None;
    for word in text.split_whitespace() {
        let is_op = word.chars().all(|c| "<>=~^".contains(c));
        match (pending_op.take(), is_op) {
            (Some(op), false) => tokens.push(format!("{op}{word}")),
            (Some(op), true) => {
                return Err(RangeError(format!("operator '{op}' is not followed by a version")))
            }
            (None, true) => pending_op = Some(word.to_string()),
            (None, false) => tokens.push(word.to_string()),
        }
    }
    if let Some(op) = pending_op {
        return Err(RangeError(format!("operator '{op}' is not followed by a version")));
    }
    Ok(tokens.into_iter().filter(|t| t != "*" && t != "x" && t != "X").collect())
}

fn cmp(op: Op, version: Version) -> Comparator {
    Comparator { op, version }
}

fn version(major: u64, minor: u64, patch: u64) -> Version {
    Version::new(major, minor, patch)
}

/// `M.m.p-0`: the lowest version of that triple, so `<` it excludes its prereleases.
fn floor(major: u64, minor: u64, patch: u64) -> Version {
    let mut v = version(major, minor, patch);
    v.pre = Prerelease::new("0").expect("static prerelease");
    v
}

fn fill(p: Partial, pre: Prerelease) -> Version {
    let mut v = version(p.major.unwrap_or(0), p.minor.unwrap_or(0), p.patch.unwrap_or(0));
    v.pre = pre;
    v
}

/// The upper bound of a hyphen range or `<=`: inclusive when complete,
/// otherwise below the next major/minor.
fn upper_inclusive(p: Partial, pre: Prerelease) -> Option<Comparator> {
    match (p.major, p.minor, p.patch) {
        (None, _, _) => None,
        (Some(m), None, _) => Some(cmp(Op::Lt, floor(m + 1, 0, 0))),
        (Some(m), Some(n), None) => Some(cmp(Op::Lt, floor(m, n + 1, 0))),
        (Some(_), Some(_), Some(_)) => Some(cmp(Op::Le, fill(p, pre))),
    }
}

fn desugar(token: &str) -> Result<Vec<Comparator>, RangeError> {
    let (op, rest) = split_operator(token);
    let (p, pre) = parse_partial(rest)?;
    let Some(major) = p.major else {
        // `*`, `>=*`, `x`: any version, except `<*` / `>*` which match nothing.
        return Ok(match op {
            "<" | ">" => vec![cmp(Op::Lt, floor(0, 0, 0))],
            _ => vec![],
        });
    };
    let complete = p.minor.is_some() && p.patch.is_some();
    let minor = p.minor.unwrap_or(0);
    Ok(match op {
        "" | "=" | "v" if complete => vec![cmp(Op::Eq, fill(p, pre))],
        "" | "=" => x_range(p),
        "^" => caret(p, pre),
        "~" | "~>" => {
            let upper = match p.minor {
                None => floor(major + 1, 0, 0),
                Some(n) => floor(major, n + 1, 0),
            };
            vec![cmp(Op::Ge, fill(p, pre)), cmp(Op::Lt, upper)]
        }
        ">=" => vec![cmp(Op::Ge, fill(p, pre))],
        "<" => vec![cmp(Op::Lt, if complete { fill(p, pre) } else { floor(major, minor, 0) })],
        ">" if complete => vec![cmp(Op::Gt, fill(p, pre))],
        ">" => vec![cmp(Op::Ge, match p.minor {
            None => version(major + 1, 0, 0),
            Some(n) => version(major, n + 1, 0),
        })],
        "<=" => upper_inclusive(p, pre).into_iter().collect(),
        other => return Err(RangeError(format!("unknown operator '{other}' in '{token}'"))),
    })
}

fn x_range(p: Partial) -> Vec<Comparator> {
    let major = p.major.unwrap_or(0);
    match p.minor {
        None => vec![cmp(Op::Ge, version(major, 0, 0)), cmp(Op::Lt, floor(major + 1, 0, 0))],
        Some(n) => vec![cmp(Op::Ge, version(major, n, 0)), cmp(Op::Lt, floor(major, n + 1, 0))],
    }
}

fn caret(p: Partial, pre: Prerelease) -> Vec<Comparator> {
    let major = p.major.unwrap_or(0);
    // The first non-zero part written is the one that may not change.
    let upper = match (major, p.minor, p.patch) {
        (0, None, _) => floor(1, 0, 0),
        (0, Some(0), None) => floor(0, 1, 0),
        (0, Some(0), Some(patch)) => floor(0, 0, patch + 1),
        (0, Some(n), _) => floor(0, n + 1, 0),
        (m, _, _) => floor(m + 1, 0, 0),
    };
    vec![cmp(Op::Ge, fill(p, pre)), cmp(Op::Lt, upper)]
}

fn split_operator(token: &str) -> (&str, &str) {
    let end = token.find(|c: char| !"<>=~^".contains(c)).unwrap_or(token.len());
    (&token[..end], &token[end..])
}

fn parse_partial(text: &str) -> Result<(Partial, Prerelease), RangeError> {
    let text = text.trim().trim_start_matches(['v', 'V', '=']);
    let (core, pre) = match text.split_once('-') {
        Some((core, pre)) => (core, pre),
        None => (text, ""),
    };
    let core = core.split('+').next().unwrap_or(core); // build metadata never matters
    let mut parts = [None, None, None];
    let pieces: Vec<&str> = core.split('.').collect();
    if pieces.len() > 3 || core.is_empty() {
        return Err(RangeError(format!("'{text}' is not a version")));
    }
    for (slot, piece) in parts.iter_mut().zip(&pieces) {
        *slot = match *piece {
            "x" | "X" | "*" => None,
            digits => Some(
                digits
                    .parse::<u64>()
                    .map_err(|_| RangeError(format!("'{text}' is not a version")))?,
            ),
        };
    }
    // `1.x.3` is read as `1.x`: nothing after a wildcard counts.
    if parts[0].is_none() {
        parts = [None, None, None];
    } else if parts[1].is_none() {
        parts[2] = None;
    }
    let pre = Prerelease::new(pre).map_err(|e| RangeError(format!("'{text}': {e}")))?;
    Ok((Partial { major: parts[0], minor: parts[1], patch: parts[2] }, pre))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(range: &str, version: &str) -> bool {
        NpmRange::parse(range).unwrap().satisfies(&Version::parse(version).unwrap())
    }

    #[test]
    fn common_engines_ranges() {
        assert!(ok(">=18 <21", "20.20.2"));
        assert!(!ok(">=18 <21", "22.1.0"));
        assert!(ok("^20 || ^22", "22.23.3"));
        assert!(!ok("^20 || ^22", "24.0.0"));
        assert!(ok("20.x", "20.0.0"));
        assert!(!ok("20.x", "21.0.0"));
        assert!(ok(">= 18.0.0", "26.11.1"));
        assert!(ok("*", "18.20.8"));
        assert!(ok("", "18.20.8"));
        assert!(ok("~20.11", "20.11.9"));
        assert!(!ok("~20.11", "20.12.0"));
        assert!(ok("^18.17.0 || >=20.5.0", "24.21.0"));
        assert!(ok(">18", "19.0.0"));
        assert!(!ok(">18", "18.99.0"));
        assert!(ok("<=20", "20.99.0"));
        assert!(!ok("<=20", "21.0.0"));
        assert!(ok("v22.23.3", "22.23.3"));
        assert!(ok("=22", "22.1.0"));
    }

    #[test]
    fn hyphen_ranges() {
        assert!(ok("18 - 22", "22.23.3"));
        assert!(!ok("18 - 22", "23.0.0"));
        assert!(ok("18.0.0 - 20.5.0", "20.5.0"));
        assert!(!ok("18.0.0 - 20.5.0", "20.5.1"));
    }

    #[test]
    fn caret_on_zero_versions() {
        assert!(ok("^0.2.3", "0.2.9"));
        assert!(!ok("^0.2.3", "0.3.0"));
        assert!(!ok("^0.0.3", "0.0.4"));
    }

    #[test]
    fn prereleases_need_a_matching_prerelease_comparator() {
        assert!(!ok(">=18", "27.0.0-alpha.1"));
        assert!(ok(">=27.0.0-alpha.0", "27.0.0-alpha.1"));
        assert!(!ok(">=27.0.0-alpha.0", "28.0.0-alpha.1"));
        assert!(!ok("<27", "27.0.0-alpha.1"));
    }

    #[test]
    fn rejects_garbage() {
        assert!(NpmRange::parse("lts/*").is_err());
        assert!(NpmRange::parse(">=").is_err());
        assert!(NpmRange::parse("1.2.3.4").is_err());
        assert!(NpmRange::parse("banana").is_err());
    }
}
