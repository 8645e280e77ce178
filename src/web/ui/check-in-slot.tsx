import { type ComponentType, createContext, useContext } from 'react';

export interface CheckInButtonProps {
  appointmentId?: string;
  patientName?: string;
  label?: string;
}

/**
 * Today offers a presence check-in, but nothing outside the private room may import it
 * (dependency rule). The composition root (app.tsx) puts the private room's button in this slot.
 */
export const CheckInSlot = createContext<ComponentType<CheckInButtonProps> | null>(null);

export function CheckInSlotButton(props: CheckInButtonProps) {
  const Button = useContext(CheckInSlot);
  return Button ? <Button {...props} /> : null;
}
