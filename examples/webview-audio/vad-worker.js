// Silero VAD in a (classic) Web Worker (docs/targets.md): the webview build's script bundle is
// loaded with importScripts and defines `tinyonnx`; a Worker has fetch, so the model comes from
// tinyonnx.loadUrl. Messages in: { model: url } once, then { samples: Float32Array(512) } per
// frame; out: { ready: true }, then { frame, probability, speech } per frame.
importScripts('runtime.js');

var session = null, input = new Float32Array(512), feeds = { input: input }, index = 0, speech = false;

onmessage = function (e) {
  if (e.data.model) {
    tinyonnx.loadUrl(e.data.model).then(function (s) {
      session = s;
      postMessage({ ready: true });
    }, function (err) { postMessage({ error: String(err && err.message || err) }); });
    return;
  }
  input.set(e.data.samples);
  var p = session.run(feeds).output[0];
  speech = speech ? p >= 0.35 : p > 0.5;
  postMessage({ frame: index++, probability: p, speech: speech });
};
