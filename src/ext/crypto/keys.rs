//! Asymmetric keys (Node's KeyObjectHandle for public/private keys): import
//! and export (PEM/DER/JWK/raw), key generation, signatures, RSA encryption,
//! and key agreement (ECDH, DH, X25519/X448).

use super::digest::{digest_by_name, nid_of};
use super::{ffi, off_thread, CryptoError};
use deno_core::{op2, GarbageCollected, OpDecl};
use openssl::bn::{BigNum, BigNumContext, BigNumRef};
use openssl::dh::Dh;
use openssl::dsa::DsaSig;
use openssl::ec::{EcGroup, EcKey, EcPoint, PointConversionForm};
use openssl::ecdsa::EcdsaSig;
use openssl::hash::MessageDigest;
use openssl::nid::Nid;
use openssl::pkey::{HasPublic, Id, PKey, PKeyRef, Private, Public};
use openssl::pkey_ctx::PkeyCtx;
use openssl::rsa::{Padding, Rsa};
use openssl::sign::{RsaPssSaltlen, Signer, Verifier};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::ffi::CStr;

pub fn ops() -> Vec<OpDecl> {
    vec![
        op_crypto_key_parse(),
        op_crypto_key_to_public(),
        op_crypto_key_is_private(),
        op_crypto_key_type(),
        op_crypto_key_detail(),
        op_crypto_key_export(),
        op_crypto_key_export_jwk(),
        op_crypto_key_import_jwk(),
        op_crypto_key_from_raw(),
        op_crypto_key_raw(),
        op_crypto_key_equals(),
        op_crypto_key_check_ec(),
        op_crypto_sign(),
        op_crypto_sign_async(),
        op_crypto_verify(),
        op_crypto_verify_async(),
        op_crypto_pk_cipher(),
        op_crypto_pk_cipher_async(),
        op_crypto_keygen(),
        op_crypto_keygen_async(),
        op_crypto_derive(),
        op_crypto_derive_async(),
        op_crypto_ecdh_new(),
        op_crypto_ecdh_generate(),
        op_crypto_ecdh_compute(),
        op_crypto_ecdh_get_public(),
        op_crypto_ecdh_get_private(),
        op_crypto_ecdh_set_private(),
        op_crypto_ecdh_set_public(),
        op_crypto_ecdh_convert(),
        op_crypto_dh_new(),
        op_crypto_dh_group(),
        op_crypto_dh_generate(),
        op_crypto_dh_compute(),
        op_crypto_dh_get(),
        op_crypto_dh_set(),
    ]
}

/// An asymmetric key.
#[derive(Clone)]
pub enum AnyKey {
    Public(PKey<Public>),
    Private(PKey<Private>),
}

impl AnyKey {
    fn id(&self) -> Id {
        match self {
            AnyKey::Public(k) => k.id(),
            AnyKey::Private(k) => k.id(),
        }
    }

    pub(super) fn public(&self) -> Result<PKey<Public>, CryptoError> {
        match self {
            AnyKey::Public(k) => Ok(k.clone()),
            AnyKey::Private(k) => to_public(k),
        }
    }
}

fn to_public(k: &PKeyRef<Private>) -> Result<PKey<Public>, CryptoError> {
    Ok(PKey::public_key_from_der(&k.public_key_to_der()?)?)
}

/// Node's KeyObjectHandle for an asymmetric key.
pub struct KeyHandle {
    pub(super) key: AnyKey,
}

unsafe impl GarbageCollected for KeyHandle {
    fn trace(&self, _: &mut deno_core::v8::cppgc::Visitor) {}
    fn get_name(&self) -> &'static CStr {
        c"KeyObjectHandle"
    }
}

const FORMAT_PEM: i32 = 1;
const ENC_PKCS1: i32 = 0;
const ENC_SPKI: i32 = 2;
const ENC_SEC1: i32 = 3;

fn missing_passphrase() -> CryptoError {
    CryptoError::node("TypeError", "ERR_MISSING_PASSPHRASE", "Passphrase required for encrypted key")
}


fn parse_private(data: &[u8], format: i32, typ: i32, pass: Option<&[u8]>) -> Result<PKey<Private>, CryptoError> {
    if format == FORMAT_PEM {
        // Without a passphrase the callback refuses (never a terminal
        // prompt); OpenSSL then reports "interrupted or cancelled" as in Node.
        if pass.is_none() {
            pem_readable_without_passphrase(data)?;
        }
        let r = match pass {
            Some(p) => PKey::private_key_from_pem_passphrase(data, p),
            None => PKey::private_key_from_pem_callback(data, |_| Err(openssl::error::ErrorStack::get())),
        };
        return r.map_err(|e| CryptoError::ossl(&e, "Failed to read private key"));
    }
    let r = match typ {
        ENC_PKCS1 => Rsa::private_key_from_der(data).and_then(PKey::from_rsa),
        ENC_SEC1 => EcKey::private_key_from_der(data).and_then(PKey::from_ec_key),
        _ => {
            // PKCS#8, encrypted or not.
            match PKey::private_key_from_pkcs8(data) {
                Ok(k) => Ok(k),
                Err(e) => {
                    if pass.is_none() && looks_encrypted_pkcs8(data) {
                        return Err(missing_passphrase());
                    }
                    match pass {
                        Some(p) => PKey::private_key_from_pkcs8_passphrase(data, p),
                        None => Err(e),
                    }
                }
            }
        }
    };
    r.map_err(|e| CryptoError::ossl(&e, "Failed to read private key"))
}

/// Reads the PEM once with a passphrase callback that fails (-1, as Node's
/// does), so an encrypted key reports OpenSSL's "interrupted or cancelled"
/// instead of being tried with an empty passphrase.
fn pem_readable_without_passphrase(data: &[u8]) -> Result<(), CryptoError> {
    extern "C" {
        fn BIO_new_mem_buf(buf: *const libc::c_void, len: libc::c_int) -> *mut libc::c_void;
        fn BIO_free(b: *mut libc::c_void) -> libc::c_int;
        fn PEM_read_bio_PrivateKey(
            bp: *mut libc::c_void,
            x: *mut *mut libc::c_void,
            cb: Option<unsafe extern "C" fn(*mut libc::c_char, libc::c_int, libc::c_int, *mut libc::c_void) -> libc::c_int>,
            u: *mut libc::c_void,
        ) -> *mut libc::c_void;
        fn EVP_PKEY_free(k: *mut libc::c_void);
    }
    unsafe extern "C" fn refuse(_: *mut libc::c_char, _: libc::c_int, _: libc::c_int, _: *mut libc::c_void) -> libc::c_int {
        -1
    }
    let len = libc::c_int::try_from(data.len()).map_err(|_| CryptoError::plain("Failed to read private key"))?;
    unsafe {
        let bio = BIO_new_mem_buf(data.as_ptr() as *const libc::c_void, len);
        if bio.is_null() {
            return Err(CryptoError::last("Failed to read private key"));
        }
        let key = PEM_read_bio_PrivateKey(bio, std::ptr::null_mut(), Some(refuse), std::ptr::null_mut());
        BIO_free(bio);
        if key.is_null() {
            return Err(CryptoError::last("Failed to read private key"));
        }
        EVP_PKEY_free(key);
    }
    Ok(())
}

/// An EncryptedPrivateKeyInfo starts with SEQUENCE { SEQUENCE { OID pbes2/pbe ...
fn looks_encrypted_pkcs8(data: &[u8]) -> bool {
    // PrivateKeyInfo starts with an INTEGER version after the outer SEQUENCE;
    // EncryptedPrivateKeyInfo with a SEQUENCE (the algorithm identifier).
    let mut i = 0;
    if data.get(i) != Some(&0x30) {
        return false;
    }
    i += 1;
    match data.get(i) {
        Some(&l) if l & 0x80 != 0 => i += 1 + (l & 0x7f) as usize,
        Some(_) => i += 1,
        None => return false,
    }
    data.get(i) == Some(&0x30)
}

