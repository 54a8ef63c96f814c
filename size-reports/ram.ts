// RAM a loaded model needs, and the four-way split firmware engineers know from STM32Cube.AI.
//
//   arena       activations: the one ArrayBuffer planned at build time (converter/planArena.ts);
//   lowerBound  the most activation bytes alive at any one step: no plan can beat it;
//   kernels     binary data kernels allocate in prepare() and keep (tables, repacked weights),
//               measured exactly by running load() (size-reports/loadProbe.ts): retained
//               ArrayBuffer/typed-array bytes minus the arena;
//   objects     the session's JS objects (tensor and node descriptors, views, closures, names),
//               ESTIMATED for a 32-bit QuickJS build:
//                 4170 + 480 per node (subgraph nodes included)
//               a least-squares fit (weighted by total RAM) to quickjs-emscripten's
//               JS_ComputeMemoryUsage over load() of alexa, hey_jarvis, melspectrogram,
//               embedding_model and silero_vad_v5: what load() spends within 3.6% on all five (refit
//               when the FFT kernel and the kernels' small eval helpers came in).
//               Tensors and names no longer count: load() drops the file's description as it goes
//               (tensor views live on in the kernels' closures, counted per node). test/size-reports.test.ts re-checks alexa and
//               silero_vad_v5 within 5%. V8 (Node, browsers) spends
//               more per object; Espruino counts JsVars (espruino builds report them: size-reports/variables.ts). Treat it as an order of magnitude
//               elsewhere;
//   model       model.tnx itself, resident when the target loads it into an ArrayBuffer (Node,
//               browsers, QuickJS): constants are read in place from it, never copied. 0 extra
//               when a target maps the file from flash;
//   code        the engine's own copy of the runtime code once parsed, ESTIMATED for QuickJS as
//               4.8 × the minified bundle (bytecode, atoms, debug line tables: 4.6–5.0× on the
//               demo bundles). Engines executing from flash spend less.
//
// Split (as STM32Cube.AI reports activations / runtime RAM / weights ROM / code ROM):
//   activationRam = arena
//   runtimeRam    = kernels + objects
//   weightsFlash  = constant data section of model.tnx (weights + alignment padding)
//   codeFlash     = minified bundle + the rest of model.tnx (graph structure, metadata)
import { LoadProbe } from './loadProbe';

export var OBJECT_COST = { base: 4170, perTensor: 0, perNode: 480, perNameByte: 0, perFusedActivation: 0 };
export var CODE_RAM_FACTOR = 4.8;

export interface RamFigures {
  arena: number;
  lowerBound: number | null;
  kernels: number | null;
  objects: number;
  runtime: number | null;
  model: number;
  code: number | null;
  total: number | null;
  measured: { kernels: 'retained-after-gc' | 'allocated-upper-bound' | null; objects: 'estimate-quickjs-32bit'; code: 'estimate-quickjs' | null };
}
export interface Split { activationRam: number; runtimeRam: number | null; weightsFlash: number; codeFlash: number | null }

export interface RamInputs {
  arena: number;                  // from the model file
  lowerBound: number | null;      // from the build (the planner), when known
  probe: LoadProbe | null;        // null when there is no runnable bundle
  tensors: number;
  nodes: number;
  nameBytes: number;              // UTF-8 bytes of tensor and node names
  fused?: number;                 // nodes with a fused activation
  modelBytes: number;             // model.tnx
  bundleMin: number | null;
}

export function objectBytes(tensors: number, nodes: number, nameBytes: number, fused = 0): number {
  return OBJECT_COST.base + OBJECT_COST.perTensor * tensors + OBJECT_COST.perNode * nodes + OBJECT_COST.perNameByte * nameBytes +
    OBJECT_COST.perFusedActivation * fused;
}

export function ramFigures(x: RamInputs): RamFigures {
  var kernels = x.probe ? Math.max(0, x.probe.retained - x.arena) : null;
  var objects = objectBytes(x.tensors, x.nodes, x.nameBytes, x.fused || 0);
  var runtime = kernels === null ? null : kernels + objects;
  var code = x.bundleMin === null ? null : Math.round(CODE_RAM_FACTOR * x.bundleMin);
  return {
    arena: x.arena, lowerBound: x.lowerBound, kernels, objects, runtime, model: x.modelBytes, code,
    total: runtime === null || code === null ? null : x.arena + runtime + x.modelBytes + code,
    measured: {
      kernels: x.probe ? (x.probe.retainedMeasured ? 'retained-after-gc' : 'allocated-upper-bound') : null,
      objects: 'estimate-quickjs-32bit',
      code: code === null ? null : 'estimate-quickjs',
    },
  };
}

export function split(ram: RamFigures, weightsSection: number, modelBytes: number, bundleMin: number | null): Split {
  return {
    activationRam: ram.arena,
    runtimeRam: ram.runtime,
    weightsFlash: weightsSection,
    codeFlash: bundleMin === null ? null : bundleMin + (modelBytes - weightsSection),
  };
}
