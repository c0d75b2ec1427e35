/**
 * Security in a real browser (issue 7): the served page's Content-Security-Policy (no unsafe-eval, no
 * inline script, and it is enforced), and an XSS corpus through a link, the label field and an uploaded
 * text file, all rendered as text: no element injected, no script run (the `window.__xss` flag stays
 * unset). The fixture guard also fails any test that makes a request off the page's origin.
 */
import { expect, test, type Page } from './fixtures';

/** Each payload sets window.__xss if it ever runs. */
const XSS = [
  '<img src=x onerror="window.__xss=1">',
  '"><script>window.__xss=2</script>',
  'javascript:window.__xss=3',
  '<svg onload="window.__xss=4"></svg>',
  '<a href="javascript:window.__xss=5">click</a>',
  '</textarea><iframe srcdoc="<script>parent.__xss=6</script>"></iframe>',
  '<b onmouseover=window.__xss=7>bold</b>',
  "{{constructor.constructor('window.__xss=8')()}}",
];

/** Elements a payload could have injected, anywhere in the document (Plotly's SVG included). */
function injected(page: Page): Promise<{ xss: unknown; elements: string[] }> {
  return page.evaluate(() => {
    const bad = document.querySelectorAll('img[src="x"], iframe, script:not([src]), [onerror], [onload], [onmouseover], a[href^="javascript:" i], [srcdoc]');
    return { xss: (window as unknown as { __xss?: unknown }).__xss, elements: Array.from(bad, (e) => e.outerHTML.slice(0, 120)) };
  });
}

async function loaded(page: Page, runs: number): Promise<void> {
  await expect.poll(() => page.evaluate(() => window.__playground?.statuses.length ?? 0)).toBe(runs);
}

test('the served page has a CSP without unsafe-eval or inline scripts, and the browser enforces it', async ({ page, guard }) => {
  const html = await (await page.request.get('/')).text();
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
  expect(csp, 'a CSP meta tag').toBeTruthy();
  const directives = Object.fromEntries(csp!.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  expect(csp).not.toContain('unsafe-eval');
  expect(directives['script-src']).toEqual(["'self'"]);
  expect(directives['default-src']).toEqual(["'self'"]);
  expect(directives['connect-src']).toEqual(["'self'"]);
  // Every <script> of the served page has a src (none inline), and no inline event handler attributes.
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
  expect(scripts.length).toBeGreaterThan(0);
  for (const [, attrs, body] of scripts) {
    expect(attrs).toMatch(/\ssrc=/);
    expect(body.trim()).toBe('');
  }
  expect(html).not.toMatch(/\son[a-z]+\s*=/i);

  // Enforced: a string eval and an injected inline script are refused by the browser.
  guard.allow(/Content Security Policy|unsafe-eval|Refused to/);
  await page.goto('/');
  await loaded(page, 3);
  const outcome = await page.evaluate(async () => {
    const violations: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(e.effectiveDirective));
    // A string timer is an eval: refused without 'unsafe-eval'.
    setTimeout('window.__xss = "timer"' as unknown as () => void, 0);
    const inline = document.createElement('script');
    inline.textContent = 'window.__xss = "inline";';
    document.body.append(inline);
    const data = document.createElement('script');
    data.src = 'data:text/javascript,window.__xss="data-url"';
    document.body.append(data);
    await new Promise((r) => setTimeout(r, 300));
    return { violations: [...new Set(violations)].sort(), xss: (window as unknown as { __xss?: unknown }).__xss ?? null };
  });
  expect(outcome.xss).toBeNull();
  expect(outcome.violations).toEqual(['script-src', 'script-src-elem']); // the string timer (eval), the two injected scripts
});

test('an XSS corpus in a link (labels, expression) is refused and quoted as text', async ({ page }) => {
  const keys = XSS.map((x, i) => `r${i}.opt=sgd&r${i}.label=${encodeURIComponent(x)}`).join('&');
  const hash = `v=1&problem=expression&expr=${encodeURIComponent('<img src=x onerror=window.__xss=9>')}&${keys}`;
  await page.goto(`/#${hash}`);
  await loaded(page, XSS.length);
  const notice = page.getByTestId('link-ignored');
  await expect(notice).toBeVisible();
  const text = (await notice.textContent()) ?? '';
  // The HTML-looking labels are refused, each quoted literally in the notice (so they were rendered as text).
  for (const x of XSS.filter((s) => /[<>]/.test(s))) expect(text).toContain(JSON.stringify(x).slice(0, 40));
  expect(text).toContain('expr');
  // Labels without markup are plain text: kept, shown verbatim in the label field.
  await expect(page.getByTestId('run-label-2')).toHaveValue('javascript:window.__xss=3');
  await expect(page.getByTestId('status')).toContainText('javascript:window.__xss=3');
  const r = await injected(page);
  expect(r).toEqual({ xss: undefined, elements: [] });
  // Drawing with those labels (legends, hover) injects nothing either.
  await page.getByTestId('step').click();
  await expect.poll(() => page.evaluate(() => window.__playground!.steps[0])).toBe(1);
  expect(await injected(page)).toEqual({ xss: undefined, elements: [] });
});

