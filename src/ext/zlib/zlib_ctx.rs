//! Deflate/inflate over zlib's own `z_stream` (libz-sys), a port of Node's
//! `ZlibContext` (src/node_zlib.cc): lazy initialisation, the gzip/zlib
//! auto-detection of `Unzip`, multi-member gzip, dictionaries and Node's error
//! messages.

use super::{CompressionError, Mode};
use libz_sys as z;
use std::ffi::{c_char, c_int, c_uint, c_void, CStr};

unsafe extern "C" fn zalloc(_opaque: *mut c_void, items: c_uint, size: c_uint) -> *mut c_void {
    unsafe { libc::calloc(items as usize, size as usize) }
}

unsafe extern "C" fn zfree(_opaque: *mut c_void, ptr: *mut c_void) {
    unsafe { libc::free(ptr) }
}

const GZIP_HEADER_ID1: u8 = 0x1f;
const GZIP_HEADER_ID2: u8 = 0x8b;

/// zlib's return code as Node names it (`ZlibStrerror`).
fn strerror(err: c_int) -> &'static str {
    match err {
        z::Z_OK => "Z_OK",
        z::Z_STREAM_END => "Z_STREAM_END",
        z::Z_NEED_DICT => "Z_NEED_DICT",
        z::Z_ERRNO => "Z_ERRNO",
        z::Z_STREAM_ERROR => "Z_STREAM_ERROR",
        z::Z_DATA_ERROR => "Z_DATA_ERROR",
        z::Z_MEM_ERROR => "Z_MEM_ERROR",
        z::Z_BUF_ERROR => "Z_BUF_ERROR",
        z::Z_VERSION_ERROR => "Z_VERSION_ERROR",
        _ => "Z_UNKNOWN_ERROR",
    }
}

/// One deflate or inflate stream.
pub struct ZlibCtx {
    // Boxed: zlib's internal state points back at the z_stream, so it must not move.
    strm: Box<z::z_stream>,
    init_done: bool,
    err: c_int,
    flush: c_int,
    level: c_int,
    mem_level: c_int,
    strategy: c_int,
    window_bits: c_int,
    mode: Mode,
    gzip_id_bytes_read: u32,
    dictionary: Vec<u8>,
    // rejectGarbageAfterEnd: a second gzip member is trailing junk too.
    reject_garbage_after_end: bool,
    // avail_out when the last write ended (the z_stream's is cleared).
    last_avail_out: c_uint,
    // Where next_out points between writes (with avail_out 0).
    scratch: Box<[u8; 1]>,
}

// The z_stream's raw pointers are only followed while the owning mutex is held.
unsafe impl Send for ZlibCtx {}

impl ZlibCtx {
    pub fn new(mode: Mode) -> Self {
        ZlibCtx {
            strm: Box::new(z::z_stream {
                next_in: std::ptr::null_mut(),
                avail_in: 0,
                total_in: 0,
                next_out: std::ptr::null_mut(),
                avail_out: 0,
                total_out: 0,
                msg: std::ptr::null_mut(),
                state: std::ptr::null_mut(),
                zalloc,
                zfree,
                opaque: std::ptr::null_mut(),
                data_type: 0,
                adler: 0,
                reserved: 0,
            }),
            init_done: false,
            err: z::Z_OK,
            flush: z::Z_NO_FLUSH,
            level: 0,
            mem_level: 0,
            strategy: 0,
            window_bits: 0,
            mode,
            gzip_id_bytes_read: 0,
            dictionary: Vec::new(),
            reject_garbage_after_end: false,
            last_avail_out: 0,
            scratch: Box::new([0]),
        }
    }

    /// Records the parameters; zlib itself is initialised on first use, as Node does.
    pub fn init(
        &mut self,
        level: c_int,
        window_bits: c_int,
        mem_level: c_int,
        strategy: c_int,
        dictionary: Vec<u8>,
        reject_garbage_after_end: bool,
    ) {
        self.reject_garbage_after_end = reject_garbage_after_end;
        self.level = level;
        self.window_bits = window_bits;
        self.mem_level = mem_level;
        self.strategy = strategy;
        self.flush = z::Z_NO_FLUSH;
        self.err = z::Z_OK;
        match self.mode {
            Mode::Gzip | Mode::Gunzip => self.window_bits += 16,
            Mode::Unzip => self.window_bits += 32,
            Mode::DeflateRaw | Mode::InflateRaw => self.window_bits *= -1,
            _ => {}
        }
        self.dictionary = dictionary;
    }

    fn is_deflate(mode: Mode) -> bool {
        matches!(mode, Mode::Deflate | Mode::Gzip | Mode::DeflateRaw)
    }

