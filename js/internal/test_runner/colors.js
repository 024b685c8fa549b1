// internal/util/colors for the reporters. nodus's copy leaves `yellow`
// undefined until colors are enabled, where Node's starts as ''; this view
// reads through to it and fills that gap.
'use strict';

const colors = require('internal/util/colors');

module.exports = {
  __proto__: colors,
  get yellow() {
    return colors.yellow ?? '';
  },
};
