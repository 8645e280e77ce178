import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  ChangePasswordBody,
  LoginBody,
  LoginResult,
  Me,
  Ok,
  SwitchClinicBody,
  TotpConfirmBody,
  TotpConfirmResult,
  TotpDisableBody,
  TotpEnrolment,
  UnlockBody,
  UpdateProfileBody,
} from '../../../shared/auth/contract.js';
import {
  AcceptInvitationBody,
  ChangeRoleBody,
  ClinicSettings,
  CreateInvitationBody,
  FailedSignInList,
  Invitation,
  InvitationList,
  InvitationPreview,
  MemberList,
  SetupBody,
  SetupResult,
  SetupStatus,
  UpdateClinicSettingsBody,
} from '../../../shared/clinic/contract.js';
import { AppError } from '../../platform/errors.js';
import { makeGuard } from '../../platform/http/guard.js';
import { baseUrlOf, clientIp, ERROR_RESPONSES, PUBLIC_ROUTE } from '../../platform/http/route-kit.js';
import type { HttpApp } from '../../platform/http/server.js';
import { clearSessionCookie, readSessionToken, setSessionCookie } from '../../platform/http/session-cookie.js';
import { changePassword, confirmTotpEnrolment, disableTotp, startTotpEnrolment, updateProfile } from '../auth/index.js';
import { lockDevice, openSession, signIn, signOut, switchClinic, unlockDevice } from './account.js';
import { type Actor, presentMe, requireClinic, resolveActor } from './actor.js';
import type { ClinicDeps } from './deps.js';
import { acceptInvitation, createInvitation, listInvitations, previewInvitation, revokeInvitation } from './invitations.js';
import { changeRole, failedSignIns, getSettings, listMembers, removeMember, updateSettings } from './members.js';
import { needsSetup, setUpPractice } from './setup.js';

const errors = ERROR_RESPONSES;
const ip = clientIp;
const baseUrl = baseUrlOf;
const UserIdParams = z.object({ userId: z.string().min(1).max(64) });
const IdParams = z.object({ id: z.string().min(1).max(64) });
const TokenParams = z.object({ token: z.string().min(20).max(100) });

