//! Symmetric ciphers: Node's `CipherBase` (createCipheriv/createDecipheriv,
//! including the AEAD modes) and `getCipherInfo`.

use super::digest::nid_of;
use super::{ffi, CryptoError};
use deno_core::{op2, GarbageCollected, OpDecl};
use openssl::cipher::{Cipher, CipherRef};
use openssl::cipher_ctx::{CipherCtx, CipherCtxFlags};
use openssl::nid::Nid;
use serde::Serialize;
use std::cell::RefCell;
use std::ffi::CStr;

pub fn ops() -> Vec<OpDecl> {
    vec![
        op_crypto_cipher_new(),
        op_crypto_cipher_update(),
        op_crypto_cipher_final(),
        op_crypto_cipher_set_auto_padding(),
        op_crypto_cipher_get_auth_tag(),
        op_crypto_cipher_set_auth_tag(),
        op_crypto_cipher_set_aad(),
        op_crypto_cipher_info(),
        op_crypto_bytes_to_key(),
        op_crypto_aes_async(),
    ]
}

const MODE_STREAM: i32 = 0;
const MODE_ECB: i32 = 1;
const MODE_CBC: i32 = 2;
const MODE_CFB: i32 = 3;
const MODE_OFB: i32 = 4;
const MODE_CTR: i32 = 5;
const MODE_GCM: i32 = 6;
const MODE_CCM: i32 = 7;
const MODE_XTS: i32 = 0x10001;
const MODE_WRAP: i32 = 0x10002;
const MODE_OCB: i32 = 0x10003;

/// `EVP_CIPHER_get_mode`; `&CipherRef` is the `EVP_CIPHER*` itself.
fn mode_of(c: &CipherRef) -> i32 {
    unsafe { ffi::EVP_CIPHER_get_mode(c as *const CipherRef as *const libc::c_void) }
}

fn is_aead(c: &CipherRef) -> bool {
    let m = mode_of(c);
    m == MODE_GCM || m == MODE_CCM || m == MODE_OCB || c.nid() == Nid::CHACHA20_POLY1305
}

fn valid_gcm_tag_len(n: usize) -> bool {
    n == 4 || n == 8 || (12..=16).contains(&n)
}

fn invalid_auth_tag(msg: String) -> CryptoError {
    CryptoError::node("TypeError", "ERR_CRYPTO_INVALID_AUTH_TAG", msg)
}

#[derive(PartialEq)]
enum TagState {
    Unknown,
    Known,
    Passed,
}

struct CipherState {
    ctx: Option<CipherCtx>,
    encrypt: bool,
    mode: i32,
    aead: bool,
    auth_tag_len: Option<usize>,
    auth_tag: Vec<u8>,
    tag_state: TagState,
    pending_auth_failed: bool,
    max_message_size: usize,
}

/// Node's `CipherBase`.
pub struct CipherHandle {
    state: RefCell<CipherState>,
}

unsafe impl GarbageCollected for CipherHandle {
    fn trace(&self, _: &mut deno_core::v8::cppgc::Visitor) {}
    fn get_name(&self) -> &'static CStr {
        c"CipherBase"
    }
}

pub(crate) fn fetch_cipher(name: &str) -> Option<Cipher> {
    let c = Cipher::fetch(None, name, None).ok();
    unsafe { ffi::ERR_clear_error() };
    c
}