fn parse_public(data: &[u8], format: i32, typ: i32, pass: Option<&[u8]>) -> Result<AnyKey, CryptoError> {
    if format == FORMAT_PEM {
        let s = String::from_utf8_lossy(data);
        if s.contains("-----BEGIN PUBLIC KEY-----") {
            return PKey::public_key_from_pem(data)
                .map(AnyKey::Public)
                .map_err(|e| CryptoError::ossl(&e, "Failed to read asymmetric key"));
        }
        if s.contains("-----BEGIN RSA PUBLIC KEY-----") {
            return Rsa::public_key_from_pem_pkcs1(data)
                .and_then(PKey::from_rsa)
                .map(AnyKey::Public)
                .map_err(|e| CryptoError::ossl(&e, "Failed to read asymmetric key"));
        }
        if s.contains("-----BEGIN CERTIFICATE-----") {
            return openssl::x509::X509::from_pem(data)
                .and_then(|c| c.public_key())
                .map(AnyKey::Public)
                .map_err(|e| CryptoError::ossl(&e, "Failed to read asymmetric key"));
        }
        return parse_private(data, format, typ, pass).map(AnyKey::Private);
    }
    match typ {
        ENC_PKCS1 => {
            // PKCS#1 DER may be a public or a private RSA key.
            if let Ok(r) = Rsa::public_key_from_der_pkcs1(data) {
                return Ok(AnyKey::Public(PKey::from_rsa(r)?));
            }
            parse_private(data, format, typ, pass).map(AnyKey::Private)
        }
        ENC_SPKI => PKey::public_key_from_der(data)
            .map(AnyKey::Public)
            .map_err(|e| CryptoError::ossl(&e, "Failed to read asymmetric key")),
        _ => parse_private(data, format, typ, pass).map(AnyKey::Private),
    }
}

/// `init(kKeyTypePublic|kKeyTypePrivate, data, format, type, passphrase)`.
#[op2]
#[cppgc]
fn op_crypto_key_parse(#[buffer] data: &[u8], format: i32, typ: i32, #[buffer] pass: Option<&[u8]>, private: bool) -> Result<KeyHandle, CryptoError> {
    let key = if private {
        AnyKey::Private(parse_private(data, format, typ, pass)?)
    } else {
        // A public key made from a private one is its public half.
        AnyKey::Public(parse_public(data, format, typ, pass)?.public()?)
    };
    Ok(KeyHandle { key })
}

#[op2]
#[cppgc]
fn op_crypto_key_to_public(#[cppgc] k: &KeyHandle) -> Result<KeyHandle, CryptoError> {
    Ok(KeyHandle { key: AnyKey::Public(k.key.public()?) })
}

#[op2(fast)]
fn op_crypto_key_is_private(#[cppgc] k: &KeyHandle) -> bool {
    matches!(k.key, AnyKey::Private(_))
}

fn type_name(id: Id) -> &'static str {
    match id {
        Id::RSA => "rsa",
        Id::RSA_PSS => "rsa-pss",
        Id::DSA => "dsa",
        Id::DH | Id::DHX => "dh",
        Id::EC => "ec",
        Id::ED25519 => "ed25519",
        Id::ED448 => "ed448",
        Id::X25519 => "x25519",
        Id::X448 => "x448",
        _ => "",
    }
}

#[op2]
#[string]
fn op_crypto_key_type(#[cppgc] k: &KeyHandle) -> String {
    type_name(k.key.id()).to_string()
}

#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
struct KeyDetail {
    #[serde(skip_serializing_if = "Option::is_none")]
    modulus_length: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    public_exponent: Option<Vec<u8>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    divisor_length: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    named_curve: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hash_algorithm: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mgf1_hash_algorithm: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    salt_length: Option<i32>,
}

fn curve_name_of<T: HasPublic>(k: &PKeyRef<T>) -> Option<String> {
    let ec = k.ec_key().ok()?;
    let nid = ec.group().curve_name()?;
    let sn = unsafe { ffi::OBJ_nid2sn(nid.as_raw()) };
    (!sn.is_null()).then(|| unsafe { CStr::from_ptr(sn) }.to_string_lossy().into_owned())
}

fn detail_of<T: HasPublic>(k: &PKeyRef<T>) -> KeyDetail {
    let mut d = KeyDetail::default();
    match k.id() {
        Id::RSA | Id::RSA_PSS => {
            if let Ok(r) = k.rsa() {
                d.modulus_length = Some(r.n().num_bits() as u32);
                d.public_exponent = Some(r.e().to_vec());
            }
            if k.id() == Id::RSA_PSS {
                if let Some((h, m, s)) = pss_params(k) {
                    d.hash_algorithm = Some(h);
                    d.mgf1_hash_algorithm = Some(m);
                    d.salt_length = Some(s);
                }
            }
        }
        Id::DSA => {
            if let Ok(ds) = k.dsa() {
                d.modulus_length = Some(ds.p().num_bits() as u32);
                d.divisor_length = Some(ds.q().num_bits() as u32);
            }
        }
        Id::EC => d.named_curve = curve_name_of(k),
        _ => {}
    }
    d
}

#[op2]
#[serde]
fn op_crypto_key_detail(#[cppgc] k: &KeyHandle) -> KeyDetail {
    match &k.key {
        AnyKey::Public(p) => detail_of(p),
        AnyKey::Private(p) => detail_of(p),
    }
}

fn not_supported_enc(what: &str) -> CryptoError {
    CryptoError::node("Error", "ERR_CRYPTO_INCOMPATIBLE_KEY_OPTIONS", what.to_string())
}

/// `export(format, type, cipher, passphrase)`; `cipher` empty for none.
#[op2]
#[buffer]
fn op_crypto_key_export(#[cppgc] k: &KeyHandle, format: i32, typ: i32, #[string] cipher: &str, #[buffer] pass: Option<&[u8]>, public: bool) -> Result<Vec<u8>, CryptoError> {
    let pem = format == FORMAT_PEM;
    check_curve_oid(&k.key, typ)?;
    if public || matches!(k.key, AnyKey::Public(_)) {
        let p = k.key.public()?;
        return Ok(match typ {
            ENC_PKCS1 => {
                let r = p.rsa()?;
                if pem { r.public_key_to_pem_pkcs1()? } else { r.public_key_to_der_pkcs1()? }
            }
            _ => {
                if pem { p.public_key_to_pem()? } else { p.public_key_to_der()? }
            }
        });
    }
    let AnyKey::Private(p) = &k.key else { unreachable!() };
    let cipher = if cipher.is_empty() {
        None
    } else {
        Some(openssl::symm::Cipher::from_nid(Nid::from_raw(nid_of(cipher)))
            .ok_or_else(|| CryptoError::node("Error", "ERR_CRYPTO_UNKNOWN_CIPHER", "Unknown cipher"))?)
    };
    let pass = pass.unwrap_or(&[]);
    Ok(match typ {
        ENC_PKCS1 => {
            let r = p.rsa()?;
            match (pem, cipher) {
                (true, Some(c)) => r.private_key_to_pem_passphrase(c, pass)?,
                (true, None) => r.private_key_to_pem()?,
                (false, None) => r.private_key_to_der()?,
                (false, Some(_)) => return Err(not_supported_enc("The selected key encoding pkcs1 does not support encryption.")),
            }
        }
        ENC_SEC1 => {
            let e = p.ec_key()?;
            match (pem, cipher) {
                (true, Some(c)) => e.private_key_to_pem_passphrase(c, pass)?,
                (true, None) => e.private_key_to_pem()?,
                (false, None) => e.private_key_to_der()?,
                (false, Some(_)) => return Err(not_supported_enc("The selected key encoding sec1 does not support encryption.")),
            }
        }
        _ => match (pem, cipher) {
            (true, Some(c)) => p.private_key_to_pem_pkcs8_passphrase(c, pass)?,
            (true, None) => p.private_key_to_pem_pkcs8()?,
            (false, Some(c)) => p.private_key_to_pkcs8_passphrase(c, pass)?,
            (false, None) => p.private_key_to_pkcs8()?,
        },
    })
}

