/**
 * Test support: the error a call throws, as `"<class name>: <message>"` (or `"no error"`), so a
 * test states the exact error class and text in one comparison.
 */

/** The error `f` throws, as its class name and message; `'no error'` when it returns. */
export function thrown(f: () => unknown): string {
  try {
    f()
  } catch (e) {
    return `${(e as Error).constructor.name}: ${(e as Error).message}`
  }
  return 'no error'
}
