import { createRequire } from 'node:module';

/** The nearest package.json above this module (src/cli/ in the repository, dist/ in the package) holds the version. */
function packageVersion(): string {
  const require = createRequire(import.meta.url);
  for (const path of ['../package.json', '../../package.json']) {
    try {
      const pkg = require(path) as { name?: unknown; version?: unknown };
      if (pkg.name === 'goods-find-people' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // not there: look one level further up
    }
  }
  return 'unknown';
}

/** The package version, as `gfp --version` prints it. */
export const VERSION: string = packageVersion();
