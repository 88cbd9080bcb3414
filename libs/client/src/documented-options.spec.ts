import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

// docs/client.md must name every option of the public API: each property of these types, read
// from the sources with the TypeScript compiler (inherited ones included), appears there in code.
const DOCUMENTED_TYPES: Record<string, string[]> = {
  'index.ts': [
    'EventlineClientOptions',
    'TrackOptions',
    'CloseOptions',
    'RetryPolicy',
    'FlushReport',
    'SessionEventsOptions',
    'EventFilters',
    'SessionFilters',
  ],
  'nats/index.ts': ['EventlinePublisherOptions', 'PublishOptions', 'PublishEvent', 'PublishReceipt'],
};

const source = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const docs = readFileSync(fileURLToPath(new URL('../../../docs/client.md', import.meta.url)), 'utf8');
// Everything docs/client.md writes as code: `inline` spans and fenced blocks.
const codeInDocs = [...docs.matchAll(/```[\s\S]*?```|`[^`\n]+`/g)].map((m) => m[0]).join('\n');

function optionNames(): Array<[string, string]> {
  const program = ts.createProgram(Object.keys(DOCUMENTED_TYPES).map(source), {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
  });
  const checker = program.getTypeChecker();
  const names: Array<[string, string]> = [];
  for (const [file, typeNames] of Object.entries(DOCUMENTED_TYPES)) {
    const module = checker.getSymbolAtLocation(program.getSourceFile(source(file))!)!;
    const exports = new Map(checker.getExportsOfModule(module).map((s) => [s.name, s]));
    for (const typeName of typeNames) {
      const symbol = exports.get(typeName);
      if (!symbol) throw new Error(`${file} exports no ${typeName}`);
      const type = checker.getDeclaredTypeOfSymbol(checker.getAliasedSymbol(symbol));
      for (const property of checker.getPropertiesOfType(type)) names.push([typeName, property.name]);
    }
  }
  return names;
}

describe('docs/client.md', () => {
  const names = optionNames();

  it('reads the public option types (the check would be empty otherwise)', () => {
    expect(names).toEqual(
      expect.arrayContaining([
        ['TrackOptions', 'timestamp'],
        ['EventlinePublisherOptions', 'namespace'],
        ['FlushReport', 'unlisted'],
        ['EventFilters', 'cursor'],
      ]),
    );
  });

  it('names every option of the client and the NATS publisher', () => {
    const missing = names.filter(([, name]) => !new RegExp(`\\b${name}\\b`).test(codeInDocs));
    expect(missing).toEqual([]);
  });
});