/// A key on a curve without an OID (`Oakley-EC2N-3`) cannot be encoded: the
/// legacy encoders would fall back to explicit parameters where Node's
/// (OpenSSL 3's provider encoders) refuse with "missing OID".
fn check_curve_oid(key: &AnyKey, typ: i32) -> Result<(), CryptoError> {
    extern "C" {
        fn OBJ_nid2obj(n: libc::c_int) -> *const libc::c_void;
        fn OBJ_length(o: *const libc::c_void) -> libc::size_t;
    }
    let nid = match key {
        AnyKey::Public(k) => k.ec_key().ok().and_then(|e| e.group().curve_name()),
        AnyKey::Private(k) => k.ec_key().ok().and_then(|e| e.group().curve_name()),
    };
    let Some(nid) = nid else { return Ok(()) };
    let obj = unsafe { OBJ_nid2obj(nid.as_raw()) };
    if !obj.is_null() && unsafe { OBJ_length(obj) } > 0 {
        return Ok(());
    }
    Err(if typ == ENC_SEC1 {
        CryptoError::ossl_like(16, "elliptic curve routines", 167, "missing OID")
    } else {
        CryptoError::ossl_like(57, "Provider routines", 209, "missing OID")
    })
}

fn b64u(b: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
}

fn unb64u(s: &str) -> Result<Vec<u8>, CryptoError> {
    use base64::Engine;
    let t = s.trim_end_matches('=');
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(t)
        .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(t))
        .map_err(|_| CryptoError::node("TypeError", "ERR_CRYPTO_INVALID_JWK", "Invalid JWK data"))
}

fn jwk_crv(nid: Nid) -> Option<&'static str> {
    Some(match nid {
        Nid::X9_62_PRIME256V1 => "P-256",
        Nid::SECP256K1 => "secp256k1",
        Nid::SECP384R1 => "P-384",
        Nid::SECP521R1 => "P-521",
        _ => return None,
    })
}

fn jwk_curve_nid(crv: &str) -> Option<Nid> {
    Some(match crv {
        "P-256" => Nid::X9_62_PRIME256V1,
        "secp256k1" => Nid::SECP256K1,
        "P-384" => Nid::SECP384R1,
        "P-521" => Nid::SECP521R1,
        _ => return None,
    })
}

fn pad_to(v: Vec<u8>, n: usize) -> Vec<u8> {
    if v.len() >= n {
        return v;
    }
    let mut out = vec![0u8; n - v.len()];
    out.extend(v);
    out
}

/// The key as JWK members (strings), as Node's ExportJWK*Key writes them.
#[op2]
#[serde]
fn op_crypto_key_export_jwk(#[cppgc] k: &KeyHandle, public: bool) -> Result<BTreeMap<String, String>, CryptoError> {
    let mut m = BTreeMap::new();
    let priv_key = match (&k.key, public) {
        (AnyKey::Private(p), false) => Some(p.clone()),
        _ => None,
    };
    let pubk = k.key.public()?;
    match pubk.id() {
        Id::RSA => {
            m.insert("kty".into(), "RSA".into());
            let r = pubk.rsa()?;
            m.insert("n".into(), b64u(&r.n().to_vec()));
            m.insert("e".into(), b64u(&r.e().to_vec()));
            if let Some(p) = &priv_key {
                let r = p.rsa()?;
                m.insert("d".into(), b64u(&r.d().to_vec()));
                let opt = |b: Option<&BigNumRef>| b.map(|b| b64u(&b.to_vec())).unwrap_or_default();
                m.insert("p".into(), opt(r.p()));
                m.insert("q".into(), opt(r.q()));
                m.insert("dp".into(), opt(r.dmp1()));
                m.insert("dq".into(), opt(r.dmq1()));
                m.insert("qi".into(), opt(r.iqmp()));
            }
        }
        Id::EC => {
            let ec = pubk.ec_key()?;
            let group = ec.group();
            let nid = group.curve_name().unwrap_or(Nid::UNDEF);
            let crv = jwk_crv(nid).ok_or_else(|| {
                CryptoError::node("Error", "ERR_CRYPTO_JWK_UNSUPPORTED_CURVE", "Unsupported JWK EC curve: ".to_string() + &curve_name_of(&pubk).unwrap_or_default() + ".")
            })?;
            let size = (group.degree() as usize).div_ceil(8);
            let mut ctx = BigNumContext::new()?;
            let mut x = BigNum::new()?;
            let mut y = BigNum::new()?;
            ec.public_key().affine_coordinates(group, &mut x, &mut y, &mut ctx)?;
            m.insert("kty".into(), "EC".into());
            m.insert("crv".into(), crv.into());
            m.insert("x".into(), b64u(&pad_to(x.to_vec(), size)));
            m.insert("y".into(), b64u(&pad_to(y.to_vec(), size)));
            if let Some(p) = &priv_key {
                let e = p.ec_key()?;
                let order_len = (group.order_bits() as usize).div_ceil(8);
                m.insert("d".into(), b64u(&pad_to(e.private_key().to_vec(), order_len)));
            }
        }
        Id::ED25519 | Id::ED448 | Id::X25519 | Id::X448 => {
            let crv = match pubk.id() {
                Id::ED25519 => "Ed25519",
                Id::ED448 => "Ed448",
                Id::X25519 => "X25519",
                _ => "X448",
            };
            m.insert("kty".into(), "OKP".into());
            m.insert("crv".into(), crv.into());
            m.insert("x".into(), b64u(&pubk.raw_public_key()?));
            if let Some(p) = &priv_key {
                m.insert("d".into(), b64u(&p.raw_private_key()?));
            }
        }
        _ => {
            return Err(CryptoError::node("Error", "ERR_CRYPTO_JWK_UNSUPPORTED_KEY_TYPE", "Unsupported JWK Key Type."));
        }
    }
    Ok(m)
}

#[derive(Deserialize)]
struct Jwk {
    kty: String,
    crv: Option<String>,
    n: Option<String>,
    e: Option<String>,
    d: Option<String>,
    p: Option<String>,
    q: Option<String>,
    dp: Option<String>,
    dq: Option<String>,
    qi: Option<String>,
    x: Option<String>,
    y: Option<String>,
}

fn bn(s: &Option<String>) -> Result<BigNum, CryptoError> {
    let s = s.as_ref().ok_or_else(|| CryptoError::node("TypeError", "ERR_CRYPTO_INVALID_JWK", "Invalid JWK data"))?;
    Ok(BigNum::from_slice(&unb64u(s)?)?)
}

