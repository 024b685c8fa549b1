//! Brotli streams over the `brotli` crate, a port of Node's
//! `BrotliEncoderContext` / `BrotliDecoderContext` (src/node_zlib.cc).

use super::CompressionError;
use brotli::enc::encode::{BrotliEncoderOperation, BrotliEncoderParameter, BrotliEncoderStateStruct};
use brotli::enc::StandardAlloc;
use brotli::{Allocator, BrotliDecompressStream, BrotliResult, BrotliState, HeapAlloc, HuffmanCode, SliceWrapperMut};

// Node's numbering (brotli/encode.h); the crate names 7..9 UNUSED.
const PARAM_NPOSTFIX: u32 = 7;
const PARAM_NDIRECT: u32 = 8;
// brotli/decode.h
const DECODER_PARAM_DISABLE_RING_BUFFER_REALLOCATION: u32 = 0;
const DECODER_PARAM_LARGE_WINDOW: u32 = 1;

fn operation(flush: u32) -> Option<BrotliEncoderOperation> {
    Some(match flush {
        0 => BrotliEncoderOperation::BROTLI_OPERATION_PROCESS,
        1 => BrotliEncoderOperation::BROTLI_OPERATION_FLUSH,
        2 => BrotliEncoderOperation::BROTLI_OPERATION_FINISH,
        3 => BrotliEncoderOperation::BROTLI_OPERATION_EMIT_METADATA,
        _ => return None,
    })
}

fn param_failed() -> CompressionError {
    CompressionError::new("Setting parameter failed", "ERR_BROTLI_PARAM_SET_FAILED", -1)
}

/// A brotli compressor.
pub struct BrotliEncoder {
    state: Option<Box<BrotliEncoderStateStruct<StandardAlloc>>>,
    last_result: bool,
    flush: u32,
}

impl BrotliEncoder {
    pub fn new() -> Self {
        BrotliEncoder { state: None, last_result: false, flush: 0 }
    }

    pub fn init(&mut self) -> Result<(), CompressionError> {
        self.state = Some(Box::new(BrotliEncoderStateStruct::new(StandardAlloc::default())));
        Ok(())
    }

    pub fn reset(&mut self) -> Result<(), CompressionError> {
        self.init()
    }

    pub fn close(&mut self) {
        self.state = None;
    }

    /// A raw dictionary (Node's `dictionary` option): the crate takes it as a
    /// prefix of the stream, which fixes the parameters, so it comes last.
    pub fn set_dictionary(&mut self, dictionary: &[u8]) -> Result<(), CompressionError> {
        let Some(state) = self.state.as_mut() else { return Err(param_failed()) };
        state.set_custom_dictionary(dictionary.len(), dictionary);
        Ok(())
    }

    pub fn set_param(&mut self, key: u32, value: u32) -> Result<(), CompressionError> {
        let Some(state) = self.state.as_mut() else { return Err(param_failed()) };
        use BrotliEncoderParameter::*;
        let p = match key {
            0 => BROTLI_PARAM_MODE,
            1 => BROTLI_PARAM_QUALITY,
            2 => BROTLI_PARAM_LGWIN,
            3 => BROTLI_PARAM_LGBLOCK,
            4 => BROTLI_PARAM_DISABLE_LITERAL_CONTEXT_MODELING,
            5 => BROTLI_PARAM_SIZE_HINT,
            6 => BROTLI_PARAM_LARGE_WINDOW,
            // Accepted as C brotli accepts them, but not applied: the crate's
            // encoder picks its own distance parameters (and indexes out of
            // bounds at high quality when given others). The output stays valid.
            PARAM_NPOSTFIX | PARAM_NDIRECT => return Ok(()),
            _ => return Err(param_failed()),
        };
        // C brotli takes any mode number; the crate maps unknown ones to generic.
        if state.set_parameter(p, value) {
            Ok(())
        } else {
            Err(param_failed())
        }
    }

