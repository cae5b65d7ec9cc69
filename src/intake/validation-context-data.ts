import { referenceRegionCodes } from '../regions/reference-regions.js';
import type { ValidationContext } from './profiles/profile.js';

/** A validation context as plain data, so a worker thread can rebuild it (region codes come from files). */
export interface ValidationContextData {
  villageCodes: string[];
  today: string;
  cooperatives?: Map<string, number>;
}

export function contextFromData(data: ValidationContextData): ValidationContext {
  return {
    villageCodes: new Set(data.villageCodes),
    regionCodes: referenceRegionCodes(),
    today: data.today,
    cooperatives: data.cooperatives,
  };
}

export function contextData(context: ValidationContext): ValidationContextData {
  return {
    villageCodes: [...context.villageCodes],
    today: context.today,
    cooperatives: context.cooperatives && new Map(context.cooperatives),
  };
}
