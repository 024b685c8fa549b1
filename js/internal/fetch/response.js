// The Fetch `Response` class with the behaviour of undici's
// lib/web/fetch/response.js (MIT license, undici contributors), which Node
// exposes as the `Response` global.
'use strict';

const { isUndici7, stringify, renameClass } = require('internal/fetch/util');

const {
  ArrayPrototypeIncludes,
  ObjectDefineProperties,
  RegExpPrototypeExec,
  RangeError,
  String,
  SymbolFor,
  SymbolToStringTag,
  TypeError,
} = primordials;

const { illegalInvocation, argumentLengthCheck } = require('internal/websocket/events');
const { Headers, HeadersList, fillHeaders, headersFromList, getHeadersList } = require('internal/fetch/headers');
const { extractBody, cloneBody, bodyUnusable, mixinBody } = require('internal/fetch/body');

const kNullBodyStatus = [101, 204, 205, 304];
const kRedirectStatus = [301, 302, 303, 307, 308];

/** A new internal response (Fetch's "response" concept). */
function makeResponse(init = {}) {
  return {
    aborted: false,
    rangeRequested: false,
    timingAllowPassed: false,
    requestIncludesCredentials: false,
    type: 'default',
    status: 200,
    timingInfo: null,
    cacheState: '',
    statusText: '',
    ...init,
    headersList: init.headersList ?? new HeadersList(),
    urlList: init.urlList ?? [],
    body: init.body ?? null,
  };
}

function makeNetworkError(reason) {
  return makeResponse({
    type: 'error',
    status: 0,
    error: reason instanceof Error ? reason : new Error(reason ? String(reason) : reason),
    aborted: reason?.name === 'AbortError',
  });
}

function cloneInnerResponse(response) {
  const clone = makeResponse({ ...response, body: null });
  clone.headersList = new HeadersList(response.headersList);
  clone.urlList = [...response.urlList];
  if (response.body !== null) clone.body = cloneBody(response.body);
  return clone;
}

// RFC 9112 reason-phrase.
const kReasonPhraseRe = /^[\t\x20-\x7e\x80-\xff]*$/;

let getInner;
let isResponseImpl;
let setInner;

class _Response {
  #inner;
  #headers;

  static {
    getInner = (r) => r.#inner;
    setInner = (r, inner, guard) => {
      r.#inner = inner;
      r.#headers = headersFromList(inner.headersList, guard);
    };
  }

  static #is(self) { return self != null && typeof self === 'object' && #inner in self; }

  static {
    isResponseImpl = (value) => _Response.#is(value);
  }

  static error() {
    return fromInnerResponse(makeNetworkError(), 'immutable');
  }

  static json(data, init = undefined) {
    argumentLengthCheck(arguments, 1, 'Response.json');
    init = convertInit(init);
    const bytes = new (require('internal/encoding').TextEncoder)().encode(serializeJson(data));
    const body = extractBody(bytes);
    const r = fromInnerResponse(makeResponse({}), 'response');
    initializeResponse(r, init, { body: body[0], type: 'application/json' });
    return r;
  }

  static redirect(url, status = 302) {
    argumentLengthCheck(arguments, 1, 'Response.redirect');
    url = toUSV(url);
    status = toUnsignedShort(status);
    let parsed;
    try {
      parsed = new (require('internal/url').URL)(url, undefined);
    } catch (err) {
      throw new TypeError(`Failed to parse URL from ${url}`, { cause: err });
    }
    if (!ArrayPrototypeIncludes(kRedirectStatus, status)) {
      throw new RangeError(`Invalid status code ${status}`);
    }
    const r = fromInnerResponse(makeResponse({}), 'immutable');
    r.#inner.status = status;
    r.#inner.headersList.set('location', parsed.href, true);
    return r;
  }

  constructor(body = null, init = undefined) {
    if (body !== null && body !== undefined && typeof body === 'symbol') {
      throw new TypeError('Cannot convert a Symbol value to a string');
    }
    init = convertInit(init);
    this.#inner = makeResponse({});
    this.#headers = headersFromList(this.#inner.headersList, 'response');
    let bodyWithType = null;
    if (body != null) {
      const { 0: extracted, 1: type } = extractBody(body);
      bodyWithType = { body: extracted, type };
    }
    initializeResponse(this, init, bodyWithType);
  }

