/**
 * No code from strings and no HTML from strings anywhere in the shipped source (src/, app/): the CSP
 * forbids eval at run time, and this test keeps the source from needing it. The one allowed exception
 * is KaTeX's rendered formula in app/views/UpdateRuleView.tsx (innerHTML of KaTeX's own output).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HTML_ALLOWED = new Set(['app/views/UpdateRuleView.tsx']);

/** Patterns that run a string as code, or parse a string as HTML, with what each is. */
const CODE = [
  [/(?<![.\w])eval\s*\(/, 'eval('],
  [/\bnew\s+Function\s*\(/, 'new Function('],
  [/(?<!new\s+)(?<![.\w])Function\s*\(\s*['"`]/, 'Function("…")'],
  [/\bset(?:Timeout|Interval)\s*\(\s*['"`]/, 'a string timer'],
  [/\bimportScripts\s*\(/, 'importScripts('],
] as const;
const HTML = [
  [/\.innerHTML\s*[+]?=/, 'innerHTML ='],
  [/\.outerHTML\s*[+]?=/, 'outerHTML ='],
  [/\binsertAdjacentHTML\s*\(/, 'insertAdjacentHTML('],
  [/\bdocument\.write(?:ln)?\s*\(/, 'document.write('],
  [/\bdangerouslySetInnerHTML\b/, 'dangerouslySetInnerHTML'],
  [/\bcreateContextualFragment\s*\(/, 'createContextualFragment('],
] as const;

/** Source text without comments (a doc comment may name what it avoids). */
function stripComments(src: string): string {
  return src.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/** The offences in one file's text: "what (line n)". */
export function offences(path: string, src: string): string[] {
  const out: string[] = [];
  const lines = stripComments(src).split('\n');
  const rules = HTML_ALLOWED.has(path) ? CODE : [...CODE, ...HTML];
  lines.forEach((line, i) => {
    for (const [re, what] of rules) if (re.test(line)) out.push(`${path}:${i + 1}: ${what}`);
  });
  return out;
}

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'node_modules' && name !== 'fixtures') out.push(...sources(p));
    } else if (/\.(ts|tsx|js|mjs)$/.test(name) && !/\.test\.tsx?$/.test(name)) {
      out.push(p);
    }
  }
  return out;
}

describe('no eval, no new Function, no innerHTML in src/ and app/', () => {
  const files = [...sources(join(ROOT, 'src')), ...sources(join(ROOT, 'app'))];

  it('scans the whole shipped tree', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.some((f) => f.endsWith('app/session.ts'))).toBe(true);
  });

  it('finds none', () => {
    const found = files.flatMap((f) => offences(relative(ROOT, f), readFileSync(f, 'utf8')));
    expect(found).toEqual([]);
  });

  it('the scanner catches each pattern (and ignores comments)', () => {
    const planted = [
      'eval("1")', 'const f = new Function("a", "return a")', 'Function("return this")()', "setTimeout('go()', 1)",
      'importScripts(url)', 'el.innerHTML = s', 'el.outerHTML += s', 'el.insertAdjacentHTML("beforeend", s)',
      'document.write(s)', '<div dangerouslySetInnerHTML={{ __html: s }} />', 'range.createContextualFragment(s)',
    ];
    for (const line of planted) expect(offences('app/x.ts', line), line).toHaveLength(1);
    expect(offences('app/x.ts', '// el.innerHTML = s is never used\n/* eval( */ const ok = 1;')).toEqual([]);
    expect(offences('app/x.ts', 'const evaluate = (x) => x; evaluation(1); fn.evaluate(2); streams.eval(1)')).toEqual([]);
    expect(offences('app/x.ts', '/* a\n b */\nx.innerHTML = s')).toEqual(['app/x.ts:3: innerHTML =']);
    // The KaTeX view may set innerHTML, but never eval.
    expect(offences('app/views/UpdateRuleView.tsx', 'el.innerHTML = katex.renderToString(tex)')).toEqual([]);
    expect(offences('app/views/UpdateRuleView.tsx', 'eval(tex)')).toHaveLength(1);
  });
});
