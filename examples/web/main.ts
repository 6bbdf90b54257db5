/**
 * The live training page: wires the buttons, the canvases and the training loop to the pure
 * pieces in data.ts, model.ts, weights.ts and draw.ts. Training runs in animation-frame-sized
 * chunks (steps until a frame's budget is spent), so the page stays responsive while it learns.
 * The only mutable state is the `let` bindings inside `mount`: the latest trainer, the losses, the
 * prediction mode and the pending animation frame.
 */
import * as E from 'fp-ts/lib/Either.js'
import { io, nn, tensor } from '../../src/index.js'
import { pageSet, rows } from './data.js'
import { drawBoundary, drawLoss, gridPoints } from './draw.js'
import type { LoadResult, TestHook } from './hook.js'
import { accuracy, initTrainer, predict, trainStep, withModel, type Trainer } from './model.js'
import { loadWeights, saveWeights, WEIGHTS_FILE } from './weights.js'

/** Milliseconds of training per animation frame. */
const FRAME_BUDGET_MS = 12
/** The decision boundary is a forward pass over GRID² points, so it is redrawn at most this often. */
const BOUNDARY_EVERY_MS = 250
const GRID = 48

const byId = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id)
  if (el === null) throw new Error(`index.html: no element with id '${id}'`)
  return el as T
}

/** Builds the page's state and handlers; returns the test hook. */
function mount(): TestHook {
  const data = pageSet()
  const points = rows(data)
  const grid = gridPoints(GRID)
  const ui = {
    toggle: byId<HTMLButtonElement>('toggle'), reset: byId<HTMLButtonElement>('reset'),
    seed: byId<HTMLInputElement>('seed'), modeBox: byId<HTMLFieldSetElement>('mode'),
    download: byId<HTMLButtonElement>('download'), load: byId<HTMLInputElement>('load'),
    status: byId('status'), message: byId('message'), repr: byId('repr'),
    boundary: byId<HTMLCanvasElement>('boundary'), loss: byId<HTMLCanvasElement>('loss'),
  }
  const seed = (): number => Math.max(0, Math.floor(Number(ui.seed.value) || 0))

  let trainer: Trainer = initTrainer(seed())
  let losses: number[] = []
  let mode: nn.Mode = 'eval'
  let frame: number | null = null
  let lastBoundary = -Infinity

  const say = (text: string, kind: 'ok' | 'error' | '' = ''): void => {
    ui.message.textContent = text
    ui.message.className = kind
  }
  const showStatus = (): void => {
    const last = losses.at(-1)
    ui.status.textContent = `step ${trainer.step} · loss ${last === undefined ? '–' : last.toFixed(4)} · ` +
      `eval accuracy ${(100 * accuracy(trainer.model, data)).toFixed(1)}% · predictions in ${mode} mode`
  }
  const drawField = (): void => {
    drawBoundary(ui.boundary, predict(trainer.model, grid, mode).select(1, 1).toTypedArray() as Float32Array, GRID, points)
    lastBoundary = performance.now()
  }
  const redraw = (): void => {
    drawLoss(ui.loss, losses)
    drawField()
    showStatus()
  }
  const steps = (n: number): number[] => {
    const out: number[] = []
    for (let i = 0; i < n; i++) {
      const r = trainStep(trainer, data)
      trainer = r.trainer
      out.push(r.loss)
    }
    losses = [...losses, ...out]
    return out
  }

  const tick = (): void => {
    const until = performance.now() + FRAME_BUDGET_MS
    do steps(1)
    while (performance.now() < until)
    drawLoss(ui.loss, losses)
    if (performance.now() - lastBoundary > BOUNDARY_EVERY_MS) {
      drawField()
      showStatus()
    }
    frame = requestAnimationFrame(tick)
  }
  const setRunning = (on: boolean): void => {
    if (frame !== null) cancelAnimationFrame(frame)
    frame = on ? requestAnimationFrame(tick) : null
    ui.toggle.textContent = on ? 'Pause' : 'Start'
    if (!on) redraw()
  }
  const reset = (): void => {
    trainer = initTrainer(seed())
    losses = []
    say(`Reset: fresh weights from random.key(${seed()}).`)
    redraw()
  }
  const load = (bytes: Uint8Array, source: string): LoadResult => {
    const r = loadWeights(trainer.model, bytes)
    if (E.isLeft(r)) {
      say(`Could not load ${source} (${r.left.stage === 'decode' ? 'not a valid safetensors file' : 'does not fit this model'}):\n${r.left.message}`, 'error')
      return { ok: false, ...r.left }
    }
    trainer = withModel(trainer, r.right)
    const tensors = io.stateDict(r.right).size
    say(`Loaded ${source}: eval accuracy ${(100 * accuracy(r.right, data)).toFixed(1)}%.`, 'ok')
    redraw()
    return { ok: true, tensors }
  }
  const download = (): void => {
    const bytes = saveWeights(trainer.model, { step: String(trainer.step) })
    const url = URL.createObjectURL(new Blob([bytes.slice()], { type: 'application/octet-stream' }))
    const a = Object.assign(document.createElement('a'), { href: url, download: WEIGHTS_FILE })
    a.click()
    setTimeout(() => URL.revokeObjectURL(url), 1000)
    say(`Saved ${WEIGHTS_FILE} (${bytes.length} bytes, step ${trainer.step}).`, 'ok')
  }

  ui.toggle.addEventListener('click', () => setRunning(frame === null))
  ui.reset.addEventListener('click', reset)
  ui.download.addEventListener('click', download)
  ui.modeBox.addEventListener('change', (ev) => {
    const value = (ev.target as HTMLInputElement).value
    mode = value === 'train' ? 'train' : 'eval'
    redraw()
  })
  ui.load.addEventListener('change', () => {
    const file = ui.load.files?.[0]
    if (file === undefined) return
    file.arrayBuffer().then((buf) => load(new Uint8Array(buf), file.name), (e: unknown) => say(`Could not read ${file.name}: ${String(e)}`, 'error'))
    ui.load.value = ''
  })
  ui.repr.textContent = String(trainer.model)
  redraw()

  return {
    lossHistory: () => [...losses],
    predict: (pts) => predict(trainer.model, tensor(pts.map(([x, y]) => [x, y])), mode).toArray() as number[][],
    step: (n) => {
      const out = steps(n)
      redraw()
      return out
    },
    stateDictBytes: () => saveWeights(trainer.model),
    loadBytes: (bytes) => load(Uint8Array.from(bytes), 'the given bytes'),
    mode: () => mode,
    running: () => frame !== null,
    reset,
  }
}

window.__immutorch = mount()
