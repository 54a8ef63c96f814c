// Synthetic 16 kHz test audio, the same in every example and test (no recordings needed):
// a voiced "buzz" (140 Hz and its harmonics, slowly amplitude-modulated, like a sustained vowel)
// in bursts separated by silence. Computed in float64 and stored as float32, so Node, a page and
// an AudioWorklet all see the same samples.
export var SAMPLE_RATE = 16000;

// `seconds` of audio: bursts of `burst` s, then `gap` s of silence, repeated.
export function toneBursts(seconds, burst, gap) {
  var n = Math.round(seconds * SAMPLE_RATE), out = new Float32Array(n), period = burst + gap;
  for (var i = 0; i < n; i++) {
    var t = i / SAMPLE_RATE, inBurst = (t % period) < burst;
    if (!inBurst) continue;
    var v = 0;
    for (var h = 1; h <= 12; h++) v += Math.sin(2 * Math.PI * 140 * h * t) / h;
    out[i] = 0.3 * v * (0.6 + 0.4 * Math.sin(2 * Math.PI * 4 * t));
  }
  return out;
}
