/**
 * The `io` namespace: state dicts with PyTorch's keys, and safetensors files.
 */
export { stateDict, loadStateDict, loadStateDictReport, type StateDict, type Loaded, type Cast } from './stateDict.js'
export { renderLoadError, type LoadError, type ShapeMismatch } from './loadError.js'
export * as safetensors from './safetensors/index.js'
