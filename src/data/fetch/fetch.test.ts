import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { loadDataset } from '../load.ts';
import { fetchDataset } from './fetch.ts';
import { readZip } from './unzip.ts';
import { defaultCacheDir } from './cache.ts';

/** Builds a zip archive (deflated entries) the way GroupLens ships them: one top folder. */
function buildZip(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text);
    const comp = deflateRawSync(data);
    const nameBuf = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(data) >>> 0, 14);
    local.writeUInt32LE(comp.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(data) >>> 0, 16);
    central.writeUInt32LE(comp.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, comp);
    centrals.push(central, nameBuf);
    offset += 30 + nameBuf.length + comp.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(Object.keys(entries).length, 8);
  eocd.writeUInt16LE(Object.keys(entries).length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

const ZIP = buildZip({
  'ml-latest-small/ratings.csv':
    'userId,movieId,rating,timestamp\n1,1,4.0,964982703\n2,1,3.5,964982704\n2,3,5.0,964982705\n',
  'ml-latest-small/movies.csv':
    'movieId,title,genres\n1,Toy Story (1995),Animation\n3,"Grumpier Old Men, The (1995)",Comedy\n',
});
const SHA = createHash('sha256').update(ZIP).digest('hex');

async function serve(body: Buffer): Promise<{ server: Server; url: string; hits: () => number }> {
  let hits = 0;
  const server = createServer((req, res) => {
    hits++;
    if (req.url !== '/ml-latest-small.zip') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/zip', 'content-length': body.length }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, hits: () => hits };
}

test('readZip reads what buildZip wrote and checks CRCs', () => {
  const entries = readZip(ZIP);
  assert.deepEqual(
    entries.map((e) => e.name),
    ['ml-latest-small/ratings.csv', 'ml-latest-small/movies.csv'],
  );
  const broken = Buffer.from(ZIP);
  broken[60] = broken[60]! ^ 0xff; // inside the first entry's deflated data
  assert.throws(() => readZip(broken), /not a valid zip|CRC|invalid/i);
  assert.throws(() => readZip(Buffer.from('not a zip at all, just text.....')), /not a valid zip/);
});

test('fetchDataset downloads from a local server, checks sha256, unzips, caches, then reuses the cache', async () => {
  const { server, url, hits } = await serve(ZIP);
  try {
    const cache = mkdtempSync(join(tmpdir(), 'gnnrec-cache-'));
    const source = { name: 'ml-latest-small', file: 'ml-latest-small.zip', sha256: SHA };
    const r = await fetchDataset('ml-latest-small', { cache, baseUrl: url, source });
    assert.equal(r.cached, false);
    assert.equal(r.sha256, SHA);
    assert.equal(r.path, join(cache, 'datasets', 'ml-latest-small'));
    const ds = await loadDataset(r.path);
    assert.equal(ds.interactions.user.length, 3);
    assert.equal(ds.itemMeta[1]!.title, 'Grumpier Old Men, The (1995)');
    const again = await fetchDataset('ml-latest-small', { cache, baseUrl: url, source });
    assert.equal(again.cached, true);
    assert.equal(again.sha256, SHA);
    assert.equal(hits(), 1);
  } finally {
    server.close();
  }
});

test('fetchDataset rejects a checksum mismatch and leaves no folder behind', async () => {
  const { server, url } = await serve(ZIP);
  try {
    const cache = mkdtempSync(join(tmpdir(), 'gnnrec-cache-'));
    await assert.rejects(
      fetchDataset('ml-latest-small', {
        cache,
        baseUrl: url,
        source: { name: 'ml-latest-small', file: 'ml-latest-small.zip', sha256: '0'.repeat(64) },
      }),
      /checksum mismatch .*sha256/,
    );
    assert.equal(existsSync(join(cache, 'datasets', 'ml-latest-small')), false);
    await assert.rejects(
      fetchDataset('ml-latest-small', { cache, baseUrl: url }),
      /checksum mismatch/,
      'the real checksum does not match the test zip',
    );
    await assert.rejects(fetchDataset('ml-100k', { cache, baseUrl: url }), /HTTP 404/);
  } finally {
    server.close();
  }
});

test('without network fetchDataset fails fast and says how to pass a local folder', async () => {
  // A server that accepts connections but never answers stands in for an unreachable host.
  const server = createServer(() => {});
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  try {
    const cache = mkdtempSync(join(tmpdir(), 'gnnrec-cache-'));
    await assert.rejects(
      fetchDataset('ml-100k', { cache, baseUrl: url, timeoutMs: 300 }),
      /no response within 0.3 s.*--data DIR/,
    );
    await assert.rejects(fetchDataset('nope', { cache }), /unknown dataset 'nope'/);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

test('the cache folder follows XDG_CACHE_HOME', () => {
  assert.equal(defaultCacheDir({ XDG_CACHE_HOME: '/x/cache' }), join('/x/cache', 'gnnrec'));
  assert.match(defaultCacheDir({}), /\.cache[\\/]gnnrec$/);
});
