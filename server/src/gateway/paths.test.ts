import { describe, expect, it } from 'vitest';
import { matchSyncRoute } from './paths.ts';

const match = (method: string, url: string) => {
  const [path = '', query = ''] = url.split('?');
  return matchSyncRoute(method, path, new URLSearchParams(query));
};

describe('sync allow-list', () => {
  it.each([
    ['GET', '/', 'welcome'],
    ['GET', '/main', '/'],
    ['GET', '/media/', '/'],
    ['GET', '/main/_local/abc.def_g%3D%3D', '/_local/abc.def_g%3D%3D'],
    ['PUT', '/media/_local/x', '/_local/x'],
    // A PouchDB checkpoint id whose base64 began with '/'.
    ['GET', '/media/_local/.G3jS7QysTW50lS7ezOsIw%3D%3D', '/_local/.G3jS7QysTW50lS7ezOsIw%3D%3D'],
    ['PUT', '/media/_local/.G3jS7QysTW50lS7ezOsIw%3D%3D', '/_local/.G3jS7QysTW50lS7ezOsIw%3D%3D'],
    ['POST', '/main/_revs_diff', '/_revs_diff'],
    ['POST', '/main/_bulk_docs', '/_bulk_docs'],
    ['GET', '/main/_changes?style=all_docs&feed=longpoll', '/_changes'],
    ['POST', '/main/_changes?filter=_doc_ids', '/_changes'],
    ['POST', '/media/_bulk_get', '/_bulk_get'],
    ['GET', '/main/_all_docs?keys=%5B%22a%22%5D', '/_all_docs'],
    ['POST', '/main/_all_docs', '/_all_docs'],
    ['GET', '/main/r0123456789abcdefghij', '/r0123456789abcdefghij'],
    [
      'GET',
      '/media/photo-r0123456789abcdefghij-0/original',
      '/photo-r0123456789abcdefghij-0/original',
    ],
    ['PUT', '/media/photo-r0123456789abcdefghij-0', '/photo-r0123456789abcdefghij-0'],
  ])('lets %s %s through', (method, url, expected) => {
    const route = match(method, url);
    expect(route).toBeDefined();
    expect(route?.kind === 'welcome' ? 'welcome' : route?.dbPath).toBe(expected);
  });

  it.each([
    ['GET', '/_all_dbs'],
    ['GET', '/_config'],
    ['GET', '/_users'],
    ['GET', '/_session'],
    ['GET', '/_utils/'],
    ['GET', '/citizen-cabcdefghij0123456789'],
    ['GET', '/citizen-cabcdefghij0123456789/_all_docs'],
    ['PUT', '/main'],
    ['DELETE', '/main'],
    ['GET', '/main/_security'],
    ['PUT', '/main/_security'],
    ['GET', '/main/_design/x'],
    ['PUT', '/main/_design/x'],
    ['GET', '/main/_design%2Fx'],
    ['GET', '/main/_design%2fx/_view/y'],
    ['POST', '/main/_find'],
    ['GET', '/main/_index'],
    ['POST', '/main/_compact'],
    ['POST', '/main/_purge'],
    ['GET', '/main/_changes?filter=app/mine'],
    ['GET', '/main/_changes?filter=_view&view=a/b'],
    ['GET', '/main/..'],
    ['GET', '/main/../_all_dbs'],
    ['GET', '/main/%2E%2E/_all_dbs'],
    ['GET', '/main/a%2Fb'],
    ['GET', '/main/%E0%A4%A'],
    ['GET', '/main//r0123456789abcdefghij'],
    ['DELETE', '/main/r0123456789abcdefghij'],
    ['DELETE', '/main/_local/x'],
    ['GET', '/main/_local/..'],
    ['GET', '/main/_local/%2E'],
    ['PUT', '/main/_local/%2E%2E'],
    ['PUT', '/media/photo-r0123456789abcdefghij-0/original'],
    ['GET', '/main/a/b/c'],
    ['POST', '/'],
  ])('refuses %s %s', (method, url) => {
    expect(match(method, url)).toBeUndefined();
  });

  it('marks bulk writes and document writes for the one-writer check', () => {
    expect(match('POST', '/main/_bulk_docs')).toMatchObject({ write: { kind: 'bulk-docs' } });
    expect(match('PUT', '/main/rabc0123456789abcdefgh')).toMatchObject({
      write: { kind: 'put-doc', docId: 'rabc0123456789abcdefgh' },
    });
    expect(match('PUT', '/main/_local/x')).not.toHaveProperty('write');
  });
});