fn import_jwk(j: &Jwk, private: bool) -> Result<AnyKey, CryptoError> {
    let invalid = || CryptoError::node("TypeError", "ERR_CRYPTO_INVALID_JWK", "Invalid JWK data");
    match j.kty.as_str() {
        "RSA" => {
            let (n, e) = (bn(&j.n)?, bn(&j.e)?);
            if private {
                let r = Rsa::from_private_components(n, e, bn(&j.d)?, bn(&j.p)?, bn(&j.q)?, bn(&j.dp)?, bn(&j.dq)?, bn(&j.qi)?)
                    .map_err(|_| invalid())?;
                Ok(AnyKey::Private(PKey::from_rsa(r)?))
            } else {
                Ok(AnyKey::Public(PKey::from_rsa(Rsa::from_public_components(n, e).map_err(|_| invalid())?)?))
            }
        }
        "EC" => {
            let nid = jwk_curve_nid(j.crv.as_deref().unwrap_or("")).ok_or_else(invalid)?;
            let group = EcGroup::from_curve_name(nid)?;
            let (x, y) = (bn(&j.x)?, bn(&j.y)?);
            let pubk = EcKey::from_public_key_affine_coordinates(&group, &x, &y).map_err(|_| invalid())?;
            if private {
                let d = bn(&j.d)?;
                let k = EcKey::from_private_components(&group, &d, pubk.public_key()).map_err(|_| invalid())?;
                k.check_key().map_err(|_| invalid())?;
                Ok(AnyKey::Private(PKey::from_ec_key(k)?))
            } else {
                Ok(AnyKey::Public(PKey::from_ec_key(pubk)?))
            }
        }
        "OKP" => {
            let id = okp_id(j.crv.as_deref().unwrap_or("")).ok_or_else(invalid)?;
            if private {
                let d = unb64u(j.d.as_deref().ok_or_else(invalid)?)?;
                Ok(AnyKey::Private(PKey::private_key_from_raw_bytes(&d, id).map_err(|_| invalid())?))
            } else {
                let x = unb64u(j.x.as_deref().ok_or_else(invalid)?)?;
                Ok(AnyKey::Public(PKey::public_key_from_raw_bytes(&x, id).map_err(|_| invalid())?))
            }
        }
        _ => Err(invalid()),
    }
}

fn okp_id(crv: &str) -> Option<Id> {
    Some(match crv {
        "Ed25519" => Id::ED25519,
        "Ed448" => Id::ED448,
        "X25519" => Id::X25519,
        "X448" => Id::X448,
        _ => return None,
    })
}

#[op2]
#[cppgc]
fn op_crypto_key_import_jwk(#[serde] jwk: Jwk, private: bool) -> Result<KeyHandle, CryptoError> {
    Ok(KeyHandle { key: import_jwk(&jwk, private)? })
}

/// `initEDRaw(curve, bytes, type)` (and raw EC public points for WebCrypto).
#[op2]
#[cppgc]
fn op_crypto_key_from_raw(#[string] curve: &str, #[buffer] data: &[u8], private: bool) -> Result<KeyHandle, CryptoError> {
    let invalid = || CryptoError::node("TypeError", "ERR_CRYPTO_INVALID_JWK", "Invalid JWK data");
    if let Some(id) = okp_id(curve) {
        let key = if private {
            AnyKey::Private(PKey::private_key_from_raw_bytes(data, id).map_err(|_| invalid())?)
        } else {
            AnyKey::Public(PKey::public_key_from_raw_bytes(data, id).map_err(|_| invalid())?)
        };
        return Ok(KeyHandle { key });
    }
    let nid = jwk_curve_nid(curve).or_else(|| {
        let n = nid_of(curve);
        (n != 0).then(|| Nid::from_raw(n))
    });
    let nid = nid.ok_or_else(invalid)?;
    let group = EcGroup::from_curve_name(nid)?;
    let mut ctx = BigNumContext::new()?;
    let point = EcPoint::from_bytes(&group, data, &mut ctx).map_err(|e| CryptoError::ossl(&e, "Invalid key"))?;
    Ok(KeyHandle { key: AnyKey::Public(PKey::from_ec_key(EcKey::from_public_key(&group, &point)?)?) })
}

/// Raw key bytes: OKP public/private, or the uncompressed EC point.
#[op2]
#[buffer]
fn op_crypto_key_raw(#[cppgc] k: &KeyHandle, private: bool) -> Result<Vec<u8>, CryptoError> {
    match (&k.key, private) {
        (AnyKey::Private(p), true) => {
            if p.id() == Id::EC {
                return Ok(p.ec_key()?.private_key().to_vec());
            }
            Ok(p.raw_private_key()?)
        }
        _ => {
            let p = k.key.public()?;
            if p.id() == Id::EC {
                let ec = p.ec_key()?;
                let mut ctx = BigNumContext::new()?;
                return Ok(ec.public_key().to_bytes(ec.group(), PointConversionForm::UNCOMPRESSED, &mut ctx)?);
            }
            Ok(p.raw_public_key()?)
        }
    }
}

/// `checkEcKeyData()`: the EC key is consistent (point on the curve, and
/// matching the private scalar).
#[op2(fast)]
fn op_crypto_key_check_ec(#[cppgc] k: &KeyHandle) -> bool {
    let ok = match &k.key {
        AnyKey::Public(p) => p.ec_key().map(|e| e.check_key().is_ok()).unwrap_or(false),
        AnyKey::Private(p) => p.ec_key().map(|e| e.check_key().is_ok()).unwrap_or(false),
    };
    unsafe { ffi::ERR_clear_error() };
    ok
}

#[op2(fast)]
fn op_crypto_key_equals(#[cppgc] a: &KeyHandle, #[cppgc] b: &KeyHandle) -> bool {
    if matches!(a.key, AnyKey::Private(_)) != matches!(b.key, AnyKey::Private(_)) {
        return false;
    }
    match (a.key.public(), b.key.public()) {
        (Ok(x), Ok(y)) => x.public_eq(&y),
        _ => false,
    }
}

// ---- signatures ----------------------------------------------------------------

const SIG_P1363: i32 = 1;

/// Bytes per integer of an (EC)DSA signature in IEEE P1363 form.
fn p1363_len<T: HasPublic>(k: &PKeyRef<T>) -> Option<usize> {
    match k.id() {
        Id::EC => Some((k.ec_key().ok()?.group().order_bits() as usize).div_ceil(8)),
        Id::DSA => Some((k.dsa().ok()?.q().num_bits() as usize).div_ceil(8)),
        _ => None,
    }
}

fn der_to_p1363(der: &[u8], n: usize, ec: bool) -> Result<Vec<u8>, CryptoError> {
    let (r, s) = if ec {
        let s = EcdsaSig::from_der(der)?;
        (s.r().to_vec(), s.s().to_vec())
    } else {
        let s = DsaSig::from_der(der)?;
        (s.r().to_vec(), s.s().to_vec())
    };
    let mut out = pad_to(r, n);
    out.extend(pad_to(s, n));
    Ok(out)
}

fn p1363_to_der(sig: &[u8], n: usize, ec: bool) -> Option<Vec<u8>> {
    if sig.len() != 2 * n {
        return None;
    }
    let r = BigNum::from_slice(&sig[..n]).ok()?;
    let s = BigNum::from_slice(&sig[n..]).ok()?;
    if ec {
        EcdsaSig::from_private_components(r, s).ok()?.to_der().ok()
    } else {
        DsaSig::from_private_components(r, s).ok()?.to_der().ok()
    }
}

fn digest_for(name: &str) -> Result<Option<MessageDigest>, CryptoError> {
    if name.is_empty() {
        return Ok(None);
    }
    digest_by_name(name)
        .map(Some)
        .ok_or_else(|| CryptoError::node("TypeError", "ERR_CRYPTO_INVALID_DIGEST", format!("Invalid digest: {name}")))
}

fn is_oneshot(id: Id) -> bool {
    matches!(id, Id::ED25519 | Id::ED448)
}

fn apply_padding_sign(s: &mut Signer<'_>, id: Id, padding: i32, salt: i32) -> Result<(), CryptoError> {
    if id == Id::RSA || id == Id::RSA_PSS {
        let pad = if padding >= 0 { padding } else if id == Id::RSA_PSS { 6 } else { 1 };
        s.set_rsa_padding(Padding::from_raw(pad))?;
        if pad == 6 && salt != i32::MIN {
            s.set_rsa_pss_saltlen(salt_len(salt))?;
        }
    }
    Ok(())
}

fn apply_padding_verify(v: &mut Verifier<'_>, id: Id, padding: i32, salt: i32) -> Result<(), CryptoError> {
    if id == Id::RSA || id == Id::RSA_PSS {
        let pad = if padding >= 0 { padding } else if id == Id::RSA_PSS { 6 } else { 1 };
        v.set_rsa_padding(Padding::from_raw(pad))?;
        if pad == 6 && salt != i32::MIN {
            v.set_rsa_pss_saltlen(salt_len(salt))?;
        }
    }
    Ok(())
}

