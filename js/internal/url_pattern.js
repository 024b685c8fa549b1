// URLPattern (https://urlpattern.spec.whatwg.org/), with the argument checks,
// errors and result shapes of Node's src/node_url_pattern.cc (MIT license,
// Node.js contributors). Parsing and input canonicalization are the
// `urlpattern` crate's (src/ext/urlpattern); the component regular
// expressions run in V8 with the `v` flag, as in Node.
'use strict';

const {
  ErrorCaptureStackTrace,
  ObjectCreate,
  ObjectDefineProperties,
  ObjectDefineProperty,
  RegExp,
  ReflectDeleteProperty,
  RegExpPrototypeExec,
  SafeWeakMap,
  SymbolToStringTag,
  TypeError,
} = primordials;

const {
  op_urlpattern_parse,
  op_urlpattern_process_match_input,
} = internalBinding('ops');

// Component order of the standard.
const kComponents = [
  'protocol', 'username', 'password', 'hostname', 'port', 'pathname', 'search', 'hash',
];
// URLPatternInit keys as Node reads them, and the (sorted) order in which it
// writes them back into `result.inputs`.
const kInitKeys = [...kComponents, 'baseURL'];
const kSortedInitKeys = [
  'baseURL', 'hash', 'hostname', 'password', 'pathname', 'port', 'protocol', 'search', 'username',
];

// The parsed components of each URLPattern (Node keeps them in C++).
const patterns = new SafeWeakMap();

// Node's C++ errors: a plain TypeError with an own `code`, whose stack starts
// at the caller of the public method.
function codedTypeError(code, message) {
  const err = new TypeError(message);
  ErrorCaptureStackTrace(err, publicEntry);
  ObjectDefineProperty(err, 'code', {
    __proto__: null, value: code, writable: true, enumerable: true, configurable: true,
  });
  return err;
}

function illegalInvocation() {
  const err = new TypeError('Illegal invocation');
  ErrorCaptureStackTrace(err, publicEntry);
  return err;
}

// The public function being run (URLPattern, exec, test or a getter), so that
// errors leave the internal frames out of their stack.
let publicEntry;

function failedToConstruct() {
  return codedTypeError('ERR_INVALID_URL_PATTERN', 'Failed to construct URLPattern');
}

