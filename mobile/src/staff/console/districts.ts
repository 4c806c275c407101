import { coveredDistricts } from '../../rules/rules.ts';

/** The covered districts' names as the workflow uses them (the Chinese name is the key). */
export const DISTRICT_NAMES: readonly string[] = coveredDistricts.map(
  (feature) => (feature.properties as { name: string }).name,
);
