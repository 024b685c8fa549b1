//! `zlib` ops (subsystem being built; see js/node for its JS side).

use deno_core::OpDecl;

/// The zlib subsystem's ops.
pub fn ops() -> Vec<OpDecl> {
    vec![]
}
