import { RuleTester } from 'eslint';
import path from 'node:path';
import { describe, it } from 'vitest';
import tseslint from 'typescript-eslint';
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

// The allow-lists: each layer imports only the packages and Node built-ins named for it.
const ok = (code: string, file: string) => ({ code, filename: at(file), options });
const refused = (code: string, file: string, messageId: 'pkg' | 'builtin') => ({ code, filename: at(file), options, errors: [{ messageId }] });

tester.run('layer-direction (allow-lists)', layerDirection, {
  valid: [
    // domain: the schema kit only
    ok("import { Type } from '@sinclair/typebox';", 'domain/api/common.ts'),
    ok("import { Value } from '@sinclair/typebox/value';", 'domain/contract/channels.ts'),
    // renderer: React and its UI kit, subpaths included
    ok("import { jsx } from 'react/jsx-runtime';", 'renderer/App.tsx'),
    ok("import { Button } from 'antd';", 'renderer/screens/x.tsx'),
    ok("import 'dayjs/locale/zh-cn';", 'renderer/main.tsx'),
    ok("import { useQuery } from '@tanstack/react-query';", 'renderer/api/x.ts'),
    // db
    ok("import Database from 'better-sqlite3';", 'db/open.ts'),
    ok("import { mkdirSync } from 'node:fs';", 'db/open.ts'),
    // native
    ok("import pkcs11js from 'pkcs11js';", 'native/pkcs11-module.ts'),
    ok("import HID from 'node-hid';", 'native/hid.ts'),
    ok("import * as x509 from '@peculiar/x509';", 'native/x509.ts'),
    ok("import { readFile } from 'node:fs/promises';", 'native/x.ts'),
    // server
    ok("import Fastify from 'fastify';", 'server/app.ts'),
    ok("import pg from 'pg';", 'server/db/pool.ts'),
    ok("import { PGlite } from '@electric-sql/pglite';", 'server/db/pglite.ts'),
    ok("import pino from 'pino';", 'server/main.ts'),
    ok("import { isIP } from 'node:net';", 'server/tls.ts'),
    // client
    ok("import { WebSocketServer } from 'ws';", 'client/browser-host.ts'),
    ok("import https from 'node:https';", 'client/http-client.ts'),
    ok("const { chromium } = await import('playwright-core');", 'client/print/chromium-pdf.ts'),
    // electron, cli
    ok("import { app } from 'electron';", 'electron/main.ts'),
    ok("import { parseArgs } from 'node:util';", 'cli/main.ts'),
    // tests, benches, scripts, build: anything
    ok("import { chromium } from 'playwright';", 'bench/print.ts'),
    ok("import { execFileSync } from 'node:child_process';", 'tests/cli/x.test.ts'),
    ok("import fc from 'fast-check';", 'tests/domain/x.test.ts'),
    ok("import { readFileSync } from 'node:fs';", 'scripts/x.mjs'),
  ],
  invalid: [
    // domain: no spreadsheet, date or UI package, no Node built-in (with or without `node:`)
    refused("import ExcelJS from 'exceljs';", 'domain/staff-table.ts', 'pkg'),
    refused("import dayjs from 'dayjs';", 'domain/x.ts', 'pkg'),
    refused("import { useState } from 'react';", 'domain/x.ts', 'pkg'),
    refused("import pino from 'pino';", 'domain/x.ts', 'pkg'),
    refused("import { Buffer } from 'node:buffer';", 'domain/x.ts', 'builtin'),
    refused("import { createHash } from 'crypto';", 'domain/x.ts', 'builtin'),
    refused("export { format } from 'node:util';", 'domain/x.ts', 'builtin'),
    // renderer: no Node built-in, no Node-side package
    refused("import { readFileSync } from 'node:fs';", 'renderer/x.tsx', 'builtin'),
    refused("import { readFile } from 'fs/promises';", 'renderer/x.tsx', 'builtin'),
    refused("import ExcelJS from 'exceljs';", 'renderer/x.tsx', 'pkg'),
    refused("import pino from 'pino';", 'renderer/x.tsx', 'pkg'),
    refused("import { WebSocket } from 'ws';", 'renderer/x.tsx', 'pkg'),
    // db: SQLite only
    refused("import pg from 'pg';", 'db/x.ts', 'pkg'),
    refused("import { request } from 'node:https';", 'db/x.ts', 'builtin'),
    // native: no web server, no database
    refused("import Fastify from 'fastify';", 'native/x.ts', 'pkg'),
    refused("import Database from 'better-sqlite3';", 'native/x.ts', 'pkg'),
    refused("import { spawn } from 'node:child_process';", 'native/x.ts', 'builtin'),
    // server: no UI, no SQLite replica, no browser
    refused("import { Button } from 'antd';", 'server/x.ts', 'pkg'),
    refused("import Database from 'better-sqlite3';", 'server/x.ts', 'pkg'),
    refused("import { chromium } from 'playwright-core';", 'server/x.ts', 'pkg'),
    refused("import { app } from 'electron';", 'server/x.ts', 'pkg'),
    refused("import pkcs11js from 'pkcs11js';", 'server/ca/x.ts', 'pkg'),  // the CA signs through native/'s one PKCS#11 session module
    // client: no web server, no UI, no Electron (it runs in browser mode too)
    refused("import Fastify from 'fastify';", 'client/x.ts', 'pkg'),
    refused("import { createRoot } from 'react-dom/client';", 'client/x.ts', 'pkg'),
    refused("import { spawn } from 'node:child_process';", 'client/x.ts', 'builtin'),
    // electron: no server packages; cli: no database driver of its own
    refused("import pg from 'pg';", 'electron/x.ts', 'pkg'),
    refused("import pg from 'pg';", 'cli/x.ts', 'pkg'),
    // a package not on any list is refused where a list applies
    refused("import leftPad from 'left-pad';", 'server/x.ts', 'pkg'),
  ],
});

// TypeScript-only forms of an import reach the same check.
const tsTester = new RuleTester({ languageOptions: { parser: tseslint.parser, ecmaVersion: 2023, sourceType: 'module' } });
tsTester.run('layer-direction (TypeScript import forms)', layerDirection, {
  valid: [ok("import type { Static } from '@sinclair/typebox';", 'domain/x.ts'), ok("type Fs = typeof import('node:fs');", 'native/x.ts')],
  invalid: [
    refused("import type { Workbook } from 'exceljs';", 'domain/x.ts', 'pkg'),
    refused("type Fs = typeof import('node:fs');", 'domain/x.ts', 'builtin'),
    refused("import fs = require('node:fs');", 'renderer/x.ts', 'builtin'),
  ],
});
