//! `buffer` ops: the byte <-> string codecs, search and compare primitives of
//! Node's `internalBinding('buffer')`. Argument validation lives in
//! `js/internal/bindings/buffer.js`; the ops clamp ranges and never throw.

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::{alphabet, Engine};
use deno_core::{op2, v8, OpDecl};

/// The buffer subsystem's ops.
pub fn ops() -> Vec<OpDecl> {
    vec![
        op_buffer_utf8_slice(),
        op_buffer_latin1_slice(),
        op_buffer_ascii_slice(),
        op_buffer_ucs2_slice(),
        op_buffer_hex_slice(),
        op_buffer_hex_write(),
        op_buffer_base64_slice(),
        op_buffer_utf8_write(),
        op_buffer_base64_write(),
        op_buffer_compare(),
        op_buffer_index_of(),
        op_buffer_index_of_byte(),
        op_buffer_is_utf8(),
        op_buffer_is_ascii(),
        op_buffer_encode_into(),
    ]
}

/// `buf[start..end]`, clamped to the buffer.
fn window(buf: &[u8], start: f64, end: f64) -> &[u8] {
    let len = buf.len();
    let end = (end.max(0.0) as usize).min(len);
    let start = (start.max(0.0) as usize).min(end);
    &buf[start..end]
}

fn too_long() -> deno_error::JsErrorBox {
    deno_error::JsErrorBox::generic("Cannot create a string longer than 0x1fffffe8 characters")
}

/// A V8 string of latin1 bytes (every byte one UTF-16 unit).
fn one_byte<'s, 'i>(
    scope: &mut v8::PinScope<'s, 'i>,
    bytes: &[u8],
) -> Result<v8::Local<'s, v8::String>, deno_error::JsErrorBox> {
    v8::String::new_from_one_byte(scope, bytes, v8::NewStringType::Normal).ok_or_else(too_long)
}

#[op2]
fn op_buffer_utf8_slice<'s, 'i>(
    scope: &mut v8::PinScope<'s, 'i>,
    #[buffer] buf: &[u8],
    start: f64,
    end: f64,
) -> Result<v8::Local<'s, v8::String>, deno_error::JsErrorBox> {
    let bytes = window(buf, start, end);
    if v8::simdutf::validate_ascii(bytes) {
        return one_byte(scope, bytes);
    }
    // V8 replaces invalid sequences with U+FFFD as Node's utf8Slice does; no BOM stripping.
    v8::String::new_from_utf8(scope, bytes, v8::NewStringType::Normal).ok_or_else(too_long)
}

#[op2]
fn op_buffer_latin1_slice<'s, 'i>(
    scope: &mut v8::PinScope<'s, 'i>,
    #[buffer] buf: &[u8],
    start: f64,
    end: f64,
) -> Result<v8::Local<'s, v8::String>, deno_error::JsErrorBox> {
    one_byte(scope, window(buf, start, end))
}

#[op2]
fn op_buffer_ascii_slice<'s, 'i>(
    scope: &mut v8::PinScope<'s, 'i>,
    #[buffer] buf: &[u8],
    start: f64,
    end: f64,
) -> Result<v8::Local<'s, v8::String>, deno_error::JsErrorBox> {
    let bytes = window(buf, start, end);
    let masked: Vec<u8>;
    let bytes = if v8::simdutf::validate_ascii(bytes) {
        bytes
    } else {
        masked = bytes.iter().map(|b| b & 0x7f).collect();
        &masked
    };
    one_byte(scope, bytes)
}

#[op2]
fn op_buffer_ucs2_slice<'s, 'i>(
    scope: &mut v8::PinScope<'s, 'i>,
    #[buffer] buf: &[u8],
    start: f64,
    end: f64,
) -> Result<v8::Local<'s, v8::String>, deno_error::JsErrorBox> {
    let units: Vec<u16> = window(buf, start, end).chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
    v8::String::new_from_two_byte(scope, &units, v8::NewStringType::Normal).ok_or_else(too_long)
}

fn hex_encode(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[(b >> 4) as usize] as char);
        out.push(DIGITS[(b & 15) as usize] as char);
    }
    out
}

// Encoders build one-byte V8 strings directly: returning a Rust `String`
// would make V8 re-validate it as UTF-8 (10x slower on large buffers).
#[op2]
fn op_buffer_hex_slice<'s, 'i>(
    scope: &mut v8::PinScope<'s, 'i>,
    #[buffer] buf: &[u8],
    start: f64,
    end: f64,
) -> Result<v8::Local<'s, v8::String>, deno_error::JsErrorBox> {
    one_byte(scope, hex_encode(window(buf, start, end)).as_bytes())
}

