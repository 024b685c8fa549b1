// Adapted from Node.js lib/internal/process/pre_execution.js
// (setupChildProcessIpcChannel; MIT license, Node.js contributors).
// A child forked with an 'ipc' stdio entry finds its channel's descriptor in
// NODE_CHANNEL_FD: process.send() and 'message' start here. Loaded only when
// the variable is set, so other runs pay nothing for it.
'use strict';

const { NumberParseInt } = primordials;

function setupChildProcessIpcChannel() {
  if (process.env.NODE_CHANNEL_FD) {
    const assert = require('internal/assert');
    const fd = NumberParseInt(process.env.NODE_CHANNEL_FD, 10);
    assert(fd >= 0);

    // Make sure it's not accidentally inherited by child processes.
    delete process.env.NODE_CHANNEL_FD;
    // Nor the descriptor itself, which the parent passed without close-on-exec.
    internalBinding('ops').op_child_process_set_cloexec(fd);

    const serializationMode =
      process.env.NODE_CHANNEL_SERIALIZATION_MODE || 'json';
    delete process.env.NODE_CHANNEL_SERIALIZATION_MODE;

    require('child_process')._forkChild(fd, serializationMode);
    assert(process.send);
  }
}

module.exports = { setupChildProcessIpcChannel };