    /// # Safety
    /// `input`/`output` must be valid for `in_len`/`out_len` bytes for the call.
    pub unsafe fn write(&mut self, flush: u32, input: *const u8, in_len: u32, output: *mut u8, out_len: u32) -> (u32, u32) {
        self.flush = flush;
        let input: &[u8] = if in_len == 0 { &[] } else { unsafe { std::slice::from_raw_parts(input, in_len as usize) } };
        let output: &mut [u8] =
            if out_len == 0 { &mut [] } else { unsafe { std::slice::from_raw_parts_mut(output, out_len as usize) } };
        let (mut avail_in, mut avail_out) = (in_len as usize, out_len as usize);
        let (Some(state), Some(op)) = (self.state.as_mut(), operation(flush)) else {
            self.last_result = false;
            return (in_len, out_len);
        };
        let (mut in_off, mut out_off) = (0usize, 0usize);
        let mut total_out = None;
        // A panic inside the crate must not cross the op boundary: the stream
        // fails as a compression failure instead.
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            state.compress_stream(
                op,
                &mut avail_in,
                input,
                &mut in_off,
                &mut avail_out,
                output,
                &mut out_off,
                &mut total_out,
                &mut |_, _, _, _| (),
            )
        }));
        self.last_result = result.unwrap_or_else(|_| {
            self.state = None;
            false
        });
        (avail_in as u32, avail_out as u32)
    }

    pub fn error_info(&self) -> Option<CompressionError> {
        if !self.last_result {
            return Some(CompressionError::new("Compression failed", "ERR_BROTLI_COMPRESSION_FAILED", -1));
        }
        None
    }
}

type DecoderState = BrotliState<HeapAlloc<u8>, HeapAlloc<u32>, HeapAlloc<HuffmanCode>>;

/// A brotli decompressor.
pub struct BrotliDecoder {
    state: Option<Box<DecoderState>>,
    last_result: i32,
    error: i32,
    error_string: String,
    flush: u32,
}

/// `BrotliDecoderErrorString` (brotli/decode.h): the code's name without `BROTLI_DECODER`.
fn decoder_error_string(code: i32) -> &'static str {
    match code {
        0 => "_NO_ERROR",
        1 => "_SUCCESS",
        2 => "_NEEDS_MORE_INPUT",
        3 => "_NEEDS_MORE_OUTPUT",
        -1 => "_ERROR_FORMAT_EXUBERANT_NIBBLE",
        -2 => "_ERROR_FORMAT_RESERVED",
        -3 => "_ERROR_FORMAT_EXUBERANT_META_NIBBLE",
        -4 => "_ERROR_FORMAT_SIMPLE_HUFFMAN_ALPHABET",
        -5 => "_ERROR_FORMAT_SIMPLE_HUFFMAN_SAME",
        -6 => "_ERROR_FORMAT_CL_SPACE",
        -7 => "_ERROR_FORMAT_HUFFMAN_SPACE",
        -8 => "_ERROR_FORMAT_CONTEXT_MAP_REPEAT",
        -9 => "_ERROR_FORMAT_BLOCK_LENGTH_1",
        -10 => "_ERROR_FORMAT_BLOCK_LENGTH_2",
        -11 => "_ERROR_FORMAT_TRANSFORM",
        -12 => "_ERROR_FORMAT_DICTIONARY",
        -13 => "_ERROR_FORMAT_WINDOW_BITS",
        -14 => "_ERROR_FORMAT_PADDING_1",
        -15 => "_ERROR_FORMAT_PADDING_2",
        -16 => "_ERROR_FORMAT_DISTANCE",
        -18 => "_ERROR_COMPOUND_DICTIONARY",
        -19 => "_ERROR_DICTIONARY_NOT_SET",
        -20 => "_ERROR_INVALID_ARGUMENTS",
        -21 => "_ERROR_ALLOC_CONTEXT_MODES",
        -22 => "_ERROR_ALLOC_TREE_GROUPS",
        -25 => "_ERROR_ALLOC_CONTEXT_MAP",
        -26 => "_ERROR_ALLOC_RING_BUFFER_1",
        -27 => "_ERROR_ALLOC_RING_BUFFER_2",
        -30 => "_ERROR_ALLOC_BLOCK_TYPE_TREES",
        -31 => "_ERROR_UNREACHABLE",
        _ => "INVALID",
    }
}

const RESULT_ERROR: i32 = 0;
const RESULT_NEEDS_MORE_INPUT: i32 = 2;
const OPERATION_FINISH: u32 = 2;