/// Decodes hex pairs of `s` into `buf` at `offset`, at most `max` bytes,
/// stopping at the first invalid pair as Node does; returns the bytes written.
/// Runs `f` on the string's characters as bytes without copying one-byte
/// strings (a `#[string]` argument would transcode the whole string to UTF-8
/// first). Two-byte strings go through UTF-8: every non-ASCII character is
/// invalid for hex and base64 alike, so decoding stops or skips the same way.
fn with_bytes<R>(scope: &mut v8::PinScope, s: v8::Local<v8::String>, f: impl FnOnce(&[u8]) -> R) -> R {
    if s.is_onebyte() {
        let view = v8::ValueView::new(scope, s);
        if let v8::ValueViewData::OneByte(bytes) = view.data() {
            // No V8 allocation happens while the view is alive.
            return f(bytes);
        }
    }
    let text = s.to_rust_string_lossy(scope);
    f(text.as_bytes())
}

#[op2(fast)]
fn op_buffer_hex_write(
    scope: &mut v8::PinScope,
    #[buffer] buf: &mut [u8],
    s: v8::Local<v8::String>,
    offset: f64,
    max: f64,
) -> u32 {
    with_bytes(scope, s, |bytes| hex_decode_into(buf, bytes, offset, max))
}

fn hex_decode_into(buf: &mut [u8], s: &[u8], offset: f64, max: f64) -> u32 {
    fn nibble(c: u8) -> Option<u8> {
        match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            b'A'..=b'F' => Some(c - b'A' + 10),
            _ => None,
        }
    }
    let offset = (offset.max(0.0) as usize).min(buf.len());
    let room = (buf.len() - offset).min(max.max(0.0) as usize);
    let mut n = 0;
    for (out, pair) in buf[offset..offset + room].iter_mut().zip(s.chunks_exact(2)) {
        match (nibble(pair[0]), nibble(pair[1])) {
            (Some(hi), Some(lo)) => *out = hi << 4 | lo,
            _ => break,
        }
        n += 1;
    }
    n as u32
}

/// Base64 through simdutf, as Node encodes it.
#[op2]
fn op_buffer_base64_slice<'s, 'i>(
    scope: &mut v8::PinScope<'s, 'i>,
    #[buffer] buf: &[u8],
    start: f64,
    end: f64,
    url: bool,
) -> Result<v8::Local<'s, v8::String>, deno_error::JsErrorBox> {
    let bytes = window(buf, start, end);
    let options = if url { v8::simdutf::Base64Options::Url } else { v8::simdutf::Base64Options::Default };
    let len = v8::simdutf::base64_length_from_binary(bytes.len(), options);
    if len < EXTERNAL_MIN {
        let mut out = [0u8; 1024];
        let mut heap;
        let out = if len <= out.len() {
            &mut out[..len]
        } else {
            heap = vec![0u8; len];
            &mut heap[..]
        };
        // SAFETY: `out` has the length simdutf asks for.
        let n = unsafe { v8::simdutf::binary_to_base64(bytes, out, options) };
        return one_byte(scope, &out[..n]);
    }
    // A large result becomes an external string over the very bytes simdutf
    // wrote (as Node's ExternString does), so it is never copied into the heap.
    let mut out = vec![0u8; len];
    // SAFETY: `out` has the length simdutf asks for.
    let n = unsafe { v8::simdutf::binary_to_base64(bytes, &mut out, options) };
    out.truncate(n);
    if n > MAX_STRING_LEN {
        return Err(too_long());
    }
    v8::String::new_external_onebyte(scope, out.into_boxed_slice()).ok_or_else(too_long)
}

/// From this many characters on, an encoded string is made external (Node's
/// EXTERN_APEX): below it, copying is cheaper than an external resource.
const EXTERNAL_MIN: usize = 0xFBEE9;
/// V8's String::kMaxLength on 64-bit targets.
const MAX_STRING_LEN: usize = 0x1fff_ffe8;

/// Writes as many whole UTF-8 characters of `s` as fit in `max` bytes at `offset`.
fn utf8_write(buf: &mut [u8], s: &str, offset: usize, max: usize) -> usize {
    let room = buf.len().saturating_sub(offset).min(max);
    let mut n = s.len().min(room);
    while !s.is_char_boundary(n) {
        n -= 1;
    }
    buf[offset..offset + n].copy_from_slice(&s.as_bytes()[..n]);
    n
}

