//! Key encapsulation (Node's `KEMEncapsulateJob` / `KEMDecapsulateJob`,
//! `crypto.encapsulate()` / `crypto.decapsulate()`).
//!
//! RSA keys use RSASVE through OpenSSL's `EVP_PKEY_encapsulate` (OpenSSL 3.0).
//! DHKEM (RFC 9180 §4.1) for P-256/P-384/P-521 and X25519/X448 only arrived in
//! OpenSSL 3.2, and the linked library is 3.0, so it is built here from ECDH and
//! HKDF; its output interoperates with Node's (OpenSSL's) DHKEM. ML-KEM needs
//! OpenSSL 3.5: such keys cannot be created, so they never reach these ops.
//!
//! Every failure of the operation itself is reported as [`KemFailed`]; the JS
//! job turns it into the error the release line throws.

use super::keys::{AnyKey, KeyHandle};
use super::{off_thread, CryptoError};
use deno_core::{op2, OpDecl, ToJsBuffer};
use openssl::bn::{BigNum, BigNumContext};
use openssl::ec::{EcKey, EcPoint, PointConversionForm};
use openssl::md::{Md, MdRef};
use openssl::nid::Nid;
use openssl::pkey::{Id, PKey, PKeyRef, Private, Public};
use openssl::pkey_ctx::{HkdfMode, PkeyCtx};

pub fn ops() -> Vec<OpDecl> {
    vec![
        op_crypto_kem_encapsulate(),
        op_crypto_kem_encapsulate_async(),
        op_crypto_kem_decapsulate(),
        op_crypto_kem_decapsulate_async(),
    ]
}

/// The operation failed (unsupported key, malformed ciphertext, OpenSSL error).
/// The message is a marker the JS side recognises, never shown to users.
fn kem_failed() -> CryptoError {
    let _ = openssl::error::ErrorStack::get();
    CryptoError::node("Error", "ERR_NODUS_KEM_FAILED", "KEM operation failed")
}

/// A failed encapsulation or decapsulation (see the module docs).
struct KemFailed;

impl From<openssl::error::ErrorStack> for KemFailed {
    fn from(_: openssl::error::ErrorStack) -> Self {
        KemFailed
    }
}

type Kem<T> = Result<T, KemFailed>;

// ---- DHKEM (RFC 9180 §4.1) -------------------------------------------------------------

/// One DHKEM suite (RFC 9180 §7.1).
struct Suite {
    kem_id: u16,
    md: &'static MdRef,
    /// Nsecret: the shared secret's length.
    nsecret: usize,
}

/// The DHKEM suite of a key's type/curve, if it has one.
fn suite_of(id: Id, curve: Option<Nid>) -> Option<Suite> {
    let (kem_id, md, nsecret) = match (id, curve) {
        (Id::EC, Some(Nid::X9_62_PRIME256V1)) => (0x0010, Md::sha256(), 32),
        (Id::EC, Some(Nid::SECP384R1)) => (0x0011, Md::sha384(), 48),
        (Id::EC, Some(Nid::SECP521R1)) => (0x0012, Md::sha512(), 64),
        (Id::X25519, _) => (0x0020, Md::sha256(), 32),
        (Id::X448, _) => (0x0021, Md::sha512(), 64),
        _ => return None,
    };
    Some(Suite { kem_id, md, nsecret })
}

impl Suite {
    /// `"HPKE-v1" || "KEM" || I2OSP(kem_id, 2) || label`.
    fn label(&self, label: &[u8]) -> Vec<u8> {
        let mut v = b"HPKE-v1KEM".to_vec();
        v.extend_from_slice(&self.kem_id.to_be_bytes());
        v.extend_from_slice(label);
        v
    }

