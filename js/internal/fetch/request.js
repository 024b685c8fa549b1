// The Fetch `Request` class with the behaviour of undici's
// lib/web/fetch/request.js (MIT license, undici contributors), which Node
// exposes as the `Request` global.
'use strict';

const { isUndici7, stringify, renameClass } = require('internal/fetch/util');

const {
  ArrayPrototypeIncludes,
  ObjectDefineProperties,
  String,
  StringPrototypeToUpperCase,
  SymbolFor,
  SymbolToStringTag,
  TypeError,
} = primordials;

const { illegalInvocation, argumentLengthCheck } = require('internal/websocket/events');
const {
  HeadersList, fillHeaders, headersFromList, getHeadersList, getHeadersGuard, setHeadersGuard, isValidHeaderName,
} = require('internal/fetch/headers');
const { extractBody, safelyExtractBody, cloneBody, bodyUnusable, mixinBody } = require('internal/fetch/body');

const kNormalizedMethods = {
  __proto__: null,
  delete: 'DELETE', DELETE: 'DELETE',
  get: 'GET', GET: 'GET',
  head: 'HEAD', HEAD: 'HEAD',
  options: 'OPTIONS', OPTIONS: 'OPTIONS',
  post: 'POST', POST: 'POST',
  put: 'PUT', PUT: 'PUT',
};

const kEnums = {
  referrerPolicy: ['', 'no-referrer', 'no-referrer-when-downgrade', 'same-origin', 'origin', 'strict-origin',
                   'origin-when-cross-origin', 'strict-origin-when-cross-origin', 'unsafe-url'],
  mode: ['navigate', 'same-origin', 'no-cors', 'cors'],
  credentials: ['omit', 'same-origin', 'include'],
  cache: ['default', 'no-store', 'reload', 'no-cache', 'force-cache', 'only-if-cached'],
  redirect: ['follow', 'error', 'manual'],
  duplex: ['half'],
  priority: ['high', 'low', 'auto'],
};

function toUSV(value) {
  if (typeof value === 'symbol') throw new TypeError('Cannot convert a Symbol value to a string');
  return String(value).toWellFormed();
}

function toByteString(value) {
  if (typeof value === 'symbol') throw new TypeError('Cannot convert a Symbol value to a string');
  const x = String(value);
  for (let i = 0; i < x.length; i++) {
    if (x.charCodeAt(i) > 255) {
      throw new TypeError(`Cannot convert argument to a ByteString because the character at index ${i} has a value of ${x.charCodeAt(i)} which is greater than 255.`);
    }
  }
  return x;
}

function enumValue(key, value) {
  const v = toUSV(value);
  if (!ArrayPrototypeIncludes(kEnums[key], v)) {
    throw new TypeError(`${isUndici7() ? 'undefined' : 'Request constructor'}: ${v} is not an accepted type. Expected one of ${kEnums[key].join(', ')}.`);
  }
  return v;
}

