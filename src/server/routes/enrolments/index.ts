import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { createEnrolmentRoute } from './enrolment-create.js';
import { enrolmentRoute } from './enrolment.js';
import { enrolmentFunnelRoute } from './enrolment-funnel.js';
import { enrolmentsRoute } from './enrolments.js';
import { facilitatorVillagesRoute } from './facilitator-villages.js';
import { transitionRoute } from './transitions.js';
import { visitRoute } from './visits.js';
import { workListExportRoute } from './work-list-export.js';
import { workListPdfRoute } from './work-list-pdf.js';
import { workListRoute } from './work-list.js';

/**
 * The enrolment funnel, facilitators' work lists and visits, facilitator–village assignment: one file per route,
 * registered here in the OpenAPI document's order.
 */
export const enrolmentRoutes: FastifyPluginCallbackTypebox = (app, _options, done) => {
  enrolmentsRoute(app);
  enrolmentFunnelRoute(app);
  enrolmentRoute(app);
  createEnrolmentRoute(app);
  transitionRoute(app);
  visitRoute(app);
  workListRoute(app);
  workListExportRoute(app);
  workListPdfRoute(app);
  facilitatorVillagesRoute(app);
  done();
};
