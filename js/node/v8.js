// Adapted from Node.js lib/v8.js. Copyright (c) 2014, StrongLoop Inc. ISC license.
'use strict';

const {
  Array,
  BigInt64Array,
  BigUint64Array,
  DataView,
  Error,
  Float32Array,
  Float64Array,
  Int16Array,
  Int32Array,
  Int8Array,
  JSONParse,
  ObjectPrototypeToString,
  StringPrototypePadStart,
  SymbolDispose,
  Uint16Array,
  Uint32Array,
  Uint8Array,
  Uint8ClampedArray,
  globalThis: {
    Float16Array,
  },
} = primordials;

const { Buffer } = require('buffer');
const {
  validateString,
  validateOneOf,
  validateUint32,
  validateObject,
  validateBoolean,
  validateFunction,
} = require('internal/validators');
const {
  Serializer,
  Deserializer,
} = require('internal/v8/serdes');
const {
  namespace: startupSnapshot,
} = require('internal/v8/startup_snapshot');
const { inspect } = require('internal/util/inspect');
const { FastBuffer } = require('internal/buffer');
const { getValidatedPath } = require('internal/fs/utils');
const { codes: { ERR_INVALID_ARG_VALUE, ERR_NOT_IMPLEMENTED } } = require('internal/errors');
const { kEmptyObject } = require('internal/util');
const promiseHooks = require('internal/v8/promise_hooks');

const ops = internalBinding('ops');

/**
 * Node's heap snapshot options check, before nodus reports it cannot take one.
 * @param {object} [options]
 */
function validateHeapSnapshotOptions(options = kEmptyObject) {
  validateObject(options, 'options');
  const { exposeInternals = false, exposeNumericValues = false } = options;
  validateBoolean(exposeInternals, 'options.exposeInternals');
  validateBoolean(exposeNumericValues, 'options.exposeNumericValues');
}

let heapSnapshotSeq = 0;

