//! The table of Node options nodus accepts. One row per option; `--no-` forms of
//! boolean options are accepted where Node accepts them.

/// How an option takes its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `--flag` (and, when `negatable`, `--no-flag`).
    Bool { negatable: bool },
    /// `--name=value` or `--name value`.
    Value,
    /// A V8 option: handed to V8 as written.
    V8,
    /// A V8 option with a value (`--max-old-space-size=64`).
    V8Value,
    /// A value only in the `--name=value` form (`--inspect`, `--inspect=0`).
    OptValue,
}

/// One accepted option.
pub struct Opt {
    pub name: &'static str,
    pub short: Option<char>,
    pub kind: Kind,
    pub help: &'static str,
}

const fn b(name: &'static str, help: &'static str) -> Opt {
    Opt { name, short: None, kind: Kind::Bool { negatable: false }, help }
}
const fn nb(name: &'static str, help: &'static str) -> Opt {
    Opt { name, short: None, kind: Kind::Bool { negatable: true }, help }
}
const fn v(name: &'static str, help: &'static str) -> Opt {
    Opt { name, short: None, kind: Kind::Value, help }
}
const fn ov(name: &'static str, help: &'static str) -> Opt {
    Opt { name, short: None, kind: Kind::OptValue, help }
}
const fn v8(name: &'static str) -> Opt {
    Opt { name, short: None, kind: Kind::V8, help: "" }
}
const fn v8v(name: &'static str) -> Opt {
    Opt { name, short: None, kind: Kind::V8Value, help: "" }
}

