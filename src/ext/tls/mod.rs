//! `tls` ops: the native half of `node:tls`, shaped like Node's
//! `internalBinding('crypto').SecureContext` and `internalBinding('tls_wrap')`
//! (src/crypto/crypto_context.cc, src/crypto/crypto_tls.cc).
//!
//! TLS runs over memory buffers, as Node's TLSWrap does with memory BIOs: JS
//! feeds the ciphertext it received (`op_tls_conn_feed`), takes back the
//! ciphertext to send (`op_tls_conn_take_out`) and the cleartext that was
//! decrypted (`op_tls_conn_read`), so a TLS socket can run over any duplex.
//! Certificate verification errors are read after the handshake
//! (`verifyError`), as Node does, so JS decides whether to reject.

mod cert;

use deno_core::{op2, v8, GarbageCollected, OpDecl};
use openssl::error::ErrorStack;
use openssl::pkcs12::Pkcs12;
use openssl::pkey::PKey;
use openssl::ssl::{
    AlpnError, ErrorCode, NameType, ShutdownResult, Ssl, SslContext, SslContextBuilder,
    SslMethod, SslMode, SslOptions, SslSession, SslSessionCacheMode, SslStream, SslVerifyMode, SslVersion,
};
use openssl::x509::X509;
use serde::Serialize;
use std::cell::RefCell;
use std::io::{self, Read, Write};
use std::sync::{Arc, Mutex, OnceLock};

/// The tls subsystem's ops.
pub fn ops() -> Vec<OpDecl> {
    vec![
        op_tls_context_new(),
        op_tls_context_set_key(),
        op_tls_context_set_cert(),
        op_tls_context_add_ca_cert(),
        op_tls_context_add_root_certs(),
        op_tls_context_set_ciphers(),
        op_tls_context_set_cipher_suites(),
        op_tls_context_set_ecdh_curve(),
        op_tls_context_set_options(),
        op_tls_context_set_proto_versions(),
        op_tls_context_set_session_id_context(),
        op_tls_context_load_pkcs12(),
        op_tls_root_certificates(),
        op_tls_conn_new(),
        op_tls_conn_set_servername(),
        op_tls_conn_set_alpn(),
        op_tls_conn_set_verify(),
        op_tls_conn_set_session(),
        op_tls_conn_start(),
        op_tls_conn_feed(),
        op_tls_conn_read(),
        op_tls_conn_write(),
        op_tls_conn_take_out(),
        op_tls_conn_shutdown(),
        op_tls_conn_error(),
        op_tls_conn_info(),
        op_tls_conn_peer_certificate(),
        op_tls_conn_certificate(),
        op_tls_conn_get_session(),
        op_tls_conn_take_events(),
    ]
}

/// An OpenSSL error as Node reports it: `message`, `library`, `reason`, `code`.
#[derive(Serialize)]
pub struct SslErr {
    message: String,
    library: String,
    reason: String,
    code: String,
}

// Node's OSSL_ERROR_CODES_MAP: ERR_LIB_* number to the name in `ERR_OSSL_<LIB>_`.
fn lib_name(lib: u64) -> &'static str {
    match lib {
        2 => "SYS", 3 => "BN", 4 => "RSA", 5 => "DH", 6 => "EVP", 7 => "BUF", 8 => "OBJ", 9 => "PEM",
        10 => "DSA", 11 => "X509", 13 => "ASN1", 14 => "CONF", 15 => "CRYPTO", 16 => "EC", 20 => "SSL",
        32 => "BIO", 33 => "PKCS7", 34 => "X509V3", 35 => "PKCS12", 36 => "RAND", 37 => "DSO",
        38 => "ENGINE", 39 => "OCSP", 40 => "UI", 41 => "COMP", 42 => "ECDSA", 43 => "ECDH",
        44 => "OSSL_STORE", 45 => "FIPS", 46 => "CMS", 47 => "TS", 48 => "HMAC", 50 => "CT",
        51 => "ASYNC", 52 => "KDF", 53 => "SM2", 128 => "USER",
        _ => "",
    }
}