/** Node's DiagnosticFilename: `Heap.YYYYMMDD.HHMMSS.pid.tid.seq.heapsnapshot`. */
function diagnosticFilename() {
  const d = new Date();
  const pad = (n, w = 2) => StringPrototypePadStart(`${n}`, w, '0');
  const date = `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}`;
  const time = `${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;
  const { threadId } = require('worker_threads');
  return `Heap.${date}.${time}.${process.pid}.${threadId}.${pad(++heapSnapshotSeq, 3)}.heapsnapshot`;
}

/**
 * Generates a snapshot of the current V8 heap
 * and writes it to a JSON file.
 * @param {string} [filename]
 * @param {object} [options]
 * @returns {string}
 */
function writeHeapSnapshot(filename, options) {
  if (filename !== undefined) {
    filename = getValidatedPath(filename);
  }
  validateHeapSnapshotOptions(options);
  filename ??= diagnosticFilename();
  require('fs').writeFileSync(filename, ops.op_vm_heap_snapshot());
  return filename;
}

/**
 * Generates a snapshot of the current V8 heap
 * and returns a Readable Stream.
 * @param {object} [options]
 * @returns {import('./stream.js').Readable}
 */
function getHeapSnapshot(options) {
  validateHeapSnapshotOptions(options);
  const { Readable } = require('stream');
  const u8 = ops.op_vm_heap_snapshot();
  const data = new FastBuffer(u8.buffer, u8.byteOffset, u8.byteLength);
  const kChunk = 64 * 1024;
  let offset = 0;
  return new Readable({
    read() {
      if (offset >= data.length) {
        this.push(null);
        return;
      }
      this.push(data.subarray(offset, offset + kChunk));
      offset += kChunk;
    },
  });
}

function queryObjects(ctor, options = kEmptyObject) {
  validateFunction(ctor, 'constructor');
  if (options !== kEmptyObject) {
    validateObject(options, 'options');
  }
  const format = options.format || 'count';
  if (format !== 'count' && format !== 'summary') {
    throw new ERR_INVALID_ARG_VALUE('options.format', format);
  }
  throw new ERR_NOT_IMPLEMENTED('v8.queryObjects');
}

function cachedDataVersionTag() {
  return ops.op_vm_cached_data_version_tag();
}

/**
 * Sets V8 command-line flags.
 * @param {string} flags
 * @returns {void}
 */
function setFlagsFromString(flags) {
  validateString(flags, 'flags');
  // V8 freezes its flags once initialized (Node starts it with
  // --no-freeze-flags-after-init; nodus does not yet): setting one now would
  // abort the process.
  void ops.op_vm_set_flags_from_string;
  throw new ERR_NOT_IMPLEMENTED('v8.setFlagsFromString');
}

/**
 * Return whether this string uses one byte as underlying representation or not.
 * @param {string} content
 * @returns {boolean}
 */
function isStringOneByteRepresentation(content) {
  validateString(content, 'content');
  return ops.op_vm_is_string_one_byte(content);
}

/**
 * Gets the current V8 heap statistics.
 * @returns {object}
 */
function getHeapStatistics() {
  const b = ops.op_vm_heap_statistics();
  return {
    total_heap_size: b[0],
    total_heap_size_executable: b[1],
    total_physical_size: b[2],
    total_available_size: b[3],
    used_heap_size: b[4],
    heap_size_limit: b[5],
    malloced_memory: b[6],
    peak_malloced_memory: b[7],
    does_zap_garbage: b[8],
    number_of_native_contexts: b[9],
    number_of_detached_contexts: b[10],
    total_global_handles_size: b[11],
    used_global_handles_size: b[12],
    external_memory: b[13],
    total_allocated_bytes: b[14],
  };
}

/**
 * Gets the current V8 heap space statistics.
 * @returns {object[]}
 */
function getHeapSpaceStatistics() {
  const spaces = ops.op_vm_heap_space_statistics();
  const heapSpaceStatistics = new Array(spaces.length);
  for (let i = 0; i < spaces.length; i++) {
    const s = spaces[i];
    heapSpaceStatistics[i] = {
      space_name: s[0],
      space_size: s[1],
      space_used_size: s[2],
      space_available_size: s[3],
      physical_space_size: s[4],
    };
  }
  return heapSpaceStatistics;
}

/**
 * Gets the current V8 heap code statistics.
 * @returns {object}
 */
function getHeapCodeStatistics() {
  const b = ops.op_vm_heap_code_statistics();
  return {
    code_and_metadata_size: b[0],
    bytecode_and_metadata_size: b[1],
    external_script_source_size: b[2],
    cpu_profiler_metadata_size: b[3],
  };
}

function getCppHeapStatistics(type = 'detailed') {
  validateOneOf(type, 'type', ['brief', 'detailed']);
  throw new ERR_NOT_IMPLEMENTED('v8.getCppHeapStatistics');
}

function setHeapSnapshotNearHeapLimit(limit) {
  validateUint32(limit, 'limit', true);
  throw new ERR_NOT_IMPLEMENTED('v8.setHeapSnapshotNearHeapLimit');
}

function startCpuProfile() {
  throw new ERR_NOT_IMPLEMENTED('v8.startCpuProfile');
}

function startHeapProfile() {
  throw new ERR_NOT_IMPLEMENTED('v8.startHeapProfile');
}

// Line 26.9+ (compat data); nodus has no heap profiler to write the profile.
function setHeapProfileNearHeapLimit(limit) {
  validateUint32(limit, 'limit', true);
  throw new ERR_NOT_IMPLEMENTED('v8.setHeapProfileNearHeapLimit');
}

// Without NODE_V8_COVERAGE there is no coverage to take or stop (Node's
// profiler binding then does nothing either).
function takeCoverage() {
  if (process.env.NODE_V8_COVERAGE) throw new ERR_NOT_IMPLEMENTED('v8.takeCoverage');
}

function stopCoverage() {
  if (process.env.NODE_V8_COVERAGE) throw new ERR_NOT_IMPLEMENTED('v8.stopCoverage');
}

/* V8 serialization API */

/* JS methods for the base objects */
Serializer.prototype._getDataCloneError = Error;

/**
 * Reads raw bytes from the deserializer's internal buffer.
 * @param {number} length
 * @returns {Buffer}
 */
Deserializer.prototype.readRawBytes = function readRawBytes(length) {
  const offset = this._readRawBytes(length);
  // `this.buffer` can be a Buffer or a plain Uint8Array, so just calling
  // `.slice()` doesn't work.
  return new FastBuffer(this.buffer.buffer,
                        this.buffer.byteOffset + offset,
                        length);
};

function arrayBufferViewTypeToIndex(abView) {
  const type = ObjectPrototypeToString(abView);
  if (type === '[object Int8Array]') return 0;
  if (type === '[object Uint8Array]') return 1;
  if (type === '[object Uint8ClampedArray]') return 2;
  if (type === '[object Int16Array]') return 3;
  if (type === '[object Uint16Array]') return 4;
  if (type === '[object Int32Array]') return 5;
  if (type === '[object Uint32Array]') return 6;
  if (type === '[object Float32Array]') return 7;
  if (type === '[object Float64Array]') return 8;
  if (type === '[object DataView]') return 9;
  // Index 10 is FastBuffer.
  if (type === '[object BigInt64Array]') return 11;
  if (type === '[object BigUint64Array]') return 12;
  if (type === '[object Float16Array]') return 13;
  return -1;
}

function arrayBufferViewIndexToType(index) {
  if (index === 0) return Int8Array;
  if (index === 1) return Uint8Array;
  if (index === 2) return Uint8ClampedArray;
  if (index === 3) return Int16Array;
  if (index === 4) return Uint16Array;
  if (index === 5) return Int32Array;
  if (index === 6) return Uint32Array;
  if (index === 7) return Float32Array;
  if (index === 8) return Float64Array;
  if (index === 9) return DataView;
  if (index === 10) return FastBuffer;
  if (index === 11) return BigInt64Array;
  if (index === 12) return BigUint64Array;
  if (index === 13) return Float16Array;
  return undefined;
}

class DefaultSerializer extends Serializer {
  constructor() {
    super();

    this._setTreatArrayBufferViewsAsHostObjects(true);
  }

  /**
   * Used to write some kind of host object, i.e. an
   * object that is created by native C++ bindings.
   * @param {object} abView
   * @returns {void}
   */
  _writeHostObject(abView) {
    // Keep track of how to handle different ArrayBufferViews. The default
    // Serializer for Node does not use the V8 methods for serializing those
    // objects because Node's `Buffer` objects use pooled allocation in many
    // cases, and their underlying `ArrayBuffer`s would show up in the
    // serialization. Because a) those may contain sensitive data and the user
    // may not be aware of that and b) they are often much larger than the
    // `Buffer` itself, custom serialization is applied.
    let i = 10;  // FastBuffer
    if (abView.constructor !== Buffer) {
      i = arrayBufferViewTypeToIndex(abView);
      if (i === -1) {
        throw new this._getDataCloneError(
          `Unserializable host object: ${inspect(abView)}`);
      }
    }
    this.writeUint32(i);
    this.writeUint32(abView.byteLength);
    this.writeRawBytes(new Uint8Array(abView.buffer,
                                      abView.byteOffset,
                                      abView.byteLength));
  }
}

class DefaultDeserializer extends Deserializer {
  /**
   * Used to read some kind of host object, i.e. an
   * object that is created by native C++ bindings.
   * @returns {any}
   */
  _readHostObject() {
    const typeIndex = this.readUint32();
    const ctor = arrayBufferViewIndexToType(typeIndex);
    const byteLength = this.readUint32();
    const byteOffset = this._readRawBytes(byteLength);
    const BYTES_PER_ELEMENT = ctor.BYTES_PER_ELEMENT || 1;

    const offset = this.buffer.byteOffset + byteOffset;
    if (offset % BYTES_PER_ELEMENT === 0) {
      return new ctor(this.buffer.buffer,
                      offset,
                      byteLength / BYTES_PER_ELEMENT);
    }
    // Copy to an aligned buffer first.
    const buffer_copy = Buffer.allocUnsafe(byteLength);
    buffer_copy.set(new Uint8Array(this.buffer.buffer, this.buffer.byteOffset + byteOffset, byteLength));
    return new ctor(buffer_copy.buffer,
                    buffer_copy.byteOffset,
                    byteLength / BYTES_PER_ELEMENT);
  }
}

/**
 * Uses a `DefaultSerializer` to serialize `value`
 * into a buffer.
 * @param {any} value
 * @returns {Buffer}
 */
function serialize(value) {
  const ser = new DefaultSerializer();
  ser.writeHeader();
  ser.writeValue(value);
  return ser.releaseBuffer();
}

/**
 * Uses a `DefaultDeserializer` with default options
 * to read a JavaScript value from a buffer.
 * @param {Buffer | TypedArray | DataView} buffer
 * @returns {any}
 */
function deserialize(buffer) {
  const der = new DefaultDeserializer(buffer);
  der.readHeader();
  return der.readValue();
}

class GCProfiler {
  #profiler = null;

  start() {
    if (!this.#profiler) {
      this.#profiler = ops.op_vm_gc_profiler_start();
    }
  }

  stop() {
    if (this.#profiler) {
      const data = ops.op_vm_gc_profiler_stop(this.#profiler);
      this.#profiler = null;
      return JSONParse(data);
    }
  }

  [SymbolDispose]() {
    this.stop();
  }
}

module.exports = {
  cachedDataVersionTag,
  getHeapSnapshot,
  getHeapStatistics,
  getHeapSpaceStatistics,
  getHeapCodeStatistics,
  getCppHeapStatistics,
  setFlagsFromString,
  Serializer,
  Deserializer,
  DefaultSerializer,
  DefaultDeserializer,
  deserialize,
  takeCoverage,
  stopCoverage,
  serialize,
  writeHeapSnapshot,
  promiseHooks,
  queryObjects,
  startupSnapshot,
  setHeapSnapshotNearHeapLimit,
  GCProfiler,
  isStringOneByteRepresentation,
  startCpuProfile,
  startHeapProfile,
  setHeapProfileNearHeapLimit,
};
