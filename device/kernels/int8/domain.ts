// The ONNX domain of the int8 kernels: their `meta` registers under it, and the converter
// writes it on the nodes it turns into them.
export var INT8_DOMAIN = 'tinyonnx.int8';
