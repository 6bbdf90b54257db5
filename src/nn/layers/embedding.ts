/**
 * Embedding: a lookup table [num, dim] initialised from N(0, 1), rows picked by integer indices of
 * any shape; `paddingIdx`'s row starts at zero, as torch.nn.Embedding.
 */
import type { Key } from '../../random/key.js'
import { arange } from '../../tensor/create.js'
import type { FloatDType } from '../../tensor/dtype.js'
import { ne, where } from '../../tensor/compare.js'
import { indexSelect } from '../../tensor/slice.js'
import type { Tensor } from '../../tensor/tensor.js'
import { detach } from '../../tensor/trace.js'
import { reshape, unsqueeze } from '../../tensor/view.js'
import { normalInit } from '../init.js'
import { module, type Module } from '../module.js'
import { checkSize } from './linear.js'

/** Embedding's static configuration. */
export interface EmbeddingConfig {
  readonly numEmbeddings: number
  readonly embeddingDim: number
  readonly paddingIdx: number | null
}

/** The Embedding module type. */
export type Embedding = Module<{ weight: Tensor }, {}, {}, EmbeddingConfig, Tensor, Tensor, false>

/**
 * A table of `numEmbeddings` vectors of size `embeddingDim`.
 * @example
 * import { nn, random, tensor } from 'immutorch'
 *
 * const emb = nn.Embedding(10, 3, { key: random.key(0) })
 * nn.run(emb, tensor([[1, 4]], { dtype: 'int64' }), { mode: 'eval' })[0].shape // [1, 2, 3]
 */
export function Embedding(numEmbeddings: number, embeddingDim: number, { key, paddingIdx = null, dtype = 'float32' }: { readonly key: Key; readonly paddingIdx?: number | null; readonly dtype?: FloatDType }): Embedding {
  checkSize('Embedding', 'numEmbeddings', numEmbeddings)
  checkSize('Embedding', 'embeddingDim', embeddingDim)
  let pad = paddingIdx
  if (pad !== null) {
    if (!Number.isInteger(pad) || pad < -numEmbeddings || pad >= numEmbeddings) {
      throw new RangeError(`Embedding: paddingIdx ${pad} must be within num_embeddings ${numEmbeddings}`)
    }
    if (pad < 0) pad += numEmbeddings
  }
  let weight = normalInit(key, [numEmbeddings, embeddingDim], dtype)
  if (pad !== null) weight = where(unsqueeze(ne(arange(numEmbeddings), pad), 1), weight, 0)
  return module('Embedding', {
    params: { weight },
    config: { numEmbeddings, embeddingDim, paddingIdx: pad },
    forward: (self, idx: Tensor) => {
      const p = self.config.paddingIdx
      // The padding row takes no gradient (PyTorch's padding_idx): its values pass through a stop.
      const w = p === null ? self.params.weight
        : where(unsqueeze(ne(arange(self.config.numEmbeddings), p), 1), self.params.weight, detach(self.params.weight))
      return reshape(indexSelect(w, 0, reshape(idx, [idx.size])), [...idx.shape, w.shape[1]])
    },
    extraRepr: (self) => `${self.config.numEmbeddings}, ${self.config.embeddingDim}${self.config.paddingIdx === null ? '' : `, padding_idx=${self.config.paddingIdx}`}`,
  })
}