fn ssl_err(stack: &ErrorStack, ssl_prefix: bool) -> Option<SslErr> {
    // The last error queued is the one Node reports (ERR_get_error order:
    // Node takes the earliest; OpenSSL queues the root cause first).
    let e = stack.errors().first()?;
    let library = e.library().unwrap_or("").to_string();
    let reason = e.reason().unwrap_or("").to_string();
    let code_num = e.code();
    let lib = (code_num >> 23) & 0xff;
    let reason_up: String = reason
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' })
        .collect();
    // Node names SSL-library errors ERR_SSL_*, the others ERR_OSSL_<LIB>_*.
    let code = if ssl_prefix || lib == 20 {
        format!("ERR_SSL_{}", reason_up)
    } else {
        let l = lib_name(lib);
        if l.is_empty() { format!("ERR_OSSL_{}", reason_up) } else { format!("ERR_OSSL_{}_{}", l, reason_up) }
    };
    // Node's OpenSSL is built without function names.
    let message = format!("error:{:08X}:{}::{}", code_num, library, reason);
    Some(SslErr { message, library, reason, code })
}

fn generic_err(message: &str) -> SslErr {
    SslErr { message: message.into(), library: String::new(), reason: String::new(), code: String::new() }
}

// --- SecureContext ------------------------------------------------------------

enum CtxState {
    Building(Box<SslContextBuilder>),
    Built(SslContext),
    Empty,
}

/// Node's SecureContext: one SSL_CTX, configured from createSecureContext's
/// options, then shared by the connections made from it.
pub struct SecureContext {
    state: RefCell<CtxState>,
}

unsafe impl GarbageCollected for SecureContext {
    fn trace(&self, _visitor: &mut v8::cppgc::Visitor) {}
    fn get_name(&self) -> &'static std::ffi::CStr {
        c"SecureContext"
    }
}

/// The protocols of an ALPN wire-format list.
fn wire_list(mut b: &[u8]) -> impl Iterator<Item = &[u8]> {
    std::iter::from_fn(move || {
        let (&n, rest) = b.split_first()?;
        if rest.len() < n as usize {
            return None;
        }
        let (p, r) = rest.split_at(n as usize);
        b = r;
        Some(p)
    })
}

struct Idx {
    alpn: openssl::ex_data::Index<Ssl, Vec<u8>>,
    events: openssl::ex_data::Index<Ssl, Arc<Mutex<Events>>>,
}

fn idx() -> &'static Idx {
    static I: OnceLock<Idx> = OnceLock::new();
    I.get_or_init(|| Idx {
        alpn: Ssl::new_ex_index().expect("ex index"),
        events: Ssl::new_ex_index().expect("ex index"),
    })
}

/// What OpenSSL reported from inside a handshake, for JS to emit.
#[derive(Default)]
struct Events {
    sessions: Vec<Vec<u8>>,
    keylog: Vec<String>,
}

impl SecureContext {
    fn with_builder<R>(&self, f: impl FnOnce(&mut SslContextBuilder) -> R) -> Option<R> {
        let mut st = self.state.borrow_mut();
        match &mut *st {
            CtxState::Building(b) => Some(f(b)),
            _ => None,
        }
    }

    fn context(&self) -> Option<SslContext> {
        let mut st = self.state.borrow_mut();
        if let CtxState::Built(c) = &*st {
            return Some(c.clone());
        }
        let prev = std::mem::replace(&mut *st, CtxState::Empty);
        let CtxState::Building(mut b) = prev else { return None };
        b.set_alpn_select_callback(|ssl, client| {
            let Some(server) = ssl.ex_data(idx().alpn) else { return Err(AlpnError::NOACK) };
            // The server's order wins; the answer is a slice of the client's list.
            for sp in wire_list(server) {
                if let Some(cp) = wire_list(client).find(|cp| *cp == sp) {
                    return Ok(cp);
                }
            }
            Err(AlpnError::ALERT_FATAL)
        });
        b.set_session_cache_mode(SslSessionCacheMode::CLIENT | SslSessionCacheMode::SERVER);
        b.set_new_session_callback(|ssl, session| {
            if let (Ok(der), Some(ev)) = (session.to_der(), ssl.ex_data(idx().events)) {
                ev.lock().unwrap().sessions.push(der);
            }
        });
        b.set_keylog_callback(|ssl, line| {
            if let Some(ev) = ssl.ex_data(idx().events) {
                ev.lock().unwrap().keylog.push(line.to_string());
            }
        });
        let ctx = b.build();
        *st = CtxState::Built(ctx.clone());
        Some(ctx)
    }
}