/// `initiv(cipher, key, iv, authTagLength)`; `iv` is `None` for a null IV and
/// `auth_tag_len` is -1 when not given.
#[op2]
#[cppgc]
fn op_crypto_cipher_new(
    encrypt: bool,
    #[string] name: &str,
    #[buffer] key: &[u8],
    #[buffer] iv: Option<&[u8]>,
    auth_tag_len: i32,
) -> Result<CipherHandle, CryptoError> {
    let cipher = fetch_cipher(name).ok_or_else(|| CryptoError::node("Error", "ERR_CRYPTO_UNKNOWN_CIPHER", "Unknown cipher"))?;
    let invalid_iv = || CryptoError::node("TypeError", "ERR_CRYPTO_INVALID_IV", "Invalid initialization vector");
    let expected_iv = cipher.iv_length();
    let aead = is_aead(&cipher);
    let iv = iv.unwrap_or(&[]);
    if iv.is_empty() && expected_iv != 0 {
        return Err(invalid_iv());
    }
    if !aead && !iv.is_empty() && iv.len() != expected_iv {
        return Err(invalid_iv());
    }
    if cipher.nid() == Nid::CHACHA20_POLY1305 && iv.len() > 12 {
        return Err(invalid_iv());
    }
    let mode = mode_of(&cipher);
    let mut ctx = CipherCtx::new()?;
    if mode == MODE_WRAP {
        ctx.set_flags(CipherCtxFlags::FLAG_WRAP_ALLOW);
    }
    let init = |ctx: &mut CipherCtx, c: Option<&CipherRef>, k: Option<&[u8]>, v: Option<&[u8]>| {
        if encrypt { ctx.encrypt_init(c, k, v) } else { ctx.decrypt_init(c, k, v) }
    };
    init(&mut ctx, Some(&cipher), None, None).map_err(|e| CryptoError::ossl(&e, "Failed to initialize cipher"))?;
    let mut tag_len = None;
    let mut max_message_size = i32::MAX as usize;
    if aead {
        if ctx.set_iv_length(iv.len()).is_err() {
            return Err(invalid_iv());
        }
        if mode == MODE_GCM {
            if auth_tag_len >= 0 {
                if !valid_gcm_tag_len(auth_tag_len as usize) {
                    return Err(invalid_auth_tag(format!("Invalid authentication tag length: {auth_tag_len}")));
                }
                tag_len = Some(auth_tag_len as usize);
            }
        } else {
            let len = if auth_tag_len >= 0 {
                auth_tag_len as usize
            } else if cipher.nid() == Nid::CHACHA20_POLY1305 {
                16
            } else {
                return Err(invalid_auth_tag(format!("authTagLength required for {name}")));
            };
            if ctx.set_tag_length(len).is_err() {
                unsafe { ffi::ERR_clear_error() };
                return Err(invalid_auth_tag(format!("Invalid authentication tag length: {len}")));
            }
            tag_len = Some(len);
            if mode == MODE_CCM {
                max_message_size = match iv.len() {
                    12 => 16777215,
                    13 => 65535,
                    _ => i32::MAX as usize,
                };
            }
        }
    }
    if ctx.set_key_length(key.len()).is_err() || ctx.key_length() != key.len() {
        unsafe { ffi::ERR_clear_error() };
        return Err(CryptoError::node("RangeError", "ERR_CRYPTO_INVALID_KEYLEN", "Invalid key length"));
    }
    if iv.len() < ctx.iv_length() {
        return Err(invalid_iv());
    }
    init(&mut ctx, None, Some(key), if iv.is_empty() { None } else { Some(iv) })
        .map_err(|e| CryptoError::ossl(&e, "Failed to initialize cipher"))?;
    Ok(CipherHandle {
        state: RefCell::new(CipherState {
            ctx: Some(ctx),
            encrypt,
            mode,
            aead,
            auth_tag_len: tag_len,
            auth_tag: vec![],
            tag_state: TagState::Unknown,
            pending_auth_failed: false,
            max_message_size,
        }),
    })
}

impl CipherState {
    fn pass_tag(&mut self) -> bool {
        if self.tag_state == TagState::Known {
            let tag = self.auth_tag.clone();
            if let Some(ctx) = self.ctx.as_mut() {
                if ctx.set_tag(&tag).is_err() {
                    return false;
                }
            }
            self.tag_state = TagState::Passed;
        }
        true
    }

    fn check_ccm_len(&self, len: usize) -> Result<(), CryptoError> {
        if len > self.max_message_size {
            return Err(CryptoError::node("RangeError", "ERR_CRYPTO_INVALID_MESSAGELEN", "Invalid message length"));
        }
        Ok(())
    }
}

