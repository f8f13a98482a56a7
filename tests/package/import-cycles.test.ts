/**
 * No import cycle in src/: modules load in one order, so no module sees another half-initialised
 * (the model file and the recommender used to import each other at run time). The graph is read
 * from the sources: every relative `import`/`export ... from` (and dynamic `import()`); type-only
 * imports are checked separately, since they vanish at run time.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'"]*?\s+from\s+)?['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

/** Module -> the modules it imports (runtime edges, and type-only edges), by path relative to src. */
function graph(): { runtime: Map<string, string[]>; types: Map<string, string[]> } {
  const runtime = new Map<string, string[]>();
  const types = new Map<string, string[]>();
  for (const file of sources(SRC)) {
    const key = relative(SRC, file);
    const text = readFileSync(file, 'utf8');
    const run: string[] = [];
    const typ: string[] = [];
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[3] ?? m[4]!;
      const target = relative(SRC, resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      // `import { type A, type B }` with only type specifiers is erased too.
      const braces = m[0].match(/\{([^}]*)\}/)?.[1];
      const onlyTypes = m[2] !== undefined || (braces !== undefined && braces.split(',').every((s) => s.trim() === '' || s.trim().startsWith('type ')));
      (onlyTypes ? typ : run).push(target);
    }
    runtime.set(key, run);
    types.set(key, typ);
  }
  return { runtime, types };
}

/** One cycle of the graph (as a path that starts and ends at one module), or undefined. */
function findCycle(edges: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    state.set(node, 1);
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      if (state.get(next) === 1) return [...stack.slice(stack.indexOf(next)), next];
      if (state.get(next) === undefined) {
        const found = visit(next);
        if (found !== undefined) return found;
      }
    }
    stack.pop();
    state.set(node, 2);
    return undefined;
  };
  for (const node of edges.keys()) {
    if (state.get(node) !== undefined) continue;
    const found = visit(node);
    if (found !== undefined) return found;
  }
  return undefined;
}

describe('import graph of src/', () => {
  const { runtime, types } = graph();

  it('reads every module and resolves every relative import to a module of src/', () => {
    expect(runtime.size).toBeGreaterThan(150);
    for (const [from, targets] of runtime) for (const t of [...targets, ...types.get(from)!]) expect(runtime.has(t), `${from} -> ${t}`).toBe(true);
  });

  it('has no cycle of run-time imports', () => {
    expect(findCycle(runtime)).toBeUndefined();
  });

  it('the detector finds a cycle when there is one (control)', () => {
    const withCycle = new Map(runtime);
    withCycle.set('engine/model-codec.ts', [...runtime.get('engine/model-codec.ts')!, 'engine/recommender.ts']);
    expect(findCycle(withCycle)).toBeDefined();
  });
});