impl BrotliDecoder {
    pub fn new() -> Self {
        BrotliDecoder { state: None, last_result: 1, error: 0, error_string: String::new(), flush: 0 }
    }

    /// `dictionary`: a raw dictionary the stream was compressed against (empty: none).
    pub fn init(&mut self, dictionary: &[u8]) -> Result<(), CompressionError> {
        let mut state = if dictionary.is_empty() {
            BrotliState::new_strict(HeapAlloc::new(0), HeapAlloc::new(0), HeapAlloc::new(HuffmanCode::default()))
        } else {
            let mut alloc = HeapAlloc::new(0);
            let mut dict = alloc.alloc_cell(dictionary.len());
            dict.slice_mut().copy_from_slice(dictionary);
            BrotliState::new_with_custom_dictionary(alloc, HeapAlloc::new(0), HeapAlloc::new(HuffmanCode::default()), dict)
        };
        // No large-window streams unless BROTLI_DECODER_PARAM_LARGE_WINDOW says so.
        state.large_window = false;
        self.state = Some(Box::new(state));
        Ok(())
    }

    pub fn reset(&mut self) -> Result<(), CompressionError> {
        self.init(&[])
    }

    pub fn close(&mut self) {
        self.state = None;
    }

    pub fn set_param(&mut self, key: u32, value: u32) -> Result<(), CompressionError> {
        let Some(state) = self.state.as_mut() else { return Err(param_failed()) };
        match key {
            // The crate always sizes its ring buffer exactly; nothing to change.
            DECODER_PARAM_DISABLE_RING_BUFFER_REALLOCATION => Ok(()),
            DECODER_PARAM_LARGE_WINDOW => {
                state.large_window = value != 0;
                Ok(())
            }
            _ => Err(param_failed()),
        }
    }

    /// # Safety
    /// `input`/`output` must be valid for `in_len`/`out_len` bytes for the call.
    pub unsafe fn write(&mut self, flush: u32, input: *const u8, in_len: u32, output: *mut u8, out_len: u32) -> (u32, u32) {
        self.flush = flush;
        let input: &[u8] = if in_len == 0 { &[] } else { unsafe { std::slice::from_raw_parts(input, in_len as usize) } };
        let output: &mut [u8] =
            if out_len == 0 { &mut [] } else { unsafe { std::slice::from_raw_parts_mut(output, out_len as usize) } };
        let Some(state) = self.state.as_mut() else { return (in_len, out_len) };
        let (mut avail_in, mut avail_out) = (in_len as usize, out_len as usize);
        let (mut in_off, mut out_off, mut total_out) = (0usize, 0usize, 0usize);
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            BrotliDecompressStream(
                &mut avail_in,
                &mut in_off,
                input,
                &mut avail_out,
                &mut out_off,
                output,
                &mut total_out,
                state,
            )
        }));
        let Ok(result) = result else {
            // A panic inside the crate: the stream is unusable from here on.
            self.state = None;
            self.last_result = RESULT_ERROR;
            self.error = -31;
            self.error_string = format!("ERR_{}", decoder_error_string(self.error));
            return (avail_in as u32, avail_out as u32);
        };
        self.last_result = match result {
            BrotliResult::ResultFailure => RESULT_ERROR,
            BrotliResult::ResultSuccess => 1,
            BrotliResult::NeedsMoreInput => RESULT_NEEDS_MORE_INPUT,
            BrotliResult::NeedsMoreOutput => 3,
        };
        if self.last_result == RESULT_ERROR {
            self.error = state.error_code as i32;
            self.error_string = format!("ERR_{}", decoder_error_string(self.error));
        }
        (avail_in as u32, avail_out as u32)
    }

    pub fn error_info(&self) -> Option<CompressionError> {
        if self.error != 0 {
            return Some(CompressionError { message: "Decompression failed".into(), code: self.error_string.clone(), err: self.error });
        }
        if self.flush == OPERATION_FINISH && self.last_result == RESULT_NEEDS_MORE_INPUT {
            // zlib's wording, as brotli has no code of its own for this.
            return Some(CompressionError::new("unexpected end of file", "Z_BUF_ERROR", libz_sys::Z_BUF_ERROR));
        }
        None
    }
}
