//! `http_parser` ops: the header block of an HTTP/1.x message (request line or
//! status line plus header fields, or a chunked body's trailers), parsed with
//! `httparse` and checked the way llhttp checks it (Content-Length and
//! Transfer-Encoding rules, the header size limit, Node's error codes).
//!
//! Body framing (Content-Length, chunked, read-until-EOF) and the callbacks of
//! Node's `HTTPParser` binding live in `js/internal/http/parser.js`; this op
//! is called once per header block (again only while a block is incomplete).

use deno_core::{op2, v8, OpDecl};
use std::mem::MaybeUninit;

/// The http_parser subsystem's ops.
pub fn ops() -> Vec<OpDecl> {
    vec![op_http_parser_parse_head()]
}

/// Every method llhttp knows, in llhttp's numbering (Node's `allMethods`).
const ALL_METHODS: [&str; 47] = [
    "DELETE", "GET", "HEAD", "POST", "PUT", "CONNECT", "OPTIONS", "TRACE", "COPY", "LOCK", "MKCOL",
    "MOVE", "PROPFIND", "PROPPATCH", "SEARCH", "UNLOCK", "BIND", "REBIND", "UNBIND", "ACL", "REPORT",
    "MKACTIVITY", "CHECKOUT", "MERGE", "M-SEARCH", "NOTIFY", "SUBSCRIBE", "UNSUBSCRIBE", "PATCH",
    "PURGE", "MKCALENDAR", "LINK", "UNLINK", "SOURCE", "PRI", "DESCRIBE", "ANNOUNCE", "SETUP",
    "PLAY", "PAUSE", "TEARDOWN", "GET_PARAMETER", "SET_PARAMETER", "REDIRECT", "RECORD", "FLUSH",
    "QUERY",
];
/// Methods past SOURCE are RTSP ones (and PRI, HTTP/2's preface) that an HTTP
/// parser refuses, except QUERY.
const FIRST_RTSP_METHOD: usize = 34;
const QUERY_METHOD: usize = 46;

/// What the block is: `kind` argument of the op.
const KIND_REQUEST: u32 = 1;
const KIND_RESPONSE: u32 = 2;
const KIND_TRAILERS: u32 = 3;

// Flags reported in info[5] (llhttp's F_* names).
const F_CONNECTION_KEEP_ALIVE: u32 = 1;
const F_CONNECTION_CLOSE: u32 = 2;
const F_CONNECTION_UPGRADE: u32 = 4;
const F_CHUNKED: u32 = 8;
const F_UPGRADE: u32 = 16;
const F_CONTENT_LENGTH: u32 = 32;
const F_TRANSFER_ENCODING: u32 = 64;

// Lenient flags (Node's kLenient*) this op honours.
const LENIENT_HEADERS: u32 = 1;
const LENIENT_CHUNKED_LENGTH: u32 = 2;
const LENIENT_TRANSFER_ENCODING: u32 = 8;
const LENIENT_OPTIONAL_CR_BEFORE_LF: u32 = 256;
const LENIENT_HEADER_VALUE_RELAXED: u32 = 1 << 10;

/// A parse failure: llhttp's error code name and reason, and the offset in the
/// block where parsing stopped.
struct ParseError {
    code: &'static str,
    reason: &'static str,
    pos: usize,
}

fn err(code: &'static str, reason: &'static str, pos: usize) -> ParseError {
    ParseError { code, reason, pos }
}

/// The header bytes llhttp's `TrackHeader` counts for a block that may be
/// incomplete: the URL (or status message) and every field name and value,
/// without delimiters or the whitespace around values.
fn tracked_size(buf: &[u8], kind: u32) -> usize {
    let mut lines = buf.split(|&b| b == b'\n');
    let mut total = 0;
    if kind != KIND_TRAILERS {
        let first = lines.next().unwrap_or(&[]);
        let first = first.strip_suffix(b"\r").unwrap_or(first);
        // Request: "METHOD url HTTP/1.1"; response: "HTTP/1.1 200 reason".
        let mut parts = first.splitn(3, |&b| b == b' ').skip(1);
        let second = parts.next().unwrap_or(&[]);
        let third = parts.next().unwrap_or(&[]);
        total += if kind == KIND_REQUEST { second.len() } else { third.len() };
    }
    for line in lines {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        match line.iter().position(|&b| b == b':') {
            Some(colon) => {
                let value = &line[colon + 1..];
                let skip = value.iter().take_while(|&&b| b == b' ' || b == b'\t').count();
                total += colon + value.len() - skip;
            }
            None => total += line.len(),
        }
    }
    total
}

