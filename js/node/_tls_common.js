// Adapted from Node.js lib/_tls_common.js and lib/internal/tls/secure-context.js
// (MIT license, Node.js contributors).
'use strict';

const {
  ArrayIsArray,
  ArrayPrototypeFilter,
  ArrayPrototypeForEach,
  ArrayPrototypeJoin,
  ArrayPrototypePush,
  ObjectCreate,
  ObjectKeys,
  StringPrototypeSlice,
  StringPrototypeSplit,
  StringPrototypeStartsWith,
} = primordials;

const ops = internalBinding('ops');
const { Buffer } = require('buffer');
const {
  codes: {
    ERR_CRYPTO_CUSTOM_ENGINE_NOT_SUPPORTED,
    ERR_INVALID_ARG_TYPE,
    ERR_INVALID_ARG_VALUE,
    ERR_TLS_INVALID_PROTOCOL_VERSION,
    ERR_TLS_PROTOCOL_VERSION_CONFLICT,
  },
} = require('internal/errors');
const { validateInteger, validateObject, validateString } = require('internal/validators');
const { isArrayBufferView } = require('internal/util/types');

const kProtocols = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

function toV(which, v, def) {
  if (v == null) v = def;
  if (v === 'TLSv1') return 'TLSv1';
  if (v === 'TLSv1.1') return 'TLSv1.1';
  if (v === 'TLSv1.2') return 'TLSv1.2';
  if (v === 'TLSv1.3') return 'TLSv1.3';
  throw new ERR_TLS_INVALID_PROTOCOL_VERSION(v, which);
}

function throwSslError(info) {
  const err = new Error(info.message);
  if (info.library) err.library = info.library;
  if (info.reason) err.reason = info.reason;
  if (info.code) err.code = info.code;
  throw err;
}

function check(info) {
  if (info) throwSslError(info);
}

function toBuf(val, encoding) {
  if (typeof val === 'string') return Buffer.from(val, encoding || 'utf8');
  return Buffer.from(val.buffer, val.byteOffset, val.byteLength);
}

function validateKeyOrCertOption(name, value) {
  if (typeof value !== 'string' && !isArrayBufferView(value)) {
    throw new ERR_INVALID_ARG_TYPE(
      `options.${name}`,
      ['string', 'Buffer', 'TypedArray', 'DataView'],
      value,
    );
  }
}

// The native SSL_CTX with Node's SecureContext binding methods.
class NativeSecureContext {
  constructor() {
    this.handle = ops.op_tls_context_new(false);
  }

  addCACert(cert) { check(ops.op_tls_context_add_ca_cert(this.handle, toBuf(cert))); }
  addRootCerts() { ops.op_tls_context_add_root_certs(this.handle); }
  setCert(cert) { check(ops.op_tls_context_set_cert(this.handle, toBuf(cert))); }
  setKey(key, passphrase) {
    check(ops.op_tls_context_set_key(this.handle, toBuf(key), passphrase == null ? null : `${passphrase}`));
  }
  setCiphers(ciphers) { check(ops.op_tls_context_set_ciphers(this.handle, ciphers)); }
  setCipherSuites(suites) { check(ops.op_tls_context_set_cipher_suites(this.handle, suites)); }
  setECDHCurve(curve) { check(ops.op_tls_context_set_ecdh_curve(this.handle, curve)); }
  setOptions(options) { ops.op_tls_context_set_options(this.handle, options); }
  setSessionIdContext(id) { check(ops.op_tls_context_set_session_id_context(this.handle, Buffer.from(id))); }
  loadPKCS12(pfx, passphrase) {
    check(ops.op_tls_context_load_pkcs12(this.handle, toBuf(pfx), passphrase == null ? '' : `${passphrase}`));
  }
}

// Node's SecureContext: `context` is the native SSL_CTX.
function SecureContext(secureProtocol, secureOptions, minVersion, maxVersion) {
  if (!(this instanceof SecureContext)) {
    return new SecureContext(secureProtocol, secureOptions, minVersion, maxVersion);
  }
  if (secureProtocol) {
    validateString(secureProtocol, 'secureProtocol');
    const m = /^(TLS|TLSv1|TLSv1_1|TLSv1_2|SSLv23)(_method|_client_method|_server_method)$/.exec(secureProtocol);
    if (m === null) {
      const err = new Error(`Unknown method: ${secureProtocol}`);
      err.code = 'ERR_TLS_INVALID_PROTOCOL_METHOD';
      throw err;
    }
    const fixed = { TLSv1: 'TLSv1', TLSv1_1: 'TLSv1.1', TLSv1_2: 'TLSv1.2' }[m[1]];
    if (fixed) minVersion = maxVersion = fixed;
    else { minVersion = 'TLSv1'; maxVersion = 'TLSv1.3'; }
  }
  this.context = new NativeSecureContext();
  ops.op_tls_context_set_proto_versions(this.context.handle, minVersion, maxVersion);
  if (secureOptions) {
    validateInteger(secureOptions, 'secureOptions');
    ops.op_tls_context_set_options(this.context.handle, secureOptions);
  }
}