#[op2]
#[buffer]
fn op_crypto_cipher_update(#[cppgc] h: &CipherHandle, #[buffer] data: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let mut st = h.state.borrow_mut();
    if st.ctx.is_none() {
        return Err(CryptoError::node("Error", "ERR_CRYPTO_INVALID_STATE", "Trying to add data in unsupported state"));
    }
    if st.mode == MODE_CCM {
        st.check_ccm_len(data.len())?;
    }
    // OpenSSL counts the output in an int: input plus a block must fit.
    if data.len() > i32::MAX as usize - st.ctx.as_ref().map_or(0, |c| c.block_size()) {
        return Err(CryptoError::node("RangeError", "ERR_OUT_OF_RANGE", "Data is too long for one update() call"));
    }
    if !st.encrypt && st.aead {
        st.pass_tag();
    }
    let (encrypt, mode) = (st.encrypt, st.mode);
    let ctx = st.ctx.as_mut().unwrap();
    let mut out = Vec::with_capacity(data.len() + ctx.block_size() + 8);
    match ctx.cipher_update_vec(data, &mut out) {
        Ok(_) => Ok(out),
        Err(_) if !encrypt && mode == MODE_CCM => {
            // A wrong CCM tag fails here; Node reports it from final().
            st.pending_auth_failed = true;
            unsafe { ffi::ERR_clear_error() };
            Ok(out)
        }
        Err(e) => Err(CryptoError::ossl(&e, "Trying to add data in unsupported state")),
    }
}

#[op2]
#[buffer]
fn op_crypto_cipher_final(#[cppgc] h: &CipherHandle) -> Result<Vec<u8>, CryptoError> {
    let mut st = h.state.borrow_mut();
    if st.ctx.is_none() {
        return Err(CryptoError::node("Error", "ERR_CRYPTO_INVALID_STATE", "Invalid state"));
    }
    if !st.encrypt && st.aead {
        st.pass_tag();
    }
    let fail_msg = if st.aead { "Unsupported state or unable to authenticate data" } else { "Unsupported state" };
    let mut out = Vec::new();
    let mut ctx = st.ctx.take().unwrap();
    if !st.encrypt && st.mode == MODE_CCM {
        if st.pending_auth_failed {
            return Err(CryptoError::plain(fail_msg));
        }
        return Ok(out);
    }
    if !st.encrypt && st.aead && st.tag_state == TagState::Unknown && st.mode == MODE_GCM {
        // OpenSSL would compare against an unset tag; Node fails the same way.
        unsafe { ffi::ERR_clear_error() };
        return Err(CryptoError::plain(fail_msg));
    }
    out.reserve(ctx.block_size() + 16);
    if let Err(e) = ctx.cipher_final_vec(&mut out) {
        return Err(CryptoError::ossl(&e, fail_msg));
    }
    if st.encrypt && st.aead {
        let len = st.auth_tag_len.unwrap_or(16);
        st.auth_tag_len = Some(len);
        let mut tag = vec![0u8; len];
        ctx.tag(&mut tag).map_err(|e| CryptoError::ossl(&e, fail_msg))?;
        st.auth_tag = tag;
    }
    Ok(out)
}

#[op2(fast)]
fn op_crypto_cipher_set_auto_padding(#[cppgc] h: &CipherHandle, pad: bool) -> bool {
    match h.state.borrow_mut().ctx.as_mut() {
        Some(ctx) => {
            ctx.set_padding(pad);
            true
        }
        None => false,
    }
}

/// The tag after `final()` of an encrypting AEAD cipher, else `None`.
#[op2]
#[buffer]
fn op_crypto_cipher_get_auth_tag(#[cppgc] h: &CipherHandle) -> Option<Vec<u8>> {
    let st = h.state.borrow();
    if st.ctx.is_some() || !st.encrypt || st.auth_tag_len.is_none() || !st.aead {
        return None;
    }
    Some(st.auth_tag.clone())
}