/// llhttp's strict mode wants CRLF line ends; httparse also takes a bare LF.
fn bare_lf(head: &[u8], kind: u32) -> Option<ParseError> {
    let first_end = head.iter().position(|&b| b == b'\n')?;
    for (i, &b) in head.iter().enumerate() {
        if b != b'\n' || (i > 0 && head[i - 1] == b'\r') {
            continue;
        }
        return Some(if i == first_end && kind == KIND_REQUEST {
            err("HPE_INVALID_VERSION", "Expected CRLF after version", i + 1)
        } else if i == first_end {
            err("HPE_CR_EXPECTED", "Missing expected CR after response line", i)
        } else {
            err("HPE_CR_EXPECTED", "Missing expected CR after header value", i)
        });
    }
    None
}

/// A header value with trailing whitespace removed (llhttp keeps it in the span,
/// Node trims it).
fn trim_end(v: &[u8]) -> &[u8] {
    let mut end = v.len();
    while end > 0 && (v[end - 1] == b' ' || v[end - 1] == b'\t') {
        end -= 1;
    }
    &v[..end]
}

fn eq_ignore_case(a: &[u8], b: &str) -> bool {
    a.eq_ignore_ascii_case(b.as_bytes())
}

/// Comma-separated tokens of a header value, trimmed.
fn tokens(v: &[u8]) -> impl Iterator<Item = &[u8]> {
    v.split(|&b| b == b',').map(|t| {
        let start = t.iter().position(|&b| b != b' ' && b != b'\t').unwrap_or(t.len());
        trim_end(&t[start..])
    })
}

/// The facts llhttp derives from the header fields.
#[derive(Default)]
struct Framing {
    flags: u32,
    content_length: u64,
}

