// npm install tinyonnx vite, then: npx vite build (or npx vite for the dev server)
import tinyonnx from 'tinyonnx/vite';

export default {
  // webview: the ES2017 runtime; per-model options can also go in the import's query
  plugins: [tinyonnx({ target: 'webview' })],
};
