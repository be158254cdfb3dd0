import { AppError, type FieldProblem } from '../../../platform/errors.js';
import { isDate } from '../orders/order-input.js';
import { isUuid, readCount, readText } from '../sessions/session-input.js';
import { type CommitmentKind, type CommitmentState, commitmentKinds, commitmentStates } from './tables.js';

/** A commitment as the form sends it: texts, as typed. */
export interface CommitmentInput {
  title: string;
  description?: string;
  kind: string;
  state: string;
  stateOn: string;
  service: string;
  internalNote?: string;
  target?: string;
  position?: string;
  /** Live evidence: a programme of the sessions part, a police training module, a reports category code. */
  programmeId?: string;
  policeTrainingModuleId?: string;
  reportCategory?: string;
}

export interface CommitmentValues {
  title: string;
  description: string;
  kind: CommitmentKind;
  state: CommitmentState;
  stateOn: string;
  service: string;
  internalNote: string;
  target: string;
  position: number;
  programmeId: string | null;
  policeTrainingModuleId: string | null;
  reportCategory: string | null;
}

/** Throws one 400 naming every wrong field, so that nothing is half-saved. */
export function throwIfProblems(problems: FieldProblem[]) {
  if (problems.length) throw new AppError('invalid_input', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
}

/** A date typed in a form, or a problem naming the field. */
export function readDate(problems: FieldProblem[], field: string, text: string | undefined): string {
  const value = (text ?? '').trim();
  if (!isDate(value)) problems.push({ field, message: 'must be a date YYYY-MM-DD', fr: 'une date (AAAA-MM-JJ)' });
  return value;
}

/** An optional id: blank is none, anything else must look like an id (whether it exists is the operation's check). */
function readId(problems: FieldProblem[], field: string, text: string | undefined): string | null {
  const value = (text ?? '').trim();
  if (value === '') return null;
  if (isUuid(value)) return value.toLowerCase();
  problems.push({ field, message: 'is not a known choice', fr: 'choix inconnu' });
  return null;
}

/** Checks every field of a commitment at once; the programme's existence is checked by the operation. */
export function readCommitmentInput(input: CommitmentInput, problems: FieldProblem[]): CommitmentValues {
  const title = readText(problems, 'title', input.title, 5, 200) as string;
  const description = readText(problems, 'description', input.description, 0, 2000) ?? '';
  if (!commitmentKinds.includes(input.kind as CommitmentKind))
    problems.push({ field: 'kind', message: `must be one of ${commitmentKinds.join(', ')}`, fr: 'type d’engagement inconnu' });
  if (!commitmentStates.includes(input.state as CommitmentState))
    problems.push({ field: 'state', message: `must be one of ${commitmentStates.join(', ')}`, fr: 'état inconnu' });
  const stateOn = readDate(problems, 'stateOn', input.stateOn);
  const service = readText(problems, 'service', input.service, 2, 200) as string;
  const internalNote = readText(problems, 'internalNote', input.internalNote, 0, 2000) ?? '';
  const target = readText(problems, 'target', input.target, 0, 500) ?? '';
  const position = readCount(problems, 'position', input.position, 999, 0);
  const programmeId = readId(problems, 'programmeId', input.programmeId);
  const policeTrainingModuleId = readId(problems, 'policeTrainingModuleId', input.policeTrainingModuleId);
  const category = (input.reportCategory ?? '').trim();
  if (category !== '' && !/^[a-z0-9-]{1,60}$/.test(category))
    problems.push({ field: 'reportCategory', message: 'is not a category code', fr: 'code de catégorie invalide' });
  return {
    title,
    description,
    kind: input.kind as CommitmentKind,
    state: input.state as CommitmentState,
    stateOn,
    service,
    internalNote,
    target,
    position,
    programmeId,
    policeTrainingModuleId,
    reportCategory: category || null,
  };
}
