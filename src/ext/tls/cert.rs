//! Certificates as Node's `getPeerCertificate()` objects and OpenSSL's
//! verification results as Node's error codes.

use openssl::hash::MessageDigest;
use openssl::nid::Nid;
use openssl::x509::{X509NameRef, X509};
use serde::Serialize;
use std::collections::BTreeMap;

/// X509_V_ERR_* numbers to the names Node uses as `err.code`
/// (src/crypto/crypto_common.cc, X509ErrorCode).
pub fn verify_code(n: i32) -> &'static str {
    match n {
        2 => "UNABLE_TO_GET_ISSUER_CERT",
        3 => "UNABLE_TO_GET_CRL",
        4 => "UNABLE_TO_DECRYPT_CERT_SIGNATURE",
        5 => "UNABLE_TO_DECRYPT_CRL_SIGNATURE",
        6 => "UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY",
        7 => "CERT_SIGNATURE_FAILURE",
        8 => "CRL_SIGNATURE_FAILURE",
        9 => "CERT_NOT_YET_VALID",
        10 => "CERT_HAS_EXPIRED",
        11 => "CRL_NOT_YET_VALID",
        12 => "CRL_HAS_EXPIRED",
        13 => "ERROR_IN_CERT_NOT_BEFORE_FIELD",
        14 => "ERROR_IN_CERT_NOT_AFTER_FIELD",
        15 => "ERROR_IN_CRL_LAST_UPDATE_FIELD",
        16 => "ERROR_IN_CRL_NEXT_UPDATE_FIELD",
        17 => "OUT_OF_MEM",
        18 => "DEPTH_ZERO_SELF_SIGNED_CERT",
        19 => "SELF_SIGNED_CERT_IN_CHAIN",
        20 => "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
        21 => "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
        22 => "CERT_CHAIN_TOO_LONG",
        23 => "CERT_REVOKED",
        24 => "INVALID_CA",
        25 => "PATH_LENGTH_EXCEEDED",
        26 => "INVALID_PURPOSE",
        27 => "CERT_UNTRUSTED",
        28 => "CERT_REJECTED",
        62 => "HOSTNAME_MISMATCH",
        _ => "UNSPECIFIED",
    }
}

/// One certificate as Node's legacy object (translatePeerCertificate input).
#[derive(Serialize)]
pub struct CertObject {
    subject: Option<BTreeMap<String, serde_json_like::Val>>,
    issuer: Option<BTreeMap<String, serde_json_like::Val>>,
    subjectaltname: Option<String>,
    ca: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    modulus: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bits: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    exponent: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pubkey: Option<deno_core::serde_v8::ToJsBuffer>,
    #[serde(skip_serializing_if = "Option::is_none", rename = "asn1Curve")]
    asn1_curve: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", rename = "nistCurve")]
    nist_curve: Option<String>,
    valid_from: String,
    valid_to: String,
    fingerprint: String,
    fingerprint256: String,
    fingerprint512: String,
    #[serde(rename = "serialNumber")]
    serial_number: String,
    raw: deno_core::serde_v8::ToJsBuffer,
    #[serde(rename = "issuerCertificate", skip_serializing_if = "Option::is_none")]
    issuer_certificate: Option<Box<CertObject>>,
    /// True when this certificate is its own issuer (the chain ends here).
    #[serde(rename = "selfIssued")]
    self_issued: bool,
}

/// A name's entries; repeated fields become arrays (serde's untagged enum).
pub mod serde_json_like {
    use serde::Serialize;
    #[derive(Serialize)]
    #[serde(untagged)]
    pub enum Val {
        One(String),
        Many(Vec<String>),
    }
}

fn name_object(name: &X509NameRef) -> BTreeMap<String, serde_json_like::Val> {
    use serde_json_like::Val;
    let mut m: BTreeMap<String, Val> = BTreeMap::new();
    // BTreeMap sorts keys; Node keeps the certificate's order. Keep order via
    // an index prefix that JS strips.
    let mut order = 0;
    for e in name.entries() {
        let key = e.object().nid().short_name().unwrap_or("UNDEF").to_string();
        let val = e.data().as_utf8().map(|s| s.to_string()).unwrap_or_default();
        if let Some((k, _)) = m.iter().find(|(k, _)| k.split_once(' ').map(|x| x.1) == Some(key.as_str())) {
            let k = k.clone();
            let old = m.remove(&k).unwrap();
            let list = match old {
                Val::One(s) => vec![s, val],
                Val::Many(mut v) => {
                    v.push(val);
                    v
                }
            };
            m.insert(k, Val::Many(list));
        } else {
            m.insert(format!("{:03} {}", order, key), Val::One(val));
            order += 1;
        }
    }
    m
}

fn hex_colon(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{:02X}", b)).collect::<Vec<_>>().join(":")
}

fn fingerprint(c: &X509, md: MessageDigest) -> String {
    c.digest(md).map(|d| hex_colon(&d)).unwrap_or_default()
}

