//! Zstandard streams over libzstd (the `zstd` crate's zstd-sys), a port of
//! Node's `ZstdCompressContext` / `ZstdDecompressContext` (src/node_zlib.cc).

use super::CompressionError;
use std::ffi::{c_int, c_void, CStr};
use zstd::zstd_safe::zstd_sys as zs;

/// Node's `ZstdStrerror`: the names it knows, `ZSTD_error_GENERIC` otherwise.
fn strerror(code: zs::ZSTD_ErrorCode) -> &'static str {
    use zs::ZSTD_ErrorCode::*;
    match code {
        ZSTD_error_no_error => "ZSTD_error_no_error",
        ZSTD_error_GENERIC => "ZSTD_error_GENERIC",
        ZSTD_error_prefix_unknown => "ZSTD_error_prefix_unknown",
        ZSTD_error_version_unsupported => "ZSTD_error_version_unsupported",
        ZSTD_error_frameParameter_unsupported => "ZSTD_error_frameParameter_unsupported",
        ZSTD_error_frameParameter_windowTooLarge => "ZSTD_error_frameParameter_windowTooLarge",
        ZSTD_error_corruption_detected => "ZSTD_error_corruption_detected",
        ZSTD_error_checksum_wrong => "ZSTD_error_checksum_wrong",
        ZSTD_error_literals_headerWrong => "ZSTD_error_literals_headerWrong",
        ZSTD_error_dictionary_corrupted => "ZSTD_error_dictionary_corrupted",
        ZSTD_error_dictionary_wrong => "ZSTD_error_dictionary_wrong",
        ZSTD_error_dictionaryCreation_failed => "ZSTD_error_dictionaryCreation_failed",
        ZSTD_error_parameter_unsupported => "ZSTD_error_parameter_unsupported",
        ZSTD_error_parameter_combination_unsupported => "ZSTD_error_parameter_combination_unsupported",
        ZSTD_error_parameter_outOfBound => "ZSTD_error_parameter_outOfBound",
        ZSTD_error_tableLog_tooLarge => "ZSTD_error_tableLog_tooLarge",
        ZSTD_error_maxSymbolValue_tooLarge => "ZSTD_error_maxSymbolValue_tooLarge",
        ZSTD_error_maxSymbolValue_tooSmall => "ZSTD_error_maxSymbolValue_tooSmall",
        ZSTD_error_stabilityCondition_notRespected => "ZSTD_error_stabilityCondition_notRespected",
        ZSTD_error_stage_wrong => "ZSTD_error_stage_wrong",
        ZSTD_error_init_missing => "ZSTD_error_init_missing",
        ZSTD_error_memory_allocation => "ZSTD_error_memory_allocation",
        ZSTD_error_workSpace_tooSmall => "ZSTD_error_workSpace_tooSmall",
        ZSTD_error_dstSize_tooSmall => "ZSTD_error_dstSize_tooSmall",
        ZSTD_error_srcSize_wrong => "ZSTD_error_srcSize_wrong",
        ZSTD_error_dstBuffer_null => "ZSTD_error_dstBuffer_null",
        ZSTD_error_noForwardProgress_destFull => "ZSTD_error_noForwardProgress_destFull",
        ZSTD_error_noForwardProgress_inputEmpty => "ZSTD_error_noForwardProgress_inputEmpty",
        _ => "ZSTD_error_GENERIC",
    }
}

/// A compression parameter by its number, for the ones libzstd declares stable.
fn c_param(key: u32) -> Option<zs::ZSTD_cParameter> {
    use zs::ZSTD_cParameter::*;
    Some(match key {
        100 => ZSTD_c_compressionLevel,
        101 => ZSTD_c_windowLog,
        102 => ZSTD_c_hashLog,
        103 => ZSTD_c_chainLog,
        104 => ZSTD_c_searchLog,
        105 => ZSTD_c_minMatch,
        106 => ZSTD_c_targetLength,
        107 => ZSTD_c_strategy,
        130 => ZSTD_c_targetCBlockSize,
        160 => ZSTD_c_enableLongDistanceMatching,
        161 => ZSTD_c_ldmHashLog,
        162 => ZSTD_c_ldmMinMatch,
        163 => ZSTD_c_ldmBucketSizeLog,
        164 => ZSTD_c_ldmHashRateLog,
        200 => ZSTD_c_contentSizeFlag,
        201 => ZSTD_c_checksumFlag,
        202 => ZSTD_c_dictIDFlag,
        400 => ZSTD_c_nbWorkers,
        401 => ZSTD_c_jobSize,
        402 => ZSTD_c_overlapLog,
        _ => return None,
    })
}

fn end_directive(flush: u32) -> zs::ZSTD_EndDirective {
    match flush {
        1 => zs::ZSTD_EndDirective::ZSTD_e_flush,
        2 => zs::ZSTD_EndDirective::ZSTD_e_end,
        _ => zs::ZSTD_EndDirective::ZSTD_e_continue,
    }
}

fn is_error(r: usize) -> bool {
    unsafe { zs::ZSTD_isError(r) != 0 }
}

