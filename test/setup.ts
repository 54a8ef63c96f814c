// Lets the host kernel registry (base/registry.ts) require the kernels' TypeScript sources, so the
// tests run against source rather than dist/ (vitest transforms imports, not runtime requires).
import { register } from 'tsx/cjs/api';
register();
