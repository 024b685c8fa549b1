// Adapted from Node.js lib/internal/util/colors.js (MIT license, Node.js contributors).
'use strict';

let internalTTy;
function lazyInternalTTY() {
  if (internalTTy === undefined) {
    internalTTy = internalBinding('loader').factories.has('internal/tty') ?
      require('internal/tty') : { getColorDepth: forceColorDepth };
  }
  return internalTTy;
}

// internal/tty's getColorDepth() when FORCE_COLOR is set.
function forceColorDepth() {
  switch (process.env.FORCE_COLOR) {
    case '': case '1': case 'true': return 4;
    case '2': return 8;
    case '3': return 24;
    default: return 1;
  }
}

module.exports = {
  blue: '',
  green: '',
  white: '',
  red: '',
  gray: '',
  clear: '',
  reset: '',
  hasColors: false,
  shouldColorize(stream) {
    if (process.env.FORCE_COLOR !== undefined) {
      return lazyInternalTTY().getColorDepth() > 2;
    }
    return stream?.isTTY && (
      typeof stream.getColorDepth === 'function' ?
        stream.getColorDepth() > 2 : true);
  },
  refresh() {
    if (process.stderr?.isTTY) {
      const hasColors = module.exports.shouldColorize(process.stderr);
      module.exports.blue = hasColors ? '\u001b[34m' : '';
      module.exports.green = hasColors ? '\u001b[32m' : '';
      module.exports.white = hasColors ? '\u001b[39m' : '';
      module.exports.yellow = hasColors ? '\u001b[33m' : '';
      module.exports.red = hasColors ? '\u001b[31m' : '';
      module.exports.gray = hasColors ? '\u001b[90m' : '';
      module.exports.clear = hasColors ? '\u001bc' : '';
      module.exports.reset = hasColors ? '\u001b[0m' : '';
      module.exports.hasColors = hasColors;
    }
  },
};

module.exports.refresh();
