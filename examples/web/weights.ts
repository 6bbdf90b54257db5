/**
 * Saving and loading the page's weights as safetensors bytes. A file from outside is data, not a
 * programming mistake, so loading answers with an Either: the new model, or the message of the
 * safetensors DecodeError or the state dict's LoadError (PyTorch's text) to show the user.
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { io } from '../../src/index.js'
import type { Net } from './model.js'

/** Why a file did not load: which stage refused it, and that stage's message. */
export interface WeightsError {
  readonly stage: 'decode' | 'load'
  readonly message: string
}

/** The file name the download button offers. */
export const WEIGHTS_FILE = 'spirals-mlp.safetensors'

/** The model's state dict (parameters and BatchNorm buffers) as a safetensors file. */
export const saveWeights = (model: Net, metadata: Readonly<Record<string, string>> = {}): Uint8Array =>
  io.safetensors.encode(io.stateDict(model), { format: 'pt', ...metadata })

/** A new model shaped like `like`, holding the weights in `bytes`; `like` is unchanged. */
export const loadWeights = (like: Net, bytes: Uint8Array): E.Either<WeightsError, Net> =>
  pipe(
    io.safetensors.decode(bytes),
    E.mapLeft((e): WeightsError => ({ stage: 'decode', message: e.message })),
    E.chain(({ tensors }) => pipe(
      io.loadStateDict(like, tensors),
      E.mapLeft((e): WeightsError => ({ stage: 'load', message: e.message })),
    )),
  )