fn init_failed(message: &str) -> CompressionError {
    CompressionError::new(message, "ERR_ZLIB_INITIALIZATION_FAILED", -1)
}

fn param_failed() -> CompressionError {
    CompressionError::new("Setting parameter failed", "ERR_ZSTD_PARAM_SET_FAILED", -1)
}

/// State both directions share: the last error and the buffer positions.
struct Common {
    flush: u32,
    error: Option<CompressionError>,
}

impl Common {
    fn record(&mut self, ret: usize) {
        if is_error(ret) {
            let code = unsafe { zs::ZSTD_getErrorCode(ret) };
            let message = unsafe { CStr::from_ptr(zs::ZSTD_getErrorString(code)) }.to_string_lossy().into_owned();
            self.error = Some(CompressionError { message, code: strerror(code).into(), err: code as i32 });
        }
    }
}

/// A zstd compressor.
pub struct ZstdCompress {
    cctx: *mut zs::ZSTD_CCtx,
    pledged_src_size: u64,
    common: Common,
}

// The context is only used while the owning mutex is held.
unsafe impl Send for ZstdCompress {}

impl ZstdCompress {
    pub fn new() -> Self {
        ZstdCompress { cctx: std::ptr::null_mut(), pledged_src_size: u64::MAX, common: Common { flush: 0, error: None } }
    }

    fn free(&mut self) {
        if !self.cctx.is_null() {
            unsafe { zs::ZSTD_freeCCtx(self.cctx) };
            self.cctx = std::ptr::null_mut();
        }
    }

    /// `pledged_src_size`: u64::MAX for unknown (ZSTD_CONTENTSIZE_UNKNOWN).
    pub fn init(&mut self, pledged_src_size: u64, dictionary: &[u8]) -> Result<(), CompressionError> {
        self.pledged_src_size = pledged_src_size;
        self.free();
        self.cctx = unsafe { zs::ZSTD_createCCtx() };
        if self.cctx.is_null() {
            return Err(init_failed("Could not initialize zstd instance"));
        }
        if !dictionary.is_empty() {
            let ret = unsafe { zs::ZSTD_CCtx_loadDictionary(self.cctx, dictionary.as_ptr() as *const c_void, dictionary.len()) };
            if is_error(ret) {
                return Err(CompressionError::new("Failed to load zstd dictionary", "ERR_ZLIB_DICTIONARY_LOAD_FAILED", -1));
            }
        }
        if is_error(unsafe { zs::ZSTD_CCtx_setPledgedSrcSize(self.cctx, pledged_src_size) }) {
            return Err(init_failed("Could not set pledged src size"));
        }
        Ok(())
    }

    /// Node re-initialises with the pledged size only (the dictionary is not kept).
    pub fn reset(&mut self) -> Result<(), CompressionError> {
        self.init(self.pledged_src_size, &[])
    }

    pub fn close(&mut self) {}

    pub fn set_param(&mut self, key: u32, value: u32) -> Result<(), CompressionError> {
        // The linked libzstd is single-threaded: the multi-threading knobs
        // (nbWorkers, jobSize, overlapLog) change speed, not the format, so
        // they are taken and the work stays on the calling thread.
        if matches!(key, 400..=402) {
            return if value as i32 >= 0 { Ok(()) } else { Err(param_failed()) };
        }
        let Some(p) = c_param(key) else { return Err(param_failed()) };
        if self.cctx.is_null() || is_error(unsafe { zs::ZSTD_CCtx_setParameter(self.cctx, p, value as c_int) }) {
            return Err(param_failed());
        }
        Ok(())
    }

    /// # Safety
    /// `input`/`output` must be valid for `in_len`/`out_len` bytes for the call.
    pub unsafe fn write(&mut self, flush: u32, input: *const u8, in_len: u32, output: *mut u8, out_len: u32) -> (u32, u32) {
        self.common.flush = flush;
        if self.cctx.is_null() {
            return (in_len, out_len);
        }
        let mut inb = zs::ZSTD_inBuffer { src: input as *const c_void, size: in_len as usize, pos: 0 };
        let mut outb = zs::ZSTD_outBuffer { dst: output as *mut c_void, size: out_len as usize, pos: 0 };
        let ret = unsafe { zs::ZSTD_compressStream2(self.cctx, &mut outb, &mut inb, end_directive(flush)) };
        self.common.record(ret);
        ((inb.size - inb.pos) as u32, (outb.size - outb.pos) as u32)
    }

    pub fn error_info(&self) -> Option<CompressionError> {
        self.common.error.clone()
    }
}

impl Drop for ZstdCompress {
    fn drop(&mut self) {
        self.free();
    }
}

/// A zstd decompressor.
pub struct ZstdDecompress {
    dctx: *mut zs::ZSTD_DCtx,
    common: Common,
    /// Go on into a following frame (or skippable frame) in the same input.
    pub concatenated: bool,
    /// The last ZSTD_decompressStream result (0: at a frame boundary).
    last_result: usize,
    started: bool,
    avail: (usize, usize),
}

