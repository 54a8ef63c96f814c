// Silero VAD in an AudioWorkletProcessor (docs/targets.md, "Web Worker and AudioWorklet").
// The webview build's ES module runs in the audio rendering thread as it is: it needs no fetch,
// TextDecoder or timers. There is no fetch in a worklet, so the page posts the model bytes in
// (processorOptions.model, an ArrayBuffer). Build with --state stateN=state: the session carries
// the VAD state itself, so the processor feeds only audio.
//
// The audio arrives in render quanta of 128 samples; 4 of them make a 512-sample frame (32 ms at
// 16 kHz). Each frame's probability and speech decision are posted to the page.
import { load } from './runtime.mjs';

var FRAME = 512;

class VadProcessor extends AudioWorkletProcessor {
  constructor(options) {
    super();
    this.session = load(options.processorOptions.model);
    this.frame = new Float32Array(FRAME);
    this.feeds = { input: this.frame };      // allocated once: process() allocates nothing
    this.filled = 0;
    this.index = 0;
    this.speech = false;
  }

  process(inputs) {
    var samples = inputs[0] && inputs[0][0];
    if (!samples) return true;               // nothing connected (yet)
    for (var i = 0; i < samples.length; i++) {
      this.frame[this.filled++] = samples[i];
      if (this.filled < FRAME) continue;
      this.filled = 0;
      var p = this.session.run(this.feeds).output[0];
      this.speech = this.speech ? p >= 0.35 : p > 0.5;   // hysteresis: on above 0.5, off below 0.35
      this.port.postMessage({ frame: this.index++, probability: p, speech: this.speech });
    }
    return true;
  }
}

registerProcessor('silero-vad', VadProcessor);
