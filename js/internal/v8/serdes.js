// Node's internalBinding('serdes') over nodus's ops: the native halves of
// v8.Serializer and v8.Deserializer (V8's ValueSerializer/ValueDeserializer).
// The delegate calls this object's `_writeHostObject`, `_readHostObject`,
// `_getDataCloneError` and `_getSharedArrayBufferId`.
'use strict';

const ops = internalBinding('ops');
const { FastBuffer } = require('internal/buffer');

class Serializer {
  #handle;

  constructor() {
    this.#handle = ops.op_vm_serializer_new();
  }

  writeHeader() {
    ops.op_vm_serializer_write_header(this.#handle);
  }

  writeValue(value) {
    return ops.op_vm_serializer_write_value(this.#handle, this, value);
  }

  releaseBuffer() {
    const u8 = ops.op_vm_serializer_release(this.#handle);
    return new FastBuffer(u8.buffer, u8.byteOffset, u8.byteLength);
  }

  transferArrayBuffer(id, arrayBuffer) {
    ops.op_vm_serializer_transfer_array_buffer(this.#handle, id >>> 0, arrayBuffer);
  }

  writeUint32(value) {
    ops.op_vm_serializer_write_uint32(this.#handle, value >>> 0);
  }

  writeUint64(hi, lo) {
    ops.op_vm_serializer_write_uint64(this.#handle, hi >>> 0, lo >>> 0);
  }

  writeDouble(value) {
    ops.op_vm_serializer_write_double(this.#handle, +value);
  }

  writeRawBytes(source) {
    ops.op_vm_serializer_write_raw_bytes(this.#handle, source);
  }

  _setTreatArrayBufferViewsAsHostObjects(mode) {
    ops.op_vm_serializer_treat_views_as_host_objects(this.#handle, !!mode);
  }
}

class Deserializer {
  #handle;

  constructor(buffer) {
    this.#handle = ops.op_vm_deserializer_new(buffer);
    this.buffer = buffer;
  }

  readHeader() {
    return ops.op_vm_deserializer_read_header(this.#handle);
  }

  readValue() {
    return ops.op_vm_deserializer_read_value(this.#handle, this);
  }

  transferArrayBuffer(id, arrayBuffer) {
    ops.op_vm_deserializer_transfer_array_buffer(this.#handle, id >>> 0, arrayBuffer);
  }

  getWireFormatVersion() {
    return ops.op_vm_deserializer_wire_format_version(this.#handle);
  }

  readUint32() {
    return ops.op_vm_deserializer_read_uint32(this.#handle);
  }

  readUint64() {
    return ops.op_vm_deserializer_read_uint64(this.#handle);
  }

  readDouble() {
    return ops.op_vm_deserializer_read_double(this.#handle);
  }

  _readRawBytes(length) {
    return ops.op_vm_deserializer_read_raw_bytes(this.#handle, +length);
  }
}

module.exports = { Serializer, Deserializer };
