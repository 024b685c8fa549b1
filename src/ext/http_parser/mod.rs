//! `http_parser` ops (subsystem being built; see js/node for its JS side).

use deno_core::OpDecl;

/// The http_parser subsystem's ops.
pub fn ops() -> Vec<OpDecl> {
    vec![]
}