    /// LabeledExtract("", label, ikm): HKDF-Extract with an empty salt.
    fn labeled_extract(&self, label: &[u8], ikm: &[u8]) -> Kem<Vec<u8>> {
        let mut labeled_ikm = self.label(label);
        labeled_ikm.extend_from_slice(ikm);
        let mut ctx = PkeyCtx::new_id(Id::HKDF)?;
        ctx.derive_init()?;
        ctx.set_hkdf_mode(HkdfMode::EXTRACT_ONLY)?;
        ctx.set_hkdf_md(self.md)?;
        ctx.set_hkdf_key(&labeled_ikm)?;
        let mut out = vec![0; self.md.size()];
        let n = ctx.derive(Some(&mut out))?;
        out.truncate(n);
        Ok(out)
    }

    /// LabeledExpand(prk, label, info, L).
    fn labeled_expand(&self, prk: &[u8], label: &[u8], info: &[u8], len: usize) -> Kem<Vec<u8>> {
        let mut labeled_info = (len as u16).to_be_bytes().to_vec();
        labeled_info.extend_from_slice(&self.label(label));
        labeled_info.extend_from_slice(info);
        let mut ctx = PkeyCtx::new_id(Id::HKDF)?;
        ctx.derive_init()?;
        ctx.set_hkdf_mode(HkdfMode::EXPAND_ONLY)?;
        ctx.set_hkdf_md(self.md)?;
        ctx.set_hkdf_key(prk)?;
        ctx.add_hkdf_info(&labeled_info)?;
        let mut out = vec![0; len];
        ctx.derive(Some(&mut out))?;
        Ok(out)
    }

    /// ExtractAndExpand(dh, enc || pkRm): the shared secret.
    fn extract_and_expand(&self, dh: &[u8], enc: &[u8], pk_rm: &[u8]) -> Kem<Vec<u8>> {
        let eae_prk = self.labeled_extract(b"eae_prk", dh)?;
        let mut kem_context = enc.to_vec();
        kem_context.extend_from_slice(pk_rm);
        self.labeled_expand(&eae_prk, b"shared_secret", &kem_context, self.nsecret)
    }
}

/// DH(sk, pk): the raw ECDH/X25519/X448 secret (fails on an all-zero X25519/X448 result).
fn dh(sk: &PKeyRef<Private>, pk: &PKeyRef<Public>) -> Kem<Vec<u8>> {
    let mut ctx = PkeyCtx::new(sk)?;
    ctx.derive_init()?;
    ctx.derive_set_peer(pk)?;
    let mut out = vec![];
    ctx.derive_to_vec(&mut out)?;
    Ok(out)
}

fn curve_of<T: openssl::pkey::HasPublic>(k: &PKeyRef<T>) -> Option<Nid> {
    k.ec_key().ok().and_then(|e| e.group().curve_name())
}

/// The uncompressed SerializePublicKey of an EC point.
fn ec_point_bytes(group: &openssl::ec::EcGroupRef, p: &openssl::ec::EcPointRef) -> Kem<Vec<u8>> {
    let mut bn = BigNumContext::new()?;
    Ok(p.to_bytes(group, PointConversionForm::UNCOMPRESSED, &mut bn)?)
}

/// Encap(pkR) -> (shared_secret, enc).
fn dhkem_encap(pk_r: &PKey<Public>, s: &Suite) -> Kem<(Vec<u8>, Vec<u8>)> {
    let (sk_e, enc, pk_rm) = if pk_r.id() == Id::EC {
        let ec_r = pk_r.ec_key()?;
        let group = ec_r.group();
        let eph = EcKey::generate(group)?;
        let enc = ec_point_bytes(group, eph.public_key())?;
        let pk_rm = ec_point_bytes(group, ec_r.public_key())?;
        (PKey::from_ec_key(eph)?, enc, pk_rm)
    } else {
        let sk_e = if pk_r.id() == Id::X25519 { PKey::generate_x25519()? } else { PKey::generate_x448()? };
        let enc = sk_e.raw_public_key()?;
        (sk_e, enc, pk_r.raw_public_key()?)
    };
    let dh = dh(&sk_e, pk_r)?;
    Ok((s.extract_and_expand(&dh, &enc, &pk_rm)?, enc))
}

