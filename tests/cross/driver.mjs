// The three engines through W3C WebDriver, for the cross-engine suite
// (tests/cross/run.mjs) and the per-engine benchmarks: Debian's chromium with
// chromedriver, firefox-esr with the geckodriver scripts/setup.sh installs,
// and WebKitGTK's MiniBrowser with Debian's WebKitWebDriver on a virtual X
// server (Xvfb). The npm `webdriver` client speaks the protocol; we start the
// driver process ourselves and create the session with one plain HTTP
// request, then attach the client to it (WebDriver.attachToSession), so its
// driver and browser management, which would download them, never runs.
// Nothing here downloads anything: every binary path is explicit.

import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import WebDriver from 'webdriver';

// The W3C commands are what we want (e.g. Switch To Frame); WebdriverIO's
// notices point to its own higher-level API, which this suite does not use.
process.env.DISABLE_WEBDRIVERIO_DEPRECATION_WARNINGS = 'true';

export const ENGINES = ['chromium', 'firefox', 'webkit'];

/** The binaries, overridable by environment (as the Makefile's CHROMEDRIVER and GECKODRIVER). */
const BIN = {
  chromium: process.env.CHROMIUM ?? '/usr/bin/chromium',
  chromedriver: process.env.CHROMEDRIVER ?? '/usr/bin/chromedriver',
  firefox: process.env.FIREFOX ?? '/usr/bin/firefox-esr',
  geckodriver: process.env.GECKODRIVER ?? path.join(homedir(), '.cargo/bin/geckodriver'),
  webkitdriver: process.env.WEBKITDRIVER ?? '/usr/bin/WebKitWebDriver',
};

/** WebKitGTK's MiniBrowser: Debian ships it inside libwebkit2gtk-4.1-0, outside PATH (as scripts/setup.sh finds it). */
export function miniBrowser() {
  if (process.env.MINIBROWSER) return process.env.MINIBROWSER;
  try {
    return execFileSync('dpkg', ['-L', 'libwebkit2gtk-4.1-0'], { encoding: 'utf8' }).split('\n').find((l) => l.endsWith('/MiniBrowser')) ?? null;
  } catch {
    return null;
  }
}

/** A free TCP port on loopback. */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Spawn `cmd` in its own process group (so it and its children stop together), keeping its last output for error messages. */
function start(cmd, args, env = process.env) {
  const child = spawn(cmd, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  const keep = (b) => (tail = (tail + b).slice(-4000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.output = () => tail;
  child.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  child.once('error', (err) => keep(`\n${err}`));
  return child;
}

/** Stop a process group we started (by its id), waiting up to 5 s. */
async function stop(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {}
  }, 5000);
  await child.exited;
  clearTimeout(timer);
}

/** A virtual X display for WebKitGTK: Xvfb picks a free display number itself (-displayfd), so parallel runs never race. */
async function startXvfb() {
  const child = spawn('Xvfb', ['-displayfd', '3', '-nolisten', 'tcp', '-screen', '0', '1600x1200x24'], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  child.exited = new Promise((resolve) => child.once('exit', resolve));
  const display = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('Xvfb did not report a display within 10 s')), 10_000);
    child.stdio[3].on('data', (b) => {
      out += b;
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve(`:${out.trim()}`);
      }
    });
    child.once('exit', (code) => reject(new Error(`Xvfb exited (${code})`)));
    child.once('error', reject);
  });
  return { child, display };
}