    /// Initialises zlib if not done yet; true when this call did it.
    fn init_zlib(&mut self) -> bool {
        if self.init_done {
            return false;
        }
        let version = z::zlibVersion;
        let size = std::mem::size_of::<z::z_stream>() as c_int;
        self.err = unsafe {
            match self.mode {
                m if Self::is_deflate(m) => z::deflateInit2_(
                    &mut *self.strm,
                    self.level,
                    z::Z_DEFLATED,
                    self.window_bits,
                    self.mem_level,
                    self.strategy,
                    version(),
                    size,
                ),
                Mode::Inflate | Mode::Gunzip | Mode::InflateRaw | Mode::Unzip => {
                    z::inflateInit2_(&mut *self.strm, self.window_bits, version(), size)
                }
                _ => z::Z_STREAM_ERROR,
            }
        };
        if self.err != z::Z_OK {
            self.dictionary.clear();
            self.mode = Mode::Unset;
            return true;
        }
        let _ = self.set_dictionary();
        self.init_done = true;
        true
    }

    fn error_for_message(&self, message: &str) -> CompressionError {
        let message = if self.strm.msg.is_null() {
            message.to_string()
        } else {
            unsafe { CStr::from_ptr(self.strm.msg as *const c_char) }.to_string_lossy().into_owned()
        };
        CompressionError { message, code: strerror(self.err).to_string(), err: self.err }
    }

    fn set_dictionary(&mut self) -> Result<(), CompressionError> {
        if self.dictionary.is_empty() {
            return Ok(());
        }
        self.err = z::Z_OK;
        let (ptr, len) = (self.dictionary.as_ptr(), self.dictionary.len() as c_uint);
        match self.mode {
            Mode::Deflate | Mode::DeflateRaw => {
                self.err = unsafe { z::deflateSetDictionary(&mut *self.strm, ptr, len) };
            }
            // The other inflate modes get it when inflate() asks (Z_NEED_DICT).
            Mode::InflateRaw => {
                self.err = unsafe { z::inflateSetDictionary(&mut *self.strm, ptr, len) };
            }
            _ => {}
        }
        if self.err != z::Z_OK {
            return Err(self.error_for_message("Failed to set dictionary"));
        }
        Ok(())
    }

    pub fn set_params(&mut self, level: c_int, strategy: c_int) -> Result<(), CompressionError> {
        if self.init_zlib() && self.err != z::Z_OK {
            return Err(self.error_for_message("Failed to init stream before set parameters"));
        }
        self.err = z::Z_OK;
        if matches!(self.mode, Mode::Deflate | Mode::DeflateRaw) {
            self.err = unsafe { z::deflateParams(&mut *self.strm, level, strategy) };
        }
        if self.err != z::Z_OK && self.err != z::Z_BUF_ERROR {
            return Err(self.error_for_message("Failed to set parameters"));
        }
        Ok(())
    }

    pub fn reset(&mut self) -> Result<(), CompressionError> {
        if self.init_zlib() && self.err != z::Z_OK {
            return Err(self.error_for_message("Failed to init stream before reset"));
        }
        self.reset_stream()
    }

    fn reset_stream(&mut self) -> Result<(), CompressionError> {
        self.err = z::Z_OK;
        match self.mode {
            Mode::Deflate | Mode::DeflateRaw | Mode::Gzip => {
                self.err = unsafe { z::deflateReset(&mut *self.strm) };
            }
            Mode::Inflate | Mode::InflateRaw | Mode::Gunzip => {
                self.err = unsafe { z::inflateReset(&mut *self.strm) };
            }
            _ => {}
        }
        if self.err != z::Z_OK {
            return Err(self.error_for_message("Failed to reset stream"));
        }
        self.set_dictionary()
    }

    pub fn close(&mut self) {
        if !self.init_done {
            self.dictionary.clear();
            self.mode = Mode::Unset;
            return;
        }
        unsafe {
            if Self::is_deflate(self.mode) {
                z::deflateEnd(&mut *self.strm);
            } else if matches!(self.mode, Mode::Inflate | Mode::Gunzip | Mode::InflateRaw | Mode::Unzip) {
                z::inflateEnd(&mut *self.strm);
            }
        }
        self.init_done = false;
        self.mode = Mode::Unset;
        self.dictionary.clear();
    }

