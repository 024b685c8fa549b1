//! Hashes, HMAC, randomness, primes and the algorithm lists (`getHashes`,
//! `getCiphers`, `getCurves`).

use super::{ffi, off_thread, CryptoError};
use deno_core::{op2, GarbageCollected, OpDecl};
use openssl::bn::{BigNum, BigNumContext};
use openssl::hash::{Hasher, MessageDigest};
use std::cell::RefCell;
use std::ffi::{CStr, CString};

pub fn ops() -> Vec<OpDecl> {
    vec![
        op_crypto_hash_new(),
        op_crypto_hash_copy(),
        op_crypto_hash_update(),
        op_crypto_hash_digest(),
        op_crypto_hash_oneshot(),
        op_crypto_hash_async(),
        op_crypto_hmac_new(),
        op_crypto_hmac_update(),
        op_crypto_hmac_digest(),
        op_crypto_hmac_oneshot(),
        op_crypto_digest_info(),
        op_crypto_random_fill(),
        op_crypto_random_bytes_async(),
        op_crypto_timing_safe_equal(),
        op_crypto_check_prime(),
        op_crypto_check_prime_async(),
        op_crypto_generate_prime(),
        op_crypto_generate_prime_async(),
        op_crypto_get_hashes(),
        op_crypto_get_ciphers(),
        op_crypto_get_curves(),
        op_crypto_sec_level(),
    ]
}

const EVP_MD_FLAG_XOF: libc::c_ulong = 0x2;

/// The digest named `name` (OpenSSL names and aliases, any case).
pub(crate) fn digest_by_name(name: &str) -> Option<MessageDigest> {
    // OpenSSL 1.0's name for SHA-1 with DSA, which Node still accepts.
    if name.eq_ignore_ascii_case("dss1") {
        return Some(MessageDigest::sha1());
    }
    let md = MessageDigest::from_name(name).or_else(|| MessageDigest::from_name(&name.to_ascii_lowercase()))?;
    // A name OpenSSL knows but no provider implements (md4 without the legacy
    // provider) fails at init: report it as unknown, as Node does.
    Hasher::new(md).ok()?;
    Some(md)
}

pub(crate) fn is_xof(md: MessageDigest) -> bool {
    unsafe { ffi::EVP_MD_get_flags(md.as_ptr() as *const _) & EVP_MD_FLAG_XOF != 0 }
}

fn not_xof_error() -> CryptoError {
    // What EVP_DigestFinalXOF reports; Node raises it at createHash() time.
    CryptoError {
        class: "Error",
        message: "error:030000B2:digital envelope routines::not XOF or invalid length".into(),
        code: Some("ERR_OSSL_EVP_NOT_XOF_OR_INVALID_LENGTH".into()),
        library: Some("digital envelope routines".into()),
        reason: Some("not XOF or invalid length".into()),
    }
}

/// A running hash (`internalBinding('crypto').Hash`).
pub struct HashHandle {
    state: RefCell<HashState>,
}

struct HashState {
    hasher: Option<Hasher>,
    md: MessageDigest,
    out_len: usize,
    xof: bool,
}

unsafe impl GarbageCollected for HashHandle {
    fn trace(&self, _: &mut deno_core::v8::cppgc::Visitor) {}
    fn get_name(&self) -> &'static CStr {
        c"Hash"
    }
}

fn resolve_len(md: MessageDigest, xof_len: i32) -> Result<(usize, bool), CryptoError> {
    let xof = is_xof(md);
    if xof_len >= 0 && xof_len as usize != md.size() {
        if !xof {
            return Err(not_xof_error());
        }
        return Ok((xof_len as usize, true));
    }
    Ok((md.size(), xof && xof_len >= 0))
}

/// `new Hash(algorithm, outputLength)`; `xof_len` is -1 when not given.
#[op2]
#[cppgc]
fn op_crypto_hash_new(#[string] algorithm: &str, xof_len: i32) -> Result<HashHandle, CryptoError> {
    let md = digest_by_name(algorithm).ok_or_else(|| CryptoError::plain("Digest method not supported"))?;
    let (out_len, xof) = resolve_len(md, xof_len)?;
    let hasher = Hasher::new(md).map_err(|e| CryptoError::ossl(&e, "Digest method not supported"))?;
    Ok(HashHandle { state: RefCell::new(HashState { hasher: Some(hasher), md, out_len, xof }) })
}

