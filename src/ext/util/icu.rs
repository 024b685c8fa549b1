//! ICU converters for the legacy multi-byte encodings of `TextDecoder` (gbk,
//! gb18030, big5, euc-jp, iso-2022-jp, shift_jis, euc-kr), as Node's
//! internalBinding('icu') does with ucnv. V8's static library carries ICU and
//! the runtime loads its data, so the converters come from there; the symbols
//! carry the ICU major version of the linked V8 (77, as `set_common_data_77`).

use deno_core::{op2, v8, GarbageCollected};
use std::cell::Cell;
use std::ffi::{c_char, c_void, CStr, CString};

type UErrorCode = i32;
const U_ZERO_ERROR: UErrorCode = 0;
const U_BUFFER_OVERFLOW_ERROR: UErrorCode = 15;

/// ICU's `UConverterToUCallback`.
type ToUCallback = unsafe extern "C" fn(*const c_void, *mut c_void, *const c_char, i32, i32, *mut UErrorCode);

unsafe extern "C" {
    fn ucnv_open_77(name: *const c_char, err: *mut UErrorCode) -> *mut c_void;
    fn ucnv_close_77(converter: *mut c_void);
    fn ucnv_reset_77(converter: *mut c_void);
    fn ucnv_toUnicode_77(
        converter: *mut c_void,
        target: *mut *mut u16,
        target_limit: *const u16,
        source: *mut *const c_char,
        source_limit: *const c_char,
        offsets: *mut i32,
        flush: i8,
        err: *mut UErrorCode,
    );
    fn ucnv_setToUCallBack_77(
        converter: *mut c_void,
        action: ToUCallback,
        context: *const c_void,
        old_action: *mut Option<ToUCallback>,
        old_context: *mut *const c_void,
        err: *mut UErrorCode,
    );
    fn UCNV_TO_U_CALLBACK_STOP_77(
        context: *const c_void,
        args: *mut c_void,
        code_units: *const c_char,
        length: i32,
        reason: i32,
        err: *mut UErrorCode,
    );
}

/// The encodings this module decodes (WHATWG names, which ICU knows as aliases).
const ENCODINGS: &[&str] = &["gbk", "gb18030", "big5", "euc-jp", "iso-2022-jp", "shift_jis", "euc-kr"];

fn open(name: &str) -> Option<*mut c_void> {
    if !ENCODINGS.contains(&name) {
        return None;
    }
    let cname = CString::new(name).ok()?;
    let mut err = U_ZERO_ERROR;
    // SAFETY: a NUL-terminated name and a valid error slot; a null result or
    // a failure code means no converter.
    let converter = unsafe { ucnv_open_77(cname.as_ptr(), &mut err) };
    if converter.is_null() || err > U_ZERO_ERROR {
        if !converter.is_null() {
            // SAFETY: opened just above, closed once.
            unsafe { ucnv_close_77(converter) };
        }
        return None;
    }
    Some(converter)
}

/// A stateful ICU converter (`internalBinding('icu').getConverter`).
pub struct IcuConverter {
    converter: Cell<*mut c_void>,
}

impl Drop for IcuConverter {
    fn drop(&mut self) {
        let converter = self.converter.replace(std::ptr::null_mut());
        if !converter.is_null() {
            // SAFETY: the converter is owned by this object and closed once.
            unsafe { ucnv_close_77(converter) };
        }
    }
}

unsafe impl GarbageCollected for IcuConverter {
    fn trace(&self, _: &mut v8::cppgc::Visitor) {}
    fn get_name(&self) -> &'static CStr {
        c"Converter"
    }
}

/// Whether ICU can decode `name`.
#[op2(fast)]
pub fn op_util_icu_has_converter(#[string] name: &str) -> bool {
    match open(name) {
        Some(converter) => {
            // SAFETY: opened by `open`, closed once.
            unsafe { ucnv_close_77(converter) };
            true
        }
        None => false,
    }
}

/// A converter for `name` (check `op_util_icu_has_converter` first; an
/// unknown name gives a converter whose every decode fails). With `fatal`,
/// malformed input stops the decode instead of becoming U+FFFD.
#[op2]
#[cppgc]
pub fn op_util_icu_converter_new(#[string] name: &str, fatal: bool) -> IcuConverter {
    let converter = open(name).unwrap_or(std::ptr::null_mut());
    if fatal && !converter.is_null() {
        let mut err = U_ZERO_ERROR;
        // SAFETY: a live converter and ICU's own STOP callback.
        unsafe {
            ucnv_setToUCallBack_77(
                converter,
                UCNV_TO_U_CALLBACK_STOP_77,
                std::ptr::null(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                &mut err,
            )
        };
    }
    IcuConverter { converter: Cell::new(converter) }
}

/// Decodes `input` (keeping an incomplete sequence for the next call unless
/// `flush`); null when the input is malformed under `fatal`. The converter is
/// reset after a flush or an error.
#[op2]
pub fn op_util_icu_decode<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    #[cppgc] handle: &IcuConverter,
    #[buffer] input: &[u8],
    flush: bool,
) -> v8::Local<'s, v8::Value> {
    let converter = handle.converter.get();
    if converter.is_null() {
        return v8::null(scope).into();
    }
    let mut out: Vec<u16> = Vec::with_capacity(input.len() + 16);
    let mut source = input.as_ptr() as *const c_char;
    // SAFETY: one past the end of `input`.
    let source_limit = unsafe { source.add(input.len()) };
    let mut err;
    loop {
        err = U_ZERO_ERROR;
        let len = out.len();
        if out.capacity() - len < 16 {
            out.reserve(out.capacity().max(64));
        }
        // SAFETY: the target range is the vector's spare capacity; ICU writes
        // at most up to `target_limit` and advances `target` past what it wrote.
        unsafe {
            let base = out.as_mut_ptr();
            let mut target = base.add(len);
            let target_limit = base.add(out.capacity());
            ucnv_toUnicode_77(
                converter,
                &mut target,
                target_limit,
                &mut source,
                source_limit,
                std::ptr::null_mut(),
                flush as i8,
                &mut err,
            );
            out.set_len(target.offset_from(base) as usize);
        }
        if err != U_BUFFER_OVERFLOW_ERROR {
            break;
        }
    }
    if flush || err > U_ZERO_ERROR {
        // SAFETY: a live converter.
        unsafe { ucnv_reset_77(converter) };
    }
    if err > U_ZERO_ERROR {
        return v8::null(scope).into();
    }
    v8::String::new_from_two_byte(scope, &out, v8::NewStringType::Normal)
        .map(Into::into)
        .unwrap_or_else(|| v8::null(scope).into())
}