/** POST/GET/DELETE to a driver, resolving to the response's `value` (throws the driver's message on an error). */
async function wire(base, method, route, body) {
  const res = await fetch(`${base}${route}`, {
    method,
    headers: body ? { 'Content-Type': 'application/json; charset=utf-8' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(`${method} ${route}: HTTP ${res.status}: ${json.value?.error ?? ''} ${json.value?.message ?? ''}`);
  return json.value;
}

async function waitForDriver(base, child, name) {
  const t0 = Date.now();
  for (;;) {
    try {
      const status = await wire(base, 'GET', '/status');
      if (status) return;
    } catch {}
    if (child.exitCode !== null) throw new Error(`${name} exited: ${child.output()}`);
    if (Date.now() - t0 > 20_000) throw new Error(`${name} did not answer within 20 s: ${child.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The driver command and the session's capabilities for each engine. */
function recipe(engine, port, { width, height }) {
  switch (engine) {
    case 'chromium':
      return {
        driver: [BIN.chromedriver, [`--port=${port}`]],
        capabilities: {
          browserName: 'chrome',
          'goog:chromeOptions': {
            binary: BIN.chromium,
            args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
              '--disable-component-update', '--no-first-run', '--disable-search-engine-choice-screen', `--window-size=${width},${height}`],
          },
        },
      };
    case 'firefox':
      return {
        driver: [BIN.geckodriver, ['--port', String(port), '--host', '127.0.0.1']],
        capabilities: {
          browserName: 'firefox',
          'moz:firefoxOptions': {
            binary: BIN.firefox,
            args: ['-headless', `--width=${width}`, `--height=${height}`],
            prefs: {
              // No phoning home: updates, telemetry, captive-portal and connectivity checks, safe-browsing lists.
              'app.update.enabled': false,
              'browser.shell.checkDefaultBrowser': false,
              'datareporting.policy.dataSubmissionEnabled': false,
              'toolkit.telemetry.enabled': false,
              'network.captive-portal-service.enabled': false,
              'network.connectivity-service.enabled': false,
              'browser.safebrowsing.downloads.remote.enabled': false,
              'browser.safebrowsing.malware.enabled': false,
              'browser.safebrowsing.phishing.enabled': false,
              'extensions.update.enabled': false,
              'browser.newtabpage.enabled': false,
              'browser.startup.homepage': 'about:blank',
            },
          },
        },
      };
    case 'webkit': {
      const binary = miniBrowser();
      if (!binary || !existsSync(binary)) throw new Error('WebKitGTK MiniBrowser not found (dpkg -L libwebkit2gtk-4.1-0); run scripts/setup.sh');
      return {
        driver: [BIN.webkitdriver, [`--port=${port}`]],
        capabilities: {
          'webkitgtk:browserOptions': { binary, args: ['--automation'] },
        },
      };
    }
    default:
      throw new Error(`unknown engine ${engine} (valid: ${ENGINES.join(', ')})`);
  }
}

/**
 * Start `engine`'s driver and browser and return
 * { engine, client (the npm webdriver client), version, close() }.
 * The window is `width` × `height` CSS pixels (the viewport a little less).
 */
export async function launch(engine, { width = 1024, height = 900 } = {}) {
  const port = await freePort();
  const { driver, capabilities } = recipe(engine, port, { width, height });
  let xvfb = null;
  const env = { ...process.env };
  if (engine === 'webkit') {
    xvfb = await startXvfb();
    env.DISPLAY = xvfb.display;
    // Software rendering only, no compositing surprises, no accessibility bus to wait for.
    env.WEBKIT_DISABLE_COMPOSITING_MODE ??= '1';
    env.NO_AT_BRIDGE = '1';
    env.LIBGL_ALWAYS_SOFTWARE = '1';
  }
  const child = start(driver[0], driver[1], env);
  const base = `http://127.0.0.1:${port}`;
  let sessionId = null;
  const close = async () => {
    if (sessionId) await wire(base, 'DELETE', `/session/${sessionId}`).catch(() => {});
    sessionId = null;
    await stop(child);
    if (xvfb) await stop(xvfb.child);
  };
  try {
    await waitForDriver(base, child, path.basename(driver[0]));
    const session = await wire(base, 'POST', '/session', { capabilities: { alwaysMatch: capabilities, firstMatch: [{}] } });
    sessionId = session.sessionId;
    const client = WebDriver.attachToSession({
      sessionId,
      hostname: '127.0.0.1',
      port,
      protocol: 'http',
      path: '/',
      capabilities: session.capabilities,
      logLevel: 'silent',
      connectionRetryCount: 0,
      connectionRetryTimeout: 120_000,
    });
    await client.setTimeouts(undefined, 60_000, 60_000);
    if (engine !== 'chromium') await client.setWindowRect(0, 0, width, height).catch(() => {});
    const version = `${session.capabilities.browserName} ${session.capabilities.browserVersion}`;
    return { engine, client, version, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** A scratch directory removed at exit. */
export function scratchDir(prefix) {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
