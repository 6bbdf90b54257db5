/** Equivalent mutants of the `nn` target (the module transforms in src/nn). */
import { inFile, type Entry, type Equivalent } from './kinds.js'

const SINGLE_DEVICE = 'This build has one device, cpu, where every tensor already is, so dropping the device move changes nothing.'

/** Module transforms: shortcuts that rebuild, which returns a module unchanged when nothing differs, makes redundant. */
export const nn: readonly Equivalent[] = [
  ...inFile('src/nn/transform.ts', [
    ['ConditionalExpression', 't !== null', 'true', 'equivalent', 'Records a first name for empty entries too; names are looked up only for tensors.'],
  ]),
  ...inFile('src/nn/cast.ts', [
    ['ConditionalExpression', 'dtype !== undefined', 'true', 'equivalent', 'Passes `dtype: undefined` for a device-only move, which the tensor cast reads as "keep the dtype".', 'isFloating(t.dtype)'],
    ['ConditionalExpression', 'device !== undefined', 'true', 'equivalent', 'Passes `device: undefined`, which the tensor cast reads as "keep the device".'],
    ['ConditionalExpression', 'device !== undefined', 'false', 'platform', SINGLE_DEVICE],
    ['EqualityOperator', 'device !== undefined', 'device === undefined', 'platform', SINGLE_DEVICE],
    ['ObjectLiteral', '{ device }', '{}', 'platform', SINGLE_DEVICE],
  ]),
  ...inFile('src/nn/run.ts', [
    ['ConditionalExpression', 'patch !== undefined', 'true', 'equivalent', 'Rebuilding with the buffers it already has returns the module itself.'],
    ['ConditionalExpression', 'state.patches.size === 0', 'false', 'equivalent', 'With no patches, the rebuild below returns every module as itself (rebuild returns a module unchanged when nothing differs), so m comes back either way; only slower.'],
    ['ConditionalExpression', 'patch === undefined', 'false', 'equivalent', 'Spreading no patch over the buffers changes none, and rebuild then returns the module itself.'],
  ]),
]
