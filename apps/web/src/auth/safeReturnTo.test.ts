import { describe, expect, it } from 'vitest';
import { safeReturnTo } from './SignInPage.js';

describe('safeReturnTo', () => {
  it('follows same-site paths only, never another origin', () => {
    expect(safeReturnTo('/c/dev/clusterroles?x=1')).toBe('/c/dev/clusterroles?x=1');
    expect(safeReturnTo('https://evil.example/')).toBe('/');
    expect(safeReturnTo('//evil.example/')).toBe('/');
    expect(safeReturnTo('/\\evil.example')).toBe('/');
    expect(safeReturnTo(null)).toBe('/');
  });
});
