/** The engine boundary is enforced by lint, not by memory: check that the rules really fire. */
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

const eslint = new ESLint();
const messagesFor = async (code: string, filePath: string) => {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map((m) => m.message).join('\n');
};

describe('lint boundaries', () => {
  it('keeps React, zustand, Plotly, the DOM and Math.random out of src/', async () => {
    const msgs = await messagesFor(
      "import { useState } from 'react';\nimport { create } from 'zustand';\nimport P from 'plotly.js-cartesian-dist-min';\nexport const x = [useState, create, P, document.title, Math.random()];\n",
      'src/probe.ts',
    );
    expect(msgs).toMatch(/src\/ is framework-free: no React/);
    expect(msgs).toMatch(/no zustand/);
    expect(msgs).toMatch(/Plotly lives in app\/views\/ only/);
    expect(msgs).toMatch(/src\/ has no DOM/);
    expect(msgs).toMatch(/Use the seeded rng/);
  });

  it('lets app/ reach the engine only through src/index.ts, and Plotly only from app/views/', async () => {
    expect(await messagesFor("import { OPTIMIZERS } from '../src/optim/aliases';\nexport const x = OPTIMIZERS;\n", 'app/probe.ts')).toMatch(
      /only through src\/index\.ts/,
    );
    expect(await messagesFor("import { OPTIMIZERS } from '../src/index';\nexport const x = OPTIMIZERS;\n", 'app/probe.ts')).toBe('');
    expect(await messagesFor("import P from 'plotly.js-cartesian-dist-min';\nexport const x = P;\n", 'app/probe.ts')).toMatch(/app\/views\/ only/);
  });

  it('forbids eval and new Function everywhere', async () => {
    const msgs = await messagesFor("export const f = (s: string) => [eval(s), new Function(s)];\n", 'app/probe.ts');
    expect(msgs).toMatch(/eval can be harmful/);
    expect(msgs).toMatch(/The Function constructor is eval/);
  });
});