/// `hash.copy()`: an independent hash with the same state.
#[op2]
#[cppgc]
fn op_crypto_hash_copy(#[cppgc] h: &HashHandle, xof_len: i32) -> Result<HashHandle, CryptoError> {
    let st = h.state.borrow();
    let hasher = st.hasher.clone().ok_or_else(|| CryptoError::node("Error", "ERR_CRYPTO_HASH_FINALIZED", "Digest already called"))?;
    let (out_len, xof) = if xof_len >= 0 { resolve_len(st.md, xof_len)? } else { (st.out_len, st.xof) };
    Ok(HashHandle { state: RefCell::new(HashState { hasher: Some(hasher), md: st.md, out_len, xof }) })
}

#[op2(fast)]
fn op_crypto_hash_update(#[cppgc] h: &HashHandle, #[buffer] data: &[u8]) -> bool {
    let mut st = h.state.borrow_mut();
    match st.hasher.as_mut() {
        Some(hasher) => hasher.update(data).is_ok(),
        None => false,
    }
}

fn finish(hasher: &mut Hasher, out_len: usize, xof: bool) -> Result<Vec<u8>, CryptoError> {
    if xof {
        let mut out = vec![0u8; out_len];
        if out_len > 0 {
            hasher.finish_xof(&mut out)?;
        }
        Ok(out)
    } else {
        Ok(hasher.finish()?.to_vec())
    }
}

#[op2]
#[buffer]
fn op_crypto_hash_digest(#[cppgc] h: &HashHandle) -> Result<Vec<u8>, CryptoError> {
    let mut st = h.state.borrow_mut();
    let (out_len, xof) = (st.out_len, st.xof);
    let Some(mut hasher) = st.hasher.take() else {
        return Ok(Vec::new());
    };
    finish(&mut hasher, out_len, xof)
}

fn oneshot(algorithm: &str, xof_len: i32, data: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let md = digest_by_name(algorithm).ok_or_else(|| CryptoError::plain("Digest method not supported"))?;
    let (out_len, xof) = resolve_len(md, xof_len)?;
    let mut hasher = Hasher::new(md)?;
    hasher.update(data)?;
    finish(&mut hasher, out_len, xof)
}

/// `crypto.hash()`: digest of one buffer.
#[op2]
#[buffer]
fn op_crypto_hash_oneshot(#[string] algorithm: &str, xof_len: i32, #[buffer] data: &[u8]) -> Result<Vec<u8>, CryptoError> {
    oneshot(algorithm, xof_len, data).map_err(|e| {
        if e.reason.as_deref() == Some("not XOF or invalid length") {
            // crypto.hash() words this one itself.
            return CryptoError::plain(format!("Output length {xof_len} is invalid for {algorithm}, which does not support XOF"));
        }
        e
    })
}

/// `HashJob` (subtle.digest): the digest computed on the blocking pool.
#[op2]
#[buffer]
async fn op_crypto_hash_async(#[string] algorithm: String, xof_len: i32, #[buffer(copy)] data: Vec<u8>) -> Result<Vec<u8>, CryptoError> {
    off_thread(move || oneshot(&algorithm, xof_len, &data)).await
}

/// `[block size, digest size, xof]` of a digest, or `None` when unknown.
#[op2]
#[serde]
fn op_crypto_digest_info(#[string] algorithm: &str) -> Option<Vec<u32>> {
    let md = digest_by_name(algorithm)?;
    Some(vec![md.block_size() as u32, md.size() as u32, is_xof(md) as u32])
}

/// HMAC over two `Hasher`s (RFC 2104), which keeps the state clonable and
/// needs nothing the `openssl` crate does not wrap.
pub(crate) struct Hmac {
    inner: Hasher,
    outer: Hasher,
}

impl Hmac {
    pub(crate) fn new(md: MessageDigest, key: &[u8]) -> Result<Hmac, CryptoError> {
        let block = md.block_size().max(1);
        let mut k = if key.len() > block { openssl::hash::hash(md, key)?.to_vec() } else { key.to_vec() };
        k.resize(block, 0);
        let ipad: Vec<u8> = k.iter().map(|b| b ^ 0x36).collect();
        let opad: Vec<u8> = k.iter().map(|b| b ^ 0x5c).collect();
        let mut inner = Hasher::new(md)?;
        inner.update(&ipad)?;
        let mut outer = Hasher::new(md)?;
        outer.update(&opad)?;
        Ok(Hmac { inner, outer })
    }

    pub(crate) fn update(&mut self, data: &[u8]) -> Result<(), CryptoError> {
        Ok(self.inner.update(data)?)
    }

