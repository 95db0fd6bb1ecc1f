// The dashboard in Debian's headless Chromium against a real supervisor: every program and its
// state, Stop then Start without a reload, a log view that follows new lines, a crash in the
// notifications, hostile names and log lines shown as text, and foreign pages that cannot act.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../../helpers/browser.js';
import { waitFor } from '../../helpers/wait-for.js';
import { pageToken, startDashboard, stateOf } from './web-harness.js';

// supervisord refuses spaces in names, so tabs separate the attributes: HTML parses it the same.
const HOSTILE = '<img\tsrc=x\tonerror=alert(1)>';

const BODY = `[program:${HOSTILE}]
command=/bin/sh -c 'echo "<script>window.pwned=1</script><b>bold</b>"; exec sleep 1000'
startsecs=0
[program:crasher]
command=/bin/sh -c 'echo going down; sleep 1.2; exit 3'
autostart=false
autorestart=false
startsecs=1
`;

function rowState(page: Page, name: string): Promise<string | null> {
  return page
    .locator('#rows tr')
    .filter({ has: page.locator('td.name', { hasText: name }) })
    .first()
    .getAttribute('data-state', { timeout: 1000 })
    .catch(() => null);
}

async function clickInRow(page: Page, name: string, label: string): Promise<void> {
  const row = page
    .locator('#rows tr')
    .filter({ has: page.locator('td.name').getByText(name, { exact: true }) });
  await row.getByRole('button', { name: label, exact: true }).click();
}

test('the dashboard in Chromium: live table, actions, log, notifications, escaping, CSRF', async (t) => {
  const d = await startDashboard(t, { body: BODY });
  const browser = await launchBrowser(t);
  if (browser === null) return;
  const page = await browser.newPage();
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`${d.origin}/`);
  // A marker that a reload would wipe.
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));

  await t.test('every program is a row with its state', async () => {
    await waitFor('the rows', async () => (await page.locator('#rows tr').count()) === 5);
    assert.equal(await rowState(page, 'web'), 'RUNNING');
    assert.equal(await rowState(page, 'idle'), 'STOPPED');
    assert.equal(await rowState(page, 'crasher'), 'STOPPED');
    assert.equal(await rowState(page, 'notify'), 'RUNNING');
    const running = page.locator('#rows tr[data-state="RUNNING"] .state').first();
    assert.equal(await running.getAttribute('class'), 'state state-RUNNING');
    assert.match(await page.locator('#about').innerText(), /pid\s+\d+/);
  });

  await t.test('Stop then Start change the row without a reload', async () => {
    await clickInRow(page, 'web', 'Stop');
    await waitFor('web STOPPED in the page', async () => (await rowState(page, 'web')) === 'STOPPED');
    assert.equal(await page.locator('#message').innerText(), 'Process web stopped');
    await clickInRow(page, 'web', 'Start');
    await waitFor('web RUNNING in the page', async () => (await rowState(page, 'web')) === 'RUNNING');
    assert.equal(await page.evaluate(() => (window as unknown as { marker: number }).marker), 42);
    assert.equal(await stateOf({ port: d.port }, 'web'), 'RUNNING');
  });

  await t.test('the log view follows new lines', async () => {
    await clickInRow(page, 'web', 'Tail stdout');
    const ticks = async (): Promise<number> => {
      const numbers = [...(await page.locator('#log-text').innerText()).matchAll(/tick (\d+)/g)].map((m) =>
        Number(m[1]),
      );
      return numbers.length === 0 ? 0 : Math.max(...numbers);
    };
    const first = await waitFor('a tick line in the log view', async () => (await ticks()) || false);
    await waitFor(`a tick after ${first}`, async () => (await ticks()) > first + 2);
    await page.locator('#log-source').selectOption({ label: "supervisor's log" });
    await waitFor('the main log', async () =>
      /spawned: 'web'/.test(await page.locator('#log-text').innerText()),
    );
  });

  await t.test('a crash appears in the notifications, newest first', async () => {
    await clickInRow(page, 'crasher', 'Start');
    const note = page.locator('#notes li[data-type="crash"][data-program="crasher"]');
    await waitFor('the crash notification', async () => (await note.count()) > 0, { timeoutMs: 15_000 });
    const text = await note.first().innerText();
    assert.match(text, /exit code 3/);
    assert.match(text, /after 0:00:0[12]/);
    await note.first().locator('summary').click();
    assert.match(await note.first().locator('pre').innerText(), /going down/);
  });

  await t.test('a hostile program name and log line render as text', async () => {
    const cell = page.locator('#rows td.name').filter({ hasText: 'onerror' });
    assert.equal(await cell.innerText(), HOSTILE.replaceAll('\t', ' '));
    assert.equal(await cell.textContent(), HOSTILE);
    assert.equal(await page.locator('#rows img, #log-text b, #log-text script').count(), 0);
    const row = page.locator('#rows tr').filter({ has: page.locator('td.name', { hasText: 'onerror' }) });
    await row.getByRole('button', { name: 'Tail stdout' }).click();
    await waitFor('the hostile line as text', async () =>
      (await page.locator('#log-text').innerText()).includes('<script>window.pwned=1</script><b>bold</b>'),
    );
    assert.equal(await page.locator('#log-text *').count(), 0);
    assert.equal(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned), undefined);
    assert.deepEqual(dialogs, []);
  });

  await t.test(
    'pages of another origin cannot act, and GETs with action parameters change nothing',
    async () => {
      // A page on another port of the same machine: a form post, and a fetch even with a stolen token.
      const token = await pageToken({ port: d.port });
      const evil = createServer((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/html' });
        res.end(`<form method="POST" action="${d.origin}/api/action" enctype="text/plain">
<input name='{"action":"stop","name":"web","x":"' value='"}'></form>
<script>
fetch('${d.origin}/api/action', { method: 'POST', mode: 'no-cors', body: '{"action":"stop","name":"web"}' });
fetch('${d.origin}/api/action', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Modulus-CSRF': '${token}' }, body: '{"action":"stop","name":"web"}' }).catch(() => {});
document.forms[0].submit();
</script>`);
      });
      await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
      t.after(() => evil.close());
      const evilPage = await browser.newPage();
      const posted = evilPage.waitForResponse(
        (r) => r.url() === `${d.origin}/api/action` && r.request().method() === 'POST',
      );
      await evilPage.goto(`http://127.0.0.1:${(evil.address() as AddressInfo).port}/`);
      assert.equal((await posted).status(), 403);
      for (const path of ['/?action=stop&processname=web', '/index.html?processname=web&action=stop']) {
        await evilPage.goto(`${d.origin}${path}`);
      }
      await evilPage.close();
      assert.equal(await stateOf({ port: d.port }, 'web'), 'RUNNING');
      assert.equal(d.sup.count(/stopped: web/), 1, 'only the page’s own Stop stopped web');
    },
  );

  assert.deepEqual(errors, []);
});