#[op2]
#[cppgc]
fn op_tls_context_new(is_server: bool) -> SecureContext {
    let _ = is_server;
    let mut b = SslContextBuilder::new(SslMethod::tls()).expect("SSL_CTX_new");
    // Node's defaults: no SSLv2/3, no compression, partial writes, no auto-retry.
    b.set_options(SslOptions::NO_SSLV2 | SslOptions::NO_SSLV3 | SslOptions::NO_COMPRESSION);
    b.set_mode(SslMode::ENABLE_PARTIAL_WRITE | SslMode::ACCEPT_MOVING_WRITE_BUFFER);
    let _ = b.set_min_proto_version(Some(SslVersion::TLS1_2));
    SecureContext { state: RefCell::new(CtxState::Building(Box::new(b))) }
}

fn load_key(pem: &[u8], pass: Option<&str>) -> Result<PKey<openssl::pkey::Private>, ErrorStack> {
    match pass {
        Some(p) => PKey::private_key_from_pem_passphrase(pem, p.as_bytes()),
        None => PKey::private_key_from_pem_callback(pem, |_buf| Ok(0)),
    }
}

#[op2]
#[serde]
fn op_tls_context_set_key(#[cppgc] c: &SecureContext, #[buffer] pem: &[u8], #[string] pass: Option<String>) -> Option<SslErr> {
    let r = c.with_builder(|b| -> Result<(), ErrorStack> {
        let key = load_key(pem, pass.as_deref())?;
        b.set_private_key(&key)
    });
    match r {
        Some(Err(e)) => Some(ssl_err(&e, false).unwrap_or_else(|| generic_err("error:1E08010C:DECODER routines::unsupported"))),
        _ => None,
    }
}

#[op2]
#[serde]
fn op_tls_context_set_cert(#[cppgc] c: &SecureContext, #[buffer] pem: &[u8]) -> Option<SslErr> {
    let r = c.with_builder(|b| -> Result<(), ErrorStack> {
        let mut chain = X509::stack_from_pem(pem)?.into_iter();
        let Some(leaf) = chain.next() else {
            return Err(X509::from_pem(b"").err().unwrap_or_else(ErrorStack::get));
        };
        b.set_certificate(&leaf)?;
        for extra in chain {
            b.add_extra_chain_cert(extra)?;
        }
        Ok(())
    });
    match r {
        Some(Err(e)) => ssl_err(&e, false).or_else(|| Some(generic_err("error:0480006C:PEM routines::no start line"))),
        _ => None,
    }
}

#[op2]
#[serde]
fn op_tls_context_add_ca_cert(#[cppgc] c: &SecureContext, #[buffer] pem: &[u8]) -> Option<SslErr> {
    let r = c.with_builder(|b| -> Result<(), ErrorStack> {
        for cert in X509::stack_from_pem(pem)? {
            // A duplicate is not an error (Node ignores it too).
            let _ = b.cert_store_mut().add_cert(cert.clone());
            let _ = b.add_client_ca(&cert);
        }
        Ok(())
    });
    match r {
        Some(Err(e)) => ssl_err(&e, false),
        _ => None,
    }
}

/// The system's trusted roots (the file OpenSSL and curl use), parsed once.
fn system_roots() -> &'static Vec<X509> {
    static ROOTS: OnceLock<Vec<X509>> = OnceLock::new();
    ROOTS.get_or_init(|| {
        let mut files: Vec<String> = Vec::new();
        if let Ok(f) = std::env::var("SSL_CERT_FILE") {
            files.push(f);
        }
        for f in [
            "/etc/ssl/certs/ca-certificates.crt",
            "/etc/pki/tls/certs/ca-bundle.crt",
            "/etc/ssl/ca-bundle.pem",
            "/etc/ssl/cert.pem",
            "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
        ] {
            files.push(f.into());
        }
        for f in files {
            if let Ok(data) = std::fs::read(&f) {
                if let Ok(certs) = X509::stack_from_pem(&data) {
                    if !certs.is_empty() {
                        return certs;
                    }
                }
            }
        }
        Vec::new()
    })
}

fn extra_roots() -> &'static Vec<X509> {
    static EXTRA: OnceLock<Vec<X509>> = OnceLock::new();
    EXTRA.get_or_init(|| {
        std::env::var("NODE_EXTRA_CA_CERTS")
            .ok()
            .and_then(|f| std::fs::read(f).ok())
            .and_then(|d| X509::stack_from_pem(&d).ok())
            .unwrap_or_default()
    })
}

