import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkPersistence, requestPersistence } from './persistentStorage';

afterEach(() => {
  vi.unstubAllGlobals();
});

function stubStorage(storage: Partial<StorageManager> | undefined): void {
  vi.stubGlobal('navigator', storage === undefined ? {} : { storage });
}

describe('requestPersistence', () => {
  it('should report granted or not as the browser answers', async () => {
    stubStorage({ persist: () => Promise.resolve(true), persisted: () => Promise.resolve(false) });
    expect(await requestPersistence()).toBe('granted');
    stubStorage({ persist: () => Promise.resolve(false), persisted: () => Promise.resolve(false) });
    expect(await requestPersistence()).toBe('not-granted');
  });

  it('should say unsupported in a browser without the API, and error when the call fails', async () => {
    stubStorage(undefined);
    expect(await requestPersistence()).toBe('unsupported');
    expect(await checkPersistence()).toBe('unsupported');
    stubStorage({ persist: () => Promise.reject(new Error('denied')), persisted: () => Promise.reject(new Error('no')) });
    expect(await requestPersistence()).toBe('error');
    expect(await checkPersistence()).toBe('error');
  });
});

describe('checkPersistence', () => {
  it('should read the state without asking', async () => {
    const persist = vi.fn(() => Promise.resolve(true));
    stubStorage({ persist, persisted: () => Promise.resolve(true) });
    expect(await checkPersistence()).toBe('granted');
    expect(persist).not.toHaveBeenCalled();
  });
});
