/**
 * `npm start`: every demo in order.
 */
import { main as tensors } from './tensors.js'
import { main as modules } from './modules.js'

tensors()
modules()