    /// Runs one deflate()/inflate() step over `input` into `output`; returns
    /// (avail_in, avail_out) afterwards.
    ///
    /// # Safety
    /// `input` and `output` must be valid for `in_len`/`out_len` bytes for the call.
    pub unsafe fn write(&mut self, flush: c_int, input: *const u8, in_len: u32, output: *mut u8, out_len: u32) -> (u32, u32) {
        self.strm.next_in = input as *mut u8;
        self.strm.avail_in = in_len;
        self.strm.next_out = output;
        self.strm.avail_out = out_len;
        self.flush = flush;
        self.process();
        let r = (self.strm.avail_in, self.strm.avail_out);
        self.last_avail_out = self.strm.avail_out;
        // The buffers belong to JS: leave no pointer into them behind. deflate()
        // refuses a null next_out (deflateParams calls it), so point it at an
        // empty slot of our own instead.
        self.strm.next_in = std::ptr::null_mut();
        self.strm.avail_in = 0;
        self.strm.next_out = self.scratch.as_mut_ptr();
        self.strm.avail_out = 0;
        r
    }

    fn process(&mut self) {
        if self.init_zlib() && self.err != z::Z_OK {
            return;
        }
        let flush = self.flush;
        match self.mode {
            m if Self::is_deflate(m) => {
                self.err = unsafe { z::deflate(&mut *self.strm, flush) };
            }
            Mode::Unzip | Mode::Inflate | Mode::Gunzip | Mode::InflateRaw => {
                if self.mode == Mode::Unzip {
                    self.detect_gzip();
                }
                self.err = unsafe { z::inflate(&mut *self.strm, flush) };
                if self.mode != Mode::InflateRaw && self.err == z::Z_NEED_DICT && !self.dictionary.is_empty() {
                    self.err = unsafe {
                        z::inflateSetDictionary(&mut *self.strm, self.dictionary.as_ptr(), self.dictionary.len() as c_uint)
                    };
                    if self.err == z::Z_OK {
                        self.err = unsafe { z::inflate(&mut *self.strm, flush) };
                    } else if self.err == z::Z_DATA_ERROR {
                        // Tell a bad dictionary from bad input, as Node does.
                        self.err = z::Z_NEED_DICT;
                    }
                }
                // More bytes after the end of a gzip member: another member, or
                // trailing garbage (zero padding is tolerated).
                while !self.reject_garbage_after_end
                    && self.strm.avail_in > 0
                    && self.mode == Mode::Gunzip
                    && self.err == z::Z_STREAM_END
                    && unsafe { *self.strm.next_in } != 0
                {
                    let _ = self.reset_stream();
                    self.err = unsafe { z::inflate(&mut *self.strm, flush) };
                }
            }
            _ => {
                self.err = z::Z_STREAM_ERROR;
            }
        }
    }

    /// `Unzip`: decide between gzip and zlib framing from the first two bytes.
    fn detect_gzip(&mut self) {
        if self.strm.avail_in == 0 {
            return;
        }
        let mut next = self.strm.next_in as *const u8;
        if self.gzip_id_bytes_read == 0 {
            if unsafe { *next } == GZIP_HEADER_ID1 {
                self.gzip_id_bytes_read = 1;
                next = unsafe { next.add(1) };
                if self.strm.avail_in == 1 {
                    return;
                }
            } else {
                self.mode = Mode::Inflate;
                return;
            }
        }
        if self.gzip_id_bytes_read == 1 {
            if unsafe { *next } == GZIP_HEADER_ID2 {
                self.gzip_id_bytes_read = 2;
                self.mode = Mode::Gunzip;
            } else {
                self.mode = Mode::Inflate;
            }
        }
    }

    /// The error the last write left, if any (`ZlibContext::GetErrorInfo`).
    pub fn error_info(&self) -> Option<CompressionError> {
        match self.err {
            z::Z_OK | z::Z_BUF_ERROR => {
                if self.last_avail_out != 0 && self.flush == z::Z_FINISH {
                    return Some(self.error_for_message("unexpected end of file"));
                }
                None
            }
            z::Z_STREAM_END => None,
            z::Z_NEED_DICT => Some(if self.dictionary.is_empty() {
                self.error_for_message("Missing dictionary")
            } else {
                self.error_for_message("Bad dictionary")
            }),
            _ => Some(self.error_for_message("Zlib error")),
        }
    }
}

impl Drop for ZlibCtx {
    fn drop(&mut self) {
        self.close();
    }
}

/// zlib's crc32 over any length (its `len` argument is 32-bit).
pub fn crc32(mut value: u32, data: &[u8]) -> u32 {
    for chunk in data.chunks(1 << 30) {
        value = unsafe { z::crc32(value as z::uLong, chunk.as_ptr(), chunk.len() as c_uint) } as u32;
    }
    value
}