fn check_fields(
    buf: &[u8],
    headers: &[httparse::Header<'_>],
    kind: u32,
    lenient: u32,
) -> Result<Framing, ParseError> {
    let mut f = Framing::default();
    if kind == KIND_TRAILERS {
        return Ok(f);
    }
    let lenient_cl = lenient & LENIENT_CHUNKED_LENGTH != 0;
    for h in headers {
        let name = h.name.as_bytes();
        let value = h.value;
        // Where the value starts in the block: llhttp reports errors about it there.
        let at = (value.as_ptr() as usize).wrapping_sub(buf.as_ptr() as usize).min(buf.len());
        if eq_ignore_case(name, "content-length") {
            if f.flags & F_CONTENT_LENGTH != 0 {
                return Err(err("HPE_UNEXPECTED_CONTENT_LENGTH", "Duplicate Content-Length", at));
            }
            if f.flags & F_TRANSFER_ENCODING != 0 && !lenient_cl {
                return Err(err(
                    "HPE_INVALID_CONTENT_LENGTH",
                    "Content-Length can't be present with Transfer-Encoding",
                    at.saturating_sub(1),
                ));
            }
            let v = trim_end(value);
            if let Some(bad) = v.iter().position(|b| !b.is_ascii_digit()).or(v.is_empty().then_some(0)) {
                return Err(err("HPE_INVALID_CONTENT_LENGTH", "Invalid character in Content-Length", at + bad));
            }
            let mut n: u64 = 0;
            for &d in v {
                n = match n.checked_mul(10).and_then(|n| n.checked_add((d - b'0') as u64)) {
                    Some(n) if n < (1u64 << 53) => n,
                    _ => return Err(err("HPE_INVALID_CONTENT_LENGTH", "Content-Length overflow", at)),
                };
            }
            f.content_length = n;
            f.flags |= F_CONTENT_LENGTH;
        } else if eq_ignore_case(name, "transfer-encoding") {
            if f.flags & F_CONTENT_LENGTH != 0 && !lenient_cl {
                return Err(err(
                    "HPE_INVALID_TRANSFER_ENCODING",
                    "Transfer-Encoding can't be present with Content-Length",
                    at.saturating_sub(1),
                ));
            }
            f.flags |= F_TRANSFER_ENCODING;
            // Only a final `chunked` coding frames the body; a later field resets it.
            // A request whose `chunked` is followed by another coding is refused.
            // ...and so is any coding after a previous field's final `chunked`.
            let mut chunked_seen = f.flags & F_CHUNKED != 0;
            for t in tokens(value).filter(|t| !t.is_empty()) {
                if chunked_seen && kind == KIND_REQUEST && lenient & LENIENT_TRANSFER_ENCODING == 0 {
                    return Err(err(
                        "HPE_INVALID_TRANSFER_ENCODING",
                        "Invalid `Transfer-Encoding` header value",
                        (t.as_ptr() as usize).wrapping_sub(buf.as_ptr() as usize).saturating_sub(1),
                    ));
                }
                chunked_seen = eq_ignore_case(t, "chunked");
            }
            if chunked_seen {
                f.flags |= F_CHUNKED;
            } else {
                f.flags &= !F_CHUNKED;
            }
        } else if eq_ignore_case(name, "connection") {
            for t in tokens(value) {
                if eq_ignore_case(t, "close") {
                    f.flags |= F_CONNECTION_CLOSE;
                } else if eq_ignore_case(t, "keep-alive") {
                    f.flags |= F_CONNECTION_KEEP_ALIVE;
                } else if eq_ignore_case(t, "upgrade") {
                    f.flags |= F_CONNECTION_UPGRADE;
                }
            }
        } else if eq_ignore_case(name, "upgrade") {
            f.flags |= F_UPGRADE;
        }
    }
    Ok(f)
}

/// Maps an `httparse` failure to llhttp's code, reason and error offset,
/// re-scanning the block to find the byte llhttp would have stopped at.
fn map_error(e: httparse::Error, buf: &[u8], kind: u32) -> ParseError {
    use httparse::Error as E;
    if let Some(found) = locate_error(buf, kind) {
        return found;
    }
    match e {
        E::Token if kind == KIND_REQUEST => err("HPE_INVALID_METHOD", "Invalid method encountered", 0),
        E::HeaderName => err("HPE_INVALID_HEADER_TOKEN", "Invalid header token", 0),
        E::HeaderValue => err("HPE_INVALID_HEADER_TOKEN", "Invalid header value char", 0),
        E::NewLine => err("HPE_LF_EXPECTED", "Missing expected LF after header value", 0),
        E::Status => err("HPE_INVALID_STATUS", "Invalid response status", 0),
        E::Version | E::Token => err("HPE_INVALID_VERSION", "Invalid HTTP version", 0),
        E::TooManyHeaders => err("HPE_HEADER_OVERFLOW", "Header overflow", buf.len()),
    }
}

fn is_token(b: u8) -> bool {
    matches!(b, b'!' | b'#'..=b'\'' | b'*' | b'+' | b'-' | b'.' | b'0'..=b'9' | b'A'..=b'Z' | b'^'..=b'z' | b'|' | b'~')
}

fn is_value_char(b: u8) -> bool {
    b == b'\t' || (b' '..=b'~').contains(&b) || b >= 0x80
}

/// The versions llhttp accepts without lenient flags.
fn valid_version(major: u8, minor: u8) -> bool {
    matches!((major, minor), (0, 9) | (1, 0) | (1, 1) | (2, 0))
}

/// Checks `HTTP/x.y` at `i`; returns the offset after it and the version.
fn scan_version(buf: &[u8], i: usize) -> Result<Option<(usize, u8, u8)>, ParseError> {
    for (k, &c) in b"HTTP/".iter().enumerate() {
        match buf.get(i + k) {
            None => return Ok(None),
            Some(&b) if b != c => {
                return Err(err("HPE_INVALID_CONSTANT", "Expected HTTP/, RTSP/ or ICE/", i + k));
            }
            _ => {}
        }
    }
    let v = i + 5;
    let (Some(&ma), Some(&dot), Some(&mi)) = (buf.get(v), buf.get(v + 1), buf.get(v + 2)) else {
        return Ok(None);
    };
    if !ma.is_ascii_digit() || dot != b'.' || !mi.is_ascii_digit() || !valid_version(ma - b'0', mi - b'0') {
        return Err(err("HPE_INVALID_VERSION", "Invalid HTTP version", v + 2));
    }
    Ok(Some((v + 3, ma - b'0', mi - b'0')))
}

/// Walks a block that httparse refused and reports the first byte llhttp
/// refuses, or None when llhttp would take it (e.g. an HTTP/2.0 request line).
fn locate_error(buf: &[u8], kind: u32) -> Option<ParseError> {
    let len = buf.len();
    let mut i = 0;
    if kind == KIND_REQUEST {
        let m_end = buf.iter().position(|&b| b == b' ').unwrap_or(len);
        let method = &buf[..m_end];
        if m_end == len && ALL_METHODS.iter().any(|m| m.as_bytes().starts_with(method)) {
            // Possibly a method still arriving.
            return None;
        }
        if std::str::from_utf8(method).ok().and_then(method_index).is_none() {
            // llhttp matches methods as a trie: it stops at the first byte no method continues with.
            let p = (0..=method.len())
                .rev()
                .find(|&n| ALL_METHODS.iter().any(|m| m.as_bytes().starts_with(&method[..n])))
                .unwrap_or(0);
            return Some(err("HPE_INVALID_METHOD", "Invalid method encountered", p.max(1).min(m_end)));
        }
        i = m_end;
        while i < len && buf[i] == b' ' {
            i += 1;
        }
        while i < len && buf[i] != b' ' {
            if buf[i] == b'\r' || buf[i] == b'\n' {
                return Some(err("HPE_INVALID_VERSION", "Invalid HTTP version", i));
            }
            if !(buf[i] > b' ' && buf[i] != 0x7f) {
                return Some(err("HPE_INVALID_URL", "Invalid characters in url", i));
            }
            i += 1;
        }
        while i < len && buf[i] == b' ' {
            i += 1;
        }
        match scan_version(buf, i) {
            Err(e) => return Some(e),
            Ok(None) => return None,
            Ok(Some((next, _, _))) => i = next,
        }
    } else if kind == KIND_RESPONSE {
        match scan_version(buf, 0) {
            Err(e) => return Some(e),
            Ok(None) => return None,
            Ok(Some((next, _, _))) => i = next,
        }
        while i < len && buf[i] == b' ' {
            i += 1;
        }
        let digits = buf[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        if i + digits >= len {
            return None;
        }
        if digits != 3 || !matches!(buf[i + digits], b' ' | b'\r' | b'\n') {
            return Some(err("HPE_INVALID_STATUS", "Invalid response status", i + digits.min(3)));
        }
        i += digits;
        while i < len && buf[i] != b'\r' && buf[i] != b'\n' {
            i += 1;
        }
    }
    if kind != KIND_TRAILERS {
        // End of the start line.
        match buf.get(i) {
            None => return None,
            Some(b'\r') if buf.get(i + 1) == Some(&b'\n') => i += 2,
            Some(b'\r') if i + 1 >= len => return None,
            Some(b'\n') => i += 1,
            Some(_) => return Some(err("HPE_INVALID_VERSION", "Expected CRLF after version", i + 1)),
        }
    }
    // Header lines.
    loop {
        match buf.get(i) {
            None => return None,
            Some(b'\r') | Some(b'\n') => return None,
            _ => {}
        }
        while i < len && buf[i] != b':' {
            if !is_token(buf[i]) {
                return Some(err("HPE_INVALID_HEADER_TOKEN", "Invalid header token", i));
            }
            i += 1;
        }
        i += 1;
        while i < len && buf[i] != b'\n' {
            let b = buf[i];
            if b == b'\r' {
                match buf.get(i + 1) {
                    None => return None,
                    Some(b'\n') => {}
                    Some(_) => {
                        return Some(err("HPE_LF_EXPECTED", "Missing expected LF after header value", i + 1));
                    }
                }
            } else if !is_value_char(b) {
                return Some(err("HPE_INVALID_HEADER_TOKEN", "Invalid header value char", i));
            }
            i += 1;
        }
        i += 1;
    }
}

/// A request method token that httparse accepted, as llhttp numbers it.
fn method_index(m: &str) -> Option<usize> {
    let i = ALL_METHODS.iter().position(|&x| x == m)?;
    (i < FIRST_RTSP_METHOD || i == QUERY_METHOD).then_some(i)
}

/// The status line's reason phrase, as raw (latin1) bytes.
fn reason_bytes(buf: &[u8]) -> &[u8] {
    let line_end = buf.iter().position(|&b| b == b'\n').unwrap_or(buf.len());
    let line = &buf[..line_end];
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    // "HTTP/1.1 200 reason": the reason starts after the second space.
    let mut spaces = line.iter().enumerate().filter(|(_, &b)| b == b' ').map(|(i, _)| i);
    let _ = spaces.next();
    match spaces.next() {
        Some(i) => &line[i + 1..],
        None => &[],
    }
}

/// Parsed block, borrowed from the input.
struct Head<'b> {
    len: usize,
    major: u32,
    method_or_status: u32,
    minor: u32,
    url_or_reason: &'b [u8],
    headers: Vec<httparse::Header<'b>>,
}

enum Outcome<'b> {
    Partial,
    Done(Head<'b>),
}

fn parse<'b>(buf: &'b [u8], kind: u32, lenient: u32) -> Result<Outcome<'b>, ParseError> {
    const STACK_SLOTS: usize = 64;
    let mut cap = STACK_SLOTS;
    loop {
        // The usual head fits the stack slots: no 2 KiB allocation per message.
        let mut stack = [const { MaybeUninit::<httparse::Header<'b>>::uninit() }; STACK_SLOTS];
        let mut heap: Vec<MaybeUninit<httparse::Header<'b>>>;
        let slots: &mut [MaybeUninit<httparse::Header<'b>>] = if cap == STACK_SLOTS {
            &mut stack
        } else {
            heap = Vec::with_capacity(cap);
            // SAFETY: MaybeUninit needs no initialisation.
            unsafe { heap.set_len(cap) };
            &mut heap
        };
        let mut config = httparse::ParserConfig::default();
        config.allow_multiple_spaces_in_response_status_delimiters(true);
        config.allow_multiple_spaces_in_request_line_delimiters(true);
        if lenient & (LENIENT_HEADERS | LENIENT_HEADER_VALUE_RELAXED) != 0 {
            config.allow_spaces_after_header_name_in_responses(true);
            config.allow_obsolete_multiline_headers_in_responses(true);
        }
        let res = match kind {
            KIND_REQUEST => {
                let mut req = httparse::Request::new(&mut []);
                match config.parse_request_with_uninit_headers(&mut req, buf, slots) {
                    Ok(httparse::Status::Complete(len)) => {
                        let method = req.method.unwrap_or("");
                        let Some(m) = method_index(method) else {
                            return Err(locate_error(buf, kind).unwrap_or_else(|| {
                                err("HPE_INVALID_METHOD", "Invalid method encountered", 0)
                            }));
                        };
                        Ok(Outcome::Done(Head {
                            len,
                            major: 1,
                            method_or_status: m as u32,
                            minor: req.version.unwrap_or(1) as u32,
                            url_or_reason: req.path.unwrap_or("").as_bytes(),
                            headers: req.headers.to_vec(),
                        }))
                    }
                    Ok(httparse::Status::Partial) => {
                        // llhttp refuses a bad byte as soon as it sees it.
                        if let Some(e) = locate_error(buf, kind) {
                            return Err(e);
                        }
                        Ok(Outcome::Partial)
                    }
                    Err(e) => Err(e),
                }
            }
            KIND_RESPONSE => {
                let mut res = httparse::Response::new(&mut []);
                match config.parse_response_with_uninit_headers(&mut res, buf, slots) {
                    Ok(httparse::Status::Complete(len)) => Ok(Outcome::Done(Head {
                        len,
                        major: 1,
                        method_or_status: res.code.unwrap_or(0) as u32,
                        minor: res.version.unwrap_or(1) as u32,
                        url_or_reason: reason_bytes(buf),
                        headers: res.headers.to_vec(),
                    })),
                    Ok(httparse::Status::Partial) => {
                        if let Some(e) = locate_error(buf, kind) {
                            return Err(e);
                        }
                        Ok(Outcome::Partial)
                    }
                    Err(e) => Err(e),
                }
            }
            _ => match httparse::parse_headers(buf, &mut vec![httparse::EMPTY_HEADER; cap]) {
                Ok(httparse::Status::Complete((len, hs))) => Ok(Outcome::Done(Head {
                    len,
                    major: 1,
                    method_or_status: 0,
                    minor: 1,
                    url_or_reason: &[],
                    headers: hs.iter().map(|h| httparse::Header { name: h.name, value: h.value }).collect(),
                })),
                Ok(httparse::Status::Partial) => Ok(Outcome::Partial),
                Err(e) => Err(e),
            },
        };
        match res {
            Err(httparse::Error::TooManyHeaders) if cap < 1 << 16 => cap *= 4,
            Err(httparse::Error::Version) if kind != KIND_TRAILERS => {
                return match other_version(buf, kind, lenient) {
                    Some(r) => r,
                    None => Err(map_error(httparse::Error::Version, buf, kind)),
                };
            }
            Err(e @ (httparse::Error::HeaderValue | httparse::Error::NewLine)) => {
                return match lenient_values(buf, kind, lenient) {
                    Some(r) => r,
                    None => Err(map_error(e, buf, kind)),
                };
            }
            Err(e) => return Err(map_error(e, buf, kind)),
            Ok(o) => return Ok(o),
        }
    }
}

/// With lenient header parsing llhttp takes control characters (not NUL, CR
/// or LF) in header values, which httparse refuses: such a block is parsed with
/// them masked, then reported with the real bytes.
fn lenient_values(buf: &[u8], kind: u32, lenient: u32) -> Option<Result<Outcome<'_>, ParseError>> {
    if lenient & (LENIENT_HEADERS | LENIENT_HEADER_VALUE_RELAXED) == 0 {
        return None;
    }
    let mut patched = buf.to_vec();
    let mut changed = false;
    let mut i = if kind == KIND_TRAILERS { 0 } else { buf.iter().position(|&b| b == b'\n')? + 1 };
    while i < buf.len() {
        let end = buf[i..].iter().position(|&b| b == b'\n').map_or(buf.len(), |e| i + e);
        if let Some(colon) = buf[i..end].iter().position(|&b| b == b':') {
            for b in &mut patched[i + colon + 1..end] {
                if (*b < b' ' && !matches!(*b, b'\t' | b'\r' | 0)) || *b == 0x7f {
                    *b = b'!';
                    changed = true;
                }
            }
        }
        i = end + 1;
    }
    if !changed {
        return None;
    }
    Some(reparse(buf, &patched, kind, lenient, None))
}

