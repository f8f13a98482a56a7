/**
 * Loading the WebAssembly SIMD kernels (compiled from wasm/*.ts into base64 modules): each module
 * is compiled once per thread, and every user gets its own instance (its own memory). Where
 * WebAssembly or its SIMD is missing, or the kernels are switched off, callers keep the
 * TypeScript kernels.
 */
import { fromBase64 } from '../base64.js';

/** The parts of the WebAssembly API used here (the project's lib settings declare no DOM types). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** An instance of a kernel module. */
export interface WasmInstance {
  readonly exports: Readonly<Record<string, unknown>>;
}

interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => WasmInstance;
}

/** Compiled modules of this thread by their base64 text (undefined: not loadable here). */
const compiled = new Map<string, { readonly api: WasmApi; readonly module: object } | undefined>();
let enabled = true;

/** A new instance of the module in `base64` (compiled once per thread), or undefined without WebAssembly SIMD. */
export function instantiateKernels(base64: string): WasmInstance | undefined {
  if (!compiled.has(base64)) {
    let entry: { readonly api: WasmApi; readonly module: object } | undefined;
    try {
      const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
      const bytes = fromBase64(base64);
      // validate() is false where SIMD (or WebAssembly itself) is not supported.
      if (api !== undefined && api.validate(bytes)) entry = { api, module: new api.Module(bytes) };
    } catch {
      entry = undefined;
    }
    compiled.set(base64, entry);
  }
  const c = compiled.get(base64);
  return c === undefined ? undefined : new c.api.Instance(c.module, {});
}

/**
 * Whether the WebAssembly kernels are switched on for work started from this thread (on by
 * default; benchmarks and tests switch them off to run the TypeScript reference).
 */
export function wasmEnabled(on?: boolean): boolean {
  if (on !== undefined) enabled = on;
  return enabled;
}

/** Offsets are 16-byte aligned (v128 loads). */
export const align = (n: number): number => Math.ceil(n / 16) * 16;

/** Bytes kept free at the start of memory (the compiler's static area). */
export const BASE = 1024;

/** Grows `memory` to at least `bytes`. */
export function reserve(memory: WasmMemory, bytes: number): void {
  const missing = bytes - memory.buffer.byteLength;
  if (missing > 0) memory.grow(Math.ceil(missing / 65536));
}

/** Copies the bytes of `a` into `memory` at `offset`. */
export function put(memory: WasmMemory, offset: number, a: ArrayBufferView): void {
  new Uint8Array(memory.buffer, offset, a.byteLength).set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
}
