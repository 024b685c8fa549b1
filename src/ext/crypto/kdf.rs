//! Key derivation: PBKDF2, scrypt and HKDF, each sync and off-thread.

use super::digest::hmac_digest;
use super::{off_thread, CryptoError};
use deno_core::{op2, OpDecl};
use openssl::md::Md;
use openssl::pkey::Id;
use openssl::pkey_ctx::PkeyCtx;

pub fn ops() -> Vec<OpDecl> {
    vec![
        op_crypto_pbkdf2(),
        op_crypto_pbkdf2_async(),
        op_crypto_scrypt_check(),
        op_crypto_scrypt(),
        op_crypto_scrypt_async(),
        op_crypto_hkdf_check(),
        op_crypto_hkdf(),
        op_crypto_hkdf_async(),
    ]
}

fn pbkdf2(password: &[u8], salt: &[u8], iterations: u32, keylen: usize, digest: &str) -> Result<Vec<u8>, CryptoError> {
    let md = hmac_digest(digest)?;
    let mut out = vec![0u8; keylen];
    openssl::pkcs5::pbkdf2_hmac(password, salt, iterations as usize, md, &mut out)
        .map_err(|_| CryptoError::node("Error", "ERR_CRYPTO_PBKDF2_ERROR", "PBKDF2 error"))?;
    Ok(out)
}

#[op2]
#[buffer]
fn op_crypto_pbkdf2(#[buffer] password: &[u8], #[buffer] salt: &[u8], iterations: u32, #[number] keylen: usize, #[string] digest: &str) -> Result<Vec<u8>, CryptoError> {
    pbkdf2(password, salt, iterations, keylen, digest)
}

#[op2]
#[buffer]
async fn op_crypto_pbkdf2_async(#[buffer(copy)] password: Vec<u8>, #[buffer(copy)] salt: Vec<u8>, iterations: u32, #[number] keylen: usize, #[string] digest: String) -> Result<Vec<u8>, CryptoError> {
    // The digest is checked before the job is queued (Node throws it from the
    // job's constructor).
    hmac_digest(&digest)?;
    off_thread(move || pbkdf2(&password, &salt, iterations, keylen, &digest)).await
}

/// Node's check of scrypt's parameters (before any work is done).
fn scrypt_params_ok(n: u64, r: u64, p: u64, maxmem: u64) -> Result<(), CryptoError> {
    // A zero-length derivation only validates the parameters, as
    // EVP_PBE_scrypt(NULL) does in Node's ScryptTraits.
    let mut empty = [0u8; 0];
    match openssl::pkcs5::scrypt(b"", b"", n, r, p, maxmem, &mut empty) {
        Ok(()) => Ok(()),
        Err(stack) => {
            let e = CryptoError::ossl(&stack, "");
            let msg = if e.reason.is_some() { format!("Invalid scrypt params: {}", e.message) } else { "Invalid scrypt params".into() };
            Err(CryptoError::node("RangeError", "ERR_CRYPTO_INVALID_SCRYPT_PARAMS", msg))
        }
    }
}

#[op2(fast)]
fn op_crypto_scrypt_check(#[number] n: u64, #[number] r: u64, #[number] p: u64, #[number] maxmem: u64) -> Result<(), CryptoError> {
    scrypt_params_ok(n, r, p, maxmem)
}

fn scrypt(password: &[u8], salt: &[u8], n: u64, r: u64, p: u64, maxmem: u64, keylen: usize) -> Result<Vec<u8>, CryptoError> {
    let mut out = vec![0u8; keylen];
    openssl::pkcs5::scrypt(password, salt, n, r, p, maxmem, &mut out)
        .map_err(|_| CryptoError::node("Error", "ERR_CRYPTO_OPERATION_FAILED", "Scrypt failed"))?;
    Ok(out)
}

#[op2]
#[buffer]
#[allow(clippy::too_many_arguments)]
fn op_crypto_scrypt(#[buffer] password: &[u8], #[buffer] salt: &[u8], #[number] n: u64, #[number] r: u64, #[number] p: u64, #[number] maxmem: u64, #[number] keylen: usize) -> Result<Vec<u8>, CryptoError> {
    scrypt(password, salt, n, r, p, maxmem, keylen)
}

#[op2]
#[buffer]
#[allow(clippy::too_many_arguments)]
async fn op_crypto_scrypt_async(#[buffer(copy)] password: Vec<u8>, #[buffer(copy)] salt: Vec<u8>, #[number] n: u64, #[number] r: u64, #[number] p: u64, #[number] maxmem: u64, #[number] keylen: usize) -> Result<Vec<u8>, CryptoError> {
    off_thread(move || scrypt(&password, &salt, n, r, p, maxmem, keylen)).await
}

/// Validates HKDF's digest and length as Node's HKDFJob constructor does.
fn hkdf_check(digest: &str, keylen: usize) -> Result<(), CryptoError> {
    let md = hmac_digest(digest)?;
    if keylen > 255 * md.size() {
        return Err(CryptoError::node("RangeError", "ERR_CRYPTO_INVALID_KEYLEN", "Invalid key length"));
    }
    Ok(())
}

#[op2(fast)]
fn op_crypto_hkdf_check(#[string] digest: &str, #[number] keylen: usize) -> Result<(), CryptoError> {
    hkdf_check(digest, keylen)
}

fn hkdf(digest: &str, key: &[u8], salt: &[u8], info: &[u8], keylen: usize) -> Result<Vec<u8>, CryptoError> {
    hkdf_check(digest, keylen)?;
    if keylen == 0 {
        return Ok(Vec::new());
    }
    let md = Md::fetch(None, digest, None)
        .or_else(|_| Md::fetch(None, &digest.to_ascii_lowercase(), None))
        .map_err(|_| CryptoError::node("TypeError", "ERR_CRYPTO_INVALID_DIGEST", format!("Invalid digest: {digest}")))?;
    let mut ctx = PkeyCtx::new_id(Id::HKDF)?;
    ctx.derive_init()?;
    ctx.set_hkdf_md(&md)?;
    if key.is_empty() {
        // OpenSSL's extract step refuses an empty input key, which HKDF
        // allows: extract here (PRK = HMAC(salt, "")) and let OpenSSL expand.
        let prk = super::digest::Hmac::new(hmac_digest(digest)?, salt)?.finish()?;
        ctx.set_hkdf_mode(openssl::pkey_ctx::HkdfMode::EXPAND_ONLY)?;
        ctx.set_hkdf_key(&prk)?;
    } else {
        ctx.set_hkdf_key(key)?;
        if !salt.is_empty() {
            ctx.set_hkdf_salt(salt)?;
        }
    }
    if !info.is_empty() {
        ctx.add_hkdf_info(info)?;
    }
    let mut out = vec![0u8; keylen];
    ctx.derive(Some(&mut out))?;
    Ok(out)
}

#[op2]
#[buffer]
fn op_crypto_hkdf(#[string] digest: &str, #[buffer] key: &[u8], #[buffer] salt: &[u8], #[buffer] info: &[u8], #[number] keylen: usize) -> Result<Vec<u8>, CryptoError> {
    hkdf(digest, key, salt, info, keylen)
}

#[op2]
#[buffer]
async fn op_crypto_hkdf_async(#[string] digest: String, #[buffer(copy)] key: Vec<u8>, #[buffer(copy)] salt: Vec<u8>, #[buffer(copy)] info: Vec<u8>, #[number] keylen: usize) -> Result<Vec<u8>, CryptoError> {
    off_thread(move || hkdf(&digest, &key, &salt, &info, keylen)).await
}
