import { AppError, type FieldProblem } from '../../platform/errors.js';
import type { CategoryAttribute } from './tables.js';

export type AttributeValues = Record<string, string | string[]>;

const problem = (code: string, message: string, fr: string): FieldProblem => ({ field: `attribute[${code}]`, message, fr });

/**
 * Checks the answers to a category's Open311 attributes: each required one present, each value of its
 * type (a list value among the keys). Unknown attributes are dropped. All problems are named at once.
 */
export function checkAttributes(attributes: CategoryAttribute[], given: AttributeValues): AttributeValues {
  const problems: FieldProblem[] = [];
  const kept: AttributeValues = {};
  for (const attribute of attributes) {
    const raw = given[attribute.code];
    const values = [raw ?? []]
      .flat()
      .map((v) => v.trim())
      .filter((v) => v !== '');
    if (values.length === 0) {
      if (attribute.required)
        problems.push(
          problem(attribute.code, `${attribute.code} is required`, `${attribute.description.fr} : réponse obligatoire`),
        );
      continue;
    }
    const keys = new Set((attribute.values ?? []).map((v) => v.key));
    const first = values[0] as string;
    switch (attribute.datatype) {
      case 'multivaluelist': {
        const unknown = values.find((v) => !keys.has(v));
        if (unknown) problems.push(problem(attribute.code, `${unknown} is not a value of ${attribute.code}`, 'choix inconnu'));
        else kept[attribute.code] = [...new Set(values)];
        break;
      }
      case 'singlevaluelist':
        if (values.length > 1 || !keys.has(first))
          problems.push(problem(attribute.code, `${attribute.code} must be one of ${[...keys].join(', ')}`, 'choix inconnu'));
        else kept[attribute.code] = first;
        break;
      case 'number':
        if (values.length > 1 || !/^-?\d+([.,]\d+)?$/.test(first))
          problems.push(problem(attribute.code, `${attribute.code} must be a number`, 'doit être un nombre'));
        else kept[attribute.code] = first.replace(',', '.');
        break;
      case 'datetime':
        if (values.length > 1 || Number.isNaN(Date.parse(first)))
          problems.push(
            problem(attribute.code, `${attribute.code} must be an ISO 8601 date and time`, 'date et heure invalides'),
          );
        else kept[attribute.code] = new Date(first).toISOString();
        break;
      default:
        if (values.length > 1 || first.length > (attribute.datatype === 'text' ? 2000 : 200))
          problems.push(problem(attribute.code, `${attribute.code} is too long`, 'réponse trop longue'));
        else kept[attribute.code] = first;
    }
  }
  if (problems.length) throw new AppError('invalid_input', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
  return kept;
}