    pub(crate) fn finish(mut self) -> Result<Vec<u8>, CryptoError> {
        let h = self.inner.finish()?;
        self.outer.update(&h)?;
        Ok(self.outer.finish()?.to_vec())
    }
}

/// The digest for an HMAC, with Node's `Invalid digest` error.
pub(crate) fn hmac_digest(name: &str) -> Result<MessageDigest, CryptoError> {
    match digest_by_name(name) {
        Some(md) if !is_xof(md) => Ok(md),
        _ => Err(CryptoError::node("TypeError", "ERR_CRYPTO_INVALID_DIGEST", format!("Invalid digest: {name}"))),
    }
}

/// A running HMAC (`internalBinding('crypto').Hmac`).
pub struct HmacHandle {
    state: RefCell<Option<Hmac>>,
}

unsafe impl GarbageCollected for HmacHandle {
    fn trace(&self, _: &mut deno_core::v8::cppgc::Visitor) {}
    fn get_name(&self) -> &'static CStr {
        c"Hmac"
    }
}

#[op2]
#[cppgc]
fn op_crypto_hmac_new(#[string] algorithm: &str, #[buffer] key: &[u8]) -> Result<HmacHandle, CryptoError> {
    let md = hmac_digest(algorithm)?;
    Ok(HmacHandle { state: RefCell::new(Some(Hmac::new(md, key)?)) })
}

#[op2(fast)]
fn op_crypto_hmac_update(#[cppgc] h: &HmacHandle, #[buffer] data: &[u8]) -> bool {
    match h.state.borrow_mut().as_mut() {
        Some(m) => m.update(data).is_ok(),
        None => false,
    }
}

#[op2]
#[buffer]
fn op_crypto_hmac_digest(#[cppgc] h: &HmacHandle) -> Result<Vec<u8>, CryptoError> {
    match h.state.borrow_mut().take() {
        Some(m) => m.finish(),
        None => Ok(Vec::new()),
    }
}

/// One-shot HMAC (the HmacJob of WebCrypto sign/verify), off the event loop.
#[op2]
#[buffer]
async fn op_crypto_hmac_oneshot(#[string] algorithm: String, #[buffer(copy)] key: Vec<u8>, #[buffer(copy)] data: Vec<u8>) -> Result<Vec<u8>, CryptoError> {
    off_thread(move || {
        let mut m = Hmac::new(hmac_digest(&algorithm)?, &key)?;
        m.update(&data)?;
        m.finish()
    })
    .await
}

#[op2(fast)]
fn op_crypto_random_fill(#[buffer] buf: &mut [u8]) -> Result<(), CryptoError> {
    // OpenSSL's RAND_bytes takes an int length; fill in chunks.
    for chunk in buf.chunks_mut(1 << 30) {
        openssl::rand::rand_bytes(chunk)?;
    }
    Ok(())
}

#[op2]
#[buffer]
async fn op_crypto_random_bytes_async(#[number] size: usize) -> Result<Vec<u8>, CryptoError> {
    off_thread(move || {
        let mut v = vec![0u8; size];
        for chunk in v.chunks_mut(1 << 30) {
            openssl::rand::rand_bytes(chunk)?;
        }
        Ok(v)
    })
    .await
}

#[op2(fast)]
fn op_crypto_timing_safe_equal(#[buffer] a: &[u8], #[buffer] b: &[u8]) -> bool {
    a.len() == b.len() && openssl::memcmp::eq(a, b)
}

fn check_prime(candidate: &[u8], checks: i32) -> Result<bool, CryptoError> {
    let n = BigNum::from_slice(candidate)?;
    let mut ctx = BigNumContext::new()?;
    Ok(n.is_prime(checks.max(0), &mut ctx)?)
}

#[op2(fast)]
fn op_crypto_check_prime(#[buffer] candidate: &[u8], checks: i32) -> Result<bool, CryptoError> {
    check_prime(candidate, checks)
}

#[op2]
async fn op_crypto_check_prime_async(#[buffer(copy)] candidate: Vec<u8>, checks: i32) -> Result<bool, CryptoError> {
    off_thread(move || check_prime(&candidate, checks)).await
}

