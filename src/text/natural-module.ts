/** What loading a submodule of the optional `natural` package gave: its exports, or why not. */
export type NaturalLoad = { readonly ok: true; readonly exports: unknown } | { readonly ok: false; readonly reason: string };

/** The `require` of the running Node (or compatible) process, without a static import of a built-in. */
function nodeRequire(): ((id: string) => unknown) | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const moduleApi = proc?.getBuiltinModule?.('node:module') as { createRequire?: (from: string) => (id: string) => unknown } | undefined;
  return moduleApi?.createRequire?.(import.meta.url);
}

const loaded = new Map<string, NaturalLoad>();

/**
 * Loads one file of the optional peer dependency `natural` by its path inside the package
 * (`lib/natural/stemmers/porter_stemmer_fr.js`), synchronously, the first time it is asked for.
 * Never loads natural's root module (which loads storage back-ends and dotenv). Needs a runtime
 * with `process.getBuiltinModule` (Node >= 20.16, Bun, Deno); elsewhere the result says so.
 */
export function loadNaturalFile(path: string): NaturalLoad {
  let result = loaded.get(path);
  if (result !== undefined) return result;
  const req = nodeRequire();
  if (req === undefined) {
    result = { ok: false, reason: 'needs natural, and loading it needs Node >= 20.16 (process.getBuiltinModule), Bun or Deno' };
  } else {
    try {
      result = { ok: true, exports: req(`natural/${path}`) };
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      const missing = code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND';
      result = !missing
        ? { ok: false, reason: `needs natural/${path}, which failed to load: ${error instanceof Error ? error.message : String(error)}` }
        : isInstalled(req)
          ? { ok: false, reason: `needs natural/${path}, which the installed natural lacks (natural 8 has it)` }
          : { ok: false, reason: 'needs the optional peer dependency natural: npm install natural' };
    }
  }
  loaded.set(path, result);
  return result;
}

/** True when natural's package.json resolves (natural is installed, whatever its files). */
function isInstalled(req: (id: string) => unknown): boolean {
  try {
    req('natural/package.json');
    return true;
  } catch {
    return false;
  }
}
