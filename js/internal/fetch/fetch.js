// fetch() with the observable behaviour of undici's lib/web/fetch/index.js
// (MIT license, undici contributors), which Node exposes as the `fetch`
// global. The network side is nodus's own node:http / node:https client with
// keep-alive Agents kept for fetch; data: and blob: URLs are answered locally.
'use strict';

const {
  ArrayPrototypeIncludes,
  ArrayPrototypePush,
  ArrayPrototypeReverse,
  Promise,
  SafeSet,
  StringPrototypeSplit,
  StringPrototypeToLowerCase,
  StringPrototypeTrim,
  TypeError,
  Uint8Array,
} = primordials;

const { Request, getInnerRequest } = require('internal/fetch/request');
const {
  makeResponse, makeNetworkError, fromInnerResponse, kNullBodyStatus, kRedirectStatus,
} = require('internal/fetch/response');
const { HeadersList } = require('internal/fetch/headers');
const { extractBody } = require('internal/fetch/body');

// https://fetch.spec.whatwg.org/#port-blocking
const kBadPorts = new SafeSet([
  '1', '7', '9', '11', '13', '15', '17', '19', '20', '21', '22', '23', '25', '37', '42', '43', '53', '69', '77',
  '79', '87', '95', '101', '102', '103', '104', '109', '110', '111', '113', '115', '117', '119', '123', '135', '137',
  '139', '143', '161', '179', '389', '427', '465', '512', '513', '514', '515', '526', '530', '531', '532', '540',
  '548', '554', '556', '563', '587', '601', '636', '989', '990', '993', '995', '1719', '1720', '1723', '2049',
  '3659', '4045', '4190', '5060', '5061', '6000', '6566', '6665', '6666', '6667', '6668', '6669', '6679', '6697',
  '10080',
]);

const kRequestBodyHeaders = ['content-encoding', 'content-language', 'content-location', 'content-type', 'content-length'];

let httpAgent;
let httpsAgent;
function agentFor(protocol) {
  if (protocol === 'https:') {
    const https = require('https');
    httpsAgent ??= new https.Agent({ keepAlive: true });
    return { mod: https, agent: httpsAgent };
  }
  const http = require('http');
  httpAgent ??= new http.Agent({ keepAlive: true });
  return { mod: http, agent: httpAgent };
}

function abortReason(signal) {
  const reason = signal.reason;
  if (reason === undefined) {
    return new globalThis.DOMException('This operation was aborted', 'AbortError');
  }
  return reason;
}

function fetchFailed(cause) {
  return new TypeError('fetch failed', { cause });
}

let warned = false;

