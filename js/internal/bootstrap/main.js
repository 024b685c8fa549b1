// Per-run start-up: fills `process` from the launch options and the release
// line's profile, installs the error handlers and runs the entry point.
// Returns the lifecycle hooks the Rust event-loop driver calls.
'use strict';

const {
  NumberIsInteger,
  NumberParseInt,
  ObjectDefineProperty,
  ObjectFreeze,
  StringPrototypeSlice,
} = primordials;

const { validateInteger } = require('internal/validators');

const core = internalBinding('core');
const ops = internalBinding('ops');
const loaderBinding = internalBinding('loader');

function deepFreeze(o) {
  if (o !== null && typeof o === 'object') {
    for (const k in o) deepFreeze(o[k]);
    ObjectFreeze(o);
  }
  return o;
}

function setupProcess(options, profile) {
  const [pid, ppid] = ops.op_process_ids();
  process.pid = pid;
  process.ppid = ppid;
  process.getuid = () => ops.op_process_ids()[2];
  process.getgid = () => ops.op_process_ids()[3];
  process.geteuid = () => ops.op_process_ids()[4];
  process.getegid = () => ops.op_process_ids()[5];
  process.getgroups = () => {
    // Node lists the effective gid too when it is not among the supplementary groups.
    const groups = ops.op_process_groups();
    const egid = ops.op_process_ids()[5];
    return groups.includes(egid) ? groups : [...groups, egid];
  };
  process.execPath = options.execPath;
  process.argv0 = options.argv0;
  process.execArgv = options.execArgv;
  process.version = profile.version;
  process.versions = { ...profile.versions, nodus: options.nodusVersion };
  process.release = { ...profile.release };
  // Read-only, as Node's is.
  process.config = deepFreeze({ target_defaults: {}, variables: { node_shared_openssl: false, v8_enable_i18n_support: 1, node_module_version: Number(profile.versions.modules) } });
  // Keys and order as each line's Node has them (probed from the real binaries).
  const major = NumberParseInt(StringPrototypeSlice(profile.version, 1), 10);
  const features = {
    // tls_sni and tls_ocsp wait for server-side SNI contexts and OCSP stapling.
    inspector: false, debug: false, uv: true, ipv6: true, tls_alpn: true, tls_sni: false,
    tls_ocsp: false, tls: true,
  };
  if (major >= 22) features.openssl_is_boringssl = false;
  features.cached_builtins = true;
  features.require_module = options.bools['experimental-require-module'] ?? !!profile.switches?.require_esm;
  if (major >= 26) features.dtls = false;
  if (major >= 24) features.quic = false;
  if (major >= 22) features.typescript = false;
  process.features = features;
  process.title = 'nodus';
  process.env = require('internal/process/env').createEnv();
  let exitCode;
  ObjectDefineProperty(process, 'exitCode', {
    __proto__: null,
    enumerable: true,
    configurable: false,
    get() { return exitCode; },
    set(code) {
      if (code !== null && code !== undefined) {
        // A string holding an integer is accepted, as Node accepts it.
        if (typeof code !== 'string' || code === '' || !NumberIsInteger(+code)) validateInteger(code, 'code');
      }
      exitCode = code;
    },
  });
  process._exiting = false;
  process.exit = exit;
  process.binding = binding;
  if (options.bools['enable-source-maps']) require('internal/process/per_thread').setSourceMapsEnabled(true);
  const execution = require('internal/process/execution');
  process.setUncaughtExceptionCaptureCallback = execution.setUncaughtExceptionCaptureCallback;
  process.hasUncaughtExceptionCaptureCallback = execution.hasUncaughtExceptionCaptureCallback;
  process.noDeprecation = options.bools.deprecation === false;
  process.throwDeprecation = !!options.bools['throw-deprecation'];
  process.traceDeprecation = !!options.bools['trace-deprecation'];
  process.traceProcessWarnings = !!options.bools['trace-warnings'];
  const stdio = require('internal/process/stdio');
  ObjectDefineProperty(process, 'stdout', { __proto__: null, configurable: true, enumerable: true, get: stdio.getStdout });
  ObjectDefineProperty(process, 'stderr', { __proto__: null, configurable: true, enumerable: true, get: stdio.getStderr });
  ObjectDefineProperty(process, 'stdin', { __proto__: null, configurable: true, enumerable: true, get: stdio.getStdin });
}

function exit(code) {
  if (code !== undefined) process.exitCode = code;
  if (!process._exiting) {
    process._exiting = true;
    process.emit('exit', process.exitCode || 0);
  }
  // process.reallyExit, not the op: programs and tests replace it.
  process.reallyExit(process.exitCode || 0);
}

// process.binding (DEP0111): Node keeps it for a list of legacy internal
// bindings; nodus has none of those C++ bindings to hand out.
function binding(name) {
  const { getOptionValue } = require('internal/options');
  if (getOptionValue('--pending-deprecation')) {
    process.emitWarning('process.binding() is deprecated. Please use public APIs instead.',
                        'DeprecationWarning', 'DEP0111');
  }
  throw new Error(`No such module: ${name}`);
}

