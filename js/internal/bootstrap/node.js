// Sets up what every run shares and the snapshot can hold: the `process`
// object's shape and the globals that do not depend on the release line.
'use strict';

const {
  FunctionPrototypeCall,
  ObjectCreate,
  ObjectDefineProperty,
  ObjectSetPrototypeOf,
  SymbolToStringTag,
} = primordials;

const EventEmitter = require('events');

// process is an EventEmitter whose prototype is named `process`, as in Node.
// `process instanceof process.constructor` holds, as in Node.
// (Named through a property key: V8 names `#<process>` in messages after it.)
const { process: processConstructor } = { process: function() {} };
const processProto = ObjectCreate(EventEmitter.prototype, {
  constructor: { __proto__: null, value: processConstructor, writable: true, configurable: true },
});
processConstructor.prototype = processProto;
ObjectSetPrototypeOf(process, processProto);
ObjectDefineProperty(process, SymbolToStringTag, {
  __proto__: null, enumerable: false, writable: true, configurable: false, value: 'process',
});
FunctionPrototypeCall(EventEmitter, process);

require('internal/process/per_thread').setup(process);
require('internal/process/task_queues').setup(process);

function defineValue(name, value) {
  ObjectDefineProperty(globalThis, name, {
    __proto__: null, value, writable: true, configurable: true, enumerable: false,
  });
}

// Object.prototype.toString.call(globalThis) is '[object global]', as in Node.
ObjectDefineProperty(globalThis, SymbolToStringTag, {
  __proto__: null, value: 'global', writable: false, enumerable: false, configurable: true,
});
ObjectDefineProperty(globalThis, 'global', {
  __proto__: null, value: globalThis, writable: true, configurable: true, enumerable: false,
});
defineValue('process', process);

const timers = require('timers');
for (const name of ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate']) {
  // Node's timer globals are enumerable.
  ObjectDefineProperty(globalThis, name, {
    __proto__: null, value: timers[name], writable: true, configurable: true, enumerable: true,
  });
}
