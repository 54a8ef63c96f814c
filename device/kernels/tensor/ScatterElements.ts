import { Meta } from '../infer';
import { ALL_DTYPES } from './common';
import { inferScatterElements, prepareScatterElements } from './scatterInto';

// reduction: add/mul from opset 16, max/min from 18.
export var meta: Meta = { op: 'ScatterElements', domain: '', since: 11, dtypes: ALL_DTYPES };
export var infer = inferScatterElements;
export var prepare = prepareScatterElements;
