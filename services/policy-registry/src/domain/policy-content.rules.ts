import { provinceNamed, type CalendarDate } from '@zoneledger/shared-kernel';
import type { Measure, ScopeRequest } from './policy.commands';
import { UnknownProvinceError, UnknownThemeError, UnknownZoneError } from './policy.errors';
import type { AutonomyGrant, PolicyScope } from './policy.events';
import { tidy } from './policy.rules';
import { policyTheme } from './policy-themes';

// The rules of a version's text: themes, measures, scope, and the grants they make.

/** Themes as recorded, without repeats; POLICY.UNKNOWN_THEME for a word outside the vocabulary. */
export function themesOf(words: readonly string[] = []): string[] {
  const themes = words.map((word) => {
    const theme = policyTheme(word);
    if (!theme) throw new UnknownThemeError(word);
    return theme;
  });
  return [...new Set(themes)];
}

/** Measures as recorded: tidy sentences and powers, blank sentences and powers left out. */
export function measuresOf(measures: readonly Measure[] = []): Measure[] {
  return measures.flatMap((measure) => {
    const text = tidy(measure.text);
    const power = tidy(measure.grantsPower ?? '');
    if (!text) return [];
    return [power ? { text, grantsPower: power } : { text }];
  });
}

/**
 * A scope as recorded: criteria without repeats, provinces by official name
 * (POLICY.UNKNOWN_PROVINCE), named zones the register holds (POLICY.UNKNOWN_ZONE otherwise).
 */
export function scopeOf(request: ScopeRequest = {}, knownZoneIds: readonly string[]): PolicyScope {
  const provinces = (request.provinces ?? []).map((name) => {
    const province = provinceNamed(name);
    if (!province) throw new UnknownProvinceError(name);
    return province.name;
  });
  const zoneIds = unique((request.zoneIds ?? []).map(tidy));
  const unknown = zoneIds.filter((zoneId) => !knownZoneIds.includes(zoneId));
  if (unknown.length > 0) throw new UnknownZoneError(unknown);
  return {
    zoneKinds: unique(request.zoneKinds ?? []),
    zoneLevels: unique(request.zoneLevels ?? []),
    provinces: unique(provinces),
    regions: unique(request.regions ?? []),
    zoneIds,
  };
}

/** Whether any of the measures grants a power (so its scope must be resolved to zones). */
export function grantsAnyPower(measures: readonly Measure[]): boolean {
  return measuresOf(measures).some((measure) => measure.grantsPower !== undefined);
}

/**
 * One grant per power the measures grant (the first measure granting it names it), each to
 * every zone the scope resolved to (possibly none: the power stays on record).
 */
export function autonomyGrantsOf(
  measures: readonly Measure[],
  scopeZoneIds: readonly string[],
  effectiveOn?: CalendarDate,
): AutonomyGrant[] {
  const zoneIds = unique(scopeZoneIds);
  const grants = new Map<string, AutonomyGrant>();
  measures.forEach(({ grantsPower: power }, index) => {
    if (!power || grants.has(power)) return;
    grants.set(power, {
      power,
      zoneIds: [...zoneIds],
      ...(effectiveOn ? { effectiveOn } : {}),
      measureNumber: index + 1,
    });
  });
  return [...grants.values()];
}

/** Two scopes name the same zones by the same criteria (in any order). */
export function sameScope(a: PolicyScope, b: PolicyScope): boolean {
  const key = (scope: PolicyScope) =>
    JSON.stringify([
      [...scope.zoneKinds].sort(),
      [...scope.zoneLevels].sort(),
      [...scope.provinces].sort(),
      [...scope.regions].sort(),
      [...scope.zoneIds].sort(),
    ]);
  return key(a) === key(b);
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
