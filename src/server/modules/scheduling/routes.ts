import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Ok } from '../../../shared/auth/contract.js';
import {
  Appointment,
  AppointmentType,
  AppointmentTypeList,
  AppointmentTypeListQuery,
  Availability,
  AvailabilityQuery,
  BookAppointmentBody,
  CalendarDate,
  CalendarFeed,
  CancelAppointmentBody,
  CompleteAppointmentBody,
  CreateAppointmentTypeBody,
  CreatedFeed,
  CreateFeedBody,
  DayQuery,
  DayView,
  FeeAdjustmentBody,
  FeeHistory,
  MoveAppointmentBody,
  PatientAppointmentList,
  PaymentBody,
  SchedulingSettings,
  SetExceptionBody,
  SetWeeklyHoursBody,
  TodayView,
  UpdateAppointmentTypeBody,
  UpdateSchedulingSettingsBody,
  WeekView,
} from '../../../shared/scheduling/contract.js';
import { baseUrlOf, clientIp, ERROR_RESPONSES, PUBLIC_ROUTE } from '../../platform/http/route-kit.js';
import type { HttpApp } from '../../platform/http/server.js';
import type { Actor } from '../clinic/index.js';
import { createAppointmentType, listAppointmentTypes, updateAppointmentType } from './appointment-types.js';
import { getAvailability, removeAvailabilityException, setAvailabilityException, setWeeklyHours } from './availability.js';
import { bookAppointment } from './book-appointment.js';
import { calendarFeedText, createCalendarFeed, getCalendarFeed, revokeCalendarFeed } from './calendar-feed.js';
import { dayView, todayView, weekView } from './calendar-views.js';
import { changeAppointmentStatus, moveAppointment } from './change-appointment.js';
import type { SchedulingDeps } from './deps.js';
import { adjustFee, feeHistory, markPayment } from './fees.js';
import { patientAppointments } from './patient-appointments.js';
import { getSchedulingSettings, updateSchedulingSettings } from './settings.js';

const errors = ERROR_RESPONSES;
const Id = z.string().min(1).max(64);
const TypeParams = z.object({ typeId: Id });
const TherapistParams = z.object({ therapistId: Id });
const ExceptionParams = z.object({ therapistId: Id, date: CalendarDate });
const AppointmentParams = z.object({ appointmentId: Id });
const PatientParams = z.object({ patientId: Id });
const FeedParams = z.object({ token: z.string().min(1).max(200) });
const ip = clientIp;
const baseUrl = baseUrlOf;
const tags = ['scheduling'];
const ok = { ok: true as const };

