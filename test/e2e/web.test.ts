/**
 * The live training page (examples/web) end to end: Vite builds it from the same ESM source into a
 * temporary folder, Vite's preview server serves it on 127.0.0.1, and headless Chromium drives it
 * through its buttons and its test hook (`window.__immutorch`, see examples/web/hook.ts). The
 * references are independent of the page: the same training run computed here in Node, the file
 * decoded here with io.safetensors, and pixels read back from the canvases.
 *
 * Without /usr/bin/chromium the suite does not run and says so; .ci/run installs Chromium first.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { chromium, type Browser, type Page } from 'playwright-core'
import { build, preview, type PreviewServer } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { io, nn, random } from '../../src/index.js'
import { pageSet } from '../../examples/web/data.js'
import type { LoadResult } from '../../examples/web/hook.js'
import { initTrainer, makeNet, trainStep } from '../../examples/web/model.js'

const CHROMIUM = '/usr/bin/chromium'
const hasChromium = existsSync(CHROMIUM)
if (!hasChromium) console.warn(`Chromium not found at ${CHROMIUM}: the browser test is skipped; .ci/run installs it`)

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic']
const configFile = resolve(import.meta.dirname, '../../examples/web/vite.config.ts')
const TIMEOUT = 120_000

/** A few points on and between the spirals. */
const PROBES: [number, number][] = [[0, 0], [0.5, 0.5], [-0.7, 0.2], [1, -1], [0.3, -0.9], [-0.2, -0.4], [0.9, 0.1], [-1.1, -0.6]]

/** A refused load, as the hook reports it. */
type Refused = Extract<LoadResult, { ok: false }>

/** The page's hook, as page-side source text. */
const HOOK = 'window.__immutorch'
/** Evaluates `expr` in the page with `h` bound to the hook. */
const inPage = <T>(page: Page, expr: string): Promise<T> => page.evaluate(`((h) => ${expr})(${HOOK})`) as Promise<T>
const predictIn = (page: Page): Promise<number[][]> => inPage(page, `h.predict(${JSON.stringify(PROBES)})`)
const bytesOf = async (page: Page): Promise<Uint8Array> => Uint8Array.from(await inPage<number[]>(page, 'Array.from(h.stateDictBytes())'))