test('the XSS corpus typed into run labels is drawn as text in the status line and the plots', async ({ page }) => {
  await page.goto('/');
  await loaded(page, 3);
  for (const [i, x] of XSS.slice(0, 3).entries()) await page.getByTestId(`run-label-${i}`).fill(x);
  await page.getByTestId('step').click();
  await expect.poll(() => page.evaluate(() => window.__playground!.steps[0])).toBe(1);
  for (const [i, x] of XSS.slice(0, 3).entries()) {
    await expect(page.getByTestId(`status-run-${i}`)).toContainText(x);
  }
  // Plotly's legends hold the labels as text nodes, not markup.
  const legends = await page.evaluate(() => Array.from(document.querySelectorAll('.legendtext'), (e) => e.textContent ?? ''));
  expect(legends.some((t) => t.includes('onerror'))).toBe(true);
  // The live layer's tooltip (a hover on the loss curves' first point) shows the label as text.
  const at = await page.evaluate(() => {
    const gd = document.querySelector('[data-testid="loss-view"] .js-plotly-plot') as unknown as HTMLElement & { liveData: { x: number[]; y: number[] }[]; _fullLayout: { _size: { l: number; t: number }; xaxis: { c2p(v: number): number }; yaxis: { c2p(v: number): number } } };
    const box = gd.getBoundingClientRect();
    const f = gd._fullLayout;
    const t = gd.liveData[0];
    return { px: box.left + f._size.l + f.xaxis.c2p(t.x[0]), py: box.top + f._size.t + f.yaxis.c2p(t.y[0]) };
  });
  await page.mouse.move(at.px + 8, at.py);
  await page.mouse.move(at.px, at.py, { steps: 2 });
  const tip = page.getByTestId('loss-view').locator('.live-tip');
  await expect(tip).toBeVisible();
  expect(XSS.slice(0, 3)).toContain((await tip.textContent())!.split('\n')[0]);
  await page.mouse.move(1, 1);
  for (const i of [3, 4, 5, 6, 7]) {
    await page.getByTestId('run-label-0').fill(XSS[i]);
    await page.getByTestId('step').click();
  }
  await expect(page.getByTestId('status-run-0')).toContainText(XSS[7]);
  expect(await injected(page)).toEqual({ xss: undefined, elements: [] });
});

test('an uploaded text file full of markup, with markup in its name, stays text', async ({ page }) => {
  test.setTimeout(90_000);
  // wasm: the text checks are the page's, and wasm trains without compiling software-GL shaders.
  await page.goto('/#v=1&problem=transformer&p.n_embd=16&p.n_head=2&p.n_layer=1&p.block_size=16&p.dropout=0&p.eval_every=20&data=toddler&n=400&steps=60&backend=wasm&r0.opt=adam&r0.lr=0.01&r0.bs=16');
  await loaded(page, 1);
  await expect(page.getByTestId('play-state')).toHaveText('paused', { timeout: 30_000 });
  const file = page.getByTestId('corpus-file');
  const name = '<img src=x onerror=window.__xss=10>.txt';
  await file.setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(XSS[1]) });
  await expect(page.getByTestId('corpus-error')).toContainText(`${name}: The text has`);
  const corpus = Array.from({ length: 20 }, () => XSS.join(' ')).join('\n');
  await file.setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(corpus) });
  await expect(page.getByTestId('corpus-name')).toHaveText(name);
  await expect(page.getByTestId('play-state')).toHaveText('paused', { timeout: 30_000 });
  await page.getByTestId('step').click();
  await expect.poll(() => page.evaluate(() => window.__playground!.steps[0]), { timeout: 30_000 }).toBe(1);
  await page.getByTestId('generate-0').click();
  await expect.poll(() => page.evaluate(() => window.__playground!.samples[0] ?? ''), { timeout: 30_000 }).not.toBe('');
  const sample = page.getByTestId('sample-0');
  expect(await sample.evaluate((el) => el.children.length)).toBe(0);
  expect(await injected(page)).toEqual({ xss: undefined, elements: [] });
});
