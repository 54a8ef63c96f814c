// tinyonnx's build API as an ES module: the CommonJS build (dist/host/api/index.js) re-exported.
import api from '../dist/host/api/index.js';

export var build = api.build;
export var writeBuild = api.writeBuild;
export var convert = api.convert;
export var inspect = api.inspect;
export var size = api.size;
export var buildPipeline = api.buildPipeline;
export var readConfig = api.readConfig;
export var version = api.version;
export var TinyonnxError = api.TinyonnxError;
export var TARGETS = api.TARGETS;
export default api;