fn generate_prime(bits: i32, safe: bool, add: Option<Vec<u8>>, rem: Option<Vec<u8>>) -> Result<Vec<u8>, CryptoError> {
    let add = add.map(|a| BigNum::from_slice(&a)).transpose()?;
    let rem = rem.map(|r| BigNum::from_slice(&r)).transpose()?;
    if let Some(a) = &add {
        // OpenSSL requires add > rem and enough bits to satisfy them.
        if a.num_bits() > bits {
            return Err(CryptoError::node("RangeError", "ERR_OUT_OF_RANGE", "invalid options.add"));
        }
        if let Some(r) = &rem {
            if a <= r {
                return Err(CryptoError::node("RangeError", "ERR_OUT_OF_RANGE", "invalid options.rem"));
            }
        }
    }
    let mut p = BigNum::new()?;
    p.generate_prime(bits, safe, add.as_deref(), rem.as_deref())
        .map_err(|e| CryptoError::ossl(&e, "Prime generation failed"))?;
    Ok(p.to_vec())
}

#[op2]
#[buffer]
fn op_crypto_generate_prime(bits: i32, safe: bool, #[buffer(copy)] add: Option<Vec<u8>>, #[buffer(copy)] rem: Option<Vec<u8>>) -> Result<Vec<u8>, CryptoError> {
    generate_prime(bits, safe, add, rem)
}

#[op2]
#[buffer]
async fn op_crypto_generate_prime_async(bits: i32, safe: bool, #[buffer(copy)] add: Option<Vec<u8>>, #[buffer(copy)] rem: Option<Vec<u8>>) -> Result<Vec<u8>, CryptoError> {
    off_thread(move || generate_prime(bits, safe, add, rem)).await
}

unsafe extern "C" fn collect_name(_obj: *const libc::c_void, from: *const libc::c_char, _to: *const libc::c_char, arg: *mut libc::c_void) {
    if from.is_null() {
        return;
    }
    let out = &mut *(arg as *mut Vec<String>);
    out.push(CStr::from_ptr(from).to_string_lossy().into_owned());
}

/// Every digest name (and alias) OpenSSL lists that can be used.
#[op2]
#[serde]
fn op_crypto_get_hashes() -> Vec<String> {
    let mut names: Vec<String> = vec![];
    unsafe { ffi::EVP_MD_do_all_sorted(collect_name, &mut names as *mut _ as *mut libc::c_void) };
    names.retain(|n| digest_by_name(n).is_some());
    names.sort();
    names.dedup();
    unsafe { ffi::ERR_clear_error() };
    names
}

/// Every cipher name (and alias) OpenSSL lists that can be fetched.
#[op2]
#[serde]
fn op_crypto_get_ciphers() -> Vec<String> {
    let mut names: Vec<String> = vec![];
    unsafe { ffi::EVP_CIPHER_do_all_sorted(collect_name, &mut names as *mut _ as *mut libc::c_void) };
    names.retain(|n| openssl::cipher::Cipher::fetch(None, n, None).is_ok());
    let mut names: Vec<String> = names.into_iter().map(|n| n.to_ascii_lowercase()).collect();
    names.sort();
    names.dedup();
    unsafe { ffi::ERR_clear_error() };
    names
}

/// The security level of a new default TLS context (Node's
/// `getOpenSSLSecLevelCrypto`), -1 if none can be made.
#[op2(fast)]
fn op_crypto_sec_level() -> i32 {
    openssl::ssl::SslContext::builder(openssl::ssl::SslMethod::tls())
        .map(|b| b.build().security_level() as i32)
        .unwrap_or(-1)
}

/// The built-in elliptic curves' short names.
#[op2]
#[serde]
fn op_crypto_get_curves() -> Vec<String> {
    let n = unsafe { ffi::EC_get_builtin_curves(std::ptr::null_mut(), 0) };
    let mut curves: Vec<ffi::EcBuiltinCurve> = (0..n).map(|_| ffi::EcBuiltinCurve { nid: 0, comment: std::ptr::null() }).collect();
    unsafe { ffi::EC_get_builtin_curves(curves.as_mut_ptr(), n) };
    let mut names: Vec<String> = curves
        .iter()
        .filter_map(|c| {
            let sn = unsafe { ffi::OBJ_nid2sn(c.nid) };
            (!sn.is_null()).then(|| unsafe { CStr::from_ptr(sn) }.to_string_lossy().into_owned())
        })
        .collect();
    names.sort();
    names
}

/// The NID of a short or long object name (0 when unknown).
pub(crate) fn nid_of(name: &str) -> i32 {
    let Ok(c) = CString::new(name) else { return 0 };
    let n = unsafe { ffi::OBJ_sn2nid(c.as_ptr()) };
    if n != 0 {
        return n;
    }
    unsafe { ffi::OBJ_ln2nid(c.as_ptr()) }
}