  get type() {
    if (!_Response.#is(this)) throw illegalInvocation();
    return this.#inner.type;
  }

  get url() {
    if (!_Response.#is(this)) throw illegalInvocation();
    const urlList = this.#inner.urlList;
    const url = urlList[urlList.length - 1] ?? null;
    if (url === null) return '';
    return serializeUrl(url, true);
  }

  get redirected() {
    if (!_Response.#is(this)) throw illegalInvocation();
    return this.#inner.urlList.length > 1;
  }

  get status() {
    if (!_Response.#is(this)) throw illegalInvocation();
    return this.#inner.status;
  }

  get ok() {
    if (!_Response.#is(this)) throw illegalInvocation();
    return this.#inner.status >= 200 && this.#inner.status <= 299;
  }

  get statusText() {
    if (!_Response.#is(this)) throw illegalInvocation();
    return this.#inner.statusText;
  }

  get headers() {
    if (!_Response.#is(this)) throw illegalInvocation();
    return this.#headers;
  }

  get body() {
    if (!_Response.#is(this)) throw illegalInvocation();
    return this.#inner.body ? this.#inner.body.stream : null;
  }

  get bodyUsed() {
    if (!_Response.#is(this)) throw illegalInvocation();
    return !!this.#inner.body && require('internal/streams/utils').isDisturbed(this.#inner.body.stream);
  }

  clone() {
    if (!_Response.#is(this)) throw illegalInvocation();
    if (bodyUnusable(this.#inner.body)) {
      throw new TypeError('Response.clone: Body has already been consumed.');
    }
    const clonedResponse = cloneInnerResponse(this.#inner);
    return fromInnerResponse(clonedResponse, getGuard(this.#headers));
  }

  [SymbolFor('nodejs.util.inspect.custom')](depth, options) {
    if (options.depth === null) options.depth = 2;
    options.colors ??= true;
    const properties = {
      status: this.status,
      statusText: this.statusText,
      headers: this.headers,
      body: this.body,
      bodyUsed: this.bodyUsed,
      ok: this.ok,
      redirected: this.redirected,
      type: this.type,
      url: this.url,
    };
    return `Response ${require('internal/util/inspect').formatWithOptions(options, properties)}`;
  }
}
const Response = _Response;
renameClass(Response, 'Response');

function getGuard(headers) {
  return require('internal/fetch/headers').getHeadersGuard(headers);
}

function serializeUrl(url, excludeFragment) {
  if (typeof url === 'string') {
    if (!excludeFragment) return url;
    const hash = url.indexOf('#');
    return hash === -1 ? url : url.slice(0, hash);
  }
  if (!excludeFragment) return url.href;
  const href = url.href;
  const hashLength = url.hash.length;
  const serialized = hashLength === 0 ? href : href.substring(0, href.length - hashLength);
  if (!hashLength && href.endsWith('#')) return serialized.slice(0, -1);
  return serialized;
}

function serializeJson(data) {
  const s = JSON.stringify(data);
  if (s === undefined) throw new TypeError('Value is not JSON serializable');
  return s;
}

function toUSV(value) {
  if (typeof value === 'symbol') throw new TypeError('Cannot convert a Symbol value to a string');
  return String(value).toWellFormed();
}

function toUnsignedShort(value) {
  const { convertToInt } = require('internal/webidl');
  return convertToInt('status', value, 16, { __proto__: null });
}

function toByteStringStrict(value) {
  if (typeof value === 'symbol') throw new TypeError('Cannot convert a Symbol value to a string');
  const x = String(value);
  for (let i = 0; i < x.length; i++) {
    if (x.charCodeAt(i) > 255) {
      throw new TypeError(`Cannot convert argument to a ByteString because the character at index ${i} has a value of ${x.charCodeAt(i)} which is greater than 255.`);
    }
  }
  return x;
}

// WebIDL ResponseInit.
function convertInit(init) {
  if (init === undefined || init === null) return { status: 200, statusText: '', headers: undefined };
  if (typeof init !== 'object' && typeof init !== 'function') {
    throw new TypeError(`undefined: Expected ${stringify(init)} to be one of: Null, Undefined, Object.`);
  }
  const headers = init.headers;
  const status = init.status === undefined ? 200 : toUnsignedShort(init.status);
  const statusText = init.statusText === undefined ? '' : toByteStringStrict(init.statusText);
  if (headers !== undefined && (headers === null || (typeof headers !== 'object' && typeof headers !== 'function'))) {
    throw new TypeError('Headers constructor: Argument 1 could not be converted to one of: sequence<sequence<ByteString>>, record<ByteString, ByteString>.');
  }
  return { status, statusText, headers };
}

// https://fetch.spec.whatwg.org/#initialize-a-response
function initializeResponse(response, init, body) {
  if (init.status != null && (init.status < 200 || init.status > 599)) {
    throw new RangeError('init["status"] must be in the range of 200 to 599, inclusive.');
  }
  if (init.statusText && RegExpPrototypeExec(kReasonPhraseRe, String(init.statusText)) === null) {
    throw new TypeError('Invalid statusText');
  }
  const inner = getInner(response);
  if (init.status != null) inner.status = init.status;
  if (init.statusText != null) inner.statusText = init.statusText;
  if (init.headers !== undefined) fillHeaders(response.headers, init.headers);
  if (body) {
    if (ArrayPrototypeIncludes(kNullBodyStatus, inner.status)) {
      throw new TypeError(`Response constructor: Invalid response status code ${inner.status}`);
    }
    inner.body = body.body;
    if (body.type != null && !inner.headersList.contains('content-type', true)) {
      inner.headersList.append('content-type', body.type, true);
    }
  }
}

/** Wraps an internal response in a Response with the given headers guard. */
function fromInnerResponse(inner, guard) {
  // Construct through the class so the private fields exist.
  const response = new Response();
  setInner(response, inner, guard);
  return response;
}

mixinBody(Response.prototype, (self) => {
  if (!isResponse(self)) throw illegalInvocation();
  const inner = getInner(self);
  return { body: inner.body, headersList: inner.headersList };
});

function isResponse(value) {
  return isResponseImpl(value);
}

const kEnumerable = { __proto__: null, enumerable: true };
ObjectDefineProperties(Response.prototype, {
  type: kEnumerable,
  url: kEnumerable,
  status: kEnumerable,
  ok: kEnumerable,
  redirected: kEnumerable,
  statusText: kEnumerable,
  headers: kEnumerable,
  body: kEnumerable,
  bodyUsed: kEnumerable,
  clone: kEnumerable,
  [SymbolToStringTag]: { __proto__: null, value: 'Response', configurable: true },
});
ObjectDefineProperties(Response, {
  json: kEnumerable,
  redirect: kEnumerable,
  error: kEnumerable,
});

module.exports = {
  Response,
  makeResponse,
  makeNetworkError,
  fromInnerResponse,
  getInnerResponse: getInner,
  isResponse,
  serializeUrl,
  kNullBodyStatus,
  kRedirectStatus,
  Headers,
  getHeadersList,
};
