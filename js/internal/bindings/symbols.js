// Adapted from Node.js src/env_properties.h (MIT license, Node.js contributors).
// Node's internalBinding('symbols'): per-isolate symbols shared by built-ins.
'use strict';

const { ObjectFreeze, Symbol } = primordials;

module.exports = ObjectFreeze({
  __proto__: null,
  async_id_symbol: Symbol('async_id_symbol'),
  handle_onclose_symbol: Symbol('handle_onclose'),
  no_message_symbol: Symbol('no_message_symbol'),
  messaging_deserialize_symbol: Symbol('messaging_deserialize_symbol'),
  messaging_transfer_symbol: Symbol('messaging_transfer_symbol'),
  messaging_clone_symbol: Symbol('messaging_clone_symbol'),
  messaging_transfer_list_symbol: Symbol('messaging_transfer_list_symbol'),
  oninit_symbol: Symbol('oninit'),
  owner_symbol: Symbol('owner_symbol'),
  onpskexchange_symbol: Symbol('onpskexchange'),
  resource_symbol: Symbol('resource_symbol'),
  trigger_async_id_symbol: Symbol('trigger_async_id_symbol'),
});