function createSecureContext(options) {
  if (!options) options = {};
  const tls = require('tls');

  const {
    honorCipherOrder,
    minVersion,
    maxVersion,
    secureProtocol,
  } = options;

  let { secureOptions } = options;

  if (honorCipherOrder)
    secureOptions |= 0x400000; // SSL_OP_CIPHER_SERVER_PREFERENCE

  if (minVersion != null && secureProtocol)
    throw new ERR_TLS_PROTOCOL_VERSION_CONFLICT(minVersion, secureProtocol);
  if (maxVersion != null && secureProtocol)
    throw new ERR_TLS_PROTOCOL_VERSION_CONFLICT(maxVersion, secureProtocol);

  const c = new SecureContext(secureProtocol, secureOptions,
                              toV('minimum', minVersion, tls.DEFAULT_MIN_VERSION),
                              toV('maximum', maxVersion, tls.DEFAULT_MAX_VERSION));

  configSecureContext(c.context.handle, options);
  return c;
}

function configSecureContext(context, options = {}) {
  validateObject(options, 'options');

  const {
    ca,
    cert,
    ciphers = require('tls').DEFAULT_CIPHERS,
    clientCertEngine,
    crl,
    dhparam,
    ecdhCurve = require('tls').DEFAULT_ECDH_CURVE,
    key,
    passphrase,
    pfx,
    privateKeyIdentifier,
    privateKeyEngine,
    sessionIdContext,
    sessionTimeout,
    sigalgs,
    ticketKeys,
  } = options;

  // Add CA before the cert to be able to load cert's issuer in C++ code.
  if (ca) {
    ArrayPrototypeForEach(ArrayIsArray(ca) ? ca : [ca], (val) => {
      validateKeyOrCertOption('ca', val);
      check(ops.op_tls_context_add_ca_cert(context, toBuf(val)));
    });
  } else {
    ops.op_tls_context_add_root_certs(context);
  }

  if (cert) {
    ArrayPrototypeForEach(ArrayIsArray(cert) ? cert : [cert], (val) => {
      validateKeyOrCertOption('cert', val);
      check(ops.op_tls_context_set_cert(context, toBuf(val)));
    });
  }

  if (key) {
    ArrayPrototypeForEach(ArrayIsArray(key) ? key : [key], (val) => {
      // `val` is either a key or an object { pem, passphrase }.
      const pem = (val?.pem !== undefined ? val.pem : val);
      const pass = (val?.passphrase !== undefined ? val.passphrase : passphrase);
      validateKeyOrCertOption('key', pem);
      check(ops.op_tls_context_set_key(context, toBuf(pem), pass == null ? null : `${pass}`));
    });
  }

  if (sigalgs !== undefined && sigalgs !== null) {
    validateString(sigalgs, 'options.sigalgs');
    if (sigalgs === '')
      throw new ERR_INVALID_ARG_VALUE('options.sigalgs', sigalgs);
  }

  if (privateKeyIdentifier !== undefined && privateKeyIdentifier !== null) {
    if (privateKeyEngine === undefined || privateKeyEngine === null) {
      throw new ERR_INVALID_ARG_VALUE('options.privateKeyEngine', privateKeyEngine);
    }
    throw new ERR_CRYPTO_CUSTOM_ENGINE_NOT_SUPPORTED();
  }

  if (ciphers !== undefined && ciphers !== null)
    validateString(ciphers, 'options.ciphers');

  // Work around an OpenSSL API quirk: cipherList is for TLSv1.2 and below,
  // cipherSuites is for TLSv1.3 (and presumably any later versions). TLSv1.3
  // cipher suites all have a standard name format beginning with TLS_, so
  // split the ciphers and pass them to the appropriate API.
  const cipherList = ArrayPrototypeJoin(ArrayPrototypeFilter(StringPrototypeSplit(ciphers, ':'),
                                                             (c) => !StringPrototypeStartsWith(c, 'TLS_')), ':');
  const cipherSuites = ArrayPrototypeJoin(ArrayPrototypeFilter(StringPrototypeSplit(ciphers, ':'),
                                                               (c) => StringPrototypeStartsWith(c, 'TLS_')), ':');

  check(ops.op_tls_context_set_cipher_suites(context, cipherSuites));
  if (cipherSuites === '' && cipherList === '') {
    // Specifying empty cipher suites for both TLS1.2 and TLS1.3 is invalid, its
    // not possible to handshake with no suites.
    throwSslError({
      message: 'error:0A0000B9:SSL routines::no cipher match',
      library: 'SSL routines',
      reason: 'no cipher match',
      code: 'ERR_SSL_NO_CIPHER_MATCH',
    });
  }
  if (cipherList !== '') check(ops.op_tls_context_set_ciphers(context, cipherList));

  validateString(ecdhCurve, 'options.ecdhCurve');
  check(ops.op_tls_context_set_ecdh_curve(context, ecdhCurve));

  if (dhparam !== undefined && dhparam !== null) {
    validateKeyOrCertOption('dhparam', dhparam);
  }

  if (crl !== undefined && crl !== null) {
    ArrayPrototypeForEach(ArrayIsArray(crl) ? crl : [crl], (val) => validateKeyOrCertOption('crl', val));
  }

  if (sessionIdContext !== undefined && sessionIdContext !== null) {
    validateString(sessionIdContext, 'options.sessionIdContext');
    check(ops.op_tls_context_set_session_id_context(context, Buffer.from(sessionIdContext)));
  }

  if (pfx !== undefined && pfx !== null) {
    ArrayPrototypeForEach(ArrayIsArray(pfx) ? pfx : [pfx], (val) => {
      let raw = val;
      let pass = passphrase;
      if (val?.buf !== undefined) {
        raw = val.buf;
        pass = val.passphrase ?? passphrase;
      }
      check(ops.op_tls_context_load_pkcs12(context, toBuf(raw), pass == null ? '' : `${pass}`));
    });
  }

  if (clientCertEngine !== undefined && clientCertEngine !== null) {
    throw new ERR_CRYPTO_CUSTOM_ENGINE_NOT_SUPPORTED();
  }

  if (ticketKeys !== undefined && ticketKeys !== null) {
    if (!isArrayBufferView(ticketKeys))
      throw new ERR_INVALID_ARG_TYPE('options.ticketKeys', ['Buffer', 'TypedArray', 'DataView'], ticketKeys);
    if (ticketKeys.byteLength !== 48)
      throw new ERR_INVALID_ARG_VALUE('options.ticketKeys', ticketKeys.byteLength, 'must be exactly 48 bytes');
  }

  if (sessionTimeout !== undefined && sessionTimeout !== null) {
    validateInteger(sessionTimeout, 'options.sessionTimeout');
  }
}

