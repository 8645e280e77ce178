import { z } from 'zod';
import { IsoDate, TEXT_NOTE } from './contract.js';

/**
 * The relationship log: gifts and contact outside the clinic's channels, documented on the patient
 * as the CMTO's boundary standards ask. Written and read by the treating therapist only; entries are
 * never deleted, only marked as entered in error with a reason.
 */
export const GIFT_VALUE_MAX_CENTS = 10_000_000;

export const GiftDirection = z.enum(['from_patient', 'to_patient']);
export const GiftOutcome = z.enum(['accepted', 'declined']);
export const ContactChannel = z.enum(['personal_phone', 'text_message', 'social_media', 'met_outside_clinic', 'other']);
export const ContactDirection = z.enum(['from_patient', 'to_patient', 'both_ways']);
export const ContactInitiator = z.enum(['patient', 'therapist', 'someone_else']);

const note = z.string().trim().max(TEXT_NOTE).optional().nullable();

export const GiftInput = z
  .object({
    givenOn: IsoDate,
    direction: GiftDirection,
    description: z.string().trim().min(1, { message: 'Say briefly what the gift was.' }).max(200),
    approxValueCents: z
      .number({ message: 'Enter the approximate value in cents, or leave it empty.' })
      .int({ message: 'Enter the approximate value in whole cents.' })
      .min(0, { message: 'The value cannot be negative.' })
      .max(GIFT_VALUE_MAX_CENTS)
      .optional()
      .nullable(),
    outcome: GiftOutcome,
    note,
  })
  .strict();

export const ContactInput = z
  .object({
    contactOn: IsoDate,
    channel: ContactChannel,
    direction: ContactDirection,
    initiatedBy: ContactInitiator,
    note,
  })
  .strict();

export const EnteredInErrorBody = z
  .object({ reason: z.string().trim().min(3, { message: 'Say briefly why this entry was made in error.' }).max(500) })
  .strict();

const EnteredInError = z.object({ at: z.string(), reason: z.string() }).nullable();
const LoggedBy = z.object({ userId: z.string(), name: z.string(), isYou: z.boolean() });

export const Gift = z.object({
  id: z.string(),
  patientId: z.string(),
  givenOn: z.string(),
  direction: GiftDirection,
  description: z.string(),
  approxValueCents: z.number().nullable(),
  outcome: GiftOutcome,
  note: z.string().nullable(),
  loggedBy: LoggedBy,
  createdAt: z.string(),
  enteredInError: EnteredInError,
});

export const Contact = z.object({
  id: z.string(),
  patientId: z.string(),
  contactOn: z.string(),
  channel: ContactChannel,
  direction: ContactDirection,
  initiatedBy: ContactInitiator,
  note: z.string().nullable(),
  loggedBy: LoggedBy,
  createdAt: z.string(),
  enteredInError: EnteredInError,
});

export const RelationshipLog = z.object({ gifts: z.array(Gift), contacts: z.array(Contact) });