/** The `fetch` global. */
function fetch(input, init = undefined) {
  // Node 18's fetch is experimental and says so on first use.
  if (!warned) {
    warned = true;
    if (require('internal/compat/profile').switchValue('fetch') === 'experimental') {
      // Node 18's emitExperimentalWarning wording.
      process.emitWarning('The Fetch API is an experimental feature. This feature could change at any time',
                          'ExperimentalWarning');
    }
  }
  return new Promise((resolve, reject) => {
    let request;
    try {
      request = new Request(input, init);
    } catch (err) {
      reject(err);
      return;
    }
    const inner = getInnerRequest(request);
    const signal = request.signal;
    if (signal.aborted) {
      // The body is cancelled as undici's abortFetch does.
      if (inner.body?.stream && !inner.body.stream.locked) inner.body.stream.cancel(signal.reason).catch(() => {});
      reject(abortReason(signal));
      return;
    }
    const controller = { aborted: false, current: null, onAbort: null };
    const onAbort = () => {
      controller.aborted = true;
      const reason = abortReason(signal);
      reject(reason);
      controller.onAbort?.(reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    mainFetch(inner, controller).then((response) => {
      signal.removeEventListener('abort', onAbort);
      if (controller.aborted) return;
      if (response.type === 'error') {
        reject(fetchFailed(response.error));
        return;
      }
      // Abort after the headers errors the body stream.
      if (response.body !== null) {
        signal.addEventListener('abort', () => {
          const reason = abortReason(signal);
          response.abortBody?.(reason);
        }, { once: true });
      }
      resolve(fromInnerResponse(response, 'immutable'));
    }, (err) => {
      signal.removeEventListener('abort', onAbort);
      if (!controller.aborted) reject(fetchFailed(err));
    });
  });
}

async function mainFetch(request, controller) {
  let redirectCount = 0;
  for (;;) {
    const url = request.urlList[request.urlList.length - 1];
    const protocol = url.protocol;
    if ((protocol === 'http:' || protocol === 'https:') && kBadPorts.has(url.port)) {
      return makeNetworkError('bad port');
    }
    if (protocol === 'data:') return dataFetch(request, url);
    if (protocol === 'blob:') return blobFetch(request, url);
    if (protocol === 'about:') return makeNetworkError('about scheme is not supported');
    if (protocol === 'file:') return makeNetworkError('not implemented... yet...');
    if (protocol !== 'http:' && protocol !== 'https:') return makeNetworkError('unknown scheme');

    const response = await httpNetworkFetch(request, url, controller);
    if (response.type === 'error') return response;
    response.urlList = [...request.urlList];

    const location = response.headersList.get('location', true);
    if (!ArrayPrototypeIncludes(kRedirectStatus, response.status) || location === null) return response;

    if (request.redirect === 'error') {
      response.discard();
      return makeNetworkError('unexpected redirect');
    }
    if (request.redirect === 'manual') return response;

    // https://fetch.spec.whatwg.org/#http-redirect-fetch
    let locationURL;
    try {
      locationURL = new (require('internal/url').URL)(location, url);
    } catch (err) {
      response.discard();
      return makeNetworkError(err);
    }
    response.discard();
    if (locationURL.protocol !== 'http:' && locationURL.protocol !== 'https:') {
      return makeNetworkError('URL scheme must be a HTTP(S) scheme');
    }
    if (++redirectCount > 20) return makeNetworkError('redirect count exceeded');
    if (locationURL.username || locationURL.password) {
      return makeNetworkError('cross origin not allowed for request mode "cors"');
    }
    if (response.status !== 303 && request.body != null && request.body.source == null) {
      return makeNetworkError();
    }
    if (((response.status === 301 || response.status === 302) && request.method === 'POST') ||
        (response.status === 303 && request.method !== 'GET' && request.method !== 'HEAD')) {
      request.method = 'GET';
      request.body = null;
      for (const name of kRequestBodyHeaders) request.headersList.delete(name, true);
    }
    if (locationURL.origin !== url.origin) {
      // https://fetch.spec.whatwg.org/#cors-non-wildcard-request-header-name
      request.headersList.delete('authorization', true);
      request.headersList.delete('proxy-authorization', true);
      request.headersList.delete('cookie', true);
      request.headersList.delete('host', true);
    }
    if (request.body != null) {
      request.body = extractBody(request.body.source)[0];
    }
    ArrayPrototypePush(request.urlList, locationURL);
  }
}

/** Builds the raw header array undici would send, in its order. */
function requestHeaders(request, url, hasBody, length) {
  const out = [];
  const list = request.headersList;
  const push = (name, value) => ArrayPrototypePush(out, name, value);
  if (!list.contains('host', true)) push('host', url.host);
  push('connection', 'keep-alive');
  for (const { 1: { name, value } } of list.map) {
    const lower = StringPrototypeToLowerCase(name);
    if (lower === 'connection' || lower === 'keep-alive' || lower === 'transfer-encoding') continue;
    if (lower === 'set-cookie' && list.cookies) {
      for (const cookie of list.cookies) push(name, cookie);
      continue;
    }
    push(name, value);
  }
  if (!list.contains('accept', true)) push('accept', '*/*');
  if (!list.contains('accept-language', true)) push('accept-language', '*');
  if (!list.contains('sec-fetch-mode', true)) push('sec-fetch-mode', request.mode);
  if (!list.contains('user-agent', true)) push('user-agent', 'node');
  if (!list.contains('accept-encoding', true)) {
    push('accept-encoding', url.protocol === 'https:' ? 'br, gzip, deflate' : 'gzip, deflate');
  }
  if (length !== null) {
    if (!list.contains('content-length', true)) push('content-length', `${length}`);
  } else if (hasBody) {
    push('transfer-encoding', 'chunked');
  }
  return out;
}

function httpNetworkFetch(request, url, controller) {
  return new Promise((resolve, reject) => {
    let mod;
    let agent;
    try {
      ({ mod, agent } = agentFor(url.protocol));
    } catch (err) {
      resolve(makeNetworkError(err));
      return;
    }
    const body = request.body;
    let length = body === null ? null : body.length;
    const method = request.method;
    if (body === null && (method === 'POST' || method === 'PUT')) length = 0;
    const hasBody = body !== null;
    let req;
    let settled = false;
    const fail = (err) => {
      if (settled) return;
      settled = true;
      resolve(makeNetworkError(err));
    };
    try {
      req = mod.request({
        protocol: url.protocol,
        hostname: url.hostname[0] === '[' ? url.hostname.slice(1, -1) : url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method,
        agent,
        headers: requestHeaders(request, url, hasBody, length),
        setHost: false,
      });
    } catch (err) {
      fail(err);
      return;
    }
    controller.onAbort = (reason) => {
      req.destroy();
      if (!settled) {
        settled = true;
        reject(reason);
      }
    };
    req.on('error', fail);
    req.on('response', (res) => {
      if (settled) {
        res.destroy();
        return;
      }
      settled = true;
      resolve(makeHttpResponse(request, res, req));
    });
    if (!hasBody) {
      req.end();
      return;
    }
    // Stream the request body (duplex: 'half').
    (async () => {
      const reader = body.stream.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          if (!req.write(value)) await new Promise((r) => req.once('drain', r));
          if (req.destroyed) return;
        }
        req.end();
      } catch (err) {
        req.destroy(err);
        fail(err);
      }
    })();
  });
}