#[op2(fast)]
fn op_crypto_cipher_set_auth_tag(#[cppgc] h: &CipherHandle, #[buffer] tag: &[u8]) -> Result<bool, CryptoError> {
    let mut st = h.state.borrow_mut();
    if st.ctx.is_none() || !st.aead || st.encrypt || st.tag_state != TagState::Unknown {
        return Ok(false);
    }
    let len = tag.len();
    let valid = if st.mode == MODE_GCM {
        st.auth_tag_len.is_none_or(|l| l == len) && valid_gcm_tag_len(len)
    } else {
        st.auth_tag_len == Some(len)
    };
    if !valid {
        return Err(invalid_auth_tag(format!("Invalid authentication tag length: {len}")));
    }
    st.auth_tag_len = Some(len);
    st.auth_tag = tag.to_vec();
    st.tag_state = TagState::Known;
    Ok(true)
}

#[op2(fast)]
fn op_crypto_cipher_set_aad(#[cppgc] h: &CipherHandle, #[buffer] aad: &[u8], plaintext_len: i32) -> Result<bool, CryptoError> {
    let mut st = h.state.borrow_mut();
    if st.ctx.is_none() || !st.aead {
        return Ok(false);
    }
    if st.mode == MODE_CCM {
        if plaintext_len < 0 {
            return Err(CryptoError::node("TypeError", "ERR_MISSING_ARGS", "options.plaintextLength required for CCM mode with AAD"));
        }
        st.check_ccm_len(plaintext_len as usize)?;
        if !st.encrypt && !st.pass_tag() {
            return Ok(false);
        }
        if st.ctx.as_mut().unwrap().set_data_len(plaintext_len as usize).is_err() {
            return Ok(false);
        }
    }
    Ok(st.ctx.as_mut().unwrap().cipher_update(aad, None).is_ok())
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CipherInfo {
    mode: &'static str,
    name: String,
    nid: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    block_size: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    iv_length: Option<usize>,
    key_length: usize,
}

fn mode_name(m: i32) -> &'static str {
    match m {
        MODE_CBC => "cbc",
        MODE_CCM => "ccm",
        MODE_CFB => "cfb",
        MODE_CTR => "ctr",
        MODE_ECB => "ecb",
        MODE_GCM => "gcm",
        MODE_OCB => "ocb",
        MODE_OFB => "ofb",
        MODE_STREAM => "stream",
        MODE_WRAP => "wrap",
        MODE_XTS => "xts",
        _ => "",
    }
}

/// `getCipherInfo(nameOrNid, {keyLength, ivLength})`: `name` is empty when a
/// nid was given; -1 lengths were not given.
#[op2]
#[serde]
fn op_crypto_cipher_info(#[string] name: &str, nid: i32, key_len: i32, iv_len: i32) -> Option<CipherInfo> {
    let nid = if name.is_empty() { nid } else { nid_of(name) };
    let by_nid = if nid != 0 { Cipher::from_nid(Nid::from_raw(nid)) } else { None };
    let fetched;
    let cipher: &CipherRef = match by_nid {
        Some(c) => c,
        None => {
            if name.is_empty() {
                return None;
            }
            fetched = fetch_cipher(name)?;
            &fetched
        }
    };
    let mode = mode_of(cipher);
    if key_len >= 0 || iv_len >= 0 {
        let mut ctx = CipherCtx::new().ok()?;
        let ok = ctx.encrypt_init(Some(cipher), None, None).is_ok();
        if key_len >= 0 && (!ok || ctx.set_key_length(key_len as usize).is_err()) {
            unsafe { ffi::ERR_clear_error() };
            return None;
        }
        if iv_len >= 0 {
            if mode == MODE_CCM || mode == MODE_GCM || mode == MODE_OCB {
                if !ok || ctx.set_iv_length(iv_len as usize).is_err() {
                    unsafe { ffi::ERR_clear_error() };
                    return None;
                }
            } else if iv_len as usize != cipher.iv_length() {
                return None;
            }
        }
    }
    let nid = cipher.nid().as_raw();
    let sn = unsafe { ffi::OBJ_nid2sn(nid) };
    let name = if sn.is_null() { String::new() } else { unsafe { CStr::from_ptr(sn) }.to_string_lossy().into_owned() };
    let iv = if iv_len >= 0 { iv_len as usize } else { cipher.iv_length() };
    Some(CipherInfo {
        mode: mode_name(mode),
        name,
        nid,
        block_size: (mode != MODE_STREAM).then(|| cipher.block_size()),
        iv_length: (iv != 0).then_some(iv),
        key_length: if key_len >= 0 { key_len as usize } else { cipher.key_length() },
    })
}

