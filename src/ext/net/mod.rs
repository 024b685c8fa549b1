//! `net` ops (subsystem being built; see js/node for its JS side).

use deno_core::OpDecl;

/// The net subsystem's ops.
pub fn ops() -> Vec<OpDecl> {
    vec![]
}