function makeDecoders(codings) {
  const zlib = require('zlib');
  const opts = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
  const decoders = [];
  for (const coding of ArrayPrototypeReverse(codings)) {
    if (coding === 'gzip' || coding === 'x-gzip') {
      ArrayPrototypePush(decoders, zlib.createGunzip(opts));
    } else if (coding === 'deflate') {
      ArrayPrototypePush(decoders, zlib.createInflate !== undefined ? createDeflateDecoder(zlib, opts) : null);
    } else if (coding === 'br') {
      ArrayPrototypePush(decoders, zlib.createBrotliDecompress({
        flush: zlib.constants.BROTLI_OPERATION_FLUSH, finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH,
      }));
    } else if (coding === 'zstd' && typeof zlib.createZstdDecompress === 'function') {
      ArrayPrototypePush(decoders, zlib.createZstdDecompress({
        flush: zlib.constants.ZSTD_e_continue, finishFlush: zlib.constants.ZSTD_e_end,
      }));
    } else {
      // An unknown coding leaves the body as it is.
      return [];
    }
  }
  return decoders;
}

// deflate may come as zlib-wrapped or raw (undici's InflateStream checks the
// first byte).
function createDeflateDecoder(zlib, opts) {
  const { Transform } = require('stream');
  let inner = null;
  const t = new Transform({
    transform(chunk, enc, cb) {
      if (inner === null) {
        inner = (chunk[0] & 0x0f) === 0x08 ? zlib.createInflate(opts) : zlib.createInflateRaw(opts);
        inner.on('data', (d) => t.push(d));
        inner.on('error', (e) => t.destroy(e));
      }
      inner.write(chunk, cb);
    },
    flush(cb) {
      if (inner === null) return cb();
      inner.end();
      inner.once('end', () => cb());
    },
  });
  return t;
}