#[op2(fast)]
fn op_buffer_utf8_write(#[buffer] buf: &mut [u8], #[string] s: &str, offset: f64, max: f64) -> u32 {
    utf8_write(buf, s, offset.max(0.0) as usize, max.max(0.0) as usize) as u32
}

const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_allow_trailing_bits(true).with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Node's base64 decoder: both alphabets, characters outside them skipped, stops
/// at the first `=`; a lone trailing character is dropped.
fn base64_decode(input: &[u8]) -> Vec<u8> {
    let mut clean: Vec<u8> = Vec::with_capacity(input.len());
    for &c in input {
        match c {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'+' | b'/' => clean.push(c),
            b'-' => clean.push(b'+'),
            b'_' => clean.push(b'/'),
            b'=' => break,
            _ => {}
        }
    }
    if clean.len() % 4 == 1 {
        clean.pop();
    }
    LENIENT.decode(&clean).unwrap_or_default()
}

#[op2(fast)]
fn op_buffer_base64_write(
    scope: &mut v8::PinScope,
    #[buffer] buf: &mut [u8],
    s: v8::Local<v8::String>,
    offset: f64,
    max: f64,
) -> u32 {
    with_bytes(scope, s, |bytes| base64_decode_into(buf, bytes, offset, max))
}

fn base64_decode_into(buf: &mut [u8], s: &[u8], offset: f64, max: f64) -> u32 {
    let offset = (offset.max(0.0) as usize).min(buf.len());
    let room = (buf.len() - offset).min(max.max(0.0) as usize);
    let need = v8::simdutf::maximal_binary_length_from_base64(s);
    // Fast path, as Node's: simdutf's forgiving decoder. Input it refuses (the
    // URL alphabet mixed in, '=' inside, a lone trailing character) takes
    // Node's lenient decoder below, so results stay Node's. When the target
    // has room for the longest possible result, simdutf decodes straight into
    // it (as Node does; the fallback then overwrites what it wrote).
    if need <= room {
        let out = &mut buf[offset..offset + room];
        // SAFETY: `out` has at least the maximal length simdutf asks for.
        let r = unsafe {
            v8::simdutf::base64_to_binary(s, out, v8::simdutf::Base64Options::Default, v8::simdutf::LastChunkHandling::Loose)
        };
        if r.is_ok() {
            return r.count as u32;
        }
        let bytes = base64_decode(s);
        let n = bytes.len().min(room);
        out[..n].copy_from_slice(&bytes[..n]);
        return n as u32;
    }
    let mut fast = vec![0u8; need];
    // SAFETY: `fast` has the maximal length simdutf asks for.
    let r = unsafe {
        v8::simdutf::base64_to_binary(s, &mut fast, v8::simdutf::Base64Options::Default, v8::simdutf::LastChunkHandling::Loose)
    };
    if r.is_ok() {
        let n = r.count.min(max.max(0.0) as usize).min(buf.len() - offset);
        buf[offset..offset + n].copy_from_slice(&fast[..n]);
        return n as u32;
    }
    let bytes = base64_decode(s);
    let n = bytes.len().min(max.max(0.0) as usize).min(buf.len() - offset);
    buf[offset..offset + n].copy_from_slice(&bytes[..n]);
    n as u32
}

#[op2(fast)]
fn op_buffer_compare(
    #[buffer] a: &[u8],
    a_start: f64,
    a_end: f64,
    #[buffer] b: &[u8],
    b_start: f64,
    b_end: f64,
) -> i32 {
    match window(a, a_start, a_end).cmp(window(b, b_start, b_end)) {
        std::cmp::Ordering::Less => -1,
        std::cmp::Ordering::Equal => 0,
        std::cmp::Ordering::Greater => 1,
    }
}

/// IndexOfOffset of node_buffer.cc: where a search starts, or -1 for no match.
fn index_of_offset(len: i64, offset: i64, needle_len: i64, forward: bool) -> i64 {
    if offset < 0 {
        if offset + len >= 0 {
            len + offset
        } else if forward || needle_len == 0 {
            0
        } else {
            -1
        }
    } else if offset + needle_len <= len {
        offset
    } else if needle_len == 0 {
        len
    } else if forward {
        -1
    } else {
        len - 1
    }
}

fn search<T: PartialEq>(hay: &[T], needle: &[T], from: usize, forward: bool) -> Option<usize> {
    if needle.len() > hay.len() {
        return None;
    }
    let last = hay.len() - needle.len();
    if forward {
        (from..=last).find(|&i| hay[i..i + needle.len()] == *needle)
    } else {
        (0..=from.min(last)).rev().find(|&i| hay[i..i + needle.len()] == *needle)
    }
}