/// Decap(enc, skR) -> shared_secret.
fn dhkem_decap(sk_r: &PKey<Private>, s: &Suite, enc: &[u8]) -> Kem<Vec<u8>> {
    let (pk_e, pk_rm) = if sk_r.id() == Id::EC {
        let ec_r = sk_r.ec_key()?;
        let group = ec_r.group();
        // enc is an uncompressed point (RFC 9180 §7.1.1): 0x04 || x || y.
        let field = (group.degree() as usize).div_ceil(8);
        if enc.len() != 1 + 2 * field || enc[0] != 4 {
            return Err(KemFailed);
        }
        let mut bn = BigNumContext::new()?;
        let point = EcPoint::from_bytes(group, enc, &mut bn)?;
        let pk_e = EcKey::from_public_key(group, &point)?;
        pk_e.check_key()?;
        // pkR from skR, so a key stored without its public half works too.
        let mut pk_r = EcPoint::new(group)?;
        pk_r.mul_generator2(group, ec_r.private_key(), &mut bn)?;
        (PKey::from_ec_key(pk_e)?, ec_point_bytes(group, &pk_r)?)
    } else {
        let pk_e = PKey::public_key_from_raw_bytes(enc, sk_r.id())?;
        (pk_e, sk_r.raw_public_key()?)
    };
    let dh = dh(sk_r, &pk_e)?;
    s.extract_and_expand(&dh, enc, &pk_rm)
}

// ---- RSASVE (NIST SP 800-56B) through EVP_PKEY_encapsulate ------------------------------

extern "C" {
    fn EVP_PKEY_encapsulate_init(ctx: *mut libc::c_void, params: *const libc::c_void) -> libc::c_int;
    fn EVP_PKEY_decapsulate_init(ctx: *mut libc::c_void, params: *const libc::c_void) -> libc::c_int;
    fn EVP_PKEY_CTX_set_kem_op(ctx: *mut libc::c_void, op: *const libc::c_char) -> libc::c_int;
    fn EVP_PKEY_encapsulate(
        ctx: *mut libc::c_void,
        wrapped: *mut u8,
        wrapped_len: *mut libc::size_t,
        secret: *mut u8,
        secret_len: *mut libc::size_t,
    ) -> libc::c_int;
    fn EVP_PKEY_decapsulate(
        ctx: *mut libc::c_void,
        secret: *mut u8,
        secret_len: *mut libc::size_t,
        wrapped: *const u8,
        wrapped_len: libc::size_t,
    ) -> libc::c_int;
}

fn ctx_ptr<T>(ctx: &mut PkeyCtx<T>) -> *mut libc::c_void {
    &mut **ctx as *mut openssl::pkey_ctx::PkeyCtxRef<T> as *mut libc::c_void
}

fn rsasve_encap<T>(key: &PKeyRef<T>) -> Kem<(Vec<u8>, Vec<u8>)> {
    let mut ctx = PkeyCtx::new(key)?;
    let p = ctx_ptr(&mut ctx);
    unsafe {
        if EVP_PKEY_encapsulate_init(p, std::ptr::null()) != 1 || EVP_PKEY_CTX_set_kem_op(p, c"RSASVE".as_ptr()) != 1 {
            return Err(KemFailed);
        }
        let (mut wlen, mut slen) = (0usize, 0usize);
        if EVP_PKEY_encapsulate(p, std::ptr::null_mut(), &mut wlen, std::ptr::null_mut(), &mut slen) != 1 {
            return Err(KemFailed);
        }
        let (mut wrapped, mut secret) = (vec![0u8; wlen], vec![0u8; slen]);
        if EVP_PKEY_encapsulate(p, wrapped.as_mut_ptr(), &mut wlen, secret.as_mut_ptr(), &mut slen) != 1 {
            return Err(KemFailed);
        }
        wrapped.truncate(wlen);
        secret.truncate(slen);
        Ok((secret, wrapped))
    }
}

