// ESLint rule: imports point one way between the top-level layers (see docs/architecture.md).
//   domain   ← pure: no Node built-ins, no DOM/Electron/database/server packages, no other layer
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
const NODE_ONLY = ['electron', 'better-sqlite3', 'pkcs11js', 'node-hid', 'pg', '@electric-sql/pglite', 'fastify', 'ws', 'pino'];
const DOM_ONLY = ['react', 'react-dom', 'antd', 'echarts', '@tanstack/react-query'];
const BANNED_PACKAGES = {
  domain: [...NODE_ONLY, ...DOM_ONLY],
  renderer: NODE_ONLY,
  db: ['electron', ...DOM_ONLY],
  native: ['electron', ...DOM_ONLY],
  server: ['electron', ...DOM_ONLY],
  client: ['electron', ...DOM_ONLY],
};
const NO_BUILTINS = new Set(['domain', 'renderer']);
const builtins = new Set(builtinModules);

function packageName(spec) {
  if (spec.startsWith('@')) return spec.split('/').slice(0, 2).join('/');
  return spec.split('/')[0];
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
      builtin: "Layer '{{from}}' must stay portable: Node built-in '{{spec}}' is not allowed here.",
      pkg: "Layer '{{from}}' may not use package '{{spec}}'.",
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
      if (NO_BUILTINS.has(from) && (spec.startsWith('node:') || builtins.has(packageName(spec)))) {
        context.report({ node, messageId: 'builtin', data: { from, spec } });
        return;
      }
      if ((BANNED_PACKAGES[from] ?? []).includes(packageName(spec))) {
        context.report({ node, messageId: 'pkg', data: { from, spec } });
      }
    }
    return {
      ImportDeclaration: (n) => check(n.source, n.source.value),
      ExportNamedDeclaration: (n) => n.source && check(n.source, n.source.value),
      ExportAllDeclaration: (n) => check(n.source, n.source.value),
      ImportExpression: (n) => n.source.type === 'Literal' && check(n.source, n.source.value),
      CallExpression: (n) => {
        if (n.callee.type === 'Identifier' && n.callee.name === 'require' && n.arguments[0]?.type === 'Literal') {
          check(n.arguments[0], n.arguments[0].value);
        }
      },
    };
  },
};

export default { rules: { 'layer-direction': layerDirection } };