#[op2(fast)]
fn op_tls_context_add_root_certs(#[cppgc] c: &SecureContext) {
    c.with_builder(|b| {
        for cert in system_roots().iter().chain(extra_roots().iter()) {
            // A root already in the store is not an error.
            let _ = b.cert_store_mut().add_cert(cert.clone());
        }
    });
}

/// The PEM texts of the root store (`tls.rootCertificates`).
#[op2]
#[serde]
fn op_tls_root_certificates() -> Vec<String> {
    system_roots()
        .iter()
        .filter_map(|c| c.to_pem().ok())
        .map(|p| String::from_utf8_lossy(&p).trim_end().to_string())
        .collect()
}

#[op2]
#[serde]
fn op_tls_context_set_ciphers(#[cppgc] c: &SecureContext, #[string] list: &str) -> Option<SslErr> {
    match c.with_builder(|b| b.set_cipher_list(list)) {
        Some(Err(e)) => ssl_err(&e, false),
        _ => None,
    }
}

#[op2]
#[serde]
fn op_tls_context_set_cipher_suites(#[cppgc] c: &SecureContext, #[string] list: &str) -> Option<SslErr> {
    match c.with_builder(|b| b.set_ciphersuites(list)) {
        Some(Err(e)) => ssl_err(&e, false),
        _ => None,
    }
}

#[op2]
#[serde]
fn op_tls_context_set_ecdh_curve(#[cppgc] c: &SecureContext, #[string] curve: &str) -> Option<SslErr> {
    if curve == "auto" {
        return None;
    }
    match c.with_builder(|b| b.set_groups_list(curve)) {
        Some(Err(e)) => ssl_err(&e, false).or_else(|| Some(generic_err("Failed to set ECDH curve"))),
        _ => None,
    }
}

#[op2(fast)]
fn op_tls_context_set_options(#[cppgc] c: &SecureContext, options: f64) {
    c.with_builder(|b| b.set_options(SslOptions::from_bits_retain(options as u64 as _)));
}

fn proto_version(v: &str) -> Option<SslVersion> {
    Some(match v {
        "TLSv1" => SslVersion::TLS1,
        "TLSv1.1" => SslVersion::TLS1_1,
        "TLSv1.2" => SslVersion::TLS1_2,
        "TLSv1.3" => SslVersion::TLS1_3,
        _ => return None,
    })
}

#[op2(fast)]
fn op_tls_context_set_proto_versions(#[cppgc] c: &SecureContext, #[string] min: &str, #[string] max: &str) {
    c.with_builder(|b| {
        if min == "TLSv1" || min == "TLSv1.1" {
            // OpenSSL 3's default security level refuses the old protocols;
            // Node lowers it only when asked for them, as here.
            let _ = b.set_cipher_list("DEFAULT:@SECLEVEL=0");
        }
        let _ = b.set_min_proto_version(proto_version(min));
        let _ = b.set_max_proto_version(proto_version(max));
    });
}

#[op2]
#[serde]
fn op_tls_context_set_session_id_context(#[cppgc] c: &SecureContext, #[buffer] id: &[u8]) -> Option<SslErr> {
    match c.with_builder(|b| b.set_session_id_context(id)) {
        Some(Err(e)) => ssl_err(&e, false),
        _ => None,
    }
}

#[op2]
#[serde]
fn op_tls_context_load_pkcs12(#[cppgc] c: &SecureContext, #[buffer] der: &[u8], #[string] pass: &str) -> Option<SslErr> {
    let r = c.with_builder(|b| -> Result<(), ErrorStack> {
        let parsed = Pkcs12::from_der(der)?.parse2(pass)?;
        if let Some(cert) = &parsed.cert {
            b.set_certificate(cert)?;
        }
        if let Some(key) = &parsed.pkey {
            b.set_private_key(key)?;
        }
        if let Some(ca) = parsed.ca {
            for cert in ca {
                let _ = b.cert_store_mut().add_cert(cert.clone());
                b.add_extra_chain_cert(cert)?;
            }
        }
        Ok(())
    });
    match r {
        Some(Err(e)) => ssl_err(&e, false).or_else(|| Some(generic_err("Unable to load PFX certificate"))),
        _ => None,
    }
}

