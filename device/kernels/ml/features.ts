// The feature input every ai.onnx.ml op takes: float32, float64 or int (int64 arrives as int32).
import { fail } from '../contract';
import { FLOAT, DOUBLE, INT32, DTYPE_NAME } from '../../dtype';

export function checkFeatures(dtype: number) {
  if (dtype !== FLOAT && dtype !== DOUBLE && dtype !== INT32) fail('X must be float32, float64 or int, got ' + DTYPE_NAME[dtype]);
}
