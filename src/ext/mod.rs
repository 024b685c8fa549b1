//! Native subsystems (ops). One folder per subsystem, each exposing
//! `pub fn ops() -> Vec<OpDecl>`; ops are named `op_<subsystem>_<verb>`.
//!
//! This file is also compiled into `build.rs`, which must register exactly the
//! same ops as the binary (the snapshot refers to them by position), so the
//! subsystems may only use crates listed in both `[dependencies]` and
//! `[build-dependencies]`.

use deno_core::{Extension, OpDecl};
use std::borrow::Cow;

pub mod buffer;
pub mod builtins;
pub mod child_process;
pub mod crypto;
pub mod dgram;
pub mod error;
pub mod fs;
pub mod http_parser;
pub mod loader;
pub mod net;
pub mod os;
pub mod permission;
pub mod process;
pub mod sqlite;
pub mod stdio;
pub mod tls;
pub mod url;
pub mod urlpattern;
pub mod util;
pub mod vm;
pub mod worker;
pub mod zlib;

/// Every op nodus registers, in a fixed order.
pub fn all_ops() -> Vec<OpDecl> {
    [
        builtins::ops(),
        process::ops(),
        stdio::ops(),
        fs::ops(),
        os::ops(),
        loader::ops(),
        buffer::ops(),
        url::ops(),
        util::ops(),
        vm::ops(),
        child_process::ops(),
        crypto::ops(),
        zlib::ops(),
        net::ops(),
        http_parser::ops(),
        urlpattern::ops(),
        tls::ops(),
        sqlite::ops(),
        worker::ops(),
        dgram::ops(),
        permission::ops(),
    ]
    .concat()
}

/// The one extension that carries nodus's ops into the runtime.
pub fn extension() -> Extension {
    Extension {
        name: "nodus",
        ops: Cow::Owned(all_ops()),
        ..Default::default()
    }
}
