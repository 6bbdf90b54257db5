/**
 * Why a state dict did not load: missing keys, unexpected keys, shape mismatches and values that
 * are not tensors, gathered into one value that renders PyTorch's RuntimeError text.
 */

/** A shape mismatch: the key and both shapes. */
export interface ShapeMismatch {
  readonly key: string
  readonly checkpoint: readonly number[]
  readonly model: readonly number[]
}

/** Everything that kept a state dict from loading. */
export interface LoadError {
  readonly _tag: 'LoadError'
  /** The module kind, as PyTorch names the class in its message. */
  readonly kind: string
  readonly missingKeys: readonly string[]
  readonly unexpectedKeys: readonly string[]
  readonly shapeMismatches: readonly ShapeMismatch[]
  readonly notTensors: readonly string[]
  /** PyTorch's message text. */
  readonly message: string
}

const size = (s: readonly number[]): string => `torch.Size([${s.join(', ')}])`
const quoted = (keys: readonly string[]): string => keys.map((k) => `"${k}"`).join(', ')

/** Renders PyTorch's `Error(s) in loading state_dict for Kind:` text. */
export function renderLoadError(e: Omit<LoadError, 'message' | '_tag'>): string {
  const msgs = [
    ...(e.missingKeys.length > 0 ? [`Missing key(s) in state_dict: ${quoted(e.missingKeys)}. `] : []),
    ...(e.unexpectedKeys.length > 0 ? [`Unexpected key(s) in state_dict: ${quoted(e.unexpectedKeys)}. `] : []),
    ...e.shapeMismatches.map((s) => `size mismatch for ${s.key}: copying a param with shape ${size(s.checkpoint)} from checkpoint, the shape in current model is ${size(s.model)}.`),
    ...e.notTensors.map((k) => `value for ${k} is not a tensor.`),
  ]
  return `Error(s) in loading state_dict for ${e.kind}:\n\t${msgs.join('\n\t')}`
}

/** Builds a LoadError with its rendered message. */
export function loadError(kind: string, missingKeys: readonly string[], unexpectedKeys: readonly string[], shapeMismatches: readonly ShapeMismatch[], notTensors: readonly string[]): LoadError {
  const e = { kind, missingKeys, unexpectedKeys, shapeMismatches, notTensors }
  return Object.freeze({ _tag: 'LoadError' as const, ...e, message: renderLoadError(e) })
}