// The native layer gives name fields as "NNN KEY" (certificate order) and a
// self-issued flag; Node's object has plain keys and a circular issuer link.
function fixName(obj) {
  if (obj == null) return obj;
  const out = ObjectCreate(null);
  const keys = ObjectKeys(obj);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const sp = k.indexOf(' ');
    out[sp === -1 ? k : StringPrototypeSlice(k, sp + 1)] = obj[k];
  }
  return out;
}

function toBuffer(u8) {
  return u8 ? Buffer.from(u8.buffer, u8.byteOffset, u8.length) : u8;
}

function translatePeerCertificate(c) {
  if (!c)
    return null;

  if (c.issuerCertificate != null && c.issuerCertificate !== c) {
    c.issuerCertificate = translatePeerCertificate(c.issuerCertificate);
  }
  if (c.selfIssued !== undefined) {
    if (c.selfIssued && c.issuerCertificate === undefined) c.issuerCertificate = c;
    delete c.selfIssued;
    c.subject = fixName(c.subject);
    c.issuer = fixName(c.issuer);
    if (c.raw) c.raw = toBuffer(c.raw);
    if (c.pubkey) c.pubkey = toBuffer(c.pubkey);
    if (c.subjectaltname === null) delete c.subjectaltname;
  }
  if (c.infoAccess != null) {
    const info = c.infoAccess;
    c.infoAccess = ObjectCreate(null);

    // XXX: More key validation?
    info.replace(/([^\n:]*):([^\n]*)(?:\n|$)/g, (all, key, val) => {
      if (val.charCodeAt(0) === 0x22) {
        // The translatePeerCertificate function is only
        // used on internally created legacy certificate
        // objects, and any value that contains a quote
        // will always be a valid JSON string literal,
        // so this should never throw.
        val = JSON.parse(val);
      }
      if (key in c.infoAccess)
        ArrayPrototypePush(c.infoAccess[key], val);
      else
        c.infoAccess[key] = [val];
    });
  }
  return c;
}

module.exports = {
  NativeSecureContext,
  SecureContext,
  createSecureContext,
  translatePeerCertificate,
  kProtocols,
};