fn san_string(c: &X509) -> Option<String> {
    let names = c.subject_alt_names()?;
    let mut parts = Vec::new();
    for n in names.iter() {
        if let Some(d) = n.dnsname() {
            parts.push(format!("DNS:{}", d));
        } else if let Some(ip) = n.ipaddress() {
            let s = match ip.len() {
                4 => std::net::Ipv4Addr::new(ip[0], ip[1], ip[2], ip[3]).to_string(),
                16 => {
                    let mut a = [0u8; 16];
                    a.copy_from_slice(ip);
                    // Node prints IPv6 in OpenSSL's uncompressed upper-case form.
                    a.chunks(2).map(|w| format!("{:X}", u16::from_be_bytes([w[0], w[1]]))).collect::<Vec<_>>().join(":")
                }
                _ => String::new(),
            };
            parts.push(format!("IP Address:{}", s));
        } else if let Some(e) = n.email() {
            parts.push(format!("email:{}", e));
        } else if let Some(u) = n.uri() {
            parts.push(format!("URI:{}", u));
        }
    }
    Some(parts.join(", "))
}

fn is_ca(c: &X509) -> bool {
    // The basicConstraints CA flag, read from the DER text form would need
    // X509_check_ca; the extension's presence with CA:TRUE is found by
    // re-encoding: OpenSSL's text is not available, so check the raw DER for
    // the basicConstraints OID followed by a TRUE boolean.
    let der = c.to_der().unwrap_or_default();
    let oid = [0x06, 0x03, 0x55, 0x1d, 0x13];
    if let Some(p) = der.windows(oid.len()).position(|w| w == oid) {
        let rest = &der[p + oid.len()..der.len().min(p + oid.len() + 12)];
        return rest.windows(3).any(|w| w == [0x01, 0x01, 0xff]);
    }
    false
}

/// Builds the legacy object for `c`; with `chain`, also its issuer chain as
/// `issuerCertificate` (the last self-issued one points to itself in JS).
pub fn legacy_object(c: &X509, chain: Option<&Vec<X509>>) -> CertObject {
    let mut o = single(c);
    if let Some(chain) = chain {
        let mut cur: &mut CertObject = &mut o;
        let mut cur_cert = c.clone();
        let mut used = vec![false; chain.len()];
        for _ in 0..chain.len() {
            if cur.self_issued {
                break;
            }
            let next = chain.iter().enumerate().find(|(i, cand)| {
                !used[*i] && cand.subject_name().try_cmp(cur_cert.issuer_name()).map(|o| o.is_eq()).unwrap_or(false)
                    && cand.to_der().ok() != cur_cert.to_der().ok()
            });
            let Some((i, n)) = next else { break };
            used[i] = true;
            cur.issuer_certificate = Some(Box::new(single(n)));
            cur_cert = n.clone();
            cur = cur.issuer_certificate.as_mut().unwrap();
        }
    }
    o
}

fn single(c: &X509) -> CertObject {
    let (mut modulus, mut bits, mut exponent, mut pubkey, mut asn1_curve, mut nist_curve) = (None, None, None, None, None, None);
    if let Ok(pk) = c.public_key() {
        bits = Some(pk.bits());
        if let Ok(rsa) = pk.rsa() {
            modulus = Some(rsa.n().to_hex_str().map(|s| s.to_string()).unwrap_or_default());
            exponent = Some(format!("0x{}", rsa.e().to_hex_str().map(|s| s.to_lowercase().trim_start_matches('0').to_string()).unwrap_or_default()));
            pubkey = pk.public_key_to_der().ok().map(Into::into);
        } else if let Ok(ec) = pk.ec_key() {
            pubkey = pk.public_key_to_der().ok().map(Into::into);
            if let Some(nid) = ec.group().curve_name() {
                asn1_curve = nid.short_name().ok().map(|s| s.to_string());
                nist_curve = match nid {
                    Nid::X9_62_PRIME256V1 => Some("P-256".into()),
                    Nid::SECP384R1 => Some("P-384".into()),
                    Nid::SECP521R1 => Some("P-521".into()),
                    _ => None,
                };
            }
        }
    }
    let self_issued = c.subject_name().try_cmp(c.issuer_name()).map(|o| o.is_eq()).unwrap_or(false);
    CertObject {
        subject: Some(name_object(c.subject_name())),
        issuer: Some(name_object(c.issuer_name())),
        subjectaltname: san_string(c),
        ca: is_ca(c),
        modulus,
        bits,
        exponent,
        pubkey,
        asn1_curve,
        nist_curve,
        valid_from: c.not_before().to_string(),
        valid_to: c.not_after().to_string(),
        fingerprint: fingerprint(c, MessageDigest::sha1()),
        fingerprint256: fingerprint(c, MessageDigest::sha256()),
        fingerprint512: fingerprint(c, MessageDigest::sha512()),
        serial_number: c.serial_number().to_bn().ok().and_then(|b| b.to_hex_str().ok().map(|s| s.to_string())).unwrap_or_default(),
        raw: c.to_der().unwrap_or_default().into(),
        issuer_certificate: None,
        self_issued,
    }
}