// The context is only used while the owning mutex is held.
unsafe impl Send for ZstdDecompress {}

/// Whether `rest` starts (or, when shorter than 4 bytes, could start) a zstd
/// frame or skippable frame.
fn starts_frame(rest: &[u8]) -> bool {
    const MAGIC: [u8; 4] = [0x28, 0xb5, 0x2f, 0xfd];
    let n = rest.len().min(4);
    if rest[..n] == MAGIC[..n] {
        return true;
    }
    // Skippable frames: 0x184D2A50..=0x184D2A5F, little-endian.
    (n < 1 || rest[0] & 0xf0 == 0x50) && (n < 2 || rest[1] == 0x2a) && (n < 3 || rest[2] == 0x4d) && (n < 4 || rest[3] == 0x18)
}

impl ZstdDecompress {
    pub fn new() -> Self {
        ZstdDecompress {
            dctx: std::ptr::null_mut(),
            common: Common { flush: 0, error: None },
            concatenated: false,
            last_result: 0,
            started: false,
            avail: (0, 0),
        }
    }

    fn free(&mut self) {
        if !self.dctx.is_null() {
            unsafe { zs::ZSTD_freeDCtx(self.dctx) };
            self.dctx = std::ptr::null_mut();
        }
    }

    pub fn init(&mut self, dictionary: &[u8]) -> Result<(), CompressionError> {
        self.free();
        self.dctx = unsafe { zs::ZSTD_createDCtx() };
        if self.dctx.is_null() {
            return Err(init_failed("Could not initialize zstd instance"));
        }
        if !dictionary.is_empty() {
            let ret = unsafe { zs::ZSTD_DCtx_loadDictionary(self.dctx, dictionary.as_ptr() as *const c_void, dictionary.len()) };
            if is_error(ret) {
                return Err(CompressionError::new("Failed to load zstd dictionary", "ERR_ZLIB_DICTIONARY_LOAD_FAILED", -1));
            }
        }
        Ok(())
    }

    pub fn reset(&mut self) -> Result<(), CompressionError> {
        self.started = false;
        self.last_result = 0;
        self.init(&[])
    }

    pub fn close(&mut self) {}

    pub fn set_param(&mut self, key: u32, value: u32) -> Result<(), CompressionError> {
        if key != 100 || self.dctx.is_null() {
            return Err(param_failed());
        }
        let ret = unsafe { zs::ZSTD_DCtx_setParameter(self.dctx, zs::ZSTD_dParameter::ZSTD_d_windowLogMax, value as c_int) };
        if is_error(ret) {
            return Err(param_failed());
        }
        Ok(())
    }

    /// # Safety
    /// `input`/`output` must be valid for `in_len`/`out_len` bytes for the call.
    pub unsafe fn write(&mut self, flush: u32, input: *const u8, in_len: u32, output: *mut u8, out_len: u32) -> (u32, u32) {
        self.common.flush = flush;
        if self.dctx.is_null() {
            return (in_len, out_len);
        }
        let mut inb = zs::ZSTD_inBuffer { src: input as *const c_void, size: in_len as usize, pos: 0 };
        let mut outb = zs::ZSTD_outBuffer { dst: output as *mut c_void, size: out_len as usize, pos: 0 };
        let rest = |inb: &zs::ZSTD_inBuffer| unsafe { std::slice::from_raw_parts(input.add(inb.pos), inb.size - inb.pos) };
        loop {
            // At a frame boundary, only what starts another frame is read on
            // (concatenated mode); anything else is left unconsumed.
            if self.concatenated && self.started && self.last_result == 0 && (inb.pos == inb.size || !starts_frame(rest(&inb))) {
                break;
            }
            let (in_before, out_before) = (inb.pos, outb.pos);
            let ret = unsafe { zs::ZSTD_decompressStream(self.dctx, &mut outb, &mut inb) };
            self.common.record(ret);
            if is_error(ret) {
                break;
            }
            // A call that moved nothing (no input at a frame boundary) leaves the
            // state as it was: zstd answers it with a size hint, not an end.
            if inb.pos != in_before || outb.pos != out_before {
                self.started = true;
                self.last_result = ret;
            }
            if !(self.concatenated && ret == 0 && inb.pos < inb.size && outb.pos < outb.size) {
                break;
            }
        }
        self.avail = (inb.size - inb.pos, outb.size - outb.pos);
        ((inb.size - inb.pos) as u32, (outb.size - outb.pos) as u32)
    }

    pub fn error_info(&self) -> Option<CompressionError> {
        if self.common.error.is_some() {
            return self.common.error.clone();
        }
        // The input ended inside a frame: zlib's wording, as Node reports it.
        let (avail_in, avail_out) = self.avail;
        if self.common.flush == 2 && self.last_result != 0 && avail_in == 0 && avail_out != 0 {
            return Some(CompressionError::new("unexpected end of file", "Z_BUF_ERROR", libz_sys::Z_BUF_ERROR));
        }
        None
    }
}

impl Drop for ZstdDecompress {
    fn drop(&mut self) {
        self.free();
    }
}
