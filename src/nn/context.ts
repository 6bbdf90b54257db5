/**
 * The run context a forward receives: the mode, the module's own key, `call` to run a child
 * (threading its state and deriving its key from the parent key and the child's name), and
 * `setBuffers` for state a train forward updates. A context lives for one call of one forward; what
 * it records is gathered by `run` into the new module it returns.
 */
import { foldIn, type Key } from '../random/key.js'
import type { Tensor } from '../tensor/tensor.js'
import type { AnyModule, Children, InputOf, Mode, OutputOf, Tensors } from './module.js'

/** What a forward can do besides computing. */
export interface Context<C extends Children = Children, B extends Tensors = Tensors> {
  /** `'train'` or `'eval'`. */
  readonly mode: Mode
  /** This module's own key, if the run was given one. */
  readonly key: Key | undefined
  /** This module's key, or a clear error naming `who` when the run has none. */
  requireKey(who: string): Key
  /** Runs child `name` on `input` and returns its output. */
  call<K extends keyof C & string>(name: K, input: InputOf<NonNullable<C[K]>>): OutputOf<NonNullable<C[K]>>
  /** Records new values for own buffers (train mode only); the run returns them in the new module. */
  setBuffers(updates: Partial<{ [K in keyof B]: Tensor }>): void
}

/** 32-bit FNV-1a of a name's UTF-16 code units: a stable number to fold a child's name into a key. */
export function nameHash(name: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h >>> 0
}

/**
 * The key of child `name` on its `n`-th call (from 0) under `parent`: foldIn(parent, hash(name)),
 * folded again with `n` for repeated calls so a child called twice draws fresh numbers.
 */
export function childKey(parent: Key, name: string, n: number): Key {
  const k = foldIn(parent, nameHash(name))
  return n === 0 ? k : foldIn(k, n)
}

/** What a whole run records: buffer updates of each module, keyed by the module as first seen. */
export interface RunState {
  readonly mode: Mode
  /** Made by the first setBuffers: most runs (every eval run) record nothing. */
  patches: Map<AnyModule, Record<string, Tensor>> | undefined
  /** A module's state with its patches applied, for its later calls in the same run. */
  current: Map<AnyModule, AnyModule> | undefined
}

/** Runs `m` (as first seen in the tree: `orig`) on `input` within `state`. */
export type Runner = (orig: AnyModule, input: unknown, key: Key | undefined, path: string) => unknown

const where = (path: string): string => (path === '' ? 'the root' : `'${path}'`)

/**
 * The context for one forward of `orig`. A class so a run makes one small object per module call
 * rather than a closure per method (this is on the path of every forward, however tiny).
 */
class RunContext implements Context {
  private calls: Map<string, number> | undefined
  constructor(
    private readonly orig: AnyModule,
    readonly key: Key | undefined,
    private readonly path: string,
    private readonly state: RunState,
    private readonly run: Runner,
  ) {}

  get mode(): Mode {
    return this.state.mode
  }

  requireKey(who: string): Key {
    if (this.key === undefined) {
      throw new TypeError(`${who} at ${where(this.path)} draws random numbers in train mode and needs a key: nn.run(m, x, { mode: 'train', key })`)
    }
    return this.key
  }

  call(name: string, input: unknown): never {
    const { orig, key, path } = this
    const child = (orig.children as Children)[name]
    if (child === undefined || child === null) {
      throw new TypeError(`${orig.kind}: ctx.call('${name}'): no child module named '${name}' (children: ${Object.keys(orig.children).join(', ') || 'none'})`)
    }
    this.calls ??= new Map()
    const n = this.calls.get(name) ?? 0
    this.calls.set(name, n + 1)
    return this.run(child, input, key === undefined ? undefined : childKey(key, name, n), path === '' ? name : `${path}.${name}`) as never
  }

  setBuffers(updates: Partial<Record<string, Tensor>>): void {
    const { orig, state } = this
    if (state.mode !== 'train') {
      throw new TypeError(`${orig.kind} at ${where(this.path)}: setBuffers is only allowed in train mode (an eval run returns the module unchanged)`)
    }
    for (const [name, v] of Object.entries(updates)) {
      if (!(name in orig.buffers)) throw new TypeError(`${orig.kind}: setBuffers names '${name}', which is not a buffer of this module`)
      if (v === undefined) continue
      const patches = (state.patches ??= new Map())
      const patch = patches.get(orig) ?? {}
      patch[name] = v
      patches.set(orig, patch)
    }
  }
}

/** The context for one forward of `orig`. */
export const makeContext = (orig: AnyModule, key: Key | undefined, path: string, state: RunState, run: Runner): Context =>
  new RunContext(orig, key, path, state, run) as Context
