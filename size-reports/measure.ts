// Sizes of one bundle: raw (Rollup output, before Terser), minified, gzip -9, brotli q11.
// "min" and the compressed sizes are of the minified code as it ships, without the trailing
// `//# sourceMappingURL=` comment lines (deployments strip them; they are not code).
import * as zlib from 'zlib';

/** The code without trailing `//# sourceMappingURL=...` lines and trailing line breaks. */
export function stripMapComment(code: string): string {
  var lines = code.split('\n');
  while (lines.length && (lines[lines.length - 1].trim() === '' || /^\/\/[#@] sourceMappingURL=/.test(lines[lines.length - 1].trim()))) lines.pop();
  return lines.join('\n');
}

export function gzipBytes(buf: Buffer): number { return zlib.gzipSync(buf, { level: 9 }).length; }
export function brotliBytes(buf: Buffer): number {
  return zlib.brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length } }).length;
}

/** min/gzip/brotli of minified code (the map comment is stripped first). */
export function minSizes(min: string): { min: number; gzip: number; brotli: number } {
  var buf = Buffer.from(stripMapComment(min), 'utf8');
  return { min: buf.length, gzip: gzipBytes(buf), brotli: brotliBytes(buf) };
}
