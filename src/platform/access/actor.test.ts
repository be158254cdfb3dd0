import { describe, expect, it } from 'vitest';
import { type Actor, grantsFromMemberships, publicActor, requireInScope, requirePermission, systemActor } from './actor.js';

const actorWith = (memberships: Parameters<typeof grantsFromMemberships>[0]): Actor => ({
  kind: 'user',
  label: 'user:test',
  grants: grantsFromMemberships(memberships),
});

describe('permissions and scopes', () => {
  const scopedMediator = actorWith([{ permissions: ['mediation.record'], territoryId: 'estate-a', organisationId: null }]);

  it('lets a territory-scoped user reach records of that territory only, as not found elsewhere', () => {
    expect(() => requireInScope(scopedMediator, 'mediation.record', { territoryId: 'estate-a' })).not.toThrow();
    expect(() => requireInScope(scopedMediator, 'mediation.record', { territoryId: 'estate-b' })).toThrow(/not found/);
    expect(() => requireInScope(scopedMediator, 'mediation.record', {})).toThrow(/not found/);
    expect(() => requireInScope(scopedMediator, 'police.read', { territoryId: 'estate-a' })).toThrow(/not found/);
  });

  it('widens to the whole tenant when one membership is unscoped, and unions scopes otherwise', () => {
    const both = actorWith([
      { permissions: ['mediation.record'], territoryId: 'estate-a', organisationId: null },
      { permissions: ['mediation.record'], territoryId: 'estate-b', organisationId: null },
    ]);
    expect(() => requireInScope(both, 'mediation.record', { territoryId: 'estate-b' })).not.toThrow();
    const manager = actorWith([
      { permissions: ['mediation.record'], territoryId: 'estate-a', organisationId: null },
      { permissions: ['mediation.record'], territoryId: null, organisationId: null },
    ]);
    expect(manager.grants.get('mediation.record')).toBe('tenant');
    const partner = actorWith([{ permissions: ['reports.receive'], territoryId: null, organisationId: 'assoc-1' }]);
    expect(() => requireInScope(partner, 'reports.receive', { organisationId: 'assoc-1' })).not.toThrow();
    expect(() => requireInScope(partner, 'reports.receive', { organisationId: 'assoc-2' })).toThrow(/not found/);
  });

  it('asks the public to sign in and refuses a member without the permission', () => {
    expect(() => requirePermission(publicActor, 'platform.users-manage')).toThrow(
      expect.objectContaining({ code: 'unauthenticated' }),
    );
    expect(() => requirePermission(scopedMediator, 'platform.users-manage')).toThrow(
      expect.objectContaining({ code: 'forbidden' }),
    );
    expect(() => requirePermission(systemActor('cli'), 'platform.users-manage')).not.toThrow();
  });
});