/// Parses `patched` (same length as `buf`, a few bytes differing) and maps
/// the result's slices back onto `buf`; `version` overrides the version.
fn reparse<'b>(
    buf: &'b [u8],
    patched: &[u8],
    kind: u32,
    lenient: u32,
    version: Option<(u8, u8)>,
) -> Result<Outcome<'b>, ParseError> {
    let base = patched.as_ptr() as usize;
    // Maps a slice of `patched` to the same bytes of `buf`.
    let same = |s: &[u8]| -> &'b [u8] {
        let off = s.as_ptr() as usize - base;
        &buf[off..off + s.len()]
    };
    let same_str = |s: &str| -> &'b str {
        // Header names are tokens, never patched: still valid UTF-8.
        std::str::from_utf8(same(s.as_bytes())).unwrap_or("")
    };
    match parse(patched, kind, lenient & !(LENIENT_HEADERS | LENIENT_HEADER_VALUE_RELAXED)) {
        Ok(Outcome::Partial) => Ok(Outcome::Partial),
        Err(e) => Err(e),
        Ok(Outcome::Done(h)) => Ok(Outcome::Done(Head {
            len: h.len,
            major: version.map_or(h.major, |v| v.0 as u32),
            minor: version.map_or(h.minor, |v| v.1 as u32),
            method_or_status: h.method_or_status,
            url_or_reason: if h.url_or_reason.is_empty() { &[] } else { same(h.url_or_reason) },
            headers: h
                .headers
                .iter()
                .map(|x| httparse::Header { name: same_str(x.name), value: same(x.value) })
                .collect(),
        })),
    }
}

