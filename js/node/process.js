// node:process is the process object itself.
'use strict';

module.exports = process;
