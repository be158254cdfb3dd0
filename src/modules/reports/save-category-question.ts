import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import { defineOperation } from '../../platform/access/operation.js';
import { AppError, type FieldProblem, invalidInput } from '../../platform/errors.js';
import { type AttributeType, attributeTypes, type CategoryAttribute } from './tables.js';

/** A category asks at most this many questions: a form in distress stays short. */
const MAX_QUESTIONS = 12;
const CODE = /^[a-z0-9][a-z0-9_-]{0,39}$/;

/** The question as the coordinator's form sends it; `values` is one choice a line: `key | libellé | label`. */
export interface QuestionInput {
  code: string;
  datatype: string;
  labelFr: string;
  labelEn: string;
  required: boolean;
  order: string;
  values: string;
}

/** Reads and checks the form's question, naming every field that is wrong. */
export function readQuestion(input: QuestionInput): CategoryAttribute {
  const problems: FieldProblem[] = [];
  const wrong = (field: string, message: string, fr: string) => problems.push({ field, message, fr });
  const code = input.code.trim().toLowerCase();
  if (!CODE.test(code))
    wrong('code', 'must be 1 to 40 lowercase letters, digits, - or _', '1 à 40 lettres minuscules, chiffres, - ou _');
  const datatype = input.datatype as AttributeType;
  if (!attributeTypes.includes(datatype)) wrong('datatype', `must be one of ${attributeTypes.join(', ')}`, 'type inconnu');
  const fr = input.labelFr.trim();
  const en = input.labelEn.trim() || fr;
  if (fr.length < 2 || fr.length > 200) wrong('labelFr', 'must be 2 to 200 characters', 'de 2 à 200 caractères');
  if (en.length > 200) wrong('labelEn', 'must be at most 200 characters', 'au plus 200 caractères');
  const order = input.order.trim() === '' ? 0 : Number(input.order);
  if (!Number.isInteger(order) || order < 0 || order > 999)
    wrong('order', 'must be a whole number from 0 to 999', 'un entier de 0 à 999');

  const lines = input.values
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  const isList = datatype === 'singlevaluelist' || datatype === 'multivaluelist';
  const values: NonNullable<CategoryAttribute['values']> = [];
  if (isList) {
    for (const [i, line] of lines.entries()) {
      const [key = '', nameFr = '', nameEn = ''] = line.split('|').map((part) => part.trim());
      if (!CODE.test(key) || nameFr.length < 1 || nameFr.length > 100 || nameEn.length > 100) {
        wrong(
          'values',
          `line ${i + 1}: write « key | libellé | label » (key: lowercase letters, digits, - or _)`,
          `ligne ${i + 1} : écrivez « clé | libellé | label » (clé en minuscules, chiffres, - ou _)`,
        );
        break;
      }
      if (values.some((v) => v.key === key)) {
        wrong('values', `line ${i + 1}: the key ${key} is already used`, `ligne ${i + 1} : la clé ${key} est déjà utilisée`);
        break;
      }
      values.push({ key, name: { fr: nameFr, en: nameEn || nameFr } });
    }
    if (problems.every((p) => p.field !== 'values') && (values.length < 2 || values.length > 30))
      wrong('values', 'a list needs 2 to 30 choices, one a line', 'une liste demande de 2 à 30 choix, un par ligne');
  } else if (lines.length > 0 && attributeTypes.includes(datatype))
    wrong('values', 'only list questions have choices', 'seules les questions à choix ont des choix');
  if (problems.length) throw new AppError('invalid_input', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
  return {
    code,
    datatype,
    required: input.required,
    description: { fr, en },
    order,
    ...(isList ? { values } : {}),
  };
}

async function categoryQuestions(tx: Tx, categoryCode: string) {
  const category = await tx
    .selectFrom('report_categories')
    .select(['id', 'attributes'])
    .where(sql<boolean>`tenant_id = quietude_tenant()`)
    .where('code', '=', categoryCode)
    .executeTakeFirst();
  if (!category) throw new AppError('not_found', 'Category not found');
  return category;
}

/**
 * Adds a question (an Open311 attribute) to a category, or replaces the one with the same code. Reports already
 * sent keep their answers as given; the next report is asked the new question.
 */
export const saveCategoryQuestion = defineOperation({
  name: 'reports.save-category-question',
  permission: 'reports.manage',
  async run({ tx, audit }, input: { categoryCode: string; question: QuestionInput }) {
    const question = readQuestion(input.question);
    const category = await categoryQuestions(tx, input.categoryCode);
    const others = category.attributes.filter((a) => a.code !== question.code);
    if (others.length >= MAX_QUESTIONS)
      throw invalidInput(
        'code',
        `a category asks at most ${MAX_QUESTIONS} questions`,
        `au plus ${MAX_QUESTIONS} questions par catégorie`,
      );
    const attributes = [...others, question].sort((a, b) => a.order - b.order || a.code.localeCompare(b.code));
    await tx
      .updateTable('report_categories')
      .set({ attributes: JSON.stringify(attributes) })
      .where('id', '=', category.id)
      .execute();
    audit({ entityType: 'report-category', entityId: input.categoryCode, fields: [`attribute:${question.code}`] });
    return { replaced: others.length < category.attributes.length };
  },
});

/** Removes a question of a category (answers already given stay with their reports). */
export const removeCategoryQuestion = defineOperation({
  name: 'reports.remove-category-question',
  permission: 'reports.manage',
  async run({ tx, audit }, input: { categoryCode: string; code: string }) {
    const category = await categoryQuestions(tx, input.categoryCode);
    const attributes = category.attributes.filter((a) => a.code !== input.code);
    if (attributes.length === category.attributes.length) throw new AppError('not_found', 'Question not found');
    await tx
      .updateTable('report_categories')
      .set({ attributes: JSON.stringify(attributes) })
      .where('id', '=', category.id)
      .execute();
    audit({ entityType: 'report-category', entityId: input.categoryCode, fields: [`attribute:${input.code}`] });
  },
});