export function registerClinicRoutes(app: HttpApp, deps: ClinicDeps) {
  /** Anyone signed in whose device is not handed to a patient. */
  const requireActor = makeGuard(async (token) => {
    const actor = await resolveActor(deps, token);
    if (actor?.locked) {
      throw new AppError('SESSION_LOCKED', 'This device was handed to a patient. Enter your password to continue.');
    }
    return actor;
  });
  /** Signed in, even on a locked device: only to lock, unlock or sign out. */
  const requireSignedIn = makeGuard((token) => resolveActor(deps, token));
  /** A member working inside their current clinic (two-factor policy enforced). */
  const requireMember = async (req: FastifyRequest): Promise<Actor> => {
    const actor = await requireActor(req);
    requireClinic(actor);
    return actor;
  };
  const signInWith = async (req: FastifyRequest, reply: FastifyReply, userId: string, clinicId?: string) => {
    const token = await openSession(deps, { userId, clinicId, previousToken: readSessionToken(req), ip: ip(req) });
    setSessionCookie(req, reply, token, deps.session.absoluteMs);
    const actor = await resolveActor(deps, token);
    if (!actor) throw new Error('a session just opened could not be read back');
    return presentMe(actor);
  };

  // ── setup ──────────────────────────────────────────────────────────────────
  app.get('/api/setup', { ...PUBLIC_ROUTE, schema: { tags: ['setup'], response: { 200: SetupStatus } } }, async () => ({
    needsSetup: await needsSetup(deps),
  }));

  app.post(
    '/api/setup',
    { ...PUBLIC_ROUTE, schema: { tags: ['setup'], body: SetupBody, response: { 200: SetupResult, ...errors } } },
    async (req, reply) => {
      const { userId, clinicId } = await setUpPractice(deps, { ...req.body, ip: ip(req) });
      return { me: await signInWith(req, reply, userId, clinicId) };
    },
  );

  // ── sign-in ────────────────────────────────────────────────────────────────
  app.post(
    '/api/auth/login',
    { ...PUBLIC_ROUTE, schema: { tags: ['auth'], body: LoginBody, response: { 200: LoginResult, ...errors } } },
    async (req, reply) => {
      const result = await signIn(deps, { ...req.body, previousToken: readSessionToken(req), ip: ip(req) });
      if (result.status === 'totp-required') return result;
      setSessionCookie(req, reply, result.token, deps.session.absoluteMs);
      const actor = await resolveActor(deps, result.token);
      if (!actor) throw new Error('a session just opened could not be read back');
      return { status: 'signed-in' as const, me: presentMe(actor) };
    },
  );

  app.post('/api/auth/logout', { ...PUBLIC_ROUTE, schema: { tags: ['auth'], response: { 200: Ok, ...errors } } }, async (req, reply) => {
    const token = readSessionToken(req);
    const actor = token ? await resolveActor(deps, token) : null;
    if (actor) await signOut(deps, actor, ip(req));
    clearSessionCookie(req, reply);
    return { ok: true as const };
  });

  // ── a device handed to a patient ───────────────────────────────────────────
  app.post('/api/auth/device/lock', { schema: { tags: ['auth'], response: { 200: Ok, ...errors } } }, async (req) => {
    await lockDevice(deps, await requireSignedIn(req), ip(req));
    return { ok: true as const };
  });

  app.post('/api/auth/device/unlock', { schema: { tags: ['auth'], body: UnlockBody, response: { 200: Me, ...errors } } }, async (req) => {
    const actor = await requireSignedIn(req);
    await unlockDevice(deps, actor, req.body.password, ip(req));
    return presentMe({ ...actor, locked: false });
  });

  // ── me ─────────────────────────────────────────────────────────────────────
  app.get('/api/me', { schema: { tags: ['me'], response: { 200: Me, ...errors } } }, async (req) => presentMe(await requireActor(req)));

  app.patch('/api/me', { schema: { tags: ['me'], body: UpdateProfileBody, response: { 200: Me, ...errors } } }, async (req) => {
    const actor = await requireActor(req);
    await updateProfile(deps, { userId: actor.user.id, ...req.body, ip: ip(req) });
    const fresh = await resolveActor(deps, readSessionToken(req) ?? '');
    return presentMe(fresh ?? actor);
  });

  app.post('/api/me/password', { schema: { tags: ['me'], body: ChangePasswordBody, response: { 200: Ok, ...errors } } }, async (req) => {
    const actor = await requireActor(req);
    await changePassword(deps, { userId: actor.user.id, sessionId: actor.sessionId, ...req.body, ip: ip(req) });
    return { ok: true as const };
  });

  app.post('/api/me/clinic', { schema: { tags: ['me'], body: SwitchClinicBody, response: { 200: Me, ...errors } } }, async (req) => {
    const actor = await requireActor(req);
    await switchClinic(deps, actor, req.body.clinicId);
    const fresh = await resolveActor(deps, readSessionToken(req) ?? '');
    return presentMe(fresh ?? actor);
  });

  app.post('/api/me/totp/enrol', { schema: { tags: ['me'], response: { 200: TotpEnrolment, ...errors } } }, async (req) => {
    const actor = await requireActor(req);
    return startTotpEnrolment(deps, actor.user.id);
  });

  app.post(
    '/api/me/totp/confirm',
    { schema: { tags: ['me'], body: TotpConfirmBody, response: { 200: TotpConfirmResult, ...errors } } },
    async (req) => {
      const actor = await requireActor(req);
      return confirmTotpEnrolment(deps, { userId: actor.user.id, code: req.body.code, ip: ip(req) });
    },
  );

  app.post('/api/me/totp/disable', { schema: { tags: ['me'], body: TotpDisableBody, response: { 200: Ok, ...errors } } }, async (req) => {
    const actor = await requireActor(req);
    if (actor.clinic?.requireTotp) {
      throw new AppError('CONFLICT', 'Your clinic requires two-step sign-in, so it cannot be turned off.');
    }
    await disableTotp(deps, { userId: actor.user.id, password: req.body.password, ip: ip(req) });
    return { ok: true as const };
  });

  // ── invitations (public side) ──────────────────────────────────────────────
  app.get(
    '/api/invitations/:token',
    { ...PUBLIC_ROUTE, schema: { tags: ['invitations'], params: TokenParams, response: { 200: InvitationPreview, ...errors } } },
    async (req) => previewInvitation(deps, req.params.token),
  );

  app.post(
    '/api/invitations/:token/accept',
    {
      ...PUBLIC_ROUTE,
      schema: { tags: ['invitations'], params: TokenParams, body: AcceptInvitationBody, response: { 200: SetupResult, ...errors } },
    },
    async (req, reply) => {
      const { userId, clinicId } = await acceptInvitation(deps, req.params.token, { ...req.body, ip: ip(req) });
      return { me: await signInWith(req, reply, userId, clinicId) };
    },
  );

  // ── the clinic ─────────────────────────────────────────────────────────────
  app.get('/api/clinic/settings', { schema: { tags: ['clinic'], response: { 200: ClinicSettings, ...errors } } }, async (req) =>
    getSettings(deps, await requireMember(req)),
  );

  app.patch(
    '/api/clinic/settings',
    { schema: { tags: ['clinic'], body: UpdateClinicSettingsBody, response: { 200: ClinicSettings, ...errors } } },
    async (req) => updateSettings(deps, await requireMember(req), { ...req.body, ip: ip(req) }),
  );

  app.get('/api/clinic/members', { schema: { tags: ['clinic'], response: { 200: MemberList, ...errors } } }, async (req) => ({
    members: await listMembers(deps, await requireMember(req)),
  }));

  app.patch(
    '/api/clinic/members/:userId',
    { schema: { tags: ['clinic'], params: UserIdParams, body: ChangeRoleBody, response: { 200: Ok, ...errors } } },
    async (req) => {
      await changeRole(deps, await requireMember(req), { userId: req.params.userId, ...req.body, ip: ip(req) });
      return { ok: true as const };
    },
  );

  app.post(
    '/api/clinic/members/:userId/remove',
    { schema: { tags: ['clinic'], params: UserIdParams, response: { 200: Ok, ...errors } } },
    async (req) => {
      await removeMember(deps, await requireMember(req), req.params.userId, ip(req));
      return { ok: true as const };
    },
  );

  app.get('/api/clinic/invitations', { schema: { tags: ['clinic'], response: { 200: InvitationList, ...errors } } }, async (req) => ({
    invitations: await listInvitations(deps, await requireMember(req)),
  }));

  app.post(
    '/api/clinic/invitations',
    { schema: { tags: ['clinic'], body: CreateInvitationBody, response: { 200: Invitation, ...errors } } },
    async (req) => createInvitation(deps, await requireMember(req), { ...req.body, baseUrl: baseUrl(req), ip: ip(req) }),
  );

  app.post(
    '/api/clinic/invitations/:id/revoke',
    { schema: { tags: ['clinic'], params: IdParams, response: { 200: Ok, ...errors } } },
    async (req) => {
      await revokeInvitation(deps, await requireMember(req), req.params.id, ip(req));
      return { ok: true as const };
    },
  );

  app.get(
    '/api/clinic/security/failed-sign-ins',
    { schema: { tags: ['clinic'], response: { 200: FailedSignInList, ...errors } } },
    async (req) => ({
      attempts: await failedSignIns(deps, await requireMember(req)),
    }),
  );

  return { requireActor, requireMember };
}
