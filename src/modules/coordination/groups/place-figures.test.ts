import { describe, expect, it } from 'vitest';
import { permissionsOfRole } from '../../../platform/access/permissions.js';
import { roles } from '../../../platform/access/roles.js';
import { GROUP_MEMBER_ROLES } from './group-access.js';
import { beforeAfter, monthsUpTo } from './place-figures.js';

describe('a place’s months before and after its first action', () => {
  it('counts twelve months up to this one, across a new year', () => {
    const months = monthsUpTo('2026-02-10');
    expect(months).toHaveLength(12);
    expect(months[0]).toBe('2025-03');
    expect(months.at(-1)).toBe('2026-02');
  });

  it('compares up to three months on each side, leaving the action’s own month out, and averages per month', () => {
    const months = ['2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11'];
    const result = beforeAfter(months, [40, 0, 4, 6, 5, 9, 1, 0], '2026-09-28');
    expect(result.actionMonth).toBe('2026-09');
    // June to August (April's 40 is too long ago to compare), then October and November only.
    expect(result.before).toEqual({ months: 3, perMonth: 5 });
    expect(result.after).toEqual({ months: 2, perMonth: 0.5 });
  });

  it('has no « after » while nothing was done', () => {
    const result = beforeAfter(['2026-08', '2026-09', '2026-10', '2026-11'], [9, 3, 0, 0], null);
    expect(result.before).toEqual({ months: 3, perMonth: 1 });
    expect(result.after).toEqual({ months: 0, perMonth: null });
  });
});

describe('who may be named a member', () => {
  it('is exactly the roles the module grants `coordination.groups`', () => {
    const granted = roles.filter((role) => permissionsOfRole(role).includes('coordination.groups'));
    expect([...GROUP_MEMBER_ROLES].sort()).toEqual([...granted].sort());
    expect(GROUP_MEMBER_ROLES).not.toContain('partner_venue');
    expect(GROUP_MEMBER_ROLES).not.toContain('funding_member');
  });
});
