// Drops stopwords from a [C] or [1, C] string tensor and changes the case of what is left
// (case_change_action LOWER / UPPER / NONE; is_case_sensitive for the stopword match). Case is
// changed with the engine's toLowerCase/toUpperCase; `locale` is ignored. When every string is a
// stopword the output is one empty string, shape [1] or [1, 1]. With stopwords the output length
// depends on the strings, so the input must then be a build-time constant (the op folds).
import { Node, fail, constInput } from '../contract';
import { Meta, Infer } from '../infer';
import { STRING } from '../../dtype';

export var meta: Meta = { op: 'StringNormalizer', domain: '', since: 10, dtypes: ['string'] };

interface Rules { act: string; cs: boolean; stop: { [k: string]: number }; any: boolean }

function rules(attrs: any): Rules {
  var act = attrs.case_change_action === undefined ? 'NONE' : attrs.case_change_action;
  if (act !== 'LOWER' && act !== 'UPPER' && act !== 'NONE') fail('case_change_action must be LOWER, UPPER or NONE, got \'' + act + '\'');
  var cs = attrs.is_case_sensitive === 1, sw: string[] = attrs.stopwords || [], stop: { [k: string]: number } = {};
  for (var i = 0; i < sw.length; i++) stop['$' + (cs ? sw[i] : sw[i].toLowerCase())] = 1;   // '$': no clash with Object.prototype
  return { act: act, cs: cs, stop: stop, any: sw.length > 0 };
}

function isStop(r: Rules, w: string): boolean {
  return r.stop['$' + (r.cs ? w : w.toLowerCase())] === 1;
}

export var infer: Infer = function (node) {
  var X = node.inputs[0]!, s = X.shape, r = rules(node.attrs);
  if (X.dtype !== STRING) fail('input must be a string tensor');
  if (!(s.length === 1 || (s.length === 2 && s[0] === 1))) fail('input must have shape [C] or [1, C], got [' + s + ']');
  var c = s[s.length - 1];
  if (r.any && c > 0) {
    var x = constInput(node, 0, 'X (with stopwords, its strings decide the output length)') as any as string[];
    c = 0;
    for (var i = 0; i < x.length; i++) if (!isStop(r, x[i])) c++;
    if (c === 0) c = 1;   // one empty string
  }
  return [{ dtype: STRING, shape: s.length === 1 ? [c] : [1, c] }];
};

export function prepare(node: Node) {
  var x = node.inputs[0]!.data as any as string[], y = node.outputs[0].data as any as string[];
  var r = rules(node.attrs), n = x.length, cap = y.length, act = r.act;
  return function () {
    var c = 0, w: string;
    for (var i = 0; i < n && c < cap; i++) {
      w = x[i];
      if (r.any && isStop(r, w)) continue;
      y[c++] = act === 'LOWER' ? w.toLowerCase() : act === 'UPPER' ? w.toUpperCase() : w;
    }
    while (c < cap) y[c++] = '';
  };
}