fn rsasve_decap(key: &PKey<Private>, ct: &[u8]) -> Kem<Vec<u8>> {
    // SP 800-56B rev. 2 §7.1.2: the ciphertext must be in (1, n - 1). OpenSSL 3.0
    // lets 0, 1 and n - 1 through (newer releases, as Node links, refuse them).
    let rsa = key.rsa()?;
    let c = BigNum::from_slice(ct)?;
    let mut n_minus_1 = rsa.n().to_owned()?;
    n_minus_1.sub_word(1)?;
    if c <= BigNum::from_u32(1)? || c >= n_minus_1 {
        return Err(KemFailed);
    }
    let mut ctx = PkeyCtx::new(key)?;
    let p = ctx_ptr(&mut ctx);
    unsafe {
        if EVP_PKEY_decapsulate_init(p, std::ptr::null()) != 1 || EVP_PKEY_CTX_set_kem_op(p, c"RSASVE".as_ptr()) != 1 {
            return Err(KemFailed);
        }
        let mut slen = 0usize;
        if EVP_PKEY_decapsulate(p, std::ptr::null_mut(), &mut slen, ct.as_ptr(), ct.len()) != 1 {
            return Err(KemFailed);
        }
        let mut secret = vec![0u8; slen];
        if EVP_PKEY_decapsulate(p, secret.as_mut_ptr(), &mut slen, ct.as_ptr(), ct.len()) != 1 {
            return Err(KemFailed);
        }
        secret.truncate(slen);
        Ok(secret)
    }
}

// ---- dispatch ---------------------------------------------------------------------------

/// (shared key, ciphertext) for the public key of `key`.
fn encapsulate(key: &AnyKey) -> Result<(Vec<u8>, Vec<u8>), CryptoError> {
    let run = || -> Kem<_> {
        match key {
            AnyKey::Public(k) if k.id() == Id::RSA => rsasve_encap(k),
            AnyKey::Private(k) if k.id() == Id::RSA => rsasve_encap(k),
            _ => {
                let pk = key.public().map_err(|_| KemFailed)?;
                let s = suite_of(pk.id(), curve_of(&pk)).ok_or(KemFailed)?;
                dhkem_encap(&pk, &s)
            }
        }
    };
    run().map_err(|_| kem_failed())
}

/// The shared key `ciphertext` encapsulates for the private key `key`.
fn decapsulate(key: &AnyKey, ct: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let run = || -> Kem<_> {
        let AnyKey::Private(k) = key else { return Err(KemFailed) };
        if k.id() == Id::RSA {
            return rsasve_decap(k, ct);
        }
        let s = suite_of(k.id(), curve_of(k)).ok_or(KemFailed)?;
        dhkem_decap(k, &s, ct)
    };
    run().map_err(|_| kem_failed())
}

#[op2]
#[serde]
fn op_crypto_kem_encapsulate(#[cppgc] k: &KeyHandle) -> Result<(ToJsBuffer, ToJsBuffer), CryptoError> {
    let (shared, ct) = encapsulate(&k.key)?;
    Ok((shared.into(), ct.into()))
}

#[op2]
#[serde]
async fn op_crypto_kem_encapsulate_async(#[cppgc] k: &KeyHandle) -> Result<(ToJsBuffer, ToJsBuffer), CryptoError> {
    let key = k.key.clone();
    let (shared, ct) = off_thread(move || encapsulate(&key)).await?;
    Ok((shared.into(), ct.into()))
}

#[op2]
#[buffer]
fn op_crypto_kem_decapsulate(#[cppgc] k: &KeyHandle, #[buffer] ct: &[u8]) -> Result<Vec<u8>, CryptoError> {
    decapsulate(&k.key, ct)
}

#[op2]
#[buffer]
async fn op_crypto_kem_decapsulate_async(#[cppgc] k: &KeyHandle, #[buffer(copy)] ct: Vec<u8>) -> Result<Vec<u8>, CryptoError> {
    let key = k.key.clone();
    off_thread(move || decapsulate(&key, &ct)).await
}
