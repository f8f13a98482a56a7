import * as esbuild from 'esbuild';
import { gzipSync } from 'node:zlib';
for (const code of [process.argv[2]]) {
const r = await esbuild.build({ stdin: { contents: code, resolveDir: process.cwd(), loader: 'ts' }, bundle: true, minify: true, format: 'esm', platform: 'browser', write: false, metafile: true, outfile: '/tmp/o.js', logLevel: 'silent' });
const out = r.outputFiles[0].contents;
console.log('total', out.length, 'gz', gzipSync(out).length);
const inputs = Object.values(r.metafile.outputs)[0].inputs;
const agg = new Map();
for (const [k, v] of Object.entries(inputs)) { const key = k.includes('node_modules') ? k.replace(/.*node_modules\//,'').split('/').slice(0,3).join('/') : k.split('/').slice(0,2).join('/'); agg.set(key, (agg.get(key)??0)+v.bytesInOutput); }
for (const [k,v] of [...agg].sort((a,b)=>b[1]-a[1]).slice(0,30)) console.log(v, k);
}
