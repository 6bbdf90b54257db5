/**
 * Why a safetensors file was refused: one tagged case per failure, each with the fields that locate
 * it (tensor name, key, offsets) and a `message` that names them. The checks follow the reference
 * reader (Rust `safetensors`) and add the ones it leaves out: duplicate keys, non-integer numbers,
 * unknown fields, prototype names, boolean bytes other than 0/1.
 */

/** The fields of each failure, without the rendered message. */
export type DecodeErrorInfo =
  | { readonly _tag: 'HeaderTooSmall'; readonly byteLength: number }
  | { readonly _tag: 'HeaderTooLarge'; readonly declared: string }
  | { readonly _tag: 'HeaderOutOfBounds'; readonly declared: number; readonly available: number }
  | { readonly _tag: 'InvalidUtf8' }
  | { readonly _tag: 'InvalidJson'; readonly at: number; readonly reason: string }
  | { readonly _tag: 'DuplicateKey'; readonly key: string; readonly path: readonly string[] }
  | { readonly _tag: 'HeaderNotObject'; readonly found: string }
  | { readonly _tag: 'MetadataNotObject'; readonly found: string }
  | { readonly _tag: 'MetadataValueNotString'; readonly key: string; readonly found: string }
  | { readonly _tag: 'ForbiddenName'; readonly name: string }
  | { readonly _tag: 'EntryNotObject'; readonly name: string; readonly found: string }
  | { readonly _tag: 'MissingField'; readonly name: string; readonly field: string }
  | { readonly _tag: 'UnknownField'; readonly name: string; readonly field: string }
  | { readonly _tag: 'UnknownDtype'; readonly name: string; readonly dtype: string }
  | { readonly _tag: 'UnsupportedDtype'; readonly name: string; readonly dtype: string }
  | { readonly _tag: 'InvalidShape'; readonly name: string; readonly reason: string }
  | { readonly _tag: 'InvalidOffsets'; readonly name: string; readonly reason: string }
  | { readonly _tag: 'ElementCountOverflow'; readonly name: string; readonly shape: readonly number[] }
  | { readonly _tag: 'OffsetsReversed'; readonly name: string; readonly begin: number; readonly end: number }
  | { readonly _tag: 'ByteLengthMismatch'; readonly name: string; readonly expected: number; readonly got: number }
  | { readonly _tag: 'OffsetGap'; readonly name: string; readonly expected: number; readonly begin: number }
  | { readonly _tag: 'OffsetOverlap'; readonly name: string; readonly expected: number; readonly begin: number }
  | { readonly _tag: 'DataTruncated'; readonly end: number; readonly available: number }
  | { readonly _tag: 'TrailingBytes'; readonly end: number; readonly available: number }
  | { readonly _tag: 'InvalidBool'; readonly name: string; readonly index: number; readonly value: number }
  | { readonly _tag: 'ValueOutOfRange'; readonly name: string; readonly index: number }
  | { readonly _tag: 'AliasesMalformed'; readonly reason: string }
  | { readonly _tag: 'AliasCollision'; readonly alias: string }
  | { readonly _tag: 'AliasTargetMissing'; readonly alias: string; readonly target: string }

/** A refused file: the failure's fields plus a readable message naming the tensor or key. */
export type DecodeError = DecodeErrorInfo & { readonly message: string }

/** Every failure tag, for exhaustive checks. */
export const DECODE_ERROR_TAGS: readonly DecodeError['_tag'][] = Object.freeze([
  'HeaderTooSmall', 'HeaderTooLarge', 'HeaderOutOfBounds', 'InvalidUtf8', 'InvalidJson',
  'DuplicateKey', 'HeaderNotObject', 'MetadataNotObject', 'MetadataValueNotString', 'ForbiddenName',
  'EntryNotObject', 'MissingField', 'UnknownField', 'UnknownDtype', 'UnsupportedDtype', 'InvalidShape',
  'InvalidOffsets', 'ElementCountOverflow', 'OffsetsReversed', 'ByteLengthMismatch', 'OffsetGap',
  'OffsetOverlap', 'DataTruncated', 'TrailingBytes', 'InvalidBool', 'ValueOutOfRange', 'AliasesMalformed',
  'AliasCollision', 'AliasTargetMissing',
])

const MAX_SHOWN = 120

