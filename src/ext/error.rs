//! System errors as Node reports them: libuv's error names and messages, with
//! `errno` (negative), `code`, `syscall`, `path` and `dest` properties.

use deno_error::{AdditionalProperties, JsErrorClass, PropertyValue};
use std::borrow::Cow;

/// libuv's name and message for a (positive) Linux errno.
pub fn uv_name_message(errno: i32) -> (&'static str, &'static str) {
    use libc::*;
    match errno {
        E2BIG => ("E2BIG", "argument list too long"),
        EACCES => ("EACCES", "permission denied"),
        EADDRINUSE => ("EADDRINUSE", "address already in use"),
        EADDRNOTAVAIL => ("EADDRNOTAVAIL", "address not available"),
        EAFNOSUPPORT => ("EAFNOSUPPORT", "address family not supported"),
        EAGAIN => ("EAGAIN", "resource temporarily unavailable"),
        EALREADY => ("EALREADY", "connection already in progress"),
        EBADF => ("EBADF", "bad file descriptor"),
        EBUSY => ("EBUSY", "resource busy or locked"),
        ECANCELED => ("ECANCELED", "operation canceled"),
        ECONNABORTED => ("ECONNABORTED", "software caused connection abort"),
        ECONNREFUSED => ("ECONNREFUSED", "connection refused"),
        ECONNRESET => ("ECONNRESET", "connection reset by peer"),
        EDESTADDRREQ => ("EDESTADDRREQ", "destination address required"),
        EEXIST => ("EEXIST", "file already exists"),
        EFAULT => ("EFAULT", "bad address in system call argument"),
        EFBIG => ("EFBIG", "file too large"),
        EHOSTDOWN => ("EHOSTDOWN", "host is down"),
        EHOSTUNREACH => ("EHOSTUNREACH", "host is unreachable"),
        EILSEQ => ("EILSEQ", "illegal byte sequence"),
        EINTR => ("EINTR", "interrupted system call"),
        EINVAL => ("EINVAL", "invalid argument"),
        EIO => ("EIO", "i/o error"),
        EISCONN => ("EISCONN", "socket is already connected"),
        EISDIR => ("EISDIR", "illegal operation on a directory"),
        ELOOP => ("ELOOP", "too many symbolic links encountered"),
        EMFILE => ("EMFILE", "too many open files"),
        EMLINK => ("EMLINK", "too many links"),
        EMSGSIZE => ("EMSGSIZE", "message too long"),
        ENAMETOOLONG => ("ENAMETOOLONG", "name too long"),
        ENETDOWN => ("ENETDOWN", "network is down"),
        ENETUNREACH => ("ENETUNREACH", "network is unreachable"),
        ENFILE => ("ENFILE", "file table overflow"),
        ENOBUFS => ("ENOBUFS", "no buffer space available"),
        ENODATA => ("ENODATA", "no data available"),
        ENODEV => ("ENODEV", "no such device"),
        ENOENT => ("ENOENT", "no such file or directory"),
        ENOMEM => ("ENOMEM", "not enough memory"),
        ENONET => ("ENONET", "machine is not on the network"),
        ENOPROTOOPT => ("ENOPROTOOPT", "protocol not available"),
        ENOSPC => ("ENOSPC", "no space left on device"),
        ENOSYS => ("ENOSYS", "function not implemented"),
        ENOTCONN => ("ENOTCONN", "socket is not connected"),
        ENOTDIR => ("ENOTDIR", "not a directory"),
        ENOTEMPTY => ("ENOTEMPTY", "directory not empty"),
        ENOTSOCK => ("ENOTSOCK", "socket operation on non-socket"),
        ENOTSUP => ("ENOTSUP", "operation not supported on socket"),
        ENOTTY => ("ENOTTY", "inappropriate ioctl for device"),
        ENXIO => ("ENXIO", "no such device or address"),
        EOVERFLOW => ("EOVERFLOW", "value too large for defined data type"),
        EPERM => ("EPERM", "operation not permitted"),
        EPIPE => ("EPIPE", "broken pipe"),
        EPROTO => ("EPROTO", "protocol error"),
        EPROTONOSUPPORT => ("EPROTONOSUPPORT", "protocol not supported"),
        EPROTOTYPE => ("EPROTOTYPE", "protocol wrong type for socket"),
        ERANGE => ("ERANGE", "result too large"),
        EREMOTEIO => ("EREMOTEIO", "remote I/O error"),
        EROFS => ("EROFS", "read-only file system"),
        ESHUTDOWN => ("ESHUTDOWN", "cannot send after transport endpoint shutdown"),
        ESOCKTNOSUPPORT => ("ESOCKTNOSUPPORT", "socket type not supported"),
        ESPIPE => ("ESPIPE", "invalid seek"),
        ESRCH => ("ESRCH", "no such process"),
        ETIMEDOUT => ("ETIMEDOUT", "connection timed out"),
        ETXTBSY => ("ETXTBSY", "text file is busy"),
        EXDEV => ("EXDEV", "cross-device link not permitted"),
        _ => ("UNKNOWN", "unknown error"),
    }
}