/** Defines a global that loads on first read and becomes a plain value when assigned. */
function defineLazyGlobal(name, load) {
  ObjectDefineProperty(globalThis, name, {
    __proto__: null, configurable: true, enumerable: false,
    get() {
      const value = load();
      ObjectDefineProperty(globalThis, name, { __proto__: null, value, writable: true, configurable: true, enumerable: false });
      return value;
    },
    set(value) {
      ObjectDefineProperty(globalThis, name, { __proto__: null, value, writable: true, configurable: true, enumerable: false });
    },
  });
}

function setupGlobals(profile) {
  defineLazyGlobal('Buffer', () => require('buffer').Buffer);
  // Node's exposed-window-or-worker.js: the fetch implementation loads on
  // first call.
  let fetchImpl;
  ObjectDefineProperty(globalThis, 'fetch', {
    __proto__: null, writable: true, configurable: true, enumerable: true,
    value: function fetch(input, init = undefined) {
      fetchImpl ??= require('internal/fetch/fetch').fetch;
      return fetchImpl(input, init);
    },
  });
  ObjectDefineProperty(globalThis, 'console', {
    __proto__: null, configurable: true, enumerable: false,
    get() {
      const c = require('internal/console/global');
      ObjectDefineProperty(globalThis, 'console', { __proto__: null, value: c, writable: true, configurable: true, enumerable: false });
      return c;
    },
    set(v) {
      ObjectDefineProperty(globalThis, 'console', { __proto__: null, value: v, writable: true, configurable: true, enumerable: false });
    },
  });
  try {
    require('internal/bootstrap/web_globals').installWebGlobals(globalThis, profile);
  } catch (e) {
    if (e?.message !== 'No such built-in module: internal/bootstrap/web_globals') throw e;
  }
  require('internal/compat/globals').applyProfile(globalThis, profile);
}

function beforeExit() {
  if (process._exiting) return 0;
  const code = process.exitCode === undefined ? 0 : process.exitCode;
  const { activity } = require('internal/timers');
  const before = activity.count;
  // A throwing 'beforeExit' listener is an uncaught exception like any other.
  const thrown = ops.op_process_call_catching(process.emit, process, ['beforeExit', code]);
  if (thrown !== null) require('internal/process/execution').triggerUncaughtException(thrown[0], false, thrown);
  core.runNextTicks();
  return activity.count !== before ? 1 : 0;
}

function onExit() {
  const code = process.exitCode === undefined ? 0 : process.exitCode | 0;
  if (!process._exiting) {
    process._exiting = true;
    process.emit('exit', code);
  }
  // Node's handleProcessExit, an 'exit' listener of its own that runs after the
  // user's: an unsettled top-level await exits 13.
  if (require('internal/main/run_main').isMainPending()) process.exitCode ??= 13;
  return process.exitCode === undefined ? code : process.exitCode | 0;
}

let launchOptions = null;
/** This thread's launch options: a Worker's start from them. */
function getLaunchOptions() {
  return launchOptions;
}

function run(options) {
  launchOptions = options;
  require('internal/process/per_thread').markStart();
  const profile = deepFreeze(options.profile);
  loaderBinding.setProfile(profile);
  loaderBinding.setExposeInternals(!!options.bools['expose-internals']);
  require('internal/options').setOptions(options);
  setupProcess(options, profile);
  // Hide deno_core's own globals: Node has none of them.
  delete globalThis.Deno;
  delete globalThis.__bootstrap;
  setupGlobals(profile);
  const { triggerUncaughtException } = require('internal/process/execution');
  core.setReportExceptionCallback((err) => triggerUncaughtException(err, false));
  const mode = options.values['unhandled-rejections']?.[0] ?? profile.switches?.unhandled_rejections;
  require('internal/process/promises').setup(mode);
  process.on('warning', require('internal/process/warning').onWarning);
  // The permission model (Node's initializePermission); its module loads only
  // when a permission flag was given.
  const b = options.bools;
  if (b.permission || b['experimental-permission'] || options.values['allow-fs-read'] ||
      options.values['allow-fs-write'] || b['allow-child-process'] || b['allow-worker'] ||
      b['allow-addons'] || b['allow-wasi'] || b['allow-net'] || b['allow-inspector']) {
    try {
      require('internal/process/permission').initialize(options, profile);
    } catch (err) {
      triggerUncaughtException(err, false);
    }
  }
  // A child forked with an IPC channel (the module loads only then).
  if (ops.op_process_env_get('NODE_CHANNEL_FD')) {
    require('internal/child_process/setup').setupChildProcessIpcChannel();
  }
  // A worker's thread (internal/worker/child) runs the script its parent sent.
  if (options.worker) require('internal/main/run_main').runEntry(require('internal/worker/child').setup(options));
  else require('internal/main/run_main').runEntry(options);
  // As after Node's main module: nextTicks, then microtasks, before any timer.
  core.runNextTicks();
  if (ops.op_process_env_get('NODUS_DEBUG_BOOTSTRAP')) {
    // Start-up work is the floor of every run: list what it evaluated.
    ops.op_stdio_write_str(2, `built-ins evaluated: ${[...loaderBinding.cache.keys()].join(' ')}\n`);
  }
  return { beforeExit, exit: onExit };
}

module.exports = { run, getLaunchOptions };