fn salt_len(salt: i32) -> RsaPssSaltlen {
    match salt {
        -1 => RsaPssSaltlen::DIGEST_LENGTH,
        -2 => RsaPssSaltlen::MAXIMUM_LENGTH,
        n => RsaPssSaltlen::custom(n),
    }
}

fn sign(key: &PKey<Private>, digest: &str, data: &[u8], padding: i32, salt: i32, dsa_enc: i32) -> Result<Vec<u8>, CryptoError> {
    let id = key.id();
    let md = digest_for(digest)?;
    let mut s = if is_oneshot(id) || md.is_none() && !matches!(id, Id::RSA | Id::RSA_PSS | Id::EC | Id::DSA) {
        Signer::new_without_digest(key)?
    } else {
        Signer::new(md.unwrap_or(MessageDigest::sha256()), key).map_err(|e| CryptoError::ossl(&e, "Failed to sign"))?
    };
    apply_padding_sign(&mut s, id, padding, salt)?;
    let sig = if is_oneshot(id) {
        s.sign_oneshot_to_vec(data)?
    } else {
        s.update(data)?;
        s.sign_to_vec().map_err(|e| CryptoError::ossl(&e, "Failed to sign"))?
    };
    if dsa_enc == SIG_P1363 {
        if let Some(n) = p1363_len(key) {
            return der_to_p1363(&sig, n, id == Id::EC);
        }
    }
    Ok(sig)
}

fn verify(key: &AnyKey, digest: &str, data: &[u8], sig: &[u8], padding: i32, salt: i32, dsa_enc: i32) -> Result<bool, CryptoError> {
    let pubk = key.public()?;
    let id = pubk.id();
    let md = digest_for(digest)?;
    let converted;
    let sig = if dsa_enc == SIG_P1363 {
        match p1363_len(&pubk) {
            Some(n) => match p1363_to_der(sig, n, id == Id::EC) {
                Some(d) => {
                    converted = d;
                    &converted[..]
                }
                None => return Ok(false),
            },
            None => sig,
        }
    } else {
        sig
    };
    let mut v = if is_oneshot(id) {
        Verifier::new_without_digest(&pubk)?
    } else {
        Verifier::new(md.unwrap_or(MessageDigest::sha256()), &pubk)?
    };
    apply_padding_verify(&mut v, id, padding, salt)?;
    let r = if is_oneshot(id) {
        v.verify_oneshot(sig, data)
    } else {
        v.update(data)?;
        v.verify(sig)
    };
    unsafe { ffi::ERR_clear_error() };
    Ok(r.unwrap_or(false))
}

fn private_of(k: &KeyHandle) -> Result<PKey<Private>, CryptoError> {
    match &k.key {
        AnyKey::Private(p) => Ok(p.clone()),
        AnyKey::Public(_) => Err(CryptoError::node("TypeError", "ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE", "Invalid key object type public, expected private.")),
    }
}

#[op2]
#[buffer]
fn op_crypto_sign(#[cppgc] k: &KeyHandle, #[string] digest: &str, #[buffer] data: &[u8], padding: i32, salt: i32, dsa_enc: i32) -> Result<Vec<u8>, CryptoError> {
    sign(&private_of(k)?, digest, data, padding, salt, dsa_enc)
}

#[op2]
#[buffer]
async fn op_crypto_sign_async(#[cppgc] k: &KeyHandle, #[string] digest: String, #[buffer(copy)] data: Vec<u8>, padding: i32, salt: i32, dsa_enc: i32) -> Result<Vec<u8>, CryptoError> {
    let key = private_of(k)?;
    off_thread(move || sign(&key, &digest, &data, padding, salt, dsa_enc)).await
}

#[op2(fast)]
#[allow(clippy::too_many_arguments)]
fn op_crypto_verify(#[cppgc] k: &KeyHandle, #[string] digest: &str, #[buffer] data: &[u8], #[buffer] sig: &[u8], padding: i32, salt: i32, dsa_enc: i32) -> Result<bool, CryptoError> {
    verify(&k.key, digest, data, sig, padding, salt, dsa_enc)
}

#[op2]
#[allow(clippy::too_many_arguments)]
async fn op_crypto_verify_async(#[cppgc] k: &KeyHandle, #[string] digest: String, #[buffer(copy)] data: Vec<u8>, #[buffer(copy)] sig: Vec<u8>, padding: i32, salt: i32, dsa_enc: i32) -> Result<bool, CryptoError> {
    let key = k.key.clone();
    off_thread(move || verify(&key, &digest, &data, &sig, padding, salt, dsa_enc)).await
}

// ---- RSA encryption --------------------------------------------------------------

/// publicEncrypt (0), privateDecrypt (1), privateEncrypt (2), publicDecrypt (3).
fn pk_cipher(key: &AnyKey, op: i32, padding: i32, oaep_hash: &str, label: Option<&[u8]>, data: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let mut out = Vec::new();
    fn set<T>(ctx: &mut PkeyCtx<T>, padding: i32, oaep_hash: &str, label: Option<&[u8]>) -> Result<(), CryptoError> {
        ctx.set_rsa_padding(Padding::from_raw(padding))?;
        if padding == 4 {
            let md = openssl::md::Md::fetch(None, if oaep_hash.is_empty() { "sha1" } else { oaep_hash }, None)
                .map_err(|_| CryptoError::node("Error", "ERR_OSSL_EVP_INVALID_DIGEST", "Invalid digest used"))?;
            ctx.set_rsa_oaep_md(&md)?;
            if let Some(l) = label {
                if !l.is_empty() {
                    ctx.set_rsa_oaep_label(l)?;
                }
            }
        }
        Ok(())
    }
    match op {
        0 | 3 => {
            let p = key.public()?;
            let mut ctx = PkeyCtx::new(&p)?;
            if op == 0 {
                ctx.encrypt_init()?;
                set(&mut ctx, padding, oaep_hash, label)?;
                ctx.encrypt_to_vec(data, &mut out)?;
            } else {
                ctx.verify_recover_init()?;
                set(&mut ctx, padding, oaep_hash, label)?;
                let mut buf = vec![0u8; p.size()];
                let n = ctx.verify_recover(data, Some(&mut buf))?;
                buf.truncate(n);
                out = buf;
            }
        }
        _ => {
            let AnyKey::Private(p) = key else {
                return Err(CryptoError::plain("Private key required"));
            };
            let mut ctx = PkeyCtx::new(p)?;
            if op == 1 {
                ctx.decrypt_init()?;
                set(&mut ctx, padding, oaep_hash, label)?;
                ctx.decrypt_to_vec(data, &mut out)?;
            } else {
                ctx.sign_init()?;
                set(&mut ctx, padding, oaep_hash, label)?;
                ctx.sign_to_vec(data, &mut out)?;
            }
        }
    }
    Ok(out)
}

#[op2]
#[buffer]
fn op_crypto_pk_cipher(#[cppgc] k: &KeyHandle, op: i32, padding: i32, #[string] oaep_hash: &str, #[buffer] label: Option<&[u8]>, #[buffer] data: &[u8]) -> Result<Vec<u8>, CryptoError> {
    pk_cipher(&k.key, op, padding, oaep_hash, label, data)
}

#[op2]
#[buffer]
async fn op_crypto_pk_cipher_async(#[cppgc] k: &KeyHandle, op: i32, padding: i32, #[string] oaep_hash: String, #[buffer(copy)] label: Option<Vec<u8>>, #[buffer(copy)] data: Vec<u8>) -> Result<Vec<u8>, CryptoError> {
    let key = k.key.clone();
    off_thread(move || pk_cipher(&key, op, padding, &oaep_hash, label.as_deref(), &data)).await
}

