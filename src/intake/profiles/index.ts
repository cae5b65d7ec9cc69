import { bansosProfile } from './bansos.js';
import { cooperativesProfile } from './cooperatives.js';
import { dtsenProfile } from './dtsen.js';
import { membersProfile } from './members.js';
import { officersProfile } from './officers.js';
import type { Profile, ProfileName } from './profile.js';

export const PROFILES: Record<ProfileName, Profile<unknown>> = {
  dtsen: dtsenProfile,
  bansos: bansosProfile,
  cooperatives: cooperativesProfile,
  members: membersProfile,
  officers: officersProfile,
};
