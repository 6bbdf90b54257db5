/**
 * Test support: runs code with a global replaced (or removed), so a test can show what a kernel
 * does where the platform lacks something (WebAssembly, SharedArrayBuffer, Atomics, cross-origin
 * isolation) on a host that has it.
 */

/** Runs `f` with `globalThis[key]` set to `value` (removed when undefined is given and it did not exist), then restores it. */
export function withGlobal<T>(key: string, value: unknown, f: () => T): T {
  const g = globalThis as Record<string, unknown>
  const desc = Object.getOwnPropertyDescriptor(g, key)
  Object.defineProperty(g, key, { value, configurable: true, writable: true })
  try {
    return f()
  } finally {
    if (desc === undefined) delete g[key]
    else Object.defineProperty(g, key, desc)
  }
}