// WebIDL RequestInit: only the members present are converted.
function convertInit(init) {
  if (init === undefined || init === null) return {};
  if (typeof init !== 'object' && typeof init !== 'function') {
    throw new TypeError(`${isUndici7() ? 'undefined' : 'Request constructor'}: Expected ${stringify(init)} to be one of: Null, Undefined, Object.`);
  }
  const out = {};
  const read = (k) => init[k];
  let v;
  // WebIDL dictionary members in lexicographic order.
  if ((v = read('body')) !== undefined) out.body = v;
  if ((v = read('cache')) !== undefined) out.cache = enumValue('cache', v);
  if ((v = read('credentials')) !== undefined) out.credentials = enumValue('credentials', v);
  if ((v = read('dispatcher')) !== undefined) out.dispatcher = v;
  if ((v = read('duplex')) !== undefined) out.duplex = enumValue('duplex', v);
  if ((v = read('headers')) !== undefined) {
    if (v === null || (typeof v !== 'object' && typeof v !== 'function')) {
      throw new TypeError('Headers constructor: Argument 1 could not be converted to one of: sequence<sequence<ByteString>>, record<ByteString, ByteString>.');
    }
    out.headers = v;
  }
  if ((v = read('integrity')) !== undefined) out.integrity = String(v);
  if ((v = read('keepalive')) !== undefined) out.keepalive = !!v;
  if ((v = read('method')) !== undefined) out.method = toByteString(v);
  if ((v = read('mode')) !== undefined) out.mode = enumValue('mode', v);
  if ((v = read('priority')) !== undefined) out.priority = enumValue('priority', v);
  if ((v = read('redirect')) !== undefined) out.redirect = enumValue('redirect', v);
  if ((v = read('referrer')) !== undefined) out.referrer = toUSV(v);
  if ((v = read('referrerPolicy')) !== undefined) out.referrerPolicy = enumValue('referrerPolicy', v);
  if ((v = read('signal')) !== undefined) {
    if (v !== null && !isAbortSignal(v)) {
      throw new TypeError(isUndici7() ?
        `RequestInit: Expected signal ("${stringify(v)}") to be an instance of AbortSignal.` :
        "Failed to construct 'Request': member signal is not of type AbortSignal.");
    }
    out.signal = v;
  }
  if ('window' in init) out.window = init.window;
  return out;
}

function isAbortSignal(value) {
  const { AbortSignal } = require('internal/abort_controller');
  return value instanceof AbortSignal;
}

function makeRequest(init) {
  return {
    method: init.method ?? 'GET',
    localURLsOnly: false,
    unsafeRequest: false,
    body: init.body ?? null,
    client: init.client ?? null,
    window: init.window ?? 'client',
    keepalive: init.keepalive ?? false,
    priority: init.priority ?? null,
    origin: init.origin ?? 'client',
    referrer: init.referrer ?? 'client',
    referrerPolicy: init.referrerPolicy ?? '',
    mode: init.mode ?? 'no-cors',
    credentials: init.credentials ?? 'same-origin',
    cache: init.cache ?? 'default',
    redirect: init.redirect ?? 'follow',
    integrity: init.integrity ?? '',
    reloadNavigation: init.reloadNavigation ?? false,
    historyNavigation: init.historyNavigation ?? false,
    urlList: [...init.urlList],
    url: init.urlList[0],
    headersList: init.headersList ? new HeadersList(init.headersList) : new HeadersList(),
    duplex: init.duplex ?? 'half',
    dispatcher: init.dispatcher,
  };
}

function cloneInnerRequest(request) {
  const newRequest = makeRequest({ ...request, body: null });
  if (request.body != null) newRequest.body = cloneBody(request.body);
  return newRequest;
}

let getInner;
let isRequestImpl;
let setup;

class _Request {
  #inner;
  #headers;
  #signal;
  #abortListener = null;

  static {
    getInner = (r) => r.#inner;
    isRequestImpl = (r) => r != null && typeof r === 'object' && #inner in r;
    setup = (r, inner, signal, guard) => {
      r.#inner = inner;
      r.#signal = signal;
      r.#headers = headersFromList(inner.headersList, guard);
    };
  }

