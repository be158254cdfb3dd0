import { defineOperation } from '../../../platform/access/operation.js';
import { AppError, type FieldProblem } from '../../../platform/errors.js';
import { readCount, readText } from './session-input.js';

export interface ProgrammeInput {
  title: string;
  summary?: string;
  /** "2026-2027". */
  schoolYear: string;
  goalClasses?: string;
  goalYoungPeople?: string;
}

/** Creates a programme with its goal for one school year (classes and/or young people to reach). */
export const createProgramme = defineOperation({
  name: 'prevention.create-programme',
  permission: 'prevention.manage',
  async run({ tx, tenant, clock, audit }, input: ProgrammeInput) {
    const problems: FieldProblem[] = [];
    const title = readText(problems, 'title', input.title, 5, 200) as string;
    const summary = readText(problems, 'summary', input.summary, 0, 2000, true) ?? '';
    const year = input.schoolYear.trim();
    const [start, end] = year.split('-').map(Number);
    if (!/^\d{4}-\d{4}$/.test(year) || end !== (start ?? 0) + 1)
      problems.push({
        field: 'schoolYear',
        message: 'must be a school year such as 2026-2027',
        fr: 'une année scolaire (2026-2027)',
      });
    const classes = readCount(problems, 'goalClasses', input.goalClasses, 100_000, -1);
    const youngPeople = readCount(problems, 'goalYoungPeople', input.goalYoungPeople, 10_000_000, -1);
    if (classes < 0 && youngPeople < 0)
      problems.push({ field: 'goalClasses', message: 'give a goal in classes or young people', fr: 'indiquez un objectif' });
    if (problems.length)
      throw new AppError('invalid_input', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
    const row = await tx
      .insertInto('prevention_programmes')
      .values({ tenant_id: tenant.id, title, summary, created_at: clock.now() })
      .onConflict((oc) => oc.columns(['tenant_id', 'title']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row)
      throw new AppError('invalid_input', 'title: a programme has this title', [
        { field: 'title', message: 'a programme has this title', fr: 'un programme porte déjà ce titre' },
      ]);
    await tx
      .insertInto('prevention_programme_goals')
      .values({
        programme_id: row.id,
        tenant_id: tenant.id,
        school_year: year,
        classes: classes < 0 ? null : classes,
        young_people: youngPeople < 0 ? null : youngPeople,
      })
      .execute();
    audit({ entityType: 'prevention-programme', entityId: row.id, fields: ['title', 'summary', 'goal'] });
    return row;
  },
});