/// EVP_BytesToKey with MD5 and one iteration (legacy createCipher).
#[op2]
#[serde]
fn op_crypto_bytes_to_key(#[string] name: &str, #[buffer] password: &[u8]) -> Result<Vec<Vec<u8>>, CryptoError> {
    let nid = nid_of(name);
    let cipher = openssl::symm::Cipher::from_nid(Nid::from_raw(nid))
        .ok_or_else(|| CryptoError::node("Error", "ERR_CRYPTO_UNKNOWN_CIPHER", "Unknown cipher"))?;
    let kiv = openssl::pkcs5::bytes_to_key(cipher, openssl::hash::MessageDigest::md5(), password, None, 1)?;
    Ok(vec![kiv.key, kiv.iv.unwrap_or_default()])
}

/// One WebCrypto AES operation (AESCipherJob): `tag` is the tag to check when
/// decrypting GCM, `tag_len` the tag bytes to append when encrypting.
fn aes_oneshot(name: &str, encrypt: bool, key: &[u8], iv: &[u8], data: &[u8], aad: &[u8], tag: &[u8], tag_len: usize) -> Result<Vec<u8>, CryptoError> {
    let cipher = fetch_cipher(name).ok_or_else(|| CryptoError::node("Error", "ERR_CRYPTO_UNKNOWN_CIPHER", "Unknown cipher"))?;
    let mode = mode_of(&cipher);
    let mut ctx = CipherCtx::new()?;
    if mode == MODE_WRAP {
        ctx.set_flags(CipherCtxFlags::FLAG_WRAP_ALLOW);
    }
    let init = |ctx: &mut CipherCtx, c: Option<&CipherRef>, k: Option<&[u8]>, v: Option<&[u8]>| {
        if encrypt { ctx.encrypt_init(c, k, v) } else { ctx.decrypt_init(c, k, v) }
    };
    init(&mut ctx, Some(&cipher), None, None)?;
    if mode == MODE_GCM {
        ctx.set_iv_length(iv.len())?;
    }
    // AES-KW without an IV uses RFC 3394's default one.
    let no_iv = ctx.iv_length() == 0 || (mode == MODE_WRAP && iv.is_empty());
    if key.len() != ctx.key_length() || (!no_iv && iv.len() < ctx.iv_length()) {
        return Err(CryptoError::plain("Invalid key or iv length"));
    }
    init(&mut ctx, None, Some(key), if no_iv { None } else { Some(iv) })?;
    if mode == MODE_GCM {
        if !encrypt {
            ctx.set_tag(tag)?;
        }
        if !aad.is_empty() {
            ctx.cipher_update(aad, None)?;
        }
    }
    let mut out = Vec::with_capacity(data.len() + 32);
    ctx.cipher_update_vec(data, &mut out)?;
    ctx.cipher_final_vec(&mut out)?;
    if mode == MODE_GCM && encrypt {
        let mut t = vec![0u8; tag_len];
        ctx.tag(&mut t)?;
        out.extend(t);
    }
    Ok(out)
}

#[op2]
#[buffer]
#[allow(clippy::too_many_arguments)]
async fn op_crypto_aes_async(
    #[string] name: String,
    encrypt: bool,
    #[buffer(copy)] key: Vec<u8>,
    #[buffer(copy)] iv: Vec<u8>,
    #[buffer(copy)] data: Vec<u8>,
    #[buffer(copy)] aad: Vec<u8>,
    #[buffer(copy)] tag: Vec<u8>,
    tag_len: u32,
) -> Result<Vec<u8>, CryptoError> {
    super::off_thread(move || aes_oneshot(&name, encrypt, &key, &iv, &data, &aad, &tag, tag_len as usize)).await
}