// ---- key generation -----------------------------------------------------------------

/// What to generate (from the *KeyPairGenJob arguments).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KeygenSpec {
    kind: String,
    modulus_length: Option<u32>,
    public_exponent: Option<f64>,
    divisor_length: Option<i32>,
    named_curve: Option<String>,
    group: Option<String>,
    prime: Option<Vec<u8>>,
    prime_length: Option<u32>,
    generator: Option<u32>,
    hash_algorithm: Option<String>,
    mgf1_hash_algorithm: Option<String>,
    salt_length: Option<i32>,
}

pub(crate) fn curve_nid(name: &str) -> Option<Nid> {
    if let Some(n) = jwk_curve_nid(name) {
        return Some(n);
    }
    let n = nid_of(name);
    if n == 0 {
        return None;
    }
    let nid = Nid::from_raw(n);
    EcGroup::from_curve_name(nid).ok().map(|_| nid)
}

fn invalid_curve() -> CryptoError {
    CryptoError::node("TypeError", "ERR_CRYPTO_INVALID_CURVE", "Invalid EC curve name")
}

fn dh_group(name: &str) -> Option<(BigNum, BigNum)> {
    let p = match name {
        "modp1" => BigNum::get_rfc2409_prime_768(),
        "modp2" => BigNum::get_rfc2409_prime_1024(),
        "modp5" => BigNum::get_rfc3526_prime_1536(),
        "modp14" => BigNum::get_rfc3526_prime_2048(),
        "modp15" => BigNum::get_rfc3526_prime_3072(),
        "modp16" => BigNum::get_rfc3526_prime_4096(),
        "modp17" => BigNum::get_rfc3526_prime_6144(),
        "modp18" => BigNum::get_rfc3526_prime_8192(),
        _ => return None,
    }
    .ok()?;
    Some((p, BigNum::from_u32(2).ok()?))
}

fn keygen(spec: &KeygenSpec) -> Result<Vec<u8>, CryptoError> {
    let key: PKey<Private> = match spec.kind.as_str() {
        "rsa" | "rsa-pss" => {
            let bits = spec.modulus_length.unwrap_or(2048);
            let e = BigNum::from_dec_str(&format!("{}", spec.public_exponent.unwrap_or(65537.0) as u64))?;
            if spec.kind == "rsa" {
                PKey::from_rsa(Rsa::generate_with_e(bits, &e)?)?
            } else {
                let mut ctx = PkeyCtx::new_id(Id::RSA_PSS)?;
                ctx.keygen_init()?;
                ctx.set_rsa_keygen_bits(bits)?;
                ctx.set_rsa_keygen_pubexp(&e)?;
                set_pss_params(&mut ctx, spec)?;
                ctx.keygen()?
            }
        }
        "dsa" => {
            let bits = spec.modulus_length.unwrap_or(2048);
            let mut ctx = PkeyCtx::new_id(Id::DSA)?;
            ctx.paramgen_init()?;
            ctx.set_dsa_paramgen_bits(bits)?;
            if let Some(q) = spec.divisor_length.filter(|q| *q >= 0) {
                set_dsa_q_bits(&mut ctx, q)?;
            }
            let params = ctx.paramgen()?;
            let mut kctx = PkeyCtx::new(&params)?;
            kctx.keygen_init()?;
            kctx.keygen()?
        }
        "ec" => {
            let name = spec.named_curve.as_deref().unwrap_or("");
            let nid = curve_nid(name).ok_or_else(invalid_curve)?;
            let group = EcGroup::from_curve_name(nid)?;
            PKey::from_ec_key(EcKey::generate(&group)?)?
        }
        "ed25519" => PKey::generate_ed25519()?,
        "ed448" => PKey::generate_ed448()?,
        "x25519" => PKey::generate_x25519()?,
        "x448" => PKey::generate_x448()?,
        "dh" => {
            let params = if let Some(g) = &spec.group {
                let (p, g) = dh_group(g).ok_or_else(|| CryptoError::node("Error", "ERR_CRYPTO_UNKNOWN_DH_GROUP", "Unknown DH group"))?;
                Dh::from_pqg(p, None, g)?
            } else if let Some(p) = &spec.prime {
                Dh::from_pqg(BigNum::from_slice(p)?, None, BigNum::from_u32(spec.generator.unwrap_or(2))?)?
            } else {
                Dh::generate_params(spec.prime_length.unwrap_or(2048), spec.generator.unwrap_or(2))?
            };
            PKey::from_dh(params.generate_key()?)?
        }
        other => return Err(CryptoError::plain(format!("Unsupported key type {other}"))),
    };
    Ok(key.private_key_to_pkcs8()?)
}

/// The RSASSA-PSS-params restrictions of a generated rsa-pss key.
fn set_pss_params(ctx: &mut PkeyCtx<()>, spec: &KeygenSpec) -> Result<(), CryptoError> {
    extern "C" {
        fn EVP_PKEY_CTX_set_rsa_pss_keygen_md(ctx: *mut libc::c_void, md: *const libc::c_void) -> libc::c_int;
        fn EVP_PKEY_CTX_set_rsa_pss_keygen_mgf1_md(ctx: *mut libc::c_void, md: *const libc::c_void) -> libc::c_int;
        fn EVP_PKEY_CTX_set_rsa_pss_keygen_saltlen(ctx: *mut libc::c_void, len: libc::c_int) -> libc::c_int;
    }
    let p = &mut **ctx as *mut openssl::pkey_ctx::PkeyCtxRef<()> as *mut libc::c_void;
    let md = |name: &str| {
        digest_by_name(name)
            .ok_or_else(|| CryptoError::node("TypeError", "ERR_CRYPTO_INVALID_DIGEST", format!("Invalid MGF1 digest: {name}")))
    };
    if let Some(h) = &spec.hash_algorithm {
        let m = digest_by_name(h)
            .ok_or_else(|| CryptoError::node("TypeError", "ERR_CRYPTO_INVALID_DIGEST", format!("Invalid digest: {h}")))?;
        if unsafe { EVP_PKEY_CTX_set_rsa_pss_keygen_md(p, m.as_ptr() as *const libc::c_void) } <= 0 {
            return Err(CryptoError::last("Failed to set RSA-PSS digest"));
        }
    }
    if let Some(h) = &spec.mgf1_hash_algorithm {
        let m = md(h)?;
        if unsafe { EVP_PKEY_CTX_set_rsa_pss_keygen_mgf1_md(p, m.as_ptr() as *const libc::c_void) } <= 0 {
            return Err(CryptoError::last("Failed to set MGF1 digest"));
        }
    }
    // RFC 8017 A.2.3: the salt defaults to the hash's length.
    let salt = spec.salt_length.filter(|n| *n >= 0).or_else(|| {
        spec.hash_algorithm.as_deref().and_then(digest_by_name).map(|m| m.size() as i32)
    });
    if let Some(n) = salt {
        if unsafe { EVP_PKEY_CTX_set_rsa_pss_keygen_saltlen(p, n) } <= 0 {
            return Err(CryptoError::last("Failed to set salt length"));
        }
    }
    Ok(())
}

