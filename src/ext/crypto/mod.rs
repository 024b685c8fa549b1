//! `crypto` ops: Node's `internalBinding('crypto')` on the system OpenSSL 3
//! (through the `openssl` crate). The JS side is `js/internal/crypto/binding.js`;
//! argument validation lives in JS, the ops only check what OpenSSL needs.

use deno_core::OpDecl;
use deno_error::{AdditionalProperties, JsErrorClass, PropertyValue};
use std::borrow::Cow;

mod cipher;
mod digest;
mod kdf;
mod kem;
mod keys;

/// The crypto subsystem's ops.
pub fn ops() -> Vec<OpDecl> {
    let mut v = vec![];
    v.extend(digest::ops());
    v.extend(kdf::ops());
    v.extend(cipher::ops());
    v.extend(keys::ops());
    v.extend(kem::ops());
    v
}

/// An error thrown into JS: either a Node error (`code` + message) or the
/// first entry of OpenSSL's error queue, decorated as Node decorates it
/// (`error:1C800064:Provider routines::bad decrypt`, `library`, `reason`,
/// `code: 'ERR_OSSL_BAD_DECRYPT'`).
#[derive(Debug)]
pub struct CryptoError {
    class: &'static str,
    message: String,
    code: Option<String>,
    library: Option<String>,
    reason: Option<String>,
}

impl CryptoError {
    /// A Node error with `code` and `message`, of JS class `class`.
    pub fn node(class: &'static str, code: &str, message: impl Into<String>) -> Self {
        CryptoError { class, message: message.into(), code: Some(code.into()), library: None, reason: None }
    }

    /// A plain `Error` with no code (Node throws a few of these from C++).
    pub fn plain(message: impl Into<String>) -> Self {
        CryptoError { class: "Error", message: message.into(), code: None, library: None, reason: None }
    }

    /// The error OpenSSL reported, or `fallback` when its queue is empty.
    pub fn ossl(stack: &openssl::error::ErrorStack, fallback: &str) -> Self {
        let Some(e) = stack.errors().first() else {
            return Self::plain(fallback);
        };
        let lib = e.library().unwrap_or("");
        let reason = e.reason().unwrap_or("");
        let message = format!("error:{:08X}:{}::{}", e.code(), lib, reason);
        let mut code = String::from("ERR_OSSL_");
        if let Some(prefix) = lib_prefix(e.library_code()) {
            code.push_str(prefix);
            code.push('_');
        }
        code.push_str(&reason.to_ascii_uppercase().replace([' ', '-'], "_"));
        CryptoError {
            class: "Error",
            message,
            code: if reason.is_empty() { None } else { Some(code) },
            library: (!lib.is_empty()).then(|| lib.to_string()),
            reason: (!reason.is_empty()).then(|| reason.to_string()),
        }
    }

    /// An OpenSSL-style error Node would report for a check OpenSSL makes
    /// deeper than our call reaches (`lib`/`reason` are OpenSSL's codes).
    pub fn ossl_like(lib: i32, lib_name: &str, reason: i32, reason_text: &str) -> Self {
        let code = ((lib as u32) << 23) | reason as u32;
        let mut c = String::from("ERR_OSSL_");
        if let Some(prefix) = lib_prefix(lib) {
            c.push_str(prefix);
            c.push('_');
        }
        c.push_str(&reason_text.to_ascii_uppercase().replace(' ', "_"));
        CryptoError {
            class: "Error",
            message: format!("error:{code:08X}:{lib_name}::{reason_text}"),
            code: Some(c),
            library: Some(lib_name.into()),
            reason: Some(reason_text.into()),
        }
    }

    /// The current OpenSSL error queue (drained), as `ossl` decorates it.
    pub fn last(fallback: &str) -> Self {
        Self::ossl(&openssl::error::ErrorStack::get(), fallback)
    }
}

/// Node's `OSSL_ERROR_CODES_MAP`: libraries whose name goes into the code.
fn lib_prefix(lib: i32) -> Option<&'static str> {
    Some(match lib {
        2 => "SYS",
        3 => "BN",
        4 => "RSA",
        5 => "DH",
        6 => "EVP",
        7 => "BUF",
        8 => "OBJ",
        9 => "PEM",
        10 => "DSA",
        11 => "X509",
        13 => "ASN1",
        14 => "CONF",
        15 => "CRYPTO",
        16 => "EC",
        20 => "SSL",
        32 => "BIO",
        33 => "PKCS7",
        34 => "X509V3",
        35 => "PKCS12",
        36 => "RAND",
        37 => "DSO",
        38 => "ENGINE",
        39 => "OCSP",
        40 => "UI",
        41 => "COMP",
        42 => "ECDSA",
        43 => "ECDH",
        44 => "OSSL_STORE",
        45 => "FIPS",
        46 => "CMS",
        47 => "TS",
        48 => "HMAC",
        50 => "CT",
        51 => "ASYNC",
        52 => "KDF",
        53 => "SM2",
        128 => "USER",
        _ => return None,
    })
}

impl std::fmt::Display for CryptoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CryptoError {}

impl JsErrorClass for CryptoError {
    fn get_class(&self) -> Cow<'static, str> {
        Cow::Borrowed(self.class)
    }
    fn get_message(&self) -> Cow<'static, str> {
        Cow::Owned(self.message.clone())
    }
    fn get_additional_properties(&self) -> AdditionalProperties {
        let mut props: Vec<(Cow<'static, str>, PropertyValue)> = vec![];
        if let Some(l) = &self.library {
            props.push(("library".into(), PropertyValue::String(l.clone().into())));
        }
        if let Some(r) = &self.reason {
            props.push(("reason".into(), PropertyValue::String(r.clone().into())));
        }
        if let Some(c) = &self.code {
            props.push(("code".into(), PropertyValue::String(c.clone().into())));
        }
        Box::new(props.into_iter())
    }
    fn get_ref(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        self
    }
}

impl From<openssl::error::ErrorStack> for CryptoError {
    fn from(e: openssl::error::ErrorStack) -> Self {
        CryptoError::ossl(&e, "Operation failed")
    }
}

/// Runs `f` on the blocking pool (the async forms of the heavy operations).
pub(crate) async fn off_thread<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, CryptoError> + Send + 'static,
) -> Result<T, CryptoError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| CryptoError::plain(format!("crypto job failed: {e}")))?
}

/// libcrypto functions the `openssl` crate does not wrap (the binary links
/// libcrypto through openssl-sys already).
pub(crate) mod ffi {
    use libc::{c_char, c_int, c_void};
    pub type NameCb = unsafe extern "C" fn(*const c_void, *const c_char, *const c_char, *mut c_void);
    #[repr(C)]
    pub struct EcBuiltinCurve {
        pub nid: c_int,
        pub comment: *const c_char,
    }
    extern "C" {
        pub fn EVP_MD_do_all_sorted(f: NameCb, arg: *mut c_void);
        pub fn EVP_CIPHER_do_all_sorted(f: NameCb, arg: *mut c_void);
        pub fn EVP_CIPHER_get_mode(c: *const c_void) -> c_int;
        pub fn EVP_MD_get_flags(md: *const c_void) -> libc::c_ulong;
        pub fn EC_get_builtin_curves(r: *mut EcBuiltinCurve, nitems: libc::size_t) -> libc::size_t;
        pub fn OBJ_nid2sn(n: c_int) -> *const c_char;
        pub fn OBJ_sn2nid(s: *const c_char) -> c_int;
        pub fn OBJ_ln2nid(s: *const c_char) -> c_int;
        pub fn ERR_clear_error();
    }
}