function makeHttpResponse(request, res, req) {
  const headersList = new HeadersList();
  const raw = res.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headersList.append(raw[i], raw[i + 1], false);
  const status = res.statusCode;
  const response = makeResponse({
    status,
    statusText: res.statusMessage,
    headersList,
    type: 'basic',
  });
  response.discard = () => {
    res.resume();
  };
  const location = headersList.get('location', true);
  const willFollow = location !== null && request.redirect === 'follow' && ArrayPrototypeIncludes(kRedirectStatus, status);
  if (request.method === 'HEAD' || request.method === 'CONNECT' || ArrayPrototypeIncludes(kNullBodyStatus, status) ||
      (status >= 100 && status < 200)) {
    res.resume();
    return response;
  }
  let source = res;
  const encoding = headersList.get('content-encoding', true);
  if (encoding !== null && !willFollow) {
    const codings = [];
    for (const c of StringPrototypeSplit(encoding, ',')) {
      const x = StringPrototypeToLowerCase(StringPrototypeTrim(c));
      if (x !== '') ArrayPrototypePush(codings, x);
    }
    if (codings.length <= 5) {
      const decoders = makeDecoders(codings);
      for (const d of decoders) {
        const from = source;
        from.on('error', (e) => d.destroy(e));
        source = from.pipe(d);
      }
    }
  }
  let streamController;
  let finished = false;
  const stream = new globalThis.ReadableStream({
    type: 'bytes',
    start(c) {
      streamController = c;
    },
    pull() {
      source.resume();
    },
    cancel() {
      finished = true;
      res.destroy();
    },
  }, { highWaterMark: 64 * 1024 });
  source.pause();
  source.on('data', (chunk) => {
    if (finished) return;
    streamController.enqueue(new Uint8Array(chunk));
    if (streamController.desiredSize <= 0) source.pause();
  });
  source.on('end', () => {
    if (finished) return;
    finished = true;
    streamController.close();
    streamController.byobRequest?.respond(0);
  });
  const onError = (err) => {
    if (finished) return;
    finished = true;
    streamController.error(new TypeError('terminated', { cause: err }));
  };
  source.on('error', onError);
  res.on('aborted', () => onError(new Error('other side closed')));
  res.on('close', () => {
    if (!res.complete) onError(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }));
  });
  response.abortBody = (reason) => {
    if (finished) return;
    finished = true;
    streamController.error(reason);
    res.destroy();
  };
  response.body = { stream, source: null, length: null };
  return response;
}

// https://fetch.spec.whatwg.org/#data-url-processor
function processDataURL(url) {
  let input = url.href.slice(5);
  const hash = input.indexOf('#');
  if (hash !== -1) input = input.slice(0, hash);
  const comma = input.indexOf(',');
  if (comma === -1) return 'failure';
  let mimeType = StringPrototypeTrim(input.slice(0, comma));
  const bodyText = input.slice(comma + 1);
  let body = percentDecode(bodyText);
  if (/;[\u0020]*base64$/i.test(mimeType)) {
    const s = forgivingBase64(latin1String(body));
    if (s === 'failure') return 'failure';
    body = s;
    mimeType = mimeType.replace(/;[\u0020]*base64$/i, '');
  }
  if (mimeType.startsWith(';')) mimeType = `text/plain${mimeType}`;
  let parsed;
  try {
    const { MIMEType } = require('internal/mime');
    parsed = `${new MIMEType(mimeType)}`;
  } catch {
    parsed = 'text/plain;charset=US-ASCII';
  }
  return { mimeType: parsed, body };
}

function latin1String(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

function forgivingBase64(data) {
  data = data.replace(/[\u0009\u000A\u000C\u000D\u0020]/g, '');
  if (data.length % 4 === 0) data = data.replace(/==?$/, '');
  if (data.length % 4 === 1 || /[^+/0-9A-Za-z]/.test(data)) return 'failure';
  const { Buffer } = require('buffer');
  const buf = Buffer.from(data, 'base64');
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

function percentDecode(input) {
  const bytes = new (require('internal/encoding').TextEncoder)().encode(input);
  const out = [];
  const hex = (c) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x25 && i + 2 < bytes.length && hex(bytes[i + 1]) && hex(bytes[i + 2])) {
      out.push(parseInt(String.fromCharCode(bytes[i + 1], bytes[i + 2]), 16));
      i += 2;
    } else {
      out.push(b);
    }
  }
  return new Uint8Array(out);
}

function dataFetch(request, url) {
  const result = processDataURL(url);
  if (result === 'failure') return makeNetworkError('failed to fetch the data URL');
  const headersList = new HeadersList();
  headersList.set('content-type', result.mimeType, true);
  return makeResponse({
    statusText: 'OK',
    headersList,
    type: 'basic',
    body: extractBody(result.body)[0],
    urlList: [...request.urlList],
  });
}

function blobFetch(request, url) {
  const { resolveObjectURL } = require('internal/blob');
  const blob = resolveObjectURL(url.href);
  if (request.method !== 'GET' || blob === undefined) {
    return makeNetworkError('invalid method');
  }
  const { 0: body, 1: type } = extractBody(blob);
  const headersList = new HeadersList();
  headersList.set('content-length', `${body.length}`, true);
  headersList.set('content-type', type ?? '', true);
  return makeResponse({
    statusText: 'OK',
    headersList,
    type: 'basic',
    body,
    urlList: [...request.urlList],
  });
}

module.exports = { fetch };