/// httparse takes HTTP/1.x only; llhttp also takes 0.9 and 2.0. Such a block
/// is parsed with its version rewritten to 1.1, then reported as it was.
fn other_version<'b>(buf: &'b [u8], kind: u32, lenient: u32) -> Option<Result<Outcome<'b>, ParseError>> {
    if locate_error(buf, kind).is_some() {
        return None;
    }
    let line_end = buf.iter().position(|&b| b == b'\n')?;
    let at = if kind == KIND_REQUEST {
        buf[..line_end].windows(5).rposition(|w| w == b"HTTP/")?
    } else {
        0
    };
    let (major, minor) = (buf.get(at + 5)?.wrapping_sub(b'0'), buf.get(at + 7)?.wrapping_sub(b'0'));
    if !valid_version(major, minor) || major == 1 {
        return None;
    }
    let mut patched = buf.to_vec();
    patched[at + 5] = b'1';
    patched[at + 7] = b'1';
    Some(reparse(buf, &patched, kind, lenient, Some((major, minor))))
}

/// Parses one header block of `buf`.
///
/// `kind`: 1 request head, 2 response head, 3 trailers. `info` (a Uint32Array
/// of at least 9) receives `[state, length, method index | status code, major,
/// minor, flags, content-length low 32 bits, content-length high bits,
/// counted header bytes]`, state being 0 (incomplete), 1 (complete) or 2
/// (error, length = error offset). Returns, when complete, an array
/// `[url | status message, name0, value0, ...]` of latin1 strings; on error the
/// string `"HPE_CODE:reason"`; otherwise undefined.
#[op2]
fn op_http_parser_parse_head<'s, 'i>(
    scope: &mut v8::PinScope<'s, 'i>,
    #[buffer] buf: &[u8],
    kind: u32,
    max_header_size: f64,
    lenient: u32,
    #[buffer] info: &mut [u32],
) -> v8::Local<'s, v8::Value> {
    if info.len() < 9 {
        return v8::undefined(scope).into();
    }
    let max = if max_header_size > 0.0 { max_header_size as usize } else { usize::MAX };
    let fail = |scope: &mut v8::PinScope<'s, 'i>, info: &mut [u32], e: ParseError| {
        info[0] = 2;
        info[1] = e.pos as u32;
        let s = format!("{}:{}", e.code, e.reason);
        v8::String::new(scope, &s).map(Into::into).unwrap_or_else(|| v8::undefined(scope).into())
    };
    let head = match parse(buf, kind, lenient) {
        Ok(Outcome::Partial) => {
            // llhttp counts header bytes as they arrive: an incomplete block
            // can already be too large.
            if buf.len() >= max {
                let n = tracked_size(buf, kind);
                info[8] = n as u32;
                if n >= max {
                    return fail(scope, info, err("HPE_HEADER_OVERFLOW", "Header overflow", buf.len()));
                }
            }
            info[0] = 0;
            return v8::undefined(scope).into();
        }
        Ok(Outcome::Done(h)) => h,
        Err(e) => return fail(scope, info, e),
    };
    let counted = head.url_or_reason.len()
        + head.headers.iter().map(|h| h.name.len() + trim_end(h.value).len()).sum::<usize>();
    info[8] = counted as u32;
    if counted >= max {
        return fail(scope, info, err("HPE_HEADER_OVERFLOW", "Header overflow", head.len));
    }
    if lenient & LENIENT_OPTIONAL_CR_BEFORE_LF == 0 && kind != KIND_TRAILERS {
        if let Some(e) = bare_lf(&buf[..head.len], kind) {
            return fail(scope, info, e);
        }
    }
    let framing = match check_fields(buf, &head.headers, kind, lenient) {
        Ok(f) => f,
        Err(e) => return fail(scope, info, e),
    };
    info[0] = 1;
    info[1] = head.len as u32;
    info[2] = head.method_or_status;
    info[3] = head.major;
    info[4] = head.minor;
    info[5] = framing.flags;
    info[6] = framing.content_length as u32;
    info[7] = (framing.content_length >> 32) as u32;

    let mut items: Vec<v8::Local<v8::Value>> = Vec::with_capacity(1 + head.headers.len() * 2);
    let latin1 = |scope: &mut v8::PinScope<'s, 'i>, b: &[u8]| -> v8::Local<'s, v8::Value> {
        v8::String::new_from_one_byte(scope, b, v8::NewStringType::Normal)
            .map(Into::into)
            .unwrap_or_else(|| v8::undefined(scope).into())
    };
    items.push(latin1(scope, head.url_or_reason));
    for h in &head.headers {
        items.push(latin1(scope, h.name.as_bytes()));
        items.push(latin1(scope, trim_end(h.value)));
    }
    v8::Array::new_with_elements(scope, &items).into()
}