  constructor(input, init = undefined) {
    argumentLengthCheck(arguments, 1, 'Request constructor');
    if (input === kConstruct) return;
    const { URL } = require('internal/url');
    const inputIsRequest = isRequestImpl(input);
    if (!inputIsRequest) input = toUSV(input);
    init = convertInit(init);

    let request = null;
    let fallbackMode = null;
    const baseUrl = undefined;
    let signal = null;

    if (typeof input === 'string') {
      let parsedURL;
      try {
        parsedURL = new URL(input, baseUrl);
      } catch (err) {
        throw new TypeError(`Failed to parse URL from ${input}`, { cause: err });
      }
      if (parsedURL.username || parsedURL.password) {
        throw new TypeError(`Request cannot be constructed from a URL that includes credentials: ${input}`);
      }
      request = makeRequest({ urlList: [parsedURL] });
      fallbackMode = 'cors';
    } else {
      request = input.#inner;
      signal = input.#signal;
    }

    let window = 'client';
    if (request.window?.constructor?.name === 'EnvironmentSettingsObject') window = request.window;
    if (init.window != null) throw new TypeError(`'window' option '${window}' must be null`);
    if ('window' in init) window = 'no-window';

    request = makeRequest({
      method: request.method,
      headersList: request.headersList,
      unsafeRequest: request.unsafeRequest,
      client: null,
      window,
      priority: request.priority,
      origin: request.origin,
      referrer: request.referrer,
      referrerPolicy: request.referrerPolicy,
      mode: request.mode,
      credentials: request.credentials,
      cache: request.cache,
      redirect: request.redirect,
      integrity: request.integrity,
      keepalive: request.keepalive,
      reloadNavigation: request.reloadNavigation,
      historyNavigation: request.historyNavigation,
      urlList: [...request.urlList],
    });

    const initHasKey = Object.keys(init).length !== 0;
    if (initHasKey) {
      if (request.mode === 'navigate') request.mode = 'same-origin';
      request.reloadNavigation = false;
      request.historyNavigation = false;
      request.origin = 'client';
      request.referrer = 'client';
      request.referrerPolicy = '';
      request.url = request.urlList[request.urlList.length - 1];
      request.urlList = [request.url];
    }

    if (init.referrer !== undefined) {
      const referrer = init.referrer;
      if (referrer === '') {
        request.referrer = 'no-referrer';
      } else {
        let parsedReferrer;
        try {
          parsedReferrer = new URL(referrer, baseUrl);
        } catch (err) {
          throw new TypeError(`Referrer "${referrer}" is not a valid URL.`, { cause: err });
        }
        if ((parsedReferrer.protocol === 'about:' && parsedReferrer.hostname === 'client')) {
          request.referrer = 'client';
        } else {
          request.referrer = parsedReferrer;
        }
      }
    }
    if (init.referrerPolicy !== undefined) request.referrerPolicy = init.referrerPolicy;

    let mode;
    if (init.mode !== undefined) mode = init.mode;
    else mode = fallbackMode;
    if (mode === 'navigate') {
      throw new TypeError('Request constructor: invalid request mode navigate.');
    }
    if (mode != null) request.mode = mode;
    if (init.credentials !== undefined) request.credentials = init.credentials;
    if (init.cache !== undefined) request.cache = init.cache;
    if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') {
      throw new TypeError("'only-if-cached' can be set only with 'same-origin' mode");
    }
    if (init.redirect !== undefined) request.redirect = init.redirect;
    if (init.integrity != null) request.integrity = String(init.integrity);
    if (init.keepalive !== undefined) request.keepalive = !!init.keepalive;

    if (init.method !== undefined) {
      let method = init.method;
      const mayBeNormalized = kNormalizedMethods[method];
      if (mayBeNormalized !== undefined) {
        request.method = mayBeNormalized;
      } else {
        if (!isValidHeaderName(method)) {
          throw new TypeError(`'${method}' is not a valid HTTP method.`);
        }
        const upper = StringPrototypeToUpperCase(method);
        if (upper === 'CONNECT' || upper === 'TRACE' || upper === 'TRACK') {
          throw new TypeError(`'${method}' HTTP method is unsupported.`);
        }
        method = kNormalizedMethods[upper] ?? method;
        request.method = method;
      }
    }
    if (init.priority !== undefined) request.priority = init.priority;

    this.#inner = request;

    // Signals: follow the init's (or the input's) signal.
    const { AbortController } = require('internal/abort_controller');
    const ac = new AbortController();
    this.#signal = ac.signal;
    if (init.signal !== undefined) signal = init.signal;
    if (signal != null) {
      if (signal.aborted) {
        ac.abort(signal.reason);
      } else {
        const acRef = new WeakRef(ac);
        const abort = function() {
          const ctrl = acRef.deref();
          if (ctrl !== undefined) ctrl.abort(this.reason);
        };
        signal.addEventListener('abort', abort, { once: true });
        // The dependent signal lives as long as the request.
        this.#abortListener = abort;
      }
    }