/// The RSASSA-PSS-params of an rsa-pss key, when it has them:
/// (hashAlgorithm, mgf1HashAlgorithm, saltLength).
fn pss_params<T>(k: &PKeyRef<T>) -> Option<(String, String, i32)> {
    extern "C" {
        fn EVP_PKEY_get_utf8_string_param(k: *const libc::c_void, name: *const libc::c_char, buf: *mut libc::c_char, max: libc::size_t, out: *mut libc::size_t) -> libc::c_int;
        fn EVP_PKEY_get_int_param(k: *const libc::c_void, name: *const libc::c_char, out: *mut libc::c_int) -> libc::c_int;
    }
    let p = k as *const PKeyRef<T> as *const libc::c_void;
    let get = |name: &CStr| -> Option<String> {
        let mut buf = [0 as libc::c_char; 64];
        let mut len: libc::size_t = 0;
        if unsafe { EVP_PKEY_get_utf8_string_param(p, name.as_ptr(), buf.as_mut_ptr(), buf.len(), &mut len) } != 1 {
            return None;
        }
        let s = unsafe { CStr::from_ptr(buf.as_ptr()) }.to_string_lossy().to_ascii_lowercase();
        // OpenSSL's canonical names ("sha2-256") back to Node's ("sha256").
        Some(match s.as_str() {
            "sha2-224" => "sha224".into(),
            "sha2-256" => "sha256".into(),
            "sha2-384" => "sha384".into(),
            "sha2-512" => "sha512".into(),
            "sha2-512/224" => "sha512-224".into(),
            "sha2-512/256" => "sha512-256".into(),
            _ => s,
        })
    };
    let hash = get(c"digest")?;
    let mgf1 = get(c"mgf1-digest").unwrap_or_else(|| hash.clone());
    let mut salt: libc::c_int = 0;
    if unsafe { EVP_PKEY_get_int_param(p, c"saltlen".as_ptr(), &mut salt) } != 1 {
        salt = 20;
    }
    unsafe { ffi::ERR_clear_error() };
    Some((hash, mgf1, salt))
}

fn set_dsa_q_bits(ctx: &mut PkeyCtx<()>, q: i32) -> Result<(), CryptoError> {
    extern "C" {
        fn EVP_PKEY_CTX_set_dsa_paramgen_q_bits(ctx: *mut libc::c_void, qbits: libc::c_int) -> libc::c_int;
    }
    // `&mut PkeyCtxRef` is the EVP_PKEY_CTX* itself.
    let p = &mut **ctx as *mut openssl::pkey_ctx::PkeyCtxRef<()> as *mut libc::c_void;
    if unsafe { EVP_PKEY_CTX_set_dsa_paramgen_q_bits(p, q) } <= 0 {
        return Err(CryptoError::last("Invalid divisor length"));
    }
    Ok(())
}

/// Generates a key pair; the private key comes back as PKCS#8 DER.
#[op2]
#[buffer]
fn op_crypto_keygen(#[serde] spec: KeygenSpec) -> Result<Vec<u8>, CryptoError> {
    keygen(&spec)
}

#[op2]
#[buffer]
async fn op_crypto_keygen_async(#[serde] spec: KeygenSpec) -> Result<Vec<u8>, CryptoError> {
    off_thread(move || keygen(&spec)).await
}

// ---- key agreement -------------------------------------------------------------------

fn derive(private: &PKey<Private>, public: &PKey<Public>) -> Result<Vec<u8>, CryptoError> {
    let mut ctx = PkeyCtx::new(private)?;
    ctx.derive_init()?;
    ctx.derive_set_peer(public)?;
    let mut out = vec![];
    ctx.derive_to_vec(&mut out)?;
    if private.id() == Id::DH {
        // Node's DH secrets are as long as the prime (leading zeros kept).
        return Ok(pad_to(out, private.size()));
    }
    Ok(out)
}

/// Stateless diffieHellman({ privateKey, publicKey }) / ECDH / X25519 bits.
#[op2]
#[buffer]
fn op_crypto_derive(#[cppgc] private: &KeyHandle, #[cppgc] public: &KeyHandle) -> Result<Vec<u8>, CryptoError> {
    derive(&private_of(private)?, &public.key.public()?)
}

#[op2]
#[buffer]
async fn op_crypto_derive_async(#[cppgc] private: &KeyHandle, #[cppgc] public: &KeyHandle) -> Result<Vec<u8>, CryptoError> {
    let (a, b) = (private_of(private)?, public.key.public()?);
    off_thread(move || derive(&a, &b)).await
}

/// Node's ECDH class.
pub struct EcdhHandle {
    group: EcGroup,
    key: RefCell<Option<EcKey<Private>>>,
}

unsafe impl GarbageCollected for EcdhHandle {
    fn trace(&self, _: &mut deno_core::v8::cppgc::Visitor) {}
    fn get_name(&self) -> &'static CStr {
        c"ECDH"
    }
}

#[op2]
#[cppgc]
fn op_crypto_ecdh_new(#[string] curve: &str) -> Result<EcdhHandle, CryptoError> {
    let nid = curve_nid(curve).ok_or_else(invalid_curve)?;
    Ok(EcdhHandle { group: EcGroup::from_curve_name(nid)?, key: RefCell::new(None) })
}

#[op2(fast)]
fn op_crypto_ecdh_generate(#[cppgc] h: &EcdhHandle) -> Result<(), CryptoError> {
    *h.key.borrow_mut() = Some(EcKey::generate(&h.group)?);
    Ok(())
}

fn form(f: i32) -> PointConversionForm {
    match f {
        2 => PointConversionForm::COMPRESSED,
        6 => PointConversionForm::HYBRID,
        _ => PointConversionForm::UNCOMPRESSED,
    }
}

fn invalid_public_key() -> CryptoError {
    CryptoError::node("Error", "ERR_CRYPTO_ECDH_INVALID_PUBLIC_KEY", "Public key is not valid for specified curve")
}

#[op2]
#[buffer]
fn op_crypto_ecdh_compute(#[cppgc] h: &EcdhHandle, #[buffer] peer: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let mut ctx = BigNumContext::new()?;
    let point = EcPoint::from_bytes(&h.group, peer, &mut ctx).map_err(|_| {
        unsafe { ffi::ERR_clear_error() };
        invalid_public_key()
    })?;
    let key = h.key.borrow();
    let key = key.as_ref().ok_or_else(|| CryptoError::plain("Failed to get ECDH private key"))?;
    if key.check_key().is_err() {
        unsafe { ffi::ERR_clear_error() };
        return Err(CryptoError::node("RangeError", "ERR_CRYPTO_INVALID_KEYPAIR", "Invalid key pair"));
    }
    let peer_key = EcKey::from_public_key(&h.group, &point)?;
    if peer_key.check_key().is_err() {
        unsafe { ffi::ERR_clear_error() };
        return Err(invalid_public_key());
    }
    derive(&PKey::from_ec_key(key.clone())?, &PKey::from_ec_key(peer_key)?)
}

#[op2]
#[buffer]
fn op_crypto_ecdh_get_public(#[cppgc] h: &EcdhHandle, format: i32) -> Result<Vec<u8>, CryptoError> {
    let key = h.key.borrow();
    let key = key.as_ref().ok_or_else(|| CryptoError::plain("Failed to get ECDH public key"))?;
    let mut ctx = BigNumContext::new()?;
    Ok(key.public_key().to_bytes(&h.group, form(format), &mut ctx)?)
}

#[op2]
#[buffer]
fn op_crypto_ecdh_get_private(#[cppgc] h: &EcdhHandle) -> Result<Vec<u8>, CryptoError> {
    let key = h.key.borrow();
    let key = key.as_ref().ok_or_else(|| CryptoError::plain("Failed to get ECDH private key"))?;
    let len = (h.group.order_bits() as usize).div_ceil(8);
    Ok(pad_to(key.private_key().to_vec(), len))
}

#[op2(fast)]
fn op_crypto_ecdh_set_private(#[cppgc] h: &EcdhHandle, #[buffer] d: &[u8]) -> Result<(), CryptoError> {
    let invalid = || CryptoError::node("Error", "ERR_CRYPTO_INVALID_KEYTYPE", "Private key is not valid for specified curve.");
    let d = BigNum::from_slice(d)?;
    let mut ctx = BigNumContext::new()?;
    let mut order = BigNum::new()?;
    h.group.order(&mut order, &mut ctx)?;
    if d.num_bits() == 0 || d >= order {
        return Err(invalid());
    }
    let mut point = EcPoint::new(&h.group)?;
    point.mul_generator2(&h.group, &d, &mut ctx)?;
    let key = EcKey::from_private_components(&h.group, &d, &point).map_err(|_| invalid())?;
    *h.key.borrow_mut() = Some(key);
    Ok(())
}

