// Prints the SDK's size as an app ships it: bundled and minified with esbuild, then gzipped.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';

const result = await build({ entryPoints: ['src/index.js'], bundle: true, minify: true, format: 'esm', write: false, platform: 'browser' });
const code = result.outputFiles[0].contents;
console.log(`minified: ${code.length} bytes, minified + gzip: ${gzipSync(code, { level: 9 }).length} bytes`);
