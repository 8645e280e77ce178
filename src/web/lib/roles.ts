import type { Me } from './api.js';

/** Who sees which clinical screens. The server has the final word; these only shape the menus. */
const role = (me: Me) => me.clinic?.role;

/** Has a calendar of their own: a therapist, or an owner or administrator who also treats. */
export const treatsPatients = (me: Me) =>
  role(me) === 'therapist' || ((role(me) === 'owner' || role(me) === 'admin') && me.clinic?.treats === true);

/** Sees the calendar (their own, or everyone's for the owner and administrators). */
export const usesCalendar = (me: Me) => role(me) === 'owner' || role(me) === 'admin' || role(me) === 'therapist';

/** Sees every therapist's calendar and manages appointment types. */
export const managesSchedule = (me: Me) => role(me) === 'owner' || role(me) === 'admin';

/** Registers and finds patients (the front desk and anyone who treats). */
export const seesPatients = usesCalendar;

/** Has the private reflection room: people who treat (never administrators or mentors, who only see others' work). */
export const reflects = (me: Me) =>
  role(me) === 'therapist' || role(me) === 'locum' || (role(me) === 'owner' && me.clinic?.treats === true);