// --- connections ------------------------------------------------------------

/// The memory BIO pair: ciphertext in from the peer, ciphertext out to it.
#[derive(Default)]
struct MemBio {
    input: Vec<u8>,
    pos: usize,
    output: Vec<u8>,
}

impl Read for MemBio {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.pos >= self.input.len() {
            return Err(io::ErrorKind::WouldBlock.into());
        }
        let n = buf.len().min(self.input.len() - self.pos);
        buf[..n].copy_from_slice(&self.input[self.pos..self.pos + n]);
        self.pos += n;
        if self.pos == self.input.len() {
            self.input.clear();
            self.pos = 0;
        }
        Ok(n)
    }
}

impl Write for MemBio {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.output.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

struct ConnState {
    /// The SSL before the handshake starts (configured by the setters).
    pending: Option<Ssl>,
    stream: Option<SslStream<MemBio>>,
    handshake_done: bool,
    clear: Vec<u8>,
    error: Option<SslErr>,
    peer_closed: bool,
}

/// One TLS connection (Node's TLSWrap without the stream plumbing).
pub struct TlsConn {
    st: RefCell<ConnState>,
    events: Arc<Mutex<Events>>,
    is_server: bool,
}

unsafe impl GarbageCollected for TlsConn {
    fn trace(&self, _visitor: &mut v8::cppgc::Visitor) {}
    fn get_name(&self) -> &'static std::ffi::CStr {
        c"TLSWrap"
    }
}

#[op2]
#[cppgc]
fn op_tls_conn_new(#[cppgc] c: &SecureContext, is_server: bool) -> Option<TlsConn> {
    let ctx = c.context()?;
    let mut ssl = Ssl::new(&ctx).ok()?;
    let events = Arc::new(Mutex::new(Events::default()));
    ssl.set_ex_data(idx().events, events.clone());
    if is_server {
        ssl.set_accept_state();
        ssl.set_verify(SslVerifyMode::NONE);
    } else {
        ssl.set_connect_state();
        // Node verifies after the handshake (verifyError), so the callback accepts.
        ssl.set_verify_callback(SslVerifyMode::PEER, |_, _| true);
    }
    Some(TlsConn {
        st: RefCell::new(ConnState {
            pending: Some(ssl),
            stream: None,
            handshake_done: false,
            clear: Vec::new(),
            error: None,
            peer_closed: false,
        }),
        events,
        is_server,
    })
}

#[op2(fast)]
fn op_tls_conn_set_servername(#[cppgc] t: &TlsConn, #[string] name: &str) {
    if let Some(ssl) = &mut t.st.borrow_mut().pending {
        let _ = ssl.set_hostname(name);
    }
}

/// ALPN protocols in wire format: a client's offer, or a server's preference list.
#[op2(fast)]
fn op_tls_conn_set_alpn(#[cppgc] t: &TlsConn, #[buffer] protos: &[u8]) {
    let mut st = t.st.borrow_mut();
    let Some(ssl) = &mut st.pending else { return };
    if t.is_server {
        ssl.set_ex_data(idx().alpn, protos.to_vec());
    } else {
        let _ = ssl.set_alpn_protos(protos);
    }
}

/// Node's setVerifyMode(requestCert, rejectUnauthorized) for a server.
#[op2(fast)]
fn op_tls_conn_set_verify(#[cppgc] t: &TlsConn, request_cert: bool, reject: bool) {
    let mut st = t.st.borrow_mut();
    if !t.is_server {
        return;
    }
    let mut mode = SslVerifyMode::NONE;
    if request_cert {
        mode = SslVerifyMode::PEER;
        if reject {
            mode |= SslVerifyMode::FAIL_IF_NO_PEER_CERT;
        }
    }
    if let Some(ssl) = &mut st.pending {
        ssl.set_verify_callback(mode, |_, _| true);
    }
}

#[op2(fast)]
fn op_tls_conn_set_session(#[cppgc] t: &TlsConn, #[buffer] der: &[u8]) -> bool {
    let Ok(sess) = SslSession::from_der(der) else { return false };
    let mut st = t.st.borrow_mut();
    // SAFETY: the session comes from a context of the same kind (Node's contract).
    match &mut st.pending {
        // SAFETY: the session comes from a context of the same kind (Node's contract).
        Some(ssl) => unsafe { ssl.set_session(&sess).is_ok() },
        None => false,
    }
}

