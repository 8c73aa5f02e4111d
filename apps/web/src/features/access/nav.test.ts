import { describe, expect, it } from 'vitest';
import { visibleNav } from '../../access/nav.js';
import { personas } from '../../access/personas.testdata.js';

const analysis = (entries: { id: string; section: string }[]) =>
  entries.filter((e) => e.section === 'Access analysis').map((e) => e.id);

describe('access analysis in the navigation, per persona', () => {
  it('alice, who may list every binding, gets every analysis page', () => {
    expect(analysis(visibleNav(personas.alice))).toEqual([
      'access-check',
      'access-who-can',
      'access-matrix',
      'access-subject',
      'access-risks',
      'access-subjects',
    ]);
  });

  it('bob, admin of payments only, cannot read the bindings analysis needs: only the subject directory', () => {
    // The directory shows him the subjects of the bindings he may list.
    expect(analysis(visibleNav(personas.bob))).toEqual(['access-subjects']);
    expect(analysis(visibleNav(personas.bob, 'payments'))).toEqual(['access-subjects']);
  });

  it('joe and carol see none', () => {
    expect(analysis(visibleNav(personas.joe))).toEqual([]);
    expect(analysis(visibleNav(personas.carol))).toEqual([]);
  });
});
