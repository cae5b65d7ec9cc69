import type { Culture } from './name-pools.js';

/**
 * What a synthetic population of a province looks like: poverty rate (approximate BPS 2025 figures; the
 * highest six as in docs/DOMAIN: Papua Tengah 29.45 %, Papua Pegunungan 27.21 %, Papua Barat 19.58 %, Papua
 * Selatan 19.26 %, Papua 17.82 %, NTT 17.5 %), mean household size (Susenas-like, 3.3 in Java to 4.6 in the
 * east) and the naming traditions of its people. Plausible, not official statistics: tune freely.
 */
export interface RegionalProfile {
  povertyRate: number;
  meanSize: number;
  cultures: readonly (readonly [Culture, number])[];
}

const SUMATRA_MIX: RegionalProfile['cultures'] = [
  ['malay', 0.6],
  ['javanese', 0.3],
  ['minang', 0.05],
  ['batak', 0.05],
];

const PROFILES: Record<string, RegionalProfile> = {
  '11': {
    povertyRate: 0.123,
    meanSize: 4.0,
    cultures: [
      ['malay', 0.9],
      ['javanese', 0.08],
      ['batak', 0.02],
    ],
  },
  '12': {
    povertyRate: 0.074,
    meanSize: 4.1,
    cultures: [
      ['batak', 0.45],
      ['malay', 0.25],
      ['javanese', 0.28],
      ['minang', 0.02],
    ],
  },
  '13': {
    povertyRate: 0.054,
    meanSize: 3.9,
    cultures: [
      ['minang', 0.88],
      ['batak', 0.05],
      ['javanese', 0.07],
    ],
  },
  '14': {
    povertyRate: 0.064,
    meanSize: 3.9,
    cultures: [
      ['malay', 0.45],
      ['javanese', 0.3],
      ['minang', 0.13],
      ['batak', 0.12],
    ],
  },
  '15': { povertyRate: 0.072, meanSize: 3.8, cultures: SUMATRA_MIX },
  '16': { povertyRate: 0.105, meanSize: 3.9, cultures: SUMATRA_MIX },
  '17': { povertyRate: 0.132, meanSize: 3.7, cultures: SUMATRA_MIX },
  '18': {
    povertyRate: 0.1,
    meanSize: 3.7,
    cultures: [
      ['javanese', 0.62],
      ['malay', 0.25],
      ['sundanese', 0.13],
    ],
  },
  '19': {
    povertyRate: 0.045,
    meanSize: 3.7,
    cultures: [
      ['malay', 0.85],
      ['javanese', 0.15],
    ],
  },
  '21': {
    povertyRate: 0.046,
    meanSize: 3.8,
    cultures: [
      ['malay', 0.55],
      ['javanese', 0.25],
      ['minang', 0.1],
      ['batak', 0.1],
    ],
  },
  '31': {
    povertyRate: 0.043,
    meanSize: 3.5,
    cultures: [
      ['javanese', 0.4],
      ['malay', 0.3],
      ['sundanese', 0.15],
      ['batak', 0.05],
      ['minang', 0.05],
      ['manado_maluku', 0.05],
    ],
  },
  '32': {
    povertyRate: 0.07,
    meanSize: 3.5,
    cultures: [
      ['sundanese', 0.8],
      ['javanese', 0.15],
      ['malay', 0.05],
    ],
  },
  '33': {
    povertyRate: 0.095,
    meanSize: 3.4,
    cultures: [
      ['javanese', 0.97],
      ['sundanese', 0.03],
    ],
  },
  '34': { povertyRate: 0.102, meanSize: 3.2, cultures: [['javanese', 1]] },
  '35': {
    povertyRate: 0.095,
    meanSize: 3.3,
    cultures: [
      ['javanese', 0.92],
      ['malay', 0.08],
    ],
  },
  '36': {
    povertyRate: 0.056,
    meanSize: 3.8,
    cultures: [
      ['sundanese', 0.6],
      ['javanese', 0.3],
      ['malay', 0.1],
    ],
  },
  '51': {
    povertyRate: 0.037,
    meanSize: 3.6,
    cultures: [
      ['balinese', 0.85],
      ['javanese', 0.12],
      ['malay', 0.03],
    ],
  },
  '52': {
    povertyRate: 0.118,
    meanSize: 3.6,
    cultures: [
      ['malay', 0.85],
      ['balinese', 0.05],
      ['javanese', 0.05],
      ['bugis', 0.05],
    ],
  },
  '53': {
    povertyRate: 0.175,
    meanSize: 4.5,
    cultures: [
      ['ntt', 0.86],
      ['malay', 0.06],
      ['bugis', 0.04],
      ['javanese', 0.04],
    ],
  },
  '61': {
    povertyRate: 0.062,
    meanSize: 4.0,
    cultures: [
      ['malay', 0.6],
      ['javanese', 0.2],
      ['ntt', 0.05],
      ['bugis', 0.05],
      ['batak', 0.1],
    ],
  },
  '62': {
    povertyRate: 0.052,
    meanSize: 3.7,
    cultures: [
      ['malay', 0.55],
      ['javanese', 0.35],
      ['bugis', 0.05],
      ['batak', 0.05],
    ],
  },
  '63': {
    povertyRate: 0.041,
    meanSize: 3.6,
    cultures: [
      ['malay', 0.75],
      ['javanese', 0.2],
      ['bugis', 0.05],
    ],
  },
  '64': {
    povertyRate: 0.056,
    meanSize: 3.7,
    cultures: [
      ['javanese', 0.35],
      ['bugis', 0.3],
      ['malay', 0.25],
      ['batak', 0.05],
      ['ntt', 0.05],
    ],
  },
  '65': {
    povertyRate: 0.059,
    meanSize: 3.8,
    cultures: [
      ['bugis', 0.35],
      ['malay', 0.35],
      ['javanese', 0.2],
      ['ntt', 0.1],
    ],
  },
  '71': {
    povertyRate: 0.068,
    meanSize: 3.6,
    cultures: [
      ['manado_maluku', 0.85],
      ['malay', 0.1],
      ['bugis', 0.05],
    ],
  },
  '72': {
    povertyRate: 0.11,
    meanSize: 3.9,
    cultures: [
      ['bugis', 0.45],
      ['malay', 0.3],
      ['manado_maluku', 0.15],
      ['javanese', 0.1],
    ],
  },
  '73': {
    povertyRate: 0.076,
    meanSize: 4.0,
    cultures: [
      ['bugis', 0.9],
      ['manado_maluku', 0.07],
      ['javanese', 0.03],
    ],
  },
  '74': {
    povertyRate: 0.106,
    meanSize: 4.0,
    cultures: [
      ['bugis', 0.6],
      ['malay', 0.3],
      ['javanese', 0.1],
    ],
  },
  '75': {
    povertyRate: 0.132,
    meanSize: 3.8,
    cultures: [
      ['malay', 0.9],
      ['bugis', 0.1],
    ],
  },
  '76': {
    povertyRate: 0.107,
    meanSize: 4.1,
    cultures: [
      ['bugis', 0.85],
      ['malay', 0.1],
      ['manado_maluku', 0.05],
    ],
  },
  '81': {
    povertyRate: 0.156,
    meanSize: 4.5,
    cultures: [
      ['manado_maluku', 0.75],
      ['bugis', 0.1],
      ['malay', 0.1],
      ['javanese', 0.05],
    ],
  },
  '82': {
    povertyRate: 0.06,
    meanSize: 4.2,
    cultures: [
      ['malay', 0.6],
      ['manado_maluku', 0.3],
      ['bugis', 0.1],
    ],
  },
  '91': {
    povertyRate: 0.1782,
    meanSize: 4.2,
    cultures: [
      ['papuan', 0.6],
      ['javanese', 0.15],
      ['bugis', 0.12],
      ['manado_maluku', 0.08],
      ['ntt', 0.05],
    ],
  },
  '92': {
    povertyRate: 0.1958,
    meanSize: 4.3,
    cultures: [
      ['papuan', 0.6],
      ['javanese', 0.15],
      ['bugis', 0.1],
      ['manado_maluku', 0.1],
      ['ntt', 0.05],
    ],
  },
  '93': {
    povertyRate: 0.1926,
    meanSize: 4.3,
    cultures: [
      ['papuan', 0.7],
      ['javanese', 0.15],
      ['bugis', 0.07],
      ['ntt', 0.08],
    ],
  },
  '94': {
    povertyRate: 0.2945,
    meanSize: 4.6,
    cultures: [
      ['papuan', 0.88],
      ['bugis', 0.05],
      ['javanese', 0.04],
      ['ntt', 0.03],
    ],
  },
  '95': {
    povertyRate: 0.2721,
    meanSize: 4.6,
    cultures: [
      ['papuan', 0.95],
      ['bugis', 0.03],
      ['javanese', 0.02],
    ],
  },
  '96': {
    povertyRate: 0.176,
    meanSize: 4.3,
    cultures: [
      ['papuan', 0.55],
      ['manado_maluku', 0.15],
      ['bugis', 0.12],
      ['javanese', 0.13],
      ['ntt', 0.05],
    ],
  },
};

/** The profile of a province (two-digit code); throws for codes it does not know. */
export function regionalProfile(provinceCode: string): RegionalProfile {
  const profile = PROFILES[provinceCode];
  if (!profile) throw new Error(`no synthetic-population profile for province ${provinceCode}`);
  return profile;
}

export function hasRegionalProfile(provinceCode: string): boolean {
  return provinceCode in PROFILES;
}
