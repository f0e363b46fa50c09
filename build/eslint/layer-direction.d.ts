import type { ESLint, Rule } from 'eslint';

export declare const layerDirection: Rule.RuleModule;
export declare function layerOf(root: string, file: string): string | null;
declare const plugin: ESLint.Plugin;
export default plugin;