/// Every option nodus accepts, sorted by name within each group.
pub const OPTIONS: &[Opt] = &[
    Opt { name: "eval", short: Some('e'), kind: Kind::Value, help: "evaluate script" },
    Opt { name: "print", short: Some('p'), kind: Kind::Value, help: "evaluate script and print result" },
    Opt { name: "help", short: Some('h'), kind: Kind::Bool { negatable: false }, help: "print node command line options" },
    Opt { name: "version", short: Some('v'), kind: Kind::Bool { negatable: false }, help: "print Node.js version" },
    Opt { name: "check", short: Some('c'), kind: Kind::Bool { negatable: false }, help: "syntax check script without executing" },
    Opt { name: "interactive", short: Some('i'), kind: Kind::Bool { negatable: false }, help: "always enter the REPL even if stdin does not appear to be a terminal" },
    Opt { name: "require", short: Some('r'), kind: Kind::Value, help: "CommonJS module to preload (option can be repeated)" },
    v("compat", "behave like the given Node release line (18, 20, 22, 24, 26, 27)"),
    v("conditions", "additional user conditions for conditional exports and imports"),
    v("import", "ES module to preload (option can be repeated)"),
    v("input-type", "set module type for string input"),
    v("stack-trace-limit", "maximum number of stack frames captured (V8 option)"),
    v("title", "the process title to use on startup"),
    v("unhandled-rejections", "define unhandled rejections behavior: throw, strict, warn, none, warn-with-error-code"),
    v("env-file", "set environment variables from supplied file"),
    v("redirect-warnings", "write warnings to file instead of stderr"),
    v("dns-result-order", "set default value of verbatim in dns.lookup"),
    v("max-http-header-size", "set the maximum size of HTTP headers"),
    v("experimental-loader", "use the specified module as a custom loader"),
    v("loader", "use the specified module as a custom loader"),
    v("disable-warning", "silence specific process warnings"),
    v("diagnostic-dir", "set dir for all output files"),
    v("secure-heap", "total size of the OpenSSL secure heap"),
    v("test-reporter", "report test output using the given reporter"),
    v("test-reporter-destination", "report given reporter to the given destination"),
    v("test-name-pattern", "run tests whose name matches this regular expression"),
    v("test-skip-pattern", "run tests whose name do not match this regular expression"),
    v("test-concurrency", "specify test runner concurrency"),
    v("test-timeout", "specify test runner timeout"),
    v("test-shard", "run test at specific shard"),
    v("test-coverage-branches", "the branch coverage minimum threshold"),
    v("test-coverage-functions", "the function coverage minimum threshold"),
    v("test-coverage-lines", "the line coverage minimum threshold"),
    v("test-coverage-include", "include files in coverage report that match this glob pattern"),
    v("test-coverage-exclude", "exclude files from coverage report that match this glob pattern"),
    v("test-global-setup", "specifies the path to the global setup file"),
    v("test-rerun-failures", "specifies the path to the rerun state file"),
    v("experimental-test-isolation", "configures the type of test isolation used in the test runner"),
    b("test-force-exit", "force test runner to exit upon completion"),
    b("test-update-snapshots", "regenerate test snapshots"),
    b("experimental-test-snapshots", "enable snapshot testing"),
    v("watch-path", "path to watch"),
    b("watch-preserve-output", "preserve outputs on watch mode restart"),
    v("watch-kill-signal", "kill signal to send to the process on watch mode restarts"),
    nb("warnings", "silence all process warnings (--no-warnings)"),
    nb("deprecation", "silence deprecation warnings (--no-deprecation)"),
    nb("addons", "disable loading native addons (--no-addons)"),
    nb("global-search-paths", "disable global module search paths"),
    nb("experimental-require-module", "allow loading synchronous ES modules in require()"),
    nb("experimental-detect-module", "detect ES module syntax in ambiguous input"),
    nb("experimental-global-navigator", "expose experimental Navigator API on the global scope"),
    nb("experimental-websocket", "experimental WebSocket API"),
    nb("experimental-fetch", "experimental Fetch API"),
    nb("experimental-global-customevent", "expose experimental CustomEvent on the global scope"),
    nb("experimental-global-webcrypto", "expose experimental Web Crypto API on the global scope"),
    nb("experimental-strip-types", "experimental type stripping for TypeScript files"),
    b("experimental-transform-types", "enable transformation of TypeScript-only syntax into JavaScript code"),
    nb("experimental-webstorage", "experimental Web Storage API"),
    nb("webstorage", "Web Storage API (on by default from Node 25)"),
    nb("network-family-autoselection", "enable network address family autodetection"),
    nb("force-async-hooks-checks", "disable checks for async_hooks"),
    nb("verify-base-objects", "verify base objects"),
    nb("extra-info-on-fatal-exception", "hide extra information on fatal exception"),
    b("abort-on-uncaught-exception", "aborting instead of exiting causes a core file to be generated"),
    b("enable-source-maps", "source map support for stack traces"),
    b("experimental-vm-modules", "experimental ES Module support in vm module"),
    b("experimental-wasm-modules", "experimental ES Module support for webassembly modules"),
    b("experimental-import-meta-resolve", "experimental ES Module import.meta.resolve() parentURL support"),
    b("experimental-permission", "enable the permission system"),
    b("experimental-test-coverage", "enable code coverage in the test runner"),
    b("experimental-eventsource", "enable experimental EventSource API"),
    b("experimental-sqlite", "experimental node:sqlite module"),
    b("experimental-shadow-realm", "ShadowRealm"),
    b("experimental-test-module-mocks", "enable module mocking in the test runner"),
    b("experimental-print-required-tla", "print pending top-level await"),
    b("experimental-async-context-frame", "improve AsyncLocalStorage performance with AsyncContextFrame"),
    b("expose-internals", "expose internal modules to user code (for Node's own tests)"),
    b("frozen-intrinsics", "experimental frozen intrinsics support"),
    b("insecure-http-parser", "use an insecure HTTP parser that accepts invalid HTTP headers"),
    b("no-experimental-global-webcrypto", ""),
    b("pending-deprecation", "emit pending deprecation warnings"),
    b("permission", "enable the permission system"),
    b("preserve-symlinks", "preserve symbolic links when resolving"),
    b("preserve-symlinks-main", "preserve symbolic links when resolving the main module"),
    b("test", "launch test runner on startup"),
    b("throw-deprecation", "throw an exception on deprecations"),
    b("trace-deprecation", "show stack traces on deprecations"),
    b("trace-exit", "show stack trace when an environment exits"),
    b("trace-uncaught", "show stack traces for the `throw` behind uncaught exceptions"),
    b("trace-warnings", "show stack traces on process warnings"),
    b("trace-sync-io", "show stack trace when use of sync IO is detected"),
    b("trace-event-categories", ""),
    b("use-openssl-ca", "use OpenSSL's default CA store"),
    b("use-bundled-ca", "use bundled CA store"),
    b("zero-fill-buffers", "automatically zero-fill all newly allocated Buffer instances"),
    b("v8-options", "print V8 command line options"),
    b("watch", "run in watch mode"),
    b("no-force-async-hooks-checks", ""),
    // The permission model (src/ext/permission); which of these each line
    // has is checked by `ext::permission::option_missing_on_line`. The
    // inspector is not built yet; its options are accepted so programs and
    // tests that pass them reach `process.features.inspector`.
    v("allow-fs-read", "allow permissions to read the filesystem"),
    v("allow-fs-write", "allow permissions to write in the filesystem"),
    b("allow-addons", "allow use of addons when any permissions are set"),
    b("allow-child-process", "allow use of child process when any permissions are set"),
    b("allow-net", "allow use of network when any permissions are set"),
    b("allow-inspector", "allow use of inspector when any permissions are set"),
    b("allow-wasi", "allow wasi when any permissions are set"),
    b("allow-worker", "allow worker threads when any permissions are set"),
    ov("inspect", "activate inspector on host:port (not available in this build)"),
    ov("inspect-brk", "activate inspector and break at start (not available in this build)"),
    ov("inspect-wait", "activate inspector and wait for debugger (not available in this build)"),
    v("inspect-port", "set host:port for inspector"),
    v("inspect-publish-uid", "comma separated list of destinations for inspector uid"),
    b("experimental-network-inspection", "experimental network inspection support"),
    b("experimental-storage-inspection", "experimental storage inspection support"),
    b("tls-min-v1.0", "set default TLS minimum to TLSv1.0"),
    b("tls-min-v1.1", "set default TLS minimum to TLSv1.1"),
    b("tls-min-v1.2", "set default TLS minimum to TLSv1.2"),
    b("tls-min-v1.3", "set default TLS minimum to TLSv1.3"),
    b("tls-max-v1.2", "set default TLS maximum to TLSv1.2"),
    b("tls-max-v1.3", "set default TLS maximum to TLSv1.3"),
    nb("use-system-ca", "use system's CA store"),
    b("js-source-phase-imports", "experimental support for source phase imports"),
    v("disable-proto", "disable Object.prototype.__proto__ (delete or throw)"),
    v("v8-pool-size", "set V8's thread pool size"),
    b("test-udp-no-try-send", ""),
    b("test-only", "run tests with 'only' option set"),
    v("test-isolation", "configures the type of test isolation used in the test runner"),
    nb("async-context-frame", "improve AsyncLocalStorage performance with AsyncContextFrame"),
    v("localstorage-file", "file used to persist localStorage data"),
    v8("expose_externalize_string"),
    v8("enable-sharedarraybuffer-per-context"),
    v8("expose-gc"),
    v8("expose_gc"),
    v8("allow-natives-syntax"),
    v8("allow_natives_syntax"),
    v8("jitless"),
    v8("harmony"),
    v8("abort-on-uncaught-exception"),
    v8("no-opt"),
    v8("always-opt"),
    v8("predictable-gc-schedule"),
    v8("no-concurrent-array-buffer-sweeping"),
    v8("huge-max-old-generation-size"),
    v8v("max-old-space-size"),
    v8v("max-semi-space-size"),
    v8v("stack-size"),
    v8v("gc-interval"),
];

/// Looks an option up by its long name (without `--`), allowing `_` for `-`
/// and `--no-` for negatable booleans. Returns the row and whether it was negated.
pub fn find(name: &str) -> Option<(&'static Opt, bool)> {
    let norm = name.replace('_', "-");
    if let Some(o) = OPTIONS.iter().find(|o| o.name.replace('_', "-") == norm) {
        return Some((o, false));
    }
    if let Some(rest) = norm.strip_prefix("no-") {
        if let Some(o) = OPTIONS.iter().find(|o| o.name == rest) {
            return match o.kind {
                Kind::Bool { negatable: true } | Kind::V8 => Some((o, true)),
                _ => None,
            };
        }
    }
    // Any `--harmony-*` flag goes to V8 as Node passes it.
    if norm.starts_with("harmony") {
        return OPTIONS.iter().find(|o| o.name == "harmony").map(|o| (o, false));
    }
    None
}

/// Finds an option by its short letter.
pub fn find_short(c: char) -> Option<&'static Opt> {
    OPTIONS.iter().find(|o| o.short == Some(c))
}
