// `-e`, `-p` and scripts piped on stdin: run as classic scripts in the global
// scope with `require`, `module` and friends as globals (Node's
// lib/internal/main/eval_string.js and eval_stdin.js).
'use strict';

const { ObjectDefineProperty } = primordials;
const ops = internalBinding('ops');
const core = internalBinding('core');

function defineGlobal(name, value) {
  ObjectDefineProperty(globalThis, name, {
    __proto__: null, value, writable: true, configurable: true, enumerable: false,
  });
}

/** Node exposes the built-in modules as lazy globals to `-e`, `-p` and stdin code. */
function addBuiltinLibsToGlobal() {
  const { Module } = require('internal/modules/cjs/loader');
  for (const id of Module.builtinModules) {
    if (id.includes('/') || id.includes(':') || id[0] === '_' || id in globalThis) continue;
    ObjectDefineProperty(globalThis, id, {
      __proto__: null, configurable: true, enumerable: false,
      get() {
        const value = require(id);
        defineGlobal(id, value);
        return value;
      },
      set(value) {
        defineGlobal(id, value);
      },
    });
  }
}

/** Runs `source` named `filename` (`[eval]` or `[stdin]`); with `print`, prints its completion value. */
function evalScript(filename, source, print) {
  const { Module } = require('internal/modules/cjs/loader');
  const cwd = process.cwd();
  const m = new Module(filename);
  m.filename = `${cwd}/${filename}`;
  m.paths = Module._nodeModulePaths(cwd);
  defineGlobal('module', m);
  defineGlobal('exports', m.exports);
  defineGlobal('require', Module.createRequire(`${cwd}/${filename}`));
  defineGlobal('__filename', filename);
  defineGlobal('__dirname', '.');
  addBuiltinLibsToGlobal();
  const result = ops.op_vm_run_script(source, filename, true);
  if (result[0] === undefined && result.length > 1 && result[1] !== undefined) {
    const { triggerUncaughtException } = require('internal/process/execution');
    triggerUncaughtException(result[1], false, [result[1], result[2], result[3], result[4], result[5], result[6]]);
    return;
  }
  if (print) {
    const { inspect } = require('internal/util/inspect');
    const value = result[0];
    process.stdout.write(`${typeof value === 'string' ? value : inspect(value)}\n`);
  }
}

/** Reads all of stdin (the program when no script is named). */
function readStdin() {
  return core.decode(ops.op_stdio_read_all(0));
}

/** `--check`: compiles without running; a syntax error is reported as fatal. */
function checkSyntax(filename, source) {
  const { compileWrapper, stripBOM } = require('internal/modules/cjs/loader');
  const { triggerUncaughtException } = require('internal/process/execution');
  try {
    compileWrapper(stripBOM(source), filename);
  } catch (err) {
    triggerUncaughtException(err, false);
  }
}

module.exports = { evalScript, readStdin, checkSyntax };
