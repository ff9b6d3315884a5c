#!/usr/bin/env node
// A tiny dependency-free static file server for dist/ (Node 20).
//
//   node scripts/serve.mjs [--root DIR] [--port N] [--host H] [--prefix /sub/path/]
//
// Defaults: root dist, port 8000, host 127.0.0.1, prefix /. With --prefix the
// files are served only under that sub-path, to test sub-path hosting.
// Tests import startServer() and run it in-process on port 0.

import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

export const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
};

/** "/a/b" or "a/b/" → "/a/b/"; "" → "/". */
export function normalizePrefix(prefix = '/') {
  const parts = prefix.split('/').filter(Boolean);
  return parts.length ? `/${parts.join('/')}/` : '/';
}

/**
 * Start serving `root`. Resolves once listening to `{ url, server, close() }`;
 * `url` includes the prefix and the real port (useful with `port: 0`).
 * `headers` are added to every response (e.g. a Content-Security-Policy).
 */
export async function startServer({ root = 'dist', port = 8000, host = '127.0.0.1', prefix = '/', headers = {} } = {}) {
  const rootReal = await realpath(path.resolve(root));
  const base = normalizePrefix(prefix);
  const server = createServer((req, res) => {
    handle(req, res, { rootReal, base, headers }).catch((err) => {
      console.error(`serve: ${req.method} ${req.url}:`, err);
      if (!res.headersSent) send(res, 500, 'Internal Server Error', headers);
      else res.destroy();
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port: actualPort } = server.address();
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  const url = `http://${hostInUrl}:${actualPort}${base}`;
  const close = () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return { url, server, close };
}

async function handle(req, res, { rootReal, base, headers }) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return send(res, 405, 'Method Not Allowed', { ...headers, Allow: 'GET, HEAD' });
  }
  const { pathname, search } = new URL(req.url, 'http://localhost');
  if (`${pathname}/` === base) {
    return redirect(res, `${base}${search}`, headers);
  }
  if (!pathname.startsWith(base)) return send(res, 404, 'Not Found', headers);

  let rel;
  try {
    rel = decodeURIComponent(pathname.slice(base.length));
  } catch {
    return send(res, 400, 'Bad Request', headers);
  }
  // Reject traversal outright rather than normalising it away.
  if (rel.includes('\0') || rel.split(/[\\/]/).includes('..')) {
    return send(res, 403, 'Forbidden', headers);
  }

  let file = path.join(rootReal, rel);
  let info = await statOrNull(file);
  if (info?.isDirectory()) {
    // Relative URLs in the page resolve against the directory only with a trailing slash.
    if (!pathname.endsWith('/')) return redirect(res, `${pathname}/${search}`, headers);
    file = path.join(file, 'index.html');
    info = await statOrNull(file);
  }
  if (!info?.isFile()) return send(res, 404, 'Not Found', headers);

  // Symlinks must not lead out of the root either.
  const real = await realpath(file);
  if (real !== rootReal && !real.startsWith(rootReal + path.sep)) {
    return send(res, 403, 'Forbidden', headers);
  }

  res.writeHead(200, {
    'Content-Type': MIME_TYPES[path.extname(real).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': info.size,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  if (req.method === 'HEAD') return res.end();
  await new Promise((resolve, reject) => {
    createReadStream(real).on('error', reject).pipe(res).on('finish', resolve).on('close', resolve);
  });
}

async function statOrNull(file) {
  try {
    return await stat(file);
  } catch {
    return null;
  }
}

function send(res, status, message, headers) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', ...headers });
  res.end(`${status} ${message}\n`);
}

function redirect(res, location, headers) {
  res.writeHead(301, { Location: location, 'Content-Type': 'text/plain; charset=utf-8', ...headers });
  res.end(`301 Moved Permanently: ${location}\n`);
}

async function main() {
  const usage = 'usage: node scripts/serve.mjs [--root DIR] [--port N] [--host H] [--prefix /sub/path/]';
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        root: { type: 'string', default: 'dist' },
        port: { type: 'string', default: '8000' },
        host: { type: 'string', default: '127.0.0.1' },
        prefix: { type: 'string', default: '/' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    console.error(`serve: ${err.message}\n${usage}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(usage);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`serve: --port must be an integer in 0..65535, got '${values.port}'\n${usage}`);
    process.exit(2);
  }
  let server;
  try {
    server = await startServer({ root: values.root, port, host: values.host, prefix: values.prefix });
  } catch (err) {
    console.error(`serve: cannot serve ${values.root} on ${values.host}:${port}: ${err.message}`);
    process.exit(1);
  }
  console.log(`Serving ${values.root} at ${server.url}`);
  const stop = () => server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

const invokedDirectly = process.argv[1] && (await realpath(process.argv[1]).catch(() => '')) === fileURLToPath(import.meta.url);
if (invokedDirectly) await main();
