// Development entry for the Electron binary: runs the TypeScript main through tsx. Packaged builds
// load the bundled dist/electron/main.cjs instead (see build/electron-builder.yml).
import { register } from 'tsx/esm/api';

register();
const { startMain } = await import('./main.ts');
await startMain();
