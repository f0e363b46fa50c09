// Packaged entry (bundled to dist/electron/main.cjs by electron/build.ts).
import { startMain } from './main';

void startMain();