/// Runs the handshake or reads what can be read. Returns 1 when the handshake
/// finished in this call, -1 on error (see op_tls_conn_error), else 0.
fn stream(st: &mut ConnState) -> Option<&mut SslStream<MemBio>> {
    if st.stream.is_none() {
        let ssl = st.pending.take()?;
        st.stream = SslStream::new(ssl, MemBio::default()).ok();
    }
    st.stream.as_mut()
}

fn drive(st: &mut ConnState) -> i32 {
    let mut ret = 0;
    if stream(st).is_none() {
        return 0;
    }
    if !st.handshake_done {
        match st.stream.as_mut().unwrap().do_handshake() {
            Ok(()) => {
                st.handshake_done = true;
                ret = 1;
            }
            Err(e) => match e.code() {
                ErrorCode::WANT_READ | ErrorCode::WANT_WRITE => return 0,
                _ => {
                    st.error = Some(
                        e.ssl_error()
                            .and_then(|s| ssl_err(s, true))
                            .unwrap_or_else(|| generic_err("socket hang up")),
                    );
                    return -1;
                }
            },
        }
    }
    let mut buf = [0u8; 16384];
    loop {
        match st.stream.as_mut().unwrap().ssl_read(&mut buf) {
            Ok(0) => break,
            Ok(n) => st.clear.extend_from_slice(&buf[..n]),
            Err(e) => match e.code() {
                ErrorCode::WANT_READ | ErrorCode::WANT_WRITE => break,
                ErrorCode::ZERO_RETURN => {
                    st.peer_closed = true;
                    break;
                }
                _ => {
                    st.error = Some(
                        e.ssl_error()
                            .and_then(|s| ssl_err(s, true))
                            .unwrap_or_else(|| generic_err("socket hang up")),
                    );
                    return -1;
                }
            },
        }
    }
    ret
}

#[op2(fast)]
fn op_tls_conn_start(#[cppgc] t: &TlsConn) -> i32 {
    drive(&mut t.st.borrow_mut())
}

/// Feeds received ciphertext. Returns 1 when the handshake finished now, 2
/// when the peer sent close_notify, -1 on error, else 0.
#[op2(fast)]
fn op_tls_conn_feed(#[cppgc] t: &TlsConn, #[buffer] data: &[u8]) -> i32 {
    let mut st = t.st.borrow_mut();
    let Some(s) = stream(&mut st) else { return -1 };
    s.get_mut().input.extend_from_slice(data);
    let r = drive(&mut st);
    if r == 0 && st.peer_closed {
        return 2;
    }
    r
}

/// The cleartext decrypted so far (may be empty).
#[op2]
#[buffer]
fn op_tls_conn_read(#[cppgc] t: &TlsConn) -> Vec<u8> {
    std::mem::take(&mut t.st.borrow_mut().clear)
}

/// The ciphertext to send to the peer (may be empty).
#[op2]
#[buffer]
fn op_tls_conn_take_out(#[cppgc] t: &TlsConn) -> Vec<u8> {
    match &mut t.st.borrow_mut().stream {
        Some(s) => std::mem::take(&mut s.get_mut().output),
        None => Vec::new(),
    }
}

/// Encrypts cleartext; -1 on error.
#[op2(fast)]
fn op_tls_conn_write(#[cppgc] t: &TlsConn, #[buffer] data: &[u8]) -> i32 {
    let mut st = t.st.borrow_mut();
    let mut off = 0;
    if st.stream.is_none() {
        return -1;
    }
    while off < data.len() {
        match st.stream.as_mut().unwrap().ssl_write(&data[off..]) {
            Ok(n) => off += n,
            Err(e) => {
                st.error = Some(
                    e.ssl_error()
                        .and_then(|s| ssl_err(s, true))
                        .unwrap_or_else(|| generic_err("write after TLS shutdown")),
                );
                return -1;
            }
        }
    }
    0
}

/// Sends close_notify.
#[op2(fast)]
fn op_tls_conn_shutdown(#[cppgc] t: &TlsConn) {
    let mut st = t.st.borrow_mut();
    if let Some(s) = &mut st.stream {
        let _: Result<ShutdownResult, _> = s.shutdown();
    }
}

#[op2]
#[serde]
fn op_tls_conn_error(#[cppgc] t: &TlsConn) -> Option<SslErr> {
    t.st.borrow_mut().error.take()
}

