// `tinyonnx profile` (cli/profile.ts): one row per node of the build, in node, QuickJS, Duktape,
// headless Chromium and the real Espruino, with the multiply-adds base/nodeCost.ts counts;
// `inspect` shows the same counts.
import { describe, it, expect } from 'vitest';
import { modelSpec } from './models';
import { buildSpec } from './buildCache';
import { profileBuild } from '../cli/profile';
import { inspect as summarize } from '../api/inspect';
import { haveDuk } from '../targets/engines/duktape';
import { haveChromium } from '../targets/engines/chromium';
import { espruinoBinary } from '../targets/engines/espruino';
import * as path from 'path';

// Duktape comes from apt: its case skips (one line) when absent, unless TINYONNX_REQUIRE_ENGINES=1
var noDuk = !haveDuk() && process.env.TINYONNX_REQUIRE_ENGINES !== '1';
if (noDuk) console.log('skipped profiling in Duktape: needs duktape (apt-get install duktape)');

var require_ = process.env.TINYONNX_REQUIRE_ENGINES === '1';
var noChromium = !haveChromium() && !require_, noEspruino = !require_ && !espruinoBinary().path;
if (noChromium) console.log('skipped profiling in Chromium: needs chromium (apt-get install chromium)');
if (noEspruino) console.log(`skipped profiling in Espruino: no interpreter (${espruinoBinary().why})`);
var skip: Record<string, boolean> = { node: false, quickjs: false, duktape: noDuk, chromium: noChromium, espruino: noEspruino };

describe('profile', () => {
  for (var engine of ['node', 'quickjs', 'duktape', 'chromium', 'espruino']) {
    const e = engine;
    it.skipIf(skip[e])(`alexa in ${e}: every node timed, Gemm MACs counted`, async () => {
      var b = await buildSpec(modelSpec('alexa_v0.1'), e === 'espruino' ? { target: 'espruino' } : {});
      var rows = await profileBuild(b.dir, e, 1);
      var s = summarize(path.join(b.dir, 'model.tnx'));
      expect(rows.map(r => r.name)).toEqual(s.nodes!.map(n => n.name));
      expect(rows.every(r => r.ms > 0)).toBe(true);
      expect(rows.reduce((a, r) => a + r.share, 0)).toBeCloseTo(1, 6);
      // 1536 → 128 → 128 → 1 fully connected layers (on Espruino split in pieces of 8 and 64 channels)
      var gemms = rows.filter(r => r.op === 'Gemm').map(r => r.macs);
      expect(gemms).toEqual(e === 'espruino' ? Array(16).fill(1536 * 8).concat([128 * 64, 128 * 64, 128]) : [1536 * 128, 128 * 128, 128]);
      expect(s.macs).toBe(1536 * 128 + 128 * 128 + 128);
    }, 120000);
  }
  it('on Espruino, a build for another target is refused with one line that says what to do', async () => {
    var b = await buildSpec(modelSpec('alexa_v0.1'));
    await expect(profileBuild(b.dir, 'espruino', 1)).rejects.toThrow(/is not an espruino build \(no espruino-upload\.js\); build it with --target espruino$/);
  });
});
