import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { assignmentsRoute } from './assignments.js';
import { balanceRoute } from './balance.js';
import { matchRoute } from './match.js';
import { createPilotRoute } from './pilot-create.js';
import { pilotRoute } from './pilot.js';
import { pilotsRoute } from './pilots.js';
import { publishRoute } from './publish.js';
import { randomizeRoute } from './randomize.js';
import { openWaveRoute } from './wave-open.js';

/**
 * Pilot design: create from a region, randomise, view assignment and balance, publish, open waves. One file per
 * route, registered here in the OpenAPI document's order.
 */
export const pilotRoutes: FastifyPluginCallbackTypebox = (app, _options, done) => {
  pilotsRoute(app);
  createPilotRoute(app);
  pilotRoute(app);
  assignmentsRoute(app);
  balanceRoute(app);
  randomizeRoute(app);
  matchRoute(app);
  publishRoute(app);
  openWaveRoute(app);
  done();
};