/// The negotiated parameters after the handshake.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ConnInfo {
    protocol: Option<String>,
    cipher_name: Option<String>,
    cipher_standard_name: Option<String>,
    cipher_version: Option<String>,
    alpn: Option<String>,
    servername: Option<String>,
    verify_error: Option<String>,
    verify_message: Option<String>,
    session_reused: bool,
    finished: bool,
}

#[op2]
#[serde]
fn op_tls_conn_info(#[cppgc] t: &TlsConn) -> ConnInfo {
    let st = t.st.borrow();
    let ssl: &openssl::ssl::SslRef = match (&st.stream, &st.pending) {
        (Some(s), _) => s.ssl(),
        (None, Some(p)) => p,
        _ => unreachable!(),
    };
    let cipher = ssl.current_cipher();
    let vr = ssl.verify_result();
    let (verify_error, verify_message) = if vr.as_raw() == 0 {
        // A client that got no certificate (anonymous ciphers) is unverified too.
        if !t.is_server && ssl.peer_certificate().is_none() && st.handshake_done {
            (Some("UNABLE_TO_GET_ISSUER_CERT".to_string()), Some("unable to get issuer certificate".to_string()))
        } else {
            (None, None)
        }
    } else {
        (Some(cert::verify_code(vr.as_raw()).to_string()), Some(vr.error_string().to_string()))
    };
    ConnInfo {
        protocol: if st.handshake_done { Some(ssl.version_str().to_string()) } else { None },
        cipher_name: cipher.map(|c| c.name().to_string()),
        cipher_standard_name: cipher.and_then(|c| c.standard_name()).map(|s| s.to_string()),
        cipher_version: cipher.map(|c| c.version().to_string()),
        alpn: ssl.selected_alpn_protocol().map(|p| String::from_utf8_lossy(p).into_owned()),
        servername: ssl.servername(NameType::HOST_NAME).map(|s| s.to_string()),
        verify_error,
        verify_message,
        session_reused: ssl.session_reused(),
        finished: st.handshake_done,
    }
}

#[op2]
#[serde]
fn op_tls_conn_peer_certificate(#[cppgc] t: &TlsConn, detailed: bool) -> Option<cert::CertObject> {
    let st = t.st.borrow();
    let ssl = st.stream.as_ref()?.ssl();
    let leaf = ssl.peer_certificate()?;
    // The issuers come from what the peer sent and from the verified chain
    // (which reaches into the trust store), as Node's GetPeerCert does.
    let mut chain: Vec<X509> = ssl.peer_cert_chain().map(|s| s.iter().map(|c| c.to_owned()).collect()).unwrap_or_default();
    if let Some(v) = ssl.verified_chain() {
        chain.extend(v.iter().map(|c| c.to_owned()));
    }
    Some(cert::legacy_object(&leaf, if detailed { Some(&chain) } else { None }))
}

#[op2]
#[serde]
fn op_tls_conn_certificate(#[cppgc] t: &TlsConn) -> Option<cert::CertObject> {
    let st = t.st.borrow();
    let c = match (&st.stream, &st.pending) {
        (Some(s), _) => s.ssl().certificate()?,
        (None, Some(p)) => p.certificate()?,
        _ => return None,
    };
    Some(cert::legacy_object(&c.to_owned(), None))
}

#[op2]
#[buffer]
fn op_tls_conn_get_session(#[cppgc] t: &TlsConn) -> Option<Vec<u8>> {
    let st = t.st.borrow();
    st.stream.as_ref()?.ssl().session().and_then(|s| s.to_der().ok())
}

/// New sessions (TLS 1.3 tickets) and keylog lines since the last call.
#[derive(Serialize)]
struct EventsOut {
    sessions: Vec<deno_core::serde_v8::ToJsBuffer>,
    keylog: Vec<String>,
}

#[op2]
#[serde]
fn op_tls_conn_take_events(#[cppgc] t: &TlsConn) -> Option<EventsOut> {
    let mut ev = t.events.lock().unwrap();
    if ev.sessions.is_empty() && ev.keylog.is_empty() {
        return None;
    }
    let sessions = std::mem::take(&mut ev.sessions).into_iter().map(Into::into).collect();
    let keylog = std::mem::take(&mut ev.keylog);
    Some(EventsOut { sessions, keylog })
}