/// A failed system call, thrown into JS as an `Error` shaped like Node's
/// `uvException`: message `ENOENT: no such file or directory, open 'x'`.
#[derive(Debug)]
pub struct SysError {
    /// Positive OS errno.
    pub errno: i32,
    pub syscall: &'static str,
    pub path: Option<String>,
    pub dest: Option<String>,
}

impl SysError {
    /// Builds the error from an `io::Error` of a call on `path`.
    pub fn from_io(err: &std::io::Error, syscall: &'static str, path: Option<&str>) -> Self {
        SysError {
            errno: err.raw_os_error().unwrap_or(libc::EIO),
            syscall,
            path: path.map(str::to_owned),
            dest: None,
        }
    }

    /// The error of the last failing libc call.
    pub fn last(syscall: &'static str, path: Option<&str>) -> Self {
        Self::from_io(&std::io::Error::last_os_error(), syscall, path)
    }

    /// Adds the second path of a two-path call (rename, link, copyfile).
    pub fn with_dest(mut self, dest: &str) -> Self {
        self.dest = Some(dest.to_owned());
        self
    }

    fn message(&self) -> String {
        if let Some((_, msg)) = crate::ext::permission::denied_info(self.errno) {
            return msg.to_string();
        }
        let (code, desc) = uv_name_message(self.errno);
        let mut msg = format!("{code}: {desc}, {}", self.syscall);
        if let Some(p) = &self.path {
            msg.push_str(&format!(" '{p}'"));
        }
        if let Some(d) = &self.dest {
            msg.push_str(&format!(" -> '{d}'"));
        }
        msg
    }
}

impl std::fmt::Display for SysError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for SysError {}

impl JsErrorClass for SysError {
    fn get_class(&self) -> Cow<'static, str> {
        Cow::Borrowed("Error")
    }
    fn get_message(&self) -> Cow<'static, str> {
        Cow::Owned(self.message())
    }
    fn get_additional_properties(&self) -> AdditionalProperties {
        // The permission model's denial: Node's ERR_ACCESS_DENIED shape.
        if let Some((permission, _)) = crate::ext::permission::denied_info(self.errno) {
            let props: Vec<(Cow<'static, str>, PropertyValue)> = vec![
                ("code".into(), PropertyValue::String("ERR_ACCESS_DENIED".into())),
                ("permission".into(), PropertyValue::String(permission.into())),
                ("resource".into(), PropertyValue::String(self.path.clone().unwrap_or_default().into())),
            ];
            return Box::new(props.into_iter());
        }
        let (code, _) = uv_name_message(self.errno);
        let mut props: Vec<(Cow<'static, str>, PropertyValue)> = vec![
            ("errno".into(), PropertyValue::Number(-(self.errno as f64))),
            ("code".into(), PropertyValue::String(code.into())),
            ("syscall".into(), PropertyValue::String(self.syscall.into())),
        ];
        if let Some(p) = &self.path {
            props.push(("path".into(), PropertyValue::String(p.clone().into())));
        }
        if let Some(d) = &self.dest {
            props.push(("dest".into(), PropertyValue::String(d.clone().into())));
        }
        Box::new(props.into_iter())
    }
    fn get_ref(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_matches_node() {
        let e = SysError { errno: libc::ENOENT, syscall: "open", path: Some("x".into()), dest: None };
        assert_eq!(e.to_string(), "ENOENT: no such file or directory, open 'x'");
        let e = SysError { errno: libc::EXDEV, syscall: "rename", path: Some("a".into()), dest: Some("b".into()) };
        assert_eq!(e.to_string(), "EXDEV: cross-device link not permitted, rename 'a' -> 'b'");
    }
}