export function registerSchedulingRoutes(app: HttpApp, deps: SchedulingDeps, requireMember: (req: FastifyRequest) => Promise<Actor>) {
  app.get('/api/scheduling/settings', { schema: { tags, response: { 200: SchedulingSettings, ...errors } } }, async (req) =>
    getSchedulingSettings(deps, await requireMember(req)),
  );

  app.put(
    '/api/scheduling/settings',
    { schema: { tags, body: UpdateSchedulingSettingsBody, response: { 200: SchedulingSettings, ...errors } } },
    async (req) => updateSchedulingSettings(deps, await requireMember(req), req.body, ip(req)),
  );

  app.get(
    '/api/scheduling/appointment-types',
    { schema: { tags, querystring: AppointmentTypeListQuery, response: { 200: AppointmentTypeList, ...errors } } },
    async (req) => listAppointmentTypes(deps, await requireMember(req), req.query.includeInactive === 'true'),
  );

  app.post(
    '/api/scheduling/appointment-types',
    { schema: { tags, body: CreateAppointmentTypeBody, response: { 200: AppointmentType, ...errors } } },
    async (req) => createAppointmentType(deps, await requireMember(req), req.body),
  );

  app.patch(
    '/api/scheduling/appointment-types/:typeId',
    { schema: { tags, params: TypeParams, body: UpdateAppointmentTypeBody, response: { 200: AppointmentType, ...errors } } },
    async (req) => updateAppointmentType(deps, await requireMember(req), req.params.typeId, req.body),
  );

  app.get(
    '/api/scheduling/therapists/:therapistId/availability',
    { schema: { tags, params: TherapistParams, querystring: AvailabilityQuery, response: { 200: Availability, ...errors } } },
    async (req) => getAvailability(deps, await requireMember(req), req.params.therapistId, req.query.from),
  );

  app.put(
    '/api/scheduling/therapists/:therapistId/availability',
    { schema: { tags, params: TherapistParams, body: SetWeeklyHoursBody, response: { 200: Availability, ...errors } } },
    async (req) => setWeeklyHours(deps, await requireMember(req), req.params.therapistId, req.body),
  );

  app.put(
    '/api/scheduling/therapists/:therapistId/exceptions/:date',
    { schema: { tags, params: ExceptionParams, body: SetExceptionBody, response: { 200: Availability, ...errors } } },
    async (req) => setAvailabilityException(deps, await requireMember(req), req.params.therapistId, req.params.date, req.body),
  );

  app.post(
    '/api/scheduling/therapists/:therapistId/exceptions/:date/remove',
    { schema: { tags, params: ExceptionParams, response: { 200: Ok, ...errors } } },
    async (req) => {
      await removeAvailabilityException(deps, await requireMember(req), req.params.therapistId, req.params.date);
      return ok;
    },
  );

  app.post(
    '/api/scheduling/appointments',
    { schema: { tags, body: BookAppointmentBody, response: { 200: Appointment, ...errors } } },
    async (req) => bookAppointment(deps, await requireMember(req), req.body, ip(req)),
  );

  app.post(
    '/api/scheduling/appointments/:appointmentId/move',
    { schema: { tags, params: AppointmentParams, body: MoveAppointmentBody, response: { 200: Appointment, ...errors } } },
    async (req) => moveAppointment(deps, await requireMember(req), req.params.appointmentId, req.body, ip(req)),
  );

  app.post(
    '/api/scheduling/appointments/:appointmentId/cancel',
    { schema: { tags, params: AppointmentParams, body: CancelAppointmentBody, response: { 200: Appointment, ...errors } } },
    async (req) =>
      changeAppointmentStatus(
        deps,
        await requireMember(req),
        req.params.appointmentId,
        { to: 'cancelled', reason: req.body.reason },
        ip(req),
      ),
  );

  app.post(
    '/api/scheduling/appointments/:appointmentId/no-show',
    { schema: { tags, params: AppointmentParams, response: { 200: Appointment, ...errors } } },
    async (req) => changeAppointmentStatus(deps, await requireMember(req), req.params.appointmentId, { to: 'no_show' }, ip(req)),
  );

  app.post(
    '/api/scheduling/appointments/:appointmentId/arrived',
    { schema: { tags, params: AppointmentParams, response: { 200: Appointment, ...errors } } },
    async (req) => changeAppointmentStatus(deps, await requireMember(req), req.params.appointmentId, { to: 'arrived' }, ip(req)),
  );

  app.post(
    '/api/scheduling/appointments/:appointmentId/complete',
    { schema: { tags, params: AppointmentParams, body: CompleteAppointmentBody, response: { 200: Appointment, ...errors } } },
    async (req) =>
      changeAppointmentStatus(
        deps,
        await requireMember(req),
        req.params.appointmentId,
        { to: 'completed', actualEndAt: req.body.actualEndAt },
        ip(req),
      ),
  );

  app.post(
    '/api/scheduling/appointments/:appointmentId/fee-adjustment',
    { schema: { tags, params: AppointmentParams, body: FeeAdjustmentBody, response: { 200: Appointment, ...errors } } },
    async (req) => adjustFee(deps, await requireMember(req), req.params.appointmentId, req.body, ip(req)),
  );

  app.post(
    '/api/scheduling/appointments/:appointmentId/payment',
    { schema: { tags, params: AppointmentParams, body: PaymentBody, response: { 200: Appointment, ...errors } } },
    async (req) => markPayment(deps, await requireMember(req), req.params.appointmentId, req.body, ip(req)),
  );

  app.get(
    '/api/scheduling/appointments/:appointmentId/fee-history',
    { schema: { tags, params: AppointmentParams, response: { 200: FeeHistory, ...errors } } },
    async (req) => feeHistory(deps, await requireMember(req), req.params.appointmentId, ip(req)),
  );

  app.get(
    '/api/patients/:patientId/appointments',
    { schema: { tags, params: PatientParams, response: { 200: PatientAppointmentList, ...errors } } },
    async (req) => patientAppointments(deps, await requireMember(req), req.params.patientId, ip(req)),
  );

  app.get('/api/scheduling/day', { schema: { tags, querystring: DayQuery, response: { 200: DayView, ...errors } } }, async (req) =>
    dayView(deps, await requireMember(req), req.query, ip(req)),
  );

  app.get('/api/scheduling/week', { schema: { tags, querystring: DayQuery, response: { 200: WeekView, ...errors } } }, async (req) =>
    weekView(deps, await requireMember(req), req.query, ip(req)),
  );

  app.get('/api/scheduling/today', { schema: { tags, response: { 200: TodayView, ...errors } } }, async (req) =>
    todayView(deps, await requireMember(req), ip(req)),
  );

  app.get('/api/calendar-feeds', { schema: { tags, response: { 200: CalendarFeed, ...errors } } }, async (req) =>
    getCalendarFeed(deps, await requireMember(req)),
  );

  app.post('/api/calendar-feeds', { schema: { tags, body: CreateFeedBody, response: { 200: CreatedFeed, ...errors } } }, async (req) =>
    createCalendarFeed(deps, await requireMember(req), req.body, baseUrl(req), ip(req)),
  );

  app.post('/api/calendar-feeds/revoke', { schema: { tags, response: { 200: Ok, ...errors } } }, async (req) => {
    await revokeCalendarFeed(deps, await requireMember(req), ip(req));
    return ok;
  });

  // No session: the secret token in the address is the credential (calendar apps cannot sign in).
  app.get('/api/calendar-feeds/:token.ics', { ...PUBLIC_ROUTE, schema: { tags, params: FeedParams } }, async (req, reply) => {
    const text = await calendarFeedText(deps, req.params.token, ip(req));
    return reply.type('text/calendar; charset=utf-8').header('cache-control', 'private, no-cache').send(text);
  });
}
