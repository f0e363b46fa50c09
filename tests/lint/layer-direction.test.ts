import { RuleTester } from 'eslint';
import path from 'node:path';
import { describe, it } from 'vitest';
import { layerDirection } from '../../build/eslint/layer-direction.js';

// RuleTester calls describe/it itself; bind it to vitest.
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const root = path.resolve(import.meta.dirname, '../..');
const at = (p: string) => path.join(root, p);
const tester = new RuleTester({ languageOptions: { ecmaVersion: 2023, sourceType: 'module' } });
const options = [{ root }];

tester.run('layer-direction', layerDirection, {
  valid: [
    { code: "import { approvedPosts } from './ledger';", filename: at('domain/alarms.ts'), options },
    { code: "import { ledgerSummary } from '../domain/ledger';", filename: at('db/ledger-repository.ts'), options },
    { code: "import Database from 'better-sqlite3';", filename: at('db/open.ts'), options },
    { code: "import { sign } from '../native/token';", filename: at('server/ca/ca.ts'), options },
    { code: "import { createHash } from 'node:crypto';", filename: at('server/audit.ts'), options },
    { code: "import { Type } from '@sinclair/typebox';", filename: at('domain/contract/api.ts'), options },
    { code: "import { x } from '../../renderer/app';", filename: at('tests/e2e/app.test.ts'), options },
  ],
  invalid: [
    { code: "import { readFileSync } from 'node:fs';", filename: at('domain/ledger.ts'), options, errors: [{ messageId: 'builtin' }] },
    { code: "import fs from 'fs';", filename: at('domain/ledger.ts'), options, errors: [{ messageId: 'builtin' }] },
    { code: "import Database from 'better-sqlite3';", filename: at('domain/x.ts'), options, errors: [{ messageId: 'pkg' }] },
    { code: "import { openReplica } from '../db/open';", filename: at('domain/x.ts'), options, errors: [{ messageId: 'layer' }] },
    { code: "import { openReplica } from '../db/open';", filename: at('server/app.ts'), options, errors: [{ messageId: 'layer' }] },
    { code: "import { Store } from '../db';", filename: at('native/token.ts'), options, errors: [{ messageId: 'layer' }] },
    { code: "import { main } from '../electron/main';", filename: at('db/open.ts'), options, errors: [{ messageId: 'layer' }] },
    { code: "import { App } from '../renderer/app';", filename: at('server/app.ts'), options, errors: [{ messageId: 'layer' }] },
    { code: "import { App } from '../renderer/app';", filename: at('cli/main.ts'), options, errors: [{ messageId: 'layer' }] },
    { code: "export * from '../server/app';", filename: at('renderer/api.ts'), options, errors: [{ messageId: 'layer' }] },
    { code: "const m = await import('../db/open');", filename: at('renderer/x.ts'), options, errors: [{ messageId: 'layer' }] },
    { code: "import { ipcRenderer } from 'electron';", filename: at('renderer/x.ts'), options, errors: [{ messageId: 'pkg' }] },
    { code: "import path from 'node:path';", filename: at('renderer/x.ts'), options, errors: [{ messageId: 'builtin' }] },
    { code: "const x = require('pg');", filename: at('domain/x.ts'), options, errors: [{ messageId: 'pkg' }] },
  ],
});

tester.run('layer-direction (client services)', layerDirection, {
  valid: [{ code: "import { openReplica } from '../db';", filename: at('client/replica.ts'), options }],
  invalid: [
    { code: "import { app } from 'electron';", filename: at('client/key-session.ts'), options, errors: [{ messageId: 'pkg' }] },
    { code: "import { buildApp } from '../server/app';", filename: at('client/sync.ts'), options, errors: [{ messageId: 'layer' }] },
    { code: "import { createWindow } from '../electron/window';", filename: at('client/x.ts'), options, errors: [{ messageId: 'layer' }] },
  ],
});
