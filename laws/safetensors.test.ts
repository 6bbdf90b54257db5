/**
 * safetensors law suites: the writer against an independent statement of the reference layout,
 * round trips and canonical re-encoding over random state dicts (every dtype, ties, awkward names,
 * metadata), and the hardening law over damaged files and random bytes: decode never throws, never
 * hangs, and answers with tensors or a typed error.
 */
import { describe, it } from 'vitest'
import fc from 'fast-check'
import { dictCaseArb, mutatedFileArb, validFileArb } from './arbitraries/safetensors.js'
import { checkDecodeIsTotal, checkEncodeIsCanonical, checkRoundTrips, checkWriterLayout } from './safetensors.js'
import { runs } from './runs.js'

// About 0.15 ms a case once warm; the ceiling leaves room for a loaded machine at LAWS_RUNS=100000.
const timeout = Math.max(60_000, runs(100) * 2)

/** Bytes whose length field is small, so random content reaches the UTF-8 and JSON checks. */
const framedBytes = fc.tuple(fc.nat({ max: 300 }), fc.uint8Array({ maxLength: 300 })).map(([n, body]) => {
  const out = new Uint8Array(8 + body.length)
  new DataView(out.buffer).setUint32(0, n, true)
  out.set(body, 8)
  return out
})

describe('safetensors laws', () => {
  it('the writer lays files out as the reference does', () => checkWriterLayout(dictCaseArb()), timeout)
  it('decode(encode(d)) is d: tensors, ties, metadata', () => checkRoundTrips(dictCaseArb()), timeout)
  it('encode(decode(b)) is b for every written file', () => checkEncodeIsCanonical(dictCaseArb()), timeout)
  it('valid files decode (total, copy and view agree)', () => checkDecodeIsTotal(validFileArb(), 100), timeout)
  it('damaged files give tensors or a typed error, never a throw', () => checkDecodeIsTotal(mutatedFileArb(), 1000), timeout)
  it('random bytes give a typed error, never a throw', () => checkDecodeIsTotal(fc.oneof(fc.uint8Array({ maxLength: 512 }), framedBytes), 300), timeout)
})
