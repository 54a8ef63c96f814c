// Sizes of one build: bundle (raw, minified, gzip -9, brotli q11), model, arena.
import * as zlib from 'zlib';

export interface BundleSizes { raw: number; min: number; gzip: number; brotli: number }

export function compressedSizes(raw: string, min: string): BundleSizes {
  var buf = Buffer.from(min, 'utf8');
  return {
    raw: Buffer.byteLength(raw, 'utf8'),
    min: buf.length,
    gzip: zlib.gzipSync(buf, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}
