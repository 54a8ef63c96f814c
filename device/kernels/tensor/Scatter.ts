import { Meta } from '../infer';
import { ALL_DTYPES } from './common';
import { inferScatterElements, prepareScatterElements } from './scatterInto';

// Opset 9-10 name of ScatterElements (no reduction attribute); removed in opset 11.
export var meta: Meta = { op: 'Scatter', domain: '', since: 9, until: 10, dtypes: ALL_DTYPES };
export var infer = inferScatterElements;
export var prepare = prepareScatterElements;
