import type { MessageKey } from './i18n/messages.js';

export interface HelpNumber {
  number: string;
  label: MessageKey;
  /** 114 is reached by text message; the others by call. */
  channel: 'call' | 'sms';
  /** 3919 listens; it is not an emergency service. */
  emergency: boolean;
}

/** Shown on every public page (DESIGN.md). Tenant settings may add local numbers. */
export const emergencyNumbers: HelpNumber[] = [
  { number: '17', label: 'emergency.17', channel: 'call', emergency: true },
  { number: '112', label: 'emergency.112', channel: 'call', emergency: true },
  { number: '15', label: 'emergency.15', channel: 'call', emergency: true },
  { number: '18', label: 'emergency.18', channel: 'call', emergency: true },
  { number: '114', label: 'emergency.114', channel: 'sms', emergency: true },
  { number: '119', label: 'emergency.119', channel: 'call', emergency: true },
  { number: '3919', label: 'emergency.3919', channel: 'call', emergency: false },
];