#[op2(fast)]
fn op_crypto_ecdh_set_public(#[cppgc] h: &EcdhHandle, #[buffer] p: &[u8]) -> Result<(), CryptoError> {
    let mut ctx = BigNumContext::new()?;
    let point = EcPoint::from_bytes(&h.group, p, &mut ctx).map_err(|_| CryptoError::plain("Failed to convert Buffer to EC_POINT"))?;
    let mut key = h.key.borrow_mut();
    let d = match key.as_ref() {
        Some(k) => dup(k.private_key())?,
        None => BigNum::from_u32(1)?,
    };
    *key = Some(EcKey::from_private_components(&h.group, &d, &point)?);
    Ok(())
}

/// ECDH.convertKey(key, curve, format).
#[op2]
#[buffer]
fn op_crypto_ecdh_convert(#[buffer] key: &[u8], #[string] curve: &str, format: i32) -> Result<Vec<u8>, CryptoError> {
    let nid = curve_nid(curve).ok_or_else(invalid_curve)?;
    let group = EcGroup::from_curve_name(nid)?;
    let mut ctx = BigNumContext::new()?;
    let point = EcPoint::from_bytes(&group, key, &mut ctx).map_err(|_| CryptoError::plain("Failed to convert Buffer to EC_POINT"))?;
    Ok(point.to_bytes(&group, form(format), &mut ctx)?)
}

/// Node's DiffieHellman / DiffieHellmanGroup: p, g and the key pair.
pub struct DhHandle {
    state: RefCell<DhState>,
}

struct DhState {
    p: BigNum,
    g: BigNum,
    public: Option<BigNum>,
    private: Option<BigNum>,
    verify_error: i32,
}

unsafe impl GarbageCollected for DhHandle {
    fn trace(&self, _: &mut deno_core::v8::cppgc::Visitor) {}
    fn get_name(&self) -> &'static CStr {
        c"DiffieHellman"
    }
}

fn dh_check(p: &BigNum, g: &BigNum) -> i32 {
    // DH_check's flags: DH_CHECK_P_NOT_PRIME 1, DH_CHECK_P_NOT_SAFE_PRIME 2,
    // DH_NOT_SUITABLE_GENERATOR 8.
    let mut flags = 0;
    let Ok(mut ctx) = BigNumContext::new() else { return 0 };
    if !p.is_prime(64, &mut ctx).unwrap_or(false) {
        flags |= 1;
    } else {
        let Ok(mut q) = BigNum::new() else { return flags };
        let _ = q.rshift1(p);
        if !q.is_prime(64, &mut ctx).unwrap_or(false) {
            flags |= 2;
        }
    }
    if g.num_bits() <= 1 || g >= p {
        flags |= 8;
    }
    flags
}

/// `new DiffieHellman(prime | primeLength, generator)`; `prime` empty means generate `bits`.
#[op2]
#[cppgc]
fn op_crypto_dh_new(#[buffer] prime: &[u8], bits: i32, #[buffer] generator: &[u8]) -> Result<DhHandle, CryptoError> {
    let g = BigNum::from_slice(generator)?;
    if prime.is_empty() && bits < 512 {
        return Err(CryptoError::ossl_like(5, "Diffie-Hellman routines", 126, "modulus too small"));
    }
    if g.num_bits() <= 1 {
        return Err(CryptoError::ossl_like(5, "Diffie-Hellman routines", 101, "bad generator"));
    }
    let p = if prime.is_empty() {
        let gen = g.to_dec_str()?.parse::<u32>().unwrap_or(2);
        let params = Dh::generate_params(bits as u32, gen).map_err(|e| CryptoError::ossl(&e, "Failed to generate DH parameters"))?;
        dup(params.prime_p())?
    } else {
        BigNum::from_slice(prime)?
    };
    let verify_error = dh_check(&p, &g);
    Ok(DhHandle { state: RefCell::new(DhState { p, g, public: None, private: None, verify_error }) })
}

#[op2]
#[cppgc]
fn op_crypto_dh_group(#[string] name: &str) -> Result<DhHandle, CryptoError> {
    let (p, g) = dh_group(name).ok_or_else(|| CryptoError::node("Error", "ERR_CRYPTO_UNKNOWN_DH_GROUP", "Unknown DH group"))?;
    Ok(DhHandle { state: RefCell::new(DhState { p, g, public: None, private: None, verify_error: 0 }) })
}

fn dh_params(st: &DhState) -> Result<Dh<openssl::pkey::Params>, CryptoError> {
    Ok(Dh::from_pqg(dup(&st.p)?, None, dup(&st.g)?)?)
}

#[op2(fast)]
fn op_crypto_dh_generate(#[cppgc] h: &DhHandle) -> Result<(), CryptoError> {
    let mut st = h.state.borrow_mut();
    let dh = match st.private.as_ref() {
        // A set private key keeps it; only the public key is (re)computed.
        Some(x) => {
            let mut ctx = BigNumContext::new()?;
            let mut y = BigNum::new()?;
            y.mod_exp(&st.g, x, &st.p, &mut ctx)?;
            st.public = Some(y);
            return Ok(());
        }
        None => dh_params(&st)?.generate_key()?,
    };
    st.public = Some(dup(dh.public_key())?);
    st.private = Some(dup(dh.private_key())?);
    Ok(())
}

/// computeSecret: Err with Node's messages on a bad peer key.
#[op2]
#[buffer]
fn op_crypto_dh_compute(#[cppgc] h: &DhHandle, #[buffer] peer: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let st = h.state.borrow();
    let x = st.private.as_ref().ok_or_else(|| CryptoError::plain("Failed to get DH private key"))?;
    let y = BigNum::from_slice(peer)?;
    let mut ctx = BigNumContext::new()?;
    let one = BigNum::from_u32(1)?;
    let mut pm1 = BigNum::new()?;
    pm1.checked_sub(&st.p, &one)?;
    if y <= one {
        return Err(CryptoError::node("RangeError", "ERR_CRYPTO_INVALID_KEYLEN", "Supplied key is too small"));
    }
    if y >= pm1 {
        return Err(CryptoError::node("RangeError", "ERR_CRYPTO_INVALID_KEYLEN", "Supplied key is too large"));
    }
    let mut s = BigNum::new()?;
    s.mod_exp(&y, x, &st.p, &mut ctx)?;
    Ok(pad_to(s.to_vec(), st.p.num_bytes() as usize))
}

/// p (0), g (1), public (2), private (3), verifyError (4 as one byte).
#[op2]
#[buffer]
fn op_crypto_dh_get(#[cppgc] h: &DhHandle, what: i32) -> Result<Vec<u8>, CryptoError> {
    let st = h.state.borrow();
    Ok(match what {
        0 => st.p.to_vec(),
        1 => st.g.to_vec(),
        2 => st.public.as_ref().ok_or_else(|| CryptoError::node("Error", "ERR_CRYPTO_INVALID_STATE", "No public key - did you forget to generate one?"))?.to_vec(),
        3 => st.private.as_ref().ok_or_else(|| CryptoError::node("Error", "ERR_CRYPTO_INVALID_STATE", "No private key - did you forget to generate one?"))?.to_vec(),
        _ => vec![st.verify_error as u8],
    })
}

#[op2(fast)]
fn op_crypto_dh_set(#[cppgc] h: &DhHandle, private: bool, #[buffer] v: &[u8]) -> Result<(), CryptoError> {
    let mut st = h.state.borrow_mut();
    let n = BigNum::from_slice(v)?;
    if private {
        st.private = Some(n);
    } else {
        st.public = Some(n);
    }
    Ok(())
}

fn dup(b: &BigNumRef) -> Result<BigNum, CryptoError> {
    Ok(b.to_owned()?)
}