    this.#headers = headersFromList(request.headersList, 'request');
    if (mode === 'no-cors') {
      if (!ArrayPrototypeIncludes(['GET', 'HEAD', 'POST'], request.method)) {
        throw new TypeError(`'${request.method} is unsupported in no-cors mode.`);
      }
      setHeadersGuard(this.#headers, 'request-no-cors');
    }

    if (initHasKey) {
      const headersList = getHeadersList(this.#headers);
      const headers = init.headers !== undefined ? init.headers : new HeadersList(headersList);
      headersList.clear();
      if (headers instanceof HeadersList) {
        for (const { 0: key, 1: val } of headers.map) headersList.append(val.name, val.value, false);
        headersList.cookies = headers.cookies ? [...headers.cookies] : null;
      } else {
        fillHeaders(this.#headers, headers);
      }
    }

    const inputBody = inputIsRequest ? input.#inner.body : null;
    if ((init.body != null || inputBody != null) && (request.method === 'GET' || request.method === 'HEAD')) {
      throw new TypeError('Request with GET/HEAD method cannot have body.');
    }

    let initBody = null;
    if (init.body != null) {
      const { 0: extracted, 1: contentType } = extractBody(init.body, request.keepalive);
      initBody = extracted;
      if (contentType && !getHeadersList(this.#headers).contains('content-type', true)) {
        this.#headers.append('content-type', contentType);
      }
    }

    const inputOrInitBody = initBody ?? inputBody;
    if (inputOrInitBody != null && inputOrInitBody.source == null) {
      if (initBody != null && init.duplex == null) {
        throw new TypeError('RequestInit: duplex option is required when sending a body.');
      }
      if (request.mode !== 'same-origin' && request.mode !== 'cors') {
        throw new TypeError('If request is made from ReadableStream, mode should be "same-origin" or "cors"');
      }
      request.useCORSPreflightFlag = true;
    }

    let finalBody = inputOrInitBody;
    if (initBody == null && inputBody != null) {
      if (bodyUnusable(input.#inner.body)) {
        throw new TypeError('Cannot construct a Request with a Request object that has already been used.');
      }
      // Pipe the input's body through an identity stream, which uses it up.
      const identity = new globalThis.TransformStream();
      inputBody.stream.pipeThrough(identity);
      finalBody = { source: inputBody.source, length: inputBody.length, stream: identity.readable };
    }
    this.#inner.body = finalBody;
  }

  get method() {
    if (!isRequestImpl(this)) throw illegalInvocation();
    return this.#inner.method;
  }

  get url() {
    if (!isRequestImpl(this)) throw illegalInvocation();
    return this.#inner.url.href;
  }

  get headers() {
    if (!isRequestImpl(this)) throw illegalInvocation();
    return this.#headers;
  }

  get destination() {
    if (!isRequestImpl(this)) throw illegalInvocation();
    return '';
  }

  get referrer() {
    if (!isRequestImpl(this)) throw illegalInvocation();
    const r = this.#inner.referrer;
    if (r === 'no-referrer') return '';
    if (r === 'client') return 'about:client';
    return r.toString();
  }

  get referrerPolicy() {
    if (!isRequestImpl(this)) throw illegalInvocation();
    return this.#inner.referrerPolicy;
  }

  get mode() {
    if (!isRequestImpl(this)) throw illegalInvocation();
    return this.#inner.mode;
  }

  get credentials() {
    if (!isRequestImpl(this)) throw illegalInvocation();
    return this.#inner.credentials;
  }

  get cache() {
    if (!isRequestImpl(this)) throw illegalInvocation();
    return this.#inner.cache;
  }

  get redirect() {
    if (!isRequestImpl(this)) throw illegalInvocation();
    return this.#inner.redirect;
  }

  get integrity() {
    if (!isRequestImpl(this)) throw illegalInvocation();
    return this.#inner.integrity;
  }

  get keepalive() {
    if (!isRequestImpl(this)) throw illegalInvocation();
    return this.#inner.keepalive;
  }

  get isReloadNavigation() {
    if (!isRequestImpl(this)) throw illegalInvocation();
    return this.#inner.reloadNavigation;
  }

  get isHistoryNavigation() {
    if (!isRequestImpl(this)) throw illegalInvocation();
    return this.#inner.historyNavigation;
  }

  get signal() {
    if (!isRequestImpl(this)) throw illegalInvocation();
    return this.#signal;
  }

  get body() {
    if (!isRequestImpl(this)) throw illegalInvocation();
    return this.#inner.body ? this.#inner.body.stream : null;
  }

  get bodyUsed() {
    if (!isRequestImpl(this)) throw illegalInvocation();
    return !!this.#inner.body && require('internal/streams/utils').isDisturbed(this.#inner.body.stream);
  }

  get duplex() {
    if (!isRequestImpl(this)) throw illegalInvocation();
    return 'half';
  }

  clone() {
    if (!isRequestImpl(this)) throw illegalInvocation();
    if (bodyUnusable(this.#inner.body)) {
      throw new TypeError('Request.clone: Body has already been consumed.');
    }
    const clonedRequest = cloneInnerRequest(this.#inner);
    const { AbortController } = require('internal/abort_controller');
    const ac = new AbortController();
    if (this.#signal.aborted) {
      ac.abort(this.#signal.reason);
    } else {
      this.#signal.addEventListener('abort', () => ac.abort(this.#signal.reason), { once: true });
    }
    return fromInnerRequest(clonedRequest, ac.signal, getHeadersGuard(this.#headers));
  }

  [SymbolFor('nodejs.util.inspect.custom')](depth, options) {
    if (options.depth === null) options.depth = 2;
    options.colors ??= true;
    const properties = {
      method: this.method,
      url: this.url,
      headers: this.headers,
      destination: this.destination,
      referrer: this.referrer,
      referrerPolicy: this.referrerPolicy,
      mode: this.mode,
      credentials: this.credentials,
      cache: this.cache,
      redirect: this.redirect,
      integrity: this.integrity,
      keepalive: this.keepalive,
      isReloadNavigation: this.isReloadNavigation,
      isHistoryNavigation: this.isHistoryNavigation,
      signal: this.signal,
    };
    return `Request ${require('internal/util/inspect').formatWithOptions(options, properties)}`;
  }
}
const Request = _Request;
renameClass(Request, 'Request');

const kConstruct = Symbol('construct');

function fromInnerRequest(inner, signal, guard) {
  const request = new Request(kConstruct);
  setup(request, inner, signal, guard);
  return request;
}

mixinBody(Request.prototype, (self) => {
  if (!isRequestImpl(self)) throw illegalInvocation();
  const inner = getInner(self);
  return { body: inner.body, headersList: inner.headersList };
});

const kEnumerable = { __proto__: null, enumerable: true };
ObjectDefineProperties(Request.prototype, {
  method: kEnumerable,
  url: kEnumerable,
  headers: kEnumerable,
  redirect: kEnumerable,
  clone: kEnumerable,
  signal: kEnumerable,
  duplex: kEnumerable,
  destination: kEnumerable,
  body: kEnumerable,
  bodyUsed: kEnumerable,
  isHistoryNavigation: kEnumerable,
  isReloadNavigation: kEnumerable,
  keepalive: kEnumerable,
  integrity: kEnumerable,
  cache: kEnumerable,
  credentials: kEnumerable,
  mode: kEnumerable,
  referrerPolicy: kEnumerable,
  referrer: kEnumerable,
  [SymbolToStringTag]: { __proto__: null, value: 'Request', configurable: true },
});

module.exports = {
  Request,
  getInnerRequest: getInner,
  isRequest: (v) => isRequestImpl(v),
  fromInnerRequest,
  makeRequest,
  safelyExtractBody,
};
