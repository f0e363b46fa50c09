// ESLint rule: imports point one way between the top-level layers (see docs/architecture.md), and each
// layer imports only the npm packages and Node built-ins on its allow-list (PACKAGES, BUILTINS below).
//   domain   ← pure: no Node built-ins, only the schema kit, no other layer
//   db, native ← domain          server ← domain, native
//   renderer ← domain (browser code: no Node built-ins, no Electron, no native packages)
//   client   ← domain, db, native (the desktop client's services, plain Node: they run in Electron's main
//              process and in browser mode alike, so they may not import 'electron')
//   electron ← domain, db, native, client
//   nothing outside electron/ and renderer/ imports them (tests excepted)
import { builtinModules } from 'node:module';
import path from 'node:path';

const LAYERS = ['domain', 'db', 'native', 'server', 'client', 'renderer', 'electron', 'cli', 'bench', 'scripts', 'build', 'tests'];
const ALLOWED = {
  domain: ['domain'],
  db: ['domain', 'db'],
  native: ['domain', 'native'],
  server: ['domain', 'native', 'server'],
  renderer: ['domain', 'renderer'],
  client: ['domain', 'db', 'native', 'client'],
  electron: ['domain', 'db', 'native', 'client', 'electron'],
  cli: ['domain', 'db', 'native', 'server', 'client', 'cli', 'bench'],
  bench: ['domain', 'db', 'native', 'server', 'client', 'bench'],
  scripts: ['domain', 'db', 'native', 'server', 'scripts'],
  build: ['build'],
  tests: LAYERS,
};
// What each layer may import from outside the project: an ALLOW-list (anything not named is refused).
// '*' = anything (tests, benches, scripts, build tooling). Built-ins are named without `node:`; a subpath
// (`node:fs/promises`, `react/jsx-runtime`, `dayjs/locale/zh-cn`) counts as its package.
const ANY = '*';
const TYPEBOX = '@sinclair/typebox';
const X509 = ['@peculiar/x509', '@peculiar/asn1-schema', '@peculiar/asn1-x509', 'reflect-metadata'];
export const PACKAGES = {
  // pure: the schema kit only
  domain: [TYPEBOX],
  // the window: React and its UI kit; no Node, no Electron, no native or database packages
  renderer: [TYPEBOX, 'react', 'react-dom', 'antd', '@ant-design/icons', '@tanstack/react-query', '@tanstack/react-virtual', 'echarts', 'dayjs'],
  db: ['better-sqlite3'],
  // the project's cryptography and the USB key
  native: [TYPEBOX, ...X509, '@peculiar/asn1-rsa', '@peculiar/asn1-ecc', 'pkcs11js', 'node-hid', 'pino'],
  server: [TYPEBOX, ...X509, 'fastify', '@fastify/type-provider-typebox', 'pg', '@electric-sql/pglite', 'pino', 'exceljs'],
  // the desktop services: plain Node (no 'electron'); vite serves the window in development
  client: [TYPEBOX, 'pino', 'ws', 'exceljs', 'qrcode', 'playwright-core', 'vite'],
  electron: ['electron', 'pino', 'vite', 'tsx'],
  cli: ['pino', 'tsx'],
  bench: ANY,
  scripts: ANY,
  build: ANY,
  tests: ANY,
};
export const BUILTINS = {
  domain: [],
  renderer: [],
  db: ['crypto', 'fs', 'path'],
  native: ['buffer', 'crypto', 'events', 'fs', 'os', 'path', 'url'],
  server: ['buffer', 'child_process', 'crypto', 'events', 'fs', 'net', 'os', 'path', 'stream', 'timers', 'tls', 'url', 'util', 'zlib'],
  client: ['buffer', 'crypto', 'events', 'fs', 'http', 'https', 'module', 'net', 'os', 'path', 'stream', 'timers', 'tls', 'url', 'util'],
  electron: ['crypto', 'fs', 'module', 'path', 'url'],
  cli: ['child_process', 'crypto', 'fs', 'module', 'os', 'path', 'readline', 'url', 'util'],
  bench: ANY,
  scripts: ANY,
  build: ANY,
  tests: ANY,
};
const builtins = new Set(builtinModules);
const allows = (list, name) => list === ANY || list.includes(name);

function packageName(spec) {
  if (spec.startsWith('@')) return spec.split('/').slice(0, 2).join('/');
  return spec.split('/')[0];
}

/** `node:fs/promises` → `fs`; `fs` → `fs`; a package → null. */
function builtinName(spec) {
  if (spec.startsWith('node:')) return spec.slice(5).split('/')[0];
  const name = packageName(spec);
  return builtins.has(name) ? name : null;
}

export function layerOf(root, file) {
  const rel = path.relative(root, file).split(path.sep);
  return LAYERS.includes(rel[0]) ? rel[0] : null;
}

/** @type {import('eslint').Rule.RuleModule} */
export const layerDirection = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports between layers point one way (DESIGN.md)' },
    schema: [{ type: 'object', properties: { root: { type: 'string' } }, additionalProperties: false }],
    messages: {
      layer: "Layer '{{from}}' may not import from '{{to}}' (allowed: {{allowed}}).",
      builtin: "Layer '{{from}}' may not use Node built-in '{{spec}}' (allowed: {{allowed}}).",
      pkg: "Layer '{{from}}' may not use package '{{spec}}' (allowed: {{allowed}}).",
    },
  },
  create(context) {
    const root = context.options[0]?.root ?? context.cwd;
    const file = context.filename;
    const from = layerOf(root, file);
    if (!from) return {};
    function check(node, spec) {
      if (typeof spec !== 'string') return;
      if (spec.startsWith('.') || spec.startsWith('/')) {
        const to = layerOf(root, path.resolve(path.dirname(file), spec));
        if (to && !ALLOWED[from].includes(to)) {
          context.report({ node, messageId: 'layer', data: { from, to, allowed: ALLOWED[from].join(', ') } });
        }
        return;
      }
      const builtin = builtinName(spec);
      const [messageId, list, name] = builtin === null ? ['pkg', PACKAGES[from], packageName(spec)] : ['builtin', BUILTINS[from], builtin];
      if (!allows(list, name)) {
        context.report({ node, messageId, data: { from, spec, allowed: list.join(', ') || 'none' } });
      }
    }
    return {
      ImportDeclaration: (n) => check(n.source, n.source.value),
      ExportNamedDeclaration: (n) => n.source && check(n.source, n.source.value),
      ExportAllDeclaration: (n) => check(n.source, n.source.value),
      ImportExpression: (n) => n.source.type === 'Literal' && check(n.source, n.source.value),
      // TypeScript: `import x = require('…')` and the type `typeof import('…')`
      TSExternalModuleReference: (n) => n.expression.type === 'Literal' && check(n.expression, n.expression.value),
      TSImportType: (n) => {
        const arg = 'source' in n ? n.source : n.argument; // `argument` before typescript-eslint 8.x's `source`
        const lit = arg?.type === 'TSLiteralType' ? arg.literal : arg;
        if (lit?.type === 'Literal') check(lit, lit.value);
      },
      CallExpression: (n) => {
        if (n.callee.type === 'Identifier' && n.callee.name === 'require' && n.arguments[0]?.type === 'Literal') {
          check(n.arguments[0], n.arguments[0].value);
        }
      },
    };
  },
};

export default { rules: { 'layer-direction': layerDirection } };
