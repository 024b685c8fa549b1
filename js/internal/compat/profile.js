// The one place built-ins ask the release line's profile (compat/, RFC 0001):
// which globals and modules exist, behaviour switches, and deprecation levels.
// Every reader here runs at call time: `internalBinding('profile')` does not
// exist while the snapshot is built, so nothing may read it at top level.
'use strict';

const {
  ArrayPrototypeIncludes,
  Error,
  ErrorCaptureStackTrace,
  ObjectPrototypeHasOwnProperty,
  SafeSet,
  StringPrototypeIncludes,
  StringPrototypeStartsWith,
} = primordials;

let cached = null;

/** The frozen profile of the selected line (compat/src/profile.rs `Profile`). */
function profile() {
  if (cached === null) cached = internalBinding('profile');
  return cached;
}

/** The Node major the runtime presents (18, 20, ...). */
function line() {
  return profile().line;
}

/** Whether the line has the global `name` by default. */
function hasGlobal(name) {
  const p = profile();
  if (ArrayPrototypeIncludes(p.globals, name)) return true;
  // Lines list only Node's own globals and ES globals newer than ES2022; a name no
  // line lists (Object, Event, ...) is on every line.
  return !ArrayPrototypeIncludes(p.absent_globals, name);
}

/** Whether `require(id)` / `node:id` resolves on this line (`id` with or without `node:`). */
function hasModule(id) {
  const p = profile();
  const bare = StringPrototypeStartsWith(id, 'node:') ? id.slice(5) : id;
  if (ArrayPrototypeIncludes(p.modules, bare) || ArrayPrototypeIncludes(p.modules, `node:${bare}`)) return true;
  return !ArrayPrototypeIncludes(p.absent_modules, bare) &&
    !ArrayPrototypeIncludes(p.absent_modules, `node:${bare}`);
}

/** Whether the line has the API `api` as compat data spells it (`util.isBoolean`). */
function hasApi(api) {
  return !ArrayPrototypeIncludes(profile().absent_apis, api);
}

/** A behaviour switch's value (`stream_high_water_mark` -> 65536), or undefined. */
function switchValue(name) {
  const switches = profile().switches;
  return ObjectPrototypeHasOwnProperty(switches, name) ? switches[name] : undefined;
}

/**
 * The level of `code` on this line: 'doc' | 'pending' | 'application' | 'runtime' |
 * 'eol'; 'none' when the catalog knows the code but this line does not deprecate it
 * yet; undefined when the catalog does not know it.
 */
function deprecationLevel(code) {
  const p = profile();
  if (ObjectPrototypeHasOwnProperty(p.deprecations, code)) return p.deprecations[code].type;
  return ArrayPrototypeIncludes(p.known_deprecations, code) ? 'none' : undefined;
}

/** The line's message for `code`, or undefined. */
function deprecationMessage(code) {
  const deps = profile().deprecations;
  return ObjectPrototypeHasOwnProperty(deps, code) ? deps[code].message : undefined;
}

function pendingDeprecationEnabled() {
  const { getOptionValue } = require('internal/options');
  if (getOptionValue('--pending-deprecation')) return true;
  const env = process.env?.NODE_PENDING_DEPRECATION;
  return env !== undefined && env !== '' && env !== '0';
}

/**
 * Whether the first frame outside the runtime's own code (above `skip`) lies
 * inside a node_modules folder, as Node's isInsideNodeModules does.
 */
function isInsideNodeModules(skip) {
  const holder = {};
  const limit = Error.stackTraceLimit;
  const prepare = Error.prepareStackTrace;
  let frames;
  try {
    Error.stackTraceLimit = 100;
    Error.prepareStackTrace = (_, callSites) => callSites;
    ErrorCaptureStackTrace(holder, skip ?? isInsideNodeModules);
    frames = holder.stack;
  } finally {
    Error.stackTraceLimit = limit;
    Error.prepareStackTrace = prepare;
  }
  if (frames === undefined || typeof frames === 'string') return false;
  for (let i = 0; i < frames.length; i++) {
    const name = frames[i].getFileName?.() ?? frames[i].getScriptNameOrSourceURL?.();
    if (!name || StringPrototypeStartsWith(name, 'node:') || name === 'ext:core') continue;
    return StringPrototypeIncludes(name, '/node_modules/') || StringPrototypeIncludes(name, '\\node_modules\\');
  }
  return false;
}

const warned = new SafeSet();

/** Whether `code` has been emitted (or claimed) in this process. */
function hasWarned(code) {
  return warned.has(code);
}

/**
 * Emits Node's DEP warning for `code` as this line rates it, at most once per code:
 * doc / none -> silent; pending -> only with --pending-deprecation;
 * application -> unless the caller's first user frame is inside node_modules (or
 * --pending-deprecation is on); runtime -> always; eol -> silent (the API is absent).
 * `ctorOrFn` hides the frames above it from --trace-deprecation stacks. `message`
 * overrides the line's text (for messages Node interpolates), `fallbackMessage`
 * is used for codes the catalog does not know (they are runtime deprecations).
 * Returns whether a warning was emitted.
 */
function emitDeprecation(code, ctorOrFn, options) {
  if (warned.has(code)) return false;
  if (process.noDeprecation) return false;
  let level = deprecationLevel(code);
  let message = options?.message ?? deprecationMessage(code);
  if (level === undefined) {
    if (options?.fallbackMessage === undefined && message === undefined) return false;
    level = 'runtime';
    message ??= options.fallbackMessage;
  }
  switch (level) {
    case 'runtime':
      break;
    case 'application':
      if (!pendingDeprecationEnabled() && isInsideNodeModules(ctorOrFn ?? emitDeprecation)) return false;
      break;
    case 'pending':
      if (!pendingDeprecationEnabled()) return false;
      break;
    default:
      return false;
  }
  warned.add(code);
  const emit = options?.sync ?
    (require('internal/process/warning').emitWarningSync ?? process.emitWarning) :
    process.emitWarning;
  emit(message, 'DeprecationWarning', code, ctorOrFn ?? emitDeprecation);
  return true;
}

/** Whether `code` would warn at all on this line (any level but doc / none / eol). */
function isDeprecatedAtRuntime(code) {
  const level = deprecationLevel(code);
  return level === 'runtime' || level === 'application' ||
    (level === 'pending' && pendingDeprecationEnabled());
}

module.exports = {
  deprecationLevel,
  deprecationMessage,
  emitDeprecation,
  hasApi,
  hasGlobal,
  hasModule,
  hasWarned,
  isDeprecatedAtRuntime,
  isInsideNodeModules,
  line,
  profile,
  switchValue,
};
