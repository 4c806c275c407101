import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { logger } from '../logger.ts';
import { openStore, type Store } from './index.ts';

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'smt-store-'));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function open(): Promise<Store> {
  return openStore(loadConfig({ DATA_DIR: dataDir }), logger);
}

describe('embedded store', () => {
  it('keeps databases and documents across a close and a reopen on the same folder', async () => {
    const first = await open();
    await first.ensureDb('citizen-ctest0000000000000001');
    await first.ensureDb('citizen-ctest0000000000000001');
    const db = first.couch.use<{ n: number }>('citizen-ctest0000000000000001');
    await db.insert({ _id: 'a', n: 1 });
    await first.close();

    const second = await open();
    try {
      const doc = await second.couch.use<{ n: number }>('citizen-ctest0000000000000001').get('a');
      expect(doc.n).toBe(1);
      expect(await second.listDbs('citizen-')).toEqual(['citizen-ctest0000000000000001']);
    } finally {
      await second.close();
    }
  });

  it('keeps its folder readable by the server process owner only', async () => {
    const store = await open();
    try {
      const { mode } = await stat(path.join(dataDir, 'store'));
      expect(mode & 0o777).toBe(0o700);
    } finally {
      await store.close();
    }
  });

  it('lists databases by prefix without view indexes or foreign names', async () => {
    const store = await open();
    try {
      await store.ensureDb('team-tabcdefgh');
      await store.ensureDb('team-tabcdefgh-media');
      await store.ensureDb('cases');
      expect(await store.listDbs('team-')).toEqual(['team-tabcdefgh', 'team-tabcdefgh-media']);
      expect(await store.listDbs('')).toContain('cases');
    } finally {
      await store.close();
    }
  });

  it('answers only on the loopback address and only to the admin credentials', async () => {
    const store = await open();
    try {
      const url = new URL(store.url);
      expect(url.hostname).toBe('127.0.0.1');
      const bare = `${url.protocol}//${url.host}`;

      const anonymous = await fetch(`${bare}/_all_dbs`);
      expect(anonymous.status).toBe(401);
      const anonymousPut = await fetch(`${bare}/newdb`, { method: 'PUT' });
      expect(anonymousPut.status).toBe(401);
      const wrong = await fetch(`${bare}/_all_dbs`, {
        headers: { authorization: `Basic ${Buffer.from('admin:wrong').toString('base64')}` },
      });
      expect(wrong.status).toBe(401);

      const auth = Buffer.from(`${url.username}:${decodeURIComponent(url.password)}`);
      const admin = await fetch(`${bare}/_all_dbs`, {
        headers: { authorization: `Basic ${auth.toString('base64')}` },
      });
      expect(admin.status).toBe(200);
      expect(await store.listDbs('newdb')).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