describe.runIf(hasChromium)('the live training page in headless Chromium', () => {
  let outDir = ''
  let server: PreviewServer | undefined
  let browser: Browser | undefined
  let page: Page
  const errors: string[] = []

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'immutorch-web-'))
    await build({ configFile, logLevel: 'warn', build: { outDir, emptyOutDir: true } })
    server = await preview({ configFile, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: true } })
    const url = server.resolvedUrls?.local[0]
    if (url === undefined) throw new Error('vite preview gave no local URL')
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 900, height: 900 } })
    page = await context.newPage()
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(`console.${m.type()}: ${m.text()}`) })
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`))
    await page.goto(url)
    await page.waitForFunction(() => window.__immutorch !== undefined, null, { timeout: TIMEOUT })
  }, TIMEOUT)

  afterAll(async () => {
    await browser?.close()
    await server?.close()
    if (outDir !== '') rmSync(outDir, { recursive: true, force: true })
  })

  it('loads without console errors and shows the untrained model', async () => {
    expect(errors).toEqual([])
    expect(await page.textContent('#repr')).toContain('(1): BatchNorm1d(32, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)')
    expect(await page.textContent('#status')).toMatch(/^step 0 · loss – · eval accuracy \d+\.\d% · predictions in eval mode$/)
    expect(await page.textContent('#toggle')).toBe('Start')
    expect(await inPage(page, 'h.lossHistory()')).toEqual([])
  }, TIMEOUT)

  it('trains: the loss falls, and matches the same run computed in Node', async () => {
    const losses = await inPage<number[]>(page, 'h.step(150)')
    expect(losses).toHaveLength(150)
    expect(await inPage(page, 'h.lossHistory()')).toEqual(losses)
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length
    expect(mean(losses.slice(-10))).toBeLessThan(0.6 * mean(losses.slice(0, 10)))
    // The same seed, set and steps in Node: the page runs the library's code, not something else.
    const data = pageSet()
    let tr = initTrainer(0)
    for (let i = 0; i < 20; i++) {
      const r = trainStep(tr, data)
      tr = r.trainer
      expect(losses[i]).toBeCloseTo(r.loss, 6)
    }
    expect(await page.textContent('#status')).toMatch(/^step 150 · loss \d\.\d{4} · /)
  }, TIMEOUT)

  it('draws the decision boundary and the loss curve', async () => {
    const stats = await page.evaluate(() => {
      const read = (id: string) => {
        const c = document.getElementById(id) as HTMLCanvasElement
        const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data
        const colours = new Set<number>()
        let orange = 0
        let blue = 0
        let teal = 0
        for (let i = 0; i < px.length; i += 4) {
          const [r, g, b] = [px[i], px[i + 1], px[i + 2]]
          colours.add((r << 16) | (g << 8) | b)
          if (r > b + 40) orange++
          if (b > r + 40) blue++
          if (g > r + 40 && g > 80 && b > 80 && r < 80) teal++
        }
        return { colours: colours.size, orange: orange / (px.length / 4), blue: blue / (px.length / 4), teal }
      }
      return { boundary: read('boundary'), loss: read('loss') }
    })
    expect(stats.boundary.colours).toBeGreaterThan(20)
    expect(stats.boundary.orange).toBeGreaterThan(0.1)
    expect(stats.boundary.blue).toBeGreaterThan(0.1)
    expect(stats.loss.colours).toBeGreaterThan(2)
    expect(stats.loss.teal).toBeGreaterThan(100)
  }, TIMEOUT)

  it('round-trips the weights through safetensors into a fresh model', async () => {
    const trained = await predictIn(page)
    const bytes = await bytesOf(page)
    // The file, decoded here: the state dict of the page's network, names and shapes as PyTorch's.
    const decoded = io.safetensors.decode(bytes)
    if (E.isLeft(decoded)) throw new Error(decoded.left.message)
    const expected = io.stateDict(makeNet(random.key(0)))
    expect([...decoded.right.tensors.keys()].sort()).toEqual([...expected.keys()].sort())
    for (const [k, t] of expected) expect(decoded.right.tensors.get(k)?.shape).toEqual(t.shape)
    expect(decoded.right.tensors.get('1.num_batches_tracked')?.item()).toBe(150)

    await inPage(page, 'h.reset()')
    expect(await inPage(page, 'h.lossHistory()')).toEqual([])
    expect(await predictIn(page)).not.toEqual(trained)
    const r = await inPage(page, `h.loadBytes(${JSON.stringify(Array.from(bytes))})`)
    expect(r).toEqual({ ok: true, tensors: expected.size })
    expect(await predictIn(page)).toEqual(trained)
    expect(await page.textContent('#message')).toMatch(/^Loaded the given bytes: eval accuracy \d+\.\d%\.$/)
  }, TIMEOUT)

  it('downloads the weights and loads them back through the file input', async () => {
    const trained = await predictIn(page)
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')])
    expect(download.suggestedFilename()).toBe('spirals-mlp.safetensors')
    const file = readFileSync(await download.path())
    const decoded = io.safetensors.decode(new Uint8Array(file))
    if (E.isLeft(decoded)) throw new Error(decoded.left.message)
    expect(decoded.right.metadata.get('format')).toBe('pt')
    await inPage(page, 'h.reset()')
    expect(await predictIn(page)).not.toEqual(trained)
    await page.setInputFiles('#load', { name: 'mine.safetensors', mimeType: 'application/octet-stream', buffer: file })
    await page.waitForFunction(() => document.getElementById('message')?.textContent?.startsWith('Loaded mine.safetensors'), null, { timeout: TIMEOUT })
    expect(await predictIn(page)).toEqual(trained)
  }, TIMEOUT)

  it('shows why a file does not load: a bad file, and a state dict of another shape', async () => {
    const garbage = await inPage<Refused>(page, 'h.loadBytes([1, 2, 3])')
    expect(garbage.ok).toBe(false)
    expect(garbage.stage).toBe('decode')
    const wide = nn.Sequential(nn.Linear(2, 16, { key: random.key(3) }))
    const other = io.safetensors.encode(io.stateDict(wide))
    const misfit = await inPage<Refused>(page, `h.loadBytes(${JSON.stringify(Array.from(other))})`)
    expect(misfit.ok).toBe(false)
    expect(misfit.stage).toBe('load')
    expect(misfit.message).toContain('Error(s) in loading state_dict for Sequential:')
    expect(misfit.message).toContain('size mismatch for 0.weight: copying a param with shape torch.Size([16, 2]) from checkpoint, the shape in current model is torch.Size([32, 2]).')
    expect(misfit.message).toContain('Missing key(s) in state_dict: "1.weight"')
    expect(await page.textContent('#message')).toContain(misfit.message)
    expect(await page.getAttribute('#message', 'class')).toBe('error')
  }, TIMEOUT)

  it('switches predictions between eval and train mode', async () => {
    expect(await inPage(page, 'h.mode()')).toBe('eval')
    const evalPreds = await predictIn(page)
    await page.check('input[name=mode][value=train]')
    expect(await inPage(page, 'h.mode()')).toBe('train')
    expect(await page.textContent('#status')).toContain('predictions in train mode')
    const trainPreds = await predictIn(page)
    expect(trainPreds).not.toEqual(evalPreds)
    // Train mode's dropout masks come from a fixed key: the view is stable between redraws.
    expect(await predictIn(page)).toEqual(trainPreds)
    await page.check('input[name=mode][value=eval]')
    expect(await inPage(page, 'h.mode()')).toBe('eval')
    expect(await predictIn(page)).toEqual(evalPreds)
  }, TIMEOUT)

  it('trains in animation frames after Start and stops on Pause', async () => {
    const before = (await inPage<number[]>(page, 'h.lossHistory()')).length
    await page.click('#toggle')
    expect(await page.textContent('#toggle')).toBe('Pause')
    expect(await inPage(page, 'h.running()')).toBe(true)
    await page.waitForFunction((n) => window.__immutorch!.lossHistory().length >= n + 5, before, { timeout: TIMEOUT })
    await page.click('#toggle')
    expect(await inPage(page, 'h.running()')).toBe(false)
    expect(await page.textContent('#toggle')).toBe('Start')
    const paused = (await inPage<number[]>(page, 'h.lossHistory()')).length
    await page.waitForTimeout(400)
    expect((await inPage<number[]>(page, 'h.lossHistory()')).length).toBe(paused)
  }, TIMEOUT)

  it('logged no console errors or warnings during the session', () => {
    expect(errors).toEqual([])
  })
})
