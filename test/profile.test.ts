// `tinyonnx profile` (cli/profile.ts): one row per node of the build, in node, QuickJS and
// Duktape, with the multiply-adds base/nodeCost.ts counts; `inspect` shows the same counts.
import { describe, it, expect } from 'vitest';
import { modelSpec } from './models';
import { buildSpec } from './buildCache';
import { profileBuild } from '../cli/profile';
import { inspect as summarize } from '../api/inspect';
import { haveDuk } from '../targets/engines/duktape';
import * as path from 'path';

// Duktape comes from apt: its case skips (one line) when absent, unless TINYONNX_REQUIRE_ENGINES=1
var noDuk = !haveDuk() && process.env.TINYONNX_REQUIRE_ENGINES !== '1';
if (noDuk) console.log('skipped profiling in Duktape: needs duktape (apt-get install duktape)');

describe('profile', () => {
  for (var engine of ['node', 'quickjs', 'duktape']) {
    const e = engine;
    it.skipIf(e === 'duktape' && noDuk)(`alexa in ${e}: every node timed, Gemm MACs counted`, async () => {
      var b = await buildSpec(modelSpec('alexa_v0.1'));
      var rows = await profileBuild(b.dir, e, 1);
      var s = summarize(path.join(b.dir, 'model.tnx'));
      expect(rows.map(r => r.name)).toEqual(s.nodes!.map(n => n.name));
      expect(rows.every(r => r.ms > 0)).toBe(true);
      expect(rows.reduce((a, r) => a + r.share, 0)).toBeCloseTo(1, 6);
      // 1536 → 128 → 128 → 1 fully connected layers
      expect(rows.filter(r => r.op === 'Gemm').map(r => r.macs)).toEqual([1536 * 128, 128 * 128, 128]);
      expect(s.macs).toBe(1536 * 128 + 128 * 128 + 128);
    }, 120000);
  }
});
