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

  it('bob, admin of payments only, gets every analysis page (answered from his namespaces, labelled partial) and the subject directory', () => {
    const all = [
      'access-check',
      'access-who-can',
      'access-matrix',
      'access-subject',
      'access-risks',
      'access-subjects',
    ];
    expect(analysis(visibleNav(personas.bob))).toEqual(all);
    expect(analysis(visibleNav(personas.bob, 'payments'))).toEqual(all);
  });

  it('joe and carol see none', () => {
    expect(analysis(visibleNav(personas.joe))).toEqual([]);
    expect(analysis(visibleNav(personas.carol))).toEqual([]);
  });
});
