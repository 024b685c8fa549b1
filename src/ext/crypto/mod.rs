//! `crypto` ops (subsystem being built; see js/node for its JS side).

use deno_core::OpDecl;

/// The crypto subsystem's ops.
pub fn ops() -> Vec<OpDecl> {
    vec![]
}
