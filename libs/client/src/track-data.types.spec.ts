import { describe, expect, it } from '@jest/globals';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

// The type-level test: type-tests/track-data.type-test.ts compiled with the package's tsconfig.
const configPath = fileURLToPath(new URL('../tsconfig.json', import.meta.url));
const typeTest = fileURLToPath(new URL('../type-tests/track-data.type-test.ts', import.meta.url));
const DIRECTIVE = /\/\/ @ts-expect-error.*$/;

function compile(rewrite?: (text: string) => string): { lines: number[]; messages: string[] } {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  )!;
  const host = ts.createCompilerHost(parsed.options);
  if (rewrite) {
    const original = host.getSourceFile.bind(host);
    host.getSourceFile = (fileName, languageVersion, ...rest) =>
      fileName === typeTest
        ? ts.createSourceFile(fileName, rewrite(ts.sys.readFile(fileName)!), languageVersion)
        : original(fileName, languageVersion, ...rest);
  }
  const program = ts.createProgram([typeTest], parsed.options, host);
  const diagnostics = ts.getPreEmitDiagnostics(program);
  return {
    lines: diagnostics
      .filter((d) => d.file?.fileName === typeTest)
      .map((d) => d.file!.getLineAndCharacterOfPosition(d.start!).line + 1),
    messages: diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
  };
}

describe('the types of track(category, data)', () => {
  it("compile correct calls and refuse every marked wrong one, track('party', { host: 1 }) among them", () => {
    const { messages } = compile();
    // An unused @ts-expect-error (types loosened) is itself an error here.
    expect(messages).toEqual([]);
  });

  it('report an error on exactly the lines marked as wrong once the markers are removed', () => {
    const source = ts.sys.readFile(typeTest)!.split('\n');
    const marked = source.flatMap((line, i) => (DIRECTIVE.test(line) ? [i + 2] : []));
    const hostLine = source.findIndex((line) => line.includes("track('party', { host: 1 }")) + 1;

    const { lines } = compile((text) => text.replace(new RegExp(DIRECTIVE, 'gm'), '//'));

    expect(marked).toContain(hostLine);
    expect([...new Set(lines)].sort((a, b) => a - b)).toEqual(marked);
  });
});
