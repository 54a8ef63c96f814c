#!/usr/bin/env node
'use strict';
var path = require('path'), fs = require('fs');
var main = path.join(__dirname, '..', 'dist', 'host', 'cli', 'main.js');
if (!fs.existsSync(main)) {
  console.error('tinyonnx: not built yet; run `npm run build` in ' + path.join(__dirname, '..'));
  process.exit(2);
}
require(main).main(process.argv.slice(2)).then(function (code) { process.exitCode = code; },
  function (e) { console.error('tinyonnx: internal error: ' + (e && e.stack || e)); process.exitCode = 2; });
