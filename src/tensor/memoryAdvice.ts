/**
 * Out-of-memory errors of the tensor path, turned into advice. TF.js reports running out of memory
 * in several ways depending on the backend: a RangeError from a typed-array allocation (CPU, WASM),
 * "Failed to allocate" / GL_OUT_OF_MEMORY (WebGL), a buffer over the device's limits or "out of memory"
 * (WebGPU). Whatever the wording, the student should read what to make smaller.
 */

const OUT_OF_MEMORY = /out of memory|allocation failed|array buffer allocation|invalid (typed )?array length|failed to allocate|gl_out_of_memory|maxbuffersize|max buffer size|maxstoragebufferbindingsize|requested texture size|exceeds the (maximum|limit)/i;

export const MEMORY_ADVICE =
  'reduce the model (n_embd, n_layer, block_size, width, depth, hidden), the batch size or the number of runs, or force another backend';

/** Whether `err` reads as the backend or the JS heap running out of memory. */
export function isOutOfMemory(err: unknown): boolean {
  if (err instanceof RangeError) return /alloc|length|memory|size/i.test(err.message);
  const message = err instanceof Error ? err.message : String(err);
  return OUT_OF_MEMORY.test(message);
}

/** `err` itself, or for an out-of-memory error a new Error that says what happened and what to reduce. */
export function withMemoryAdvice(err: unknown, while_: string): Error {
  if (!isOutOfMemory(err)) return err instanceof Error ? err : new Error(String(err));
  const message = err instanceof Error ? err.message : String(err);
  return new Error(`out of memory while ${while_} (${message}): ${MEMORY_ADVICE}`);
}
