/**
 * safetensors: a hardened reader and a writer for Hugging Face's tensor file format (an 8-byte
 * little-endian header length, a JSON header, then the raw little-endian tensor data).
 */
export { encode, type Metadata } from './encode.js'
export { decode, type Decoded, type DecodeOptions } from './decode.js'
export { readHeader, MAX_HEADER_BYTES, type Header, type TensorEntry } from './header.js'
export { renderDecodeError, DECODE_ERROR_TAGS, type DecodeError, type DecodeErrorInfo } from './errors.js'
export { ALIASES_KEY } from './aliases.js'
export type { StDType } from './dtypes.js'
