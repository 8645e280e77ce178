// The calendar's newer API calls (a patient's appointments, fees and payment, dated exceptions).
import type {
  FeeAdjustmentBody,
  FeeHistory,
  PatientAppointmentList,
  PaymentBody,
  SetExceptionBody,
} from '../../../shared/scheduling/contract.js';
import { type AppointmentData, type AvailabilityData, get, type Infer, type Input, type Ok, post, put, seg } from '../../lib/api.js';

export type PatientAppointmentsData = Infer<typeof PatientAppointmentList>;
export type PatientAppointmentData = PatientAppointmentsData['past'][number];
export type FeeHistoryEntry = Infer<typeof FeeHistory>['entries'][number];
export type FeeAdjustmentInput = Input<typeof FeeAdjustmentBody>;

const appt = (id: string) => `/api/scheduling/appointments/${seg(id)}`;

export const calendarApi = {
  patientAppointments: (patientId: string) => get<PatientAppointmentsData>(`/api/patients/${seg(patientId)}/appointments`),
  adjustFee: (id: string, body: FeeAdjustmentInput) => post<AppointmentData>(`${appt(id)}/fee-adjustment`, body),
  markPayment: (id: string, status: Input<typeof PaymentBody>['status']) => post<AppointmentData>(`${appt(id)}/payment`, { status }),
  feeHistory: (id: string) => get<Infer<typeof FeeHistory>>(`${appt(id)}/fee-history`),
  setException: (therapistId: string, date: string, body: Input<typeof SetExceptionBody>) =>
    put<AvailabilityData>(`/api/scheduling/therapists/${seg(therapistId)}/exceptions/${seg(date)}`, body),
  removeException: (therapistId: string, date: string) =>
    post<Ok>(`/api/scheduling/therapists/${seg(therapistId)}/exceptions/${seg(date)}/remove`),
};