/// IndexOfString / IndexOfBuffer of node_buffer.cc; `ucs2` searches 16-bit units.
fn index_of(hay: &[u8], needle: &[u8], offset: f64, forward: bool, ucs2: bool) -> f64 {
    let offset = if offset.is_nan() { 0 } else { offset as i64 };
    let opt = index_of_offset(hay.len() as i64, offset, needle.len() as i64, forward);
    if needle.is_empty() {
        return opt as f64;
    }
    if hay.is_empty() || opt <= -1 {
        return -1.0;
    }
    let opt = opt as usize;
    if (forward && hay.len() < opt + needle.len()) || needle.len() > hay.len() {
        return -1.0;
    }
    let found = if ucs2 {
        if hay.len() < 2 || needle.len() < 2 {
            return -1.0;
        }
        let units = |b: &[u8]| b.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect::<Vec<_>>();
        search(&units(hay), &units(needle), opt / 2, forward).map(|i| i * 2)
    } else {
        search(hay, needle, opt, forward)
    };
    found.map_or(-1.0, |i| i as f64)
}

#[op2(fast)]
fn op_buffer_index_of(#[buffer] hay: &[u8], #[buffer] needle: &[u8], offset: f64, forward: bool, ucs2: bool) -> f64 {
    index_of(hay, needle, offset, forward, ucs2)
}

#[op2(fast)]
fn op_buffer_index_of_byte(#[buffer] hay: &[u8], byte: u32, offset: f64, forward: bool) -> f64 {
    let offset = if offset.is_nan() { 0 } else { offset as i64 };
    let opt = index_of_offset(hay.len() as i64, offset, 1, forward);
    if opt <= -1 || hay.is_empty() {
        return -1.0;
    }
    let opt = opt as usize;
    let b = byte as u8;
    let found = if forward {
        hay[opt..].iter().position(|&x| x == b).map(|i| i + opt)
    } else {
        hay[..=opt.min(hay.len() - 1)].iter().rposition(|&x| x == b)
    };
    found.map_or(-1.0, |i| i as f64)
}

#[op2(fast)]
fn op_buffer_is_utf8(#[buffer] buf: &[u8]) -> bool {
    v8::simdutf::validate_utf8(buf)
}

#[op2(fast)]
fn op_buffer_is_ascii(#[buffer] buf: &[u8]) -> bool {
    v8::simdutf::validate_ascii(buf)
}

/// TextEncoder#encodeInto: writes whole characters of `src` into `dest` and
/// stores `[read UTF-16 units, written bytes]` in `out`. Lone surrogates arrive
/// here already replaced by U+FFFD, as the spec encodes them.
fn encode_into(src: &str, dest: &mut [u8]) -> (usize, usize) {
    let written = utf8_write(dest, src, 0, dest.len());
    let read = src[..written].chars().map(char::len_utf16).sum();
    (read, written)
}

#[op2(fast)]
fn op_buffer_encode_into(#[string] src: &str, #[buffer] dest: &mut [u8], #[buffer] out: &mut [u32]) {
    let (read, written) = encode_into(src, dest);
    out[0] = read as u32;
    out[1] = written as u32;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_is_forgiving() {
        assert_eq!(base64_decode(b"aGVsbG8="), b"hello");
        assert_eq!(base64_decode(b"aGVs bG8"), b"hello");
        assert_eq!(base64_decode(b"_-8"), vec![0xff, 0xef]);
        assert_eq!(base64_decode(b"YQ=garbage"), b"a");
    }

    #[test]
    fn utf8_write_keeps_whole_chars() {
        let mut buf = [0u8; 4];
        assert_eq!(utf8_write(&mut buf, "a€", 0, 3), 1);
        assert_eq!(utf8_write(&mut buf, "a€", 0, 4), 4);
    }

    #[test]
    fn index_of_matches_node() {
        assert_eq!(index_of(b"abcabc", b"bc", 0.0, true, false), 1.0);
        assert_eq!(index_of(b"abcabc", b"bc", -1.0, false, false), 4.0);
        assert_eq!(index_of(b"abcabc", b"", 10.0, true, false), 6.0);
        assert_eq!(index_of(b"abcabc", b"bc", 10.0, false, false), 4.0);
        assert_eq!(index_of(b"a\0b\0", b"b\0", 0.0, true, true), 2.0);
    }

    #[test]
    fn encode_into_counts_utf16_units() {
        let mut dest = [0u8; 5];
        assert_eq!(encode_into("a😀b", &mut dest), (3, 5));
    }

    #[test]
    fn hex() {
        assert_eq!(hex_encode(&[0, 15, 255]), "000fff");
    }
}