function isObject(value) {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

// A URLPatternInit holding the string-valued fields of `source` (others are
// ignored, as Node does); getters run once each, in Node's order.
function readInit(source) {
  const init = { __proto__: null };
  for (let i = 0; i < kInitKeys.length; i++) {
    const value = source[kInitKeys[i]];
    if (typeof value === 'string') init[kInitKeys[i]] = value;
  }
  return init;
}

function internalsOf(self) {
  const internals = isObject(self) ? patterns.get(self) : undefined;
  if (internals === undefined) throw illegalInvocation();
  return internals;
}

/**
 * new URLPattern(input?, baseURL?, options?) / new URLPattern(input?, options?)
 */
function URLPattern() {
  publicEntry = URLPattern;
  if (new.target === undefined) {
    throw codedTypeError('ERR_CONSTRUCT_CALL_REQUIRED', 'Cannot call constructor without `new`');
  }
  const argc = arguments.length;
  let input = arguments[0];
  if (input === undefined || input === null) {
    input = { __proto__: null };
  } else if (typeof input !== 'string') {
    if (!isObject(input)) {
      throw codedTypeError('ERR_INVALID_ARG_TYPE', 'Input must be an object or a string');
    }
    input = readInit(input);
  }
  let baseURL;
  let options;
  if (argc >= 2) {
    const second = arguments[1];
    if (typeof second === 'string') {
      baseURL = second;
    } else if (argc === 2) {
      if (isObject(second)) {
        options = second;
      } else if (second !== undefined && second !== null) {
        throw codedTypeError('ERR_INVALID_ARG_TYPE', 'second argument must be a string or object');
      }
    } else if (second === undefined || second === null) {
      throw failedToConstruct();
    } else {
      throw codedTypeError('ERR_INVALID_ARG_TYPE', 'second argument must be a string');
    }
  }
  if (argc >= 3) {
    const third = arguments[2];
    if (isObject(third)) {
      options = third;
    } else if (third !== undefined && third !== null) {
      throw codedTypeError('ERR_INVALID_ARG_TYPE', 'options must be an object');
    }
  }
  const ignoreCase = options !== undefined && !!options.ignoreCase;

  const parsed = op_urlpattern_parse(input, baseURL, ignoreCase);
  if (parsed === null) throw failedToConstruct();
  const flags = ignoreCase ? 'vi' : 'v';
  const components = { __proto__: null };
  for (let i = 0; i < kComponents.length; i++) {
    const c = parsed[kComponents[i]];
    let regexp;
    try {
      regexp = new RegExp(c.regexpString, flags);
    } catch {
      throw failedToConstruct();
    }
    components[kComponents[i]] = {
      __proto__: null,
      patternString: c.patternString,
      regexp,
      groupNameList: c.groupNameList,
    };
  }
  patterns.set(this, { components, hasRegExpGroups: parsed.hasRegexpGroups });
}

// The standard's "match": null when `input` does not match.
function match(self, args, method) {
  const { components } = internalsOf(self);
  let input = args.length === 0 ? undefined : args[0];
  let inputForResult;
  if (input === undefined || input === null) {
    input = { __proto__: null };
    inputForResult = {};
  } else if (typeof input !== 'string') {
    if (!isObject(input)) {
      throw codedTypeError('ERR_INVALID_ARG_TYPE', 'URLPattern input needs to be a string or an object');
    }
    input = readInit(input);
    inputForResult = {};
    for (let i = 0; i < kSortedInitKeys.length; i++) {
      const key = kSortedInitKeys[i];
      if (input[key] !== undefined) inputForResult[key] = input[key];
    }
  } else {
    inputForResult = input;
  }
  let baseURL;
  if (args.length > 1 && args[1] !== undefined) {
    if (args[1] === null) {
      baseURL = 'null';
    } else if (typeof args[1] !== 'string') {
      throw codedTypeError('ERR_INVALID_ARG_TYPE', 'baseURL must be a string');
    } else {
      baseURL = args[1];
    }
  }
  let values;
  try {
    values = op_urlpattern_process_match_input(input, baseURL);
  } catch {
    throw codedTypeError('ERR_OPERATION_FAILED', `Failed to ${method} URLPattern`);
  }
  if (values === null && typeof input === 'string' && baseURL === undefined) {
    // Node (ada) reads a string that is not an absolute URL relative to an
    // empty non-special URL, with no protocol: "/books/1" can match.
    values = op_urlpattern_process_match_input(input, 'nodus-relative://');
    if (values !== null) values.protocol = '';
  }
  if (values === null) return null;

  const results = { __proto__: null };
  for (let i = 0; i < kComponents.length; i++) {
    const key = kComponents[i];
    const component = components[key];
    const value = values[key];
    const m = RegExpPrototypeExec(component.regexp, value);
    if (m === null) return null;
    if (method === 'test') continue;
    // Node's groups object has a fresh empty object as its prototype.
    const groups = ObjectCreate({});
    const names = component.groupNameList;
    for (let g = 0; g < names.length; g++) groups[names[g]] = m[g + 1];
    results[key] = { groups, input: value };
  }
  if (method === 'test') return true;
  // Node builds the result with its keys sorted and no prototype.
  const result = ObjectCreate(null);
  result.hash = results.hash;
  result.hostname = results.hostname;
  result.inputs = baseURL === undefined ? [inputForResult] : [inputForResult, baseURL];
  result.password = results.password;
  result.pathname = results.pathname;
  result.port = results.port;
  result.protocol = results.protocol;
  result.search = results.search;
  result.username = results.username;
  return result;
}

function defineGetter(get) {
  // Node's accessors are unnamed FunctionTemplates.
  ObjectDefineProperty(get, 'name', { __proto__: null, value: '' });
  return { __proto__: null, get, set: undefined, enumerable: true, configurable: false };
}

function componentGetter(key) {
  return defineGetter(function get() {
    publicEntry = get;
    return internalsOf(this).components[key].patternString;
  });
}

const kMethods = {
  exec(input, baseURL) {
    publicEntry = kMethods.exec;
    return match(this, arguments, 'exec');
  },
  test(input, baseURL) {
    publicEntry = kMethods.test;
    return match(this, arguments, 'test') !== null;
  },
};

// `constructor` comes last among the prototype's own keys, as with Node's
// FunctionTemplate.
ReflectDeleteProperty(URLPattern.prototype, 'constructor');
ObjectDefineProperties(URLPattern.prototype, {
  protocol: componentGetter('protocol'),
  username: componentGetter('username'),
  password: componentGetter('password'),
  hostname: componentGetter('hostname'),
  port: componentGetter('port'),
  pathname: componentGetter('pathname'),
  search: componentGetter('search'),
  hash: componentGetter('hash'),
  hasRegExpGroups: defineGetter(function get() {
    publicEntry = get;
    return internalsOf(this).hasRegExpGroups;
  }),
  exec: { __proto__: null, value: kMethods.exec, writable: true, enumerable: true, configurable: true },
  test: { __proto__: null, value: kMethods.test, writable: true, enumerable: true, configurable: true },
  [SymbolToStringTag]: { __proto__: null, value: 'URLPattern', writable: false, enumerable: false, configurable: true },
});
ObjectDefineProperty(URLPattern.prototype, 'constructor', {
  __proto__: null, value: URLPattern, writable: true, enumerable: false, configurable: true,
});
ObjectDefineProperty(URLPattern, 'prototype', { __proto__: null, writable: false });

module.exports = { URLPattern };