/** A name quoted for a message, cut short if a hostile file made it huge. */
const q = (s: string): string => JSON.stringify(s.length > MAX_SHOWN ? `${s.slice(0, MAX_SHOWN)}…` : s)

/** The message for a failure. */
export function renderDecodeError(e: DecodeErrorInfo): string {
  switch (e._tag) {
    case 'HeaderTooSmall': return `safetensors: the file has ${e.byteLength} bytes; at least 8 are needed for the header length`
    case 'HeaderTooLarge': return `safetensors: the header length field says ${e.declared} bytes; the limit is 100000000`
    case 'HeaderOutOfBounds': return `safetensors: the header length field says ${e.declared} bytes but only ${e.available} follow it`
    case 'InvalidUtf8': return 'safetensors: the header is not valid UTF-8'
    case 'InvalidJson': return `safetensors: the header is not valid JSON: ${e.reason} at character ${e.at}`
    case 'DuplicateKey': return `safetensors: duplicate key ${q(e.key)}${e.path.length > 0 ? ` in ${e.path.map(q).join(' → ')}` : ' at the top level of the header'}`
    case 'HeaderNotObject': return `safetensors: the header must be a JSON object, got ${e.found}`
    case 'MetadataNotObject': return `safetensors: "__metadata__" must be an object of strings, got ${e.found}`
    case 'MetadataValueNotString': return `safetensors: "__metadata__" entry ${q(e.key)} must be a string, got ${e.found}`
    case 'ForbiddenName': return `safetensors: tensor name ${q(e.name)} is not allowed (empty, or a part named __proto__, constructor or prototype)`
    case 'EntryNotObject': return `safetensors: tensor ${q(e.name)}: the entry must be an object {dtype, shape, data_offsets}, got ${e.found}`
    case 'MissingField': return `safetensors: tensor ${q(e.name)}: missing field ${q(e.field)}`
    case 'UnknownField': return `safetensors: tensor ${q(e.name)}: unknown field ${q(e.field)}; expected dtype, shape, data_offsets`
    case 'UnknownDtype': return `safetensors: tensor ${q(e.name)}: unknown dtype ${q(e.dtype)}`
    case 'UnsupportedDtype': return `safetensors: tensor ${q(e.name)}: dtype ${q(e.dtype)} has no tensor dtype here`
    case 'InvalidShape': return `safetensors: tensor ${q(e.name)}: shape ${e.reason}`
    case 'InvalidOffsets': return `safetensors: tensor ${q(e.name)}: data_offsets ${e.reason}`
    case 'ElementCountOverflow': return `safetensors: tensor ${q(e.name)}: shape [${e.shape.join(', ')}] has more bytes than a safe integer can count`
    case 'OffsetsReversed': return `safetensors: tensor ${q(e.name)}: data_offsets [${e.begin}, ${e.end}] end before they begin`
    case 'ByteLengthMismatch': return `safetensors: tensor ${q(e.name)}: shape and dtype need ${e.expected} bytes but data_offsets span ${e.got}`
    case 'OffsetGap': return `safetensors: tensor ${q(e.name)}: data begins at ${e.begin}, leaving a gap after byte ${e.expected}`
    case 'OffsetOverlap': return `safetensors: tensor ${q(e.name)}: data begins at ${e.begin}, overlapping the data before it (which ends at ${e.expected})`
    case 'DataTruncated': return `safetensors: the tensors need ${e.end} data bytes but the file has ${e.available}`
    case 'TrailingBytes': return `safetensors: ${e.available - e.end} bytes follow the last tensor (data ends at ${e.end} of ${e.available})`
    case 'InvalidBool': return `safetensors: tensor ${q(e.name)}: BOOL element ${e.index} is ${e.value}, not 0 or 1`
    case 'ValueOutOfRange': return `safetensors: tensor ${q(e.name)}: U64 element ${e.index} exceeds the int64 range`
    case 'AliasesMalformed': return `safetensors: the alias table in "__metadata__" is malformed: ${e.reason}`
    case 'AliasCollision': return `safetensors: alias ${q(e.alias)} is also the name of a stored tensor`
    case 'AliasTargetMissing': return `safetensors: alias ${q(e.alias)} points to ${q(e.target)}, which is not a stored tensor`
  }
}

/** A failure with its message attached. */
export const decodeError = (info: DecodeErrorInfo): DecodeError => Object.freeze({ ...info, message: renderDecodeError(info) })
