// node:tty: terminal checks are real; ReadStream/WriteStream come with
// node:net sockets and throw ERR_NOT_IMPLEMENTED until then.
'use strict';

const ops = internalBinding('ops');
const { notImplementedClass } = require('internal/not_implemented');

function isatty(fd) {
  return Number.isInteger(fd) && fd >= 0 && fd <= 2147483647 && ops.op_stdio_isatty(fd);
}

module.exports = {
  isatty,
  ReadStream: notImplementedClass('tty.ReadStream'),
  WriteStream: notImplementedClass('tty.WriteStream'),
};
