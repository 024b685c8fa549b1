// Adapted from Node.js lib/internal/test_runner/reporter/v8-serializer.js (MIT license, Node.js contributors).
// The reporter of a `--test` child process (NODE_TEST_CONTEXT=child-v8): each
// event is written as <v8 header><u32 BE length><v8 header><value>, which the
// parent's FileTest (internal/test_runner/runner) splits from plain stdout.
'use strict';

const {
  TypedArrayPrototypeGetLength,
} = primordials;
const { DefaultSerializer } = require('v8');
const { Buffer } = require('buffer');
const { serializeError } = require('internal/test_runner/error_serdes');


module.exports = async function* v8Reporter(source) {
  const headerSerializer = new DefaultSerializer();
  headerSerializer.writeHeader();
  const headerLength = TypedArrayPrototypeGetLength(headerSerializer.releaseBuffer());

  for await (const item of source) {
    const serializer = new DefaultSerializer();
    const originalError = item.data.details?.error;
    if (originalError) {
      // Error is overridden with a serialized version, so that it can be
      // deserialized in the parent process.
      // Error is restored after serialization.
      item.data.details.error = serializeError(originalError);
    }
    serializer.writeHeader();
    // Add 4 bytes, to later populate with message length
    serializer.writeRawBytes(Buffer.allocUnsafe(4));
    serializer.writeHeader();
    serializer.writeValue(item);

    if (originalError) {
      item.data.details.error = originalError;
    }

    const serializedMessage = serializer.releaseBuffer();
    const serializedMessageLength = serializedMessage.length - (4 + headerLength);

    serializedMessage.set([
      serializedMessageLength >> 24 & 0xFF,
      serializedMessageLength >> 16 & 0xFF,
      serializedMessageLength >> 8 & 0xFF,
      serializedMessageLength & 0xFF,
    ], headerLength);
    yield serializedMessage;
  }
};
