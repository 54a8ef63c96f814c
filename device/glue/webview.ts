// WebView I/O glue: tinyonnx.loadUrl(url) fetches a model and resolves to a session.
import { Session } from '../runtime';

declare var fetch: (url: string) => any;

export function makeLoadUrl(load: (bytes: ArrayBuffer) => Session) {
  return function loadUrl(url: string): any {
    return fetch(url).then(function (r: any) {
      if (!r.ok) throw new Error('loadUrl: ' + url + ': HTTP ' + r.status);
      return r.arrayBuffer();
    }).then(function (buf: ArrayBuffer) { return load(buf); });
  };
}
